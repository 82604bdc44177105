// The drift report: one model (buildReport), two renderings.
export * from "./model.js";
export * from "./render.js";
export * from "./sumdb.js";
export * from "./findings.js";
export * from "./mirrors.js";
export { humanBytes, humanDuration, escapeCell, codeCell, shortHash, inlineText } from "./format.js";
