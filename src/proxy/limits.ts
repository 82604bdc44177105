// Size limits for what gopin accepts from an upstream. The zip and go.mod
// limits are Go's own (golang.org/x/mod/zip: MaxZipFile, MaxGoMod); the
// others bound small JSON/text answers so a hostile upstream cannot make us
// buffer without end.
import type { RequestKind } from "../protocol/request.js";

export const MAX_ZIP_FILE = 500 << 20;
export const MAX_GO_MOD = 16 << 20;
export const MAX_INFO = 1 << 20;
export const MAX_LIST = 16 << 20;

export function limitFor(kind: RequestKind): number {
  switch (kind) {
    case "zip":
      return MAX_ZIP_FILE;
    case "mod":
      return MAX_GO_MOD;
    case "list":
      return MAX_LIST;
    default:
      return MAX_INFO;
  }
}
