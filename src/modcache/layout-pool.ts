// Worker threads that lay versions out (layout.ts) side by side. Laying out
// is CPU work (inflate, SHA-256, the zip checks) and one file write per file,
// so one thread keeps one core busy: the hugo graph's 40,658 files took
// 1.8 s on one thread of a 2-core machine. The worker script is the bundle
// dist/prefill-worker (or its compiled entry when run unbundled), found next
// to this module's own file, as the Action finds gopin's command line.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parentPort, Worker } from "node:worker_threads";
import { layOutVersion, type LayOutJob, type PrefillSkip } from "./layout.js";

interface JobMessage {
  id: number;
  job: LayOutJob;
}
interface ResultMessage {
  id: number;
  skip?: PrefillSkip;
}

/** The worker script: dist/prefill-worker/index.js beside a bundle, build/src/entries/prefill-worker.js beside compiled sources. */
function layoutWorkerFile(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, "..", "prefill-worker", "index.js"), join(here, "..", "entries", "prefill-worker.js")]) if (existsSync(p)) return p;
  return undefined;
}

/**
 * Versions per worker thread before one is worth starting. A worker costs
 * its start-up and its own cold compile of the layout code, about 0.1 s of
 * CPU: fzf's 11 versions, 2 workers against this thread on 2 cores, took
 * 1.3-1.6 s of the machine's CPU for the whole restore instead of 1.1-1.3 s,
 * and finished later (bench ci).
 */
export const VERSIONS_PER_THREAD = 24;

/** Threads worth starting for `jobs` versions: one per core, at most 4, and none (this thread) unless two or more are worth it. */
export function layoutThreads(jobs: number, cores = availableParallelism()): number {
  const n = Math.min(4, cores, Math.floor(jobs / VERSIONS_PER_THREAD));
  return n < 2 ? 0 : n;
}

/**
 * Lays versions out on worker threads. A job whose worker dies (or cannot
 * start) is laid out on this thread instead: layOutVersion redoes a tree
 * left with its .partial.
 */
export class LayoutPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { job: LayOutJob; worker: Worker; resolve: (s: PrefillSkip | undefined) => void }>();
  private readonly load = new Map<Worker, number>();
  private nextId = 0;

  constructor(threads: number, file = layoutWorkerFile()) {
    if (!file) return;
    for (let i = 0; i < threads; i++) {
      const w = new Worker(file);
      w.on("message", (m: ResultMessage) => this.settle(m.id, m.skip));
      // A worker that fails takes its jobs with it: they run here instead.
      const lost = () => this.reclaim(w);
      w.on("error", lost);
      w.on("exit", lost);
      this.workers.push(w);
      this.load.set(w, 0);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Lays one version out; never rejects. */
  run(job: LayOutJob): Promise<PrefillSkip | undefined> {
    if (this.workers.length === 0) return layOutVersion(job);
    // The least busy worker: zips differ a lot in size.
    const worker = this.workers.reduce((a, b) => (this.load.get(b)! < this.load.get(a)! ? b : a));
    this.load.set(worker, this.load.get(worker)! + 1);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { job, worker, resolve });
      worker.postMessage({ id, job } satisfies JobMessage);
    });
  }

  private settle(id: number, skip: PrefillSkip | undefined): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.load.set(p.worker, (this.load.get(p.worker) ?? 1) - 1);
    p.resolve(skip);
  }

  private reclaim(w: Worker): void {
    const i = this.workers.indexOf(w);
    if (i >= 0) this.workers.splice(i, 1);
    for (const [id, p] of this.pending) {
      if (p.worker !== w) continue;
      this.pending.delete(id);
      void layOutVersion(p.job).then(p.resolve);
    }
  }

  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/** The worker's side: lays out each job it is sent, one at a time, and answers with the outcome. */
export function serveLayoutJobs(): void {
  const port = parentPort;
  if (!port) throw new Error("the prefill worker must run in a worker thread");
  let queue = Promise.resolve();
  port.on("message", (m: JobMessage) => {
    queue = queue.then(async () => port.postMessage({ id: m.id, skip: await layOutVersion(m.job) } satisfies ResultMessage));
  });
}
