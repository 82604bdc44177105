// Entry point of the Action's post step (bundled as dist/post).
import { runPost, failPost } from "../action/post.js";

runPost()
  .catch(failPost)
  .finally(() => setTimeout(() => process.exit(), 20).unref());
