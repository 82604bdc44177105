// Imported first by the command's entry: libuv reads UV_THREADPOOL_SIZE when
// the pool first runs, and its default of 4 threads lets a few large zip
// writes to the store hold up the lockfile writes and store reads that
// answers wait for.
process.env.UV_THREADPOOL_SIZE ??= "16";
export {};
