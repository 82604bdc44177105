// gopin.lock: model, text format, file I/O, record-mode merge and diff.
export * from "./model.js";
export * from "./syntax.js";
export * from "./io.js";
export * from "./merge.js";
