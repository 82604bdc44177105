// Real projects' module graphs for hermetic benchmarks. bench/graphs/<name>.tsv
// lists every module a real project's go.mod requires, with the size and
// file count of its real zip (path, version, zip bytes, files); the fixture
// modules generated from it have the same paths, versions, file counts and
// (within a few percent) zip sizes, so `npm run bench` needs no network.
//
// A generated module: go.mod (none for +incompatible versions), a root
// package with Hello() and up to 8 more small Go files (so `go build` has
// something to compile per module), and data files of incompressible bytes
// under data/ filling the rest of the zip size.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultGoFile, defaultGoMod, isPseudoVersion, packageName, pseudoVersionTime, randomBytes, type FixtureModule } from "../__tests__/helpers/fixtures.js";

export interface GraphRow {
  path: string;
  version: string;
  zipBytes: number;
  files: number;
}

/** The source tree's bench/graphs (this file runs from build/bench). */
const GRAPH_DIR = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "bench", "graphs");

export function graphNames(): string[] {
  return readdirSync(GRAPH_DIR)
    .filter((f) => f.endsWith(".tsv"))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function readGraph(name: string): GraphRow[] {
  const file = join(GRAPH_DIR, `${name}.tsv`);
  const rows: GraphRow[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line === "" || line.startsWith("#")) return;
      const [path, version, zipBytes, files] = line.split("\t");
      const n = Number(zipBytes);
      const f = Number(files);
      if (!path || !version || !Number.isInteger(n) || !Number.isInteger(f) || f < 1) throw new Error(`${file}:${i + 1}: want path, version, zip bytes, files separated by tabs; got ${JSON.stringify(line)}`);
      rows.push({ path, version, zipBytes: n, files: f });
    });
  return rows;
}

/** Bytes a zip spends per entry besides its data: local and central headers, each with the full name. */
function entryOverhead(path: string, version: string, name: string): number {
  return 30 + 46 + 2 * (path.length + version.length + 2 + name.length);
}

const GO_FILES = 8;

/** Fixture modules shaped like the graph's real ones. */
export function graphModules(rows: readonly GraphRow[]): FixtureModule[] {
  return rows.map((r) => {
    const pkg = packageName(r.path);
    const files: Record<string, string | Buffer> = { [`${pkg}.go`]: defaultGoFile(r.path, r.version) };
    const incompatible = r.version.endsWith("+incompatible");
    if (!incompatible) files["go.mod"] = defaultGoMod(r.path);
    const goFiles = Math.max(0, Math.min(GO_FILES, r.files - Object.keys(files).length));
    for (let i = 0; i < goFiles; i++) {
      files[`gen${i}.go`] = `package ${pkg}\n\n// Sum${i} gives the compiler some work.\nfunc Sum${i}(xs []int) (n int) {\n\tfor i, x := range xs {\n\t\tif i%${i + 2} == 0 {\n\t\t\tn += x * ${i + 1}\n\t\t}\n\t}\n\treturn n\n}\n`;
    }
    const dataFiles = r.files - Object.keys(files).length;
    if (dataFiles > 0) {
      const names = Array.from({ length: dataFiles }, (_, i) => `data/d${i % 64}/f${i}.bin`);
      let used = 0;
      for (const [name, data] of Object.entries(files)) used += entryOverhead(r.path, r.version, name) + Buffer.byteLength(data) / 3; // Go source deflates to about a third
      for (const name of names) used += entryOverhead(r.path, r.version, name);
      const each = Math.max(0, Math.floor((r.zipBytes - used) / dataFiles));
      const blob = randomBytes(each * dataFiles, `${r.path}@${r.version}`);
      names.forEach((name, i) => (files[name] = blob.subarray(i * each, (i + 1) * each)));
    }
    return {
      path: r.path,
      version: r.version,
      time: isPseudoVersion(r.version) ? pseudoVersionTime(r.version) : "2024-01-01T00:00:00Z",
      goMod: incompatible ? null : undefined,
      files,
    };
  });
}

/**
 * A program that imports every module of the graph (its root package) and
 * calls it from main and from a test, so `go build ./... && go test ./...`
 * compiles, links and runs them all.
 */
/** The graph program's name: `go build ./...` in its directory writes the binary under it. */
export const GRAPH_PROGRAM = "graphprogram";

export function writeGraphProgram(dir: string, rows: readonly GraphRow[], goSum: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "go.mod"), defaultGoMod(`example.test/${GRAPH_PROGRAM}`, rows, "1.21"));
  writeFileSync(join(dir, "go.sum"), goSum);
  // Another module's internal packages cannot be imported: those modules are
  // required (their go.mod is read) but not built.
  const used = rows.filter((r) => !r.path.split("/").includes("internal"));
  const imports = used.map((r, i) => `\tm${i} ${JSON.stringify(r.path)}\n`).join("");
  const calls = used.map((_, i) => `m${i}.Hello()`);
  writeFileSync(join(dir, "main.go"), `// Command graphprogram uses every module of a benchmark graph.\npackage main\n\nimport (\n\t"fmt"\n${imports})\n\nfunc all() []string {\n\treturn []string{\n\t\t${calls.join(",\n\t\t")},\n\t}\n}\n\nfunc main() { fmt.Println(len(all())) }\n`);
  writeFileSync(join(dir, "main_test.go"), `package main\n\nimport "testing"\n\nfunc TestAll(t *testing.T) {\n\tif got := len(all()); got != ${used.length} {\n\t\tt.Fatalf("got %d modules", got)\n\t}\n}\n`);
}
