#!/usr/bin/env node
// Entry point of the `gopin` command (bundled as dist/cli).
import { runCli } from "../cli/cli.js";

runCli(process.argv.slice(2)).then((code) => process.exit(code));
