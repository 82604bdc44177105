// Entry point of the Action's main step (bundled as dist/main).
import { runMain, failMain } from "../action/main.js";

runMain()
  .catch(failMain)
  // Keep-alive sockets of the cache client must not hold the step open.
  .finally(() => setTimeout(() => process.exit(), 20).unref());
