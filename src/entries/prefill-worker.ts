// Entry point of the prefill's worker threads (bundled as dist/prefill-worker).
import { serveLayoutJobs } from "../modcache/layout-pool.js";

serveLayoutJobs();
