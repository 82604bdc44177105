#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 99:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 7997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 6493:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bt: () => (/* binding */ unescapeVersion),
/* harmony export */   Cg: () => (/* binding */ checkPath),
/* harmony export */   GU: () => (/* binding */ inRuns),
/* harmony export */   QI: () => (/* binding */ checkFilePath),
/* harmony export */   W8: () => (/* binding */ splitPathVersion),
/* harmony export */   a3: () => (/* binding */ unescapePath),
/* harmony export */   av: () => (/* binding */ escapeVersion),
/* harmony export */   dg: () => (/* binding */ goQuote),
/* harmony export */   ft: () => (/* binding */ escapePath),
/* harmony export */   he: () => (/* binding */ checkPathMajor),
/* harmony export */   iL: () => (/* binding */ isValidModulePath),
/* harmony export */   j1: () => (/* binding */ GoModError),
/* harmony export */   nF: () => (/* binding */ checkModuleVersion),
/* harmony export */   xY: () => (/* binding */ decodeRuns)
/* harmony export */ });
/* unused harmony exports GO_LETTER_RUNS, isGoLetter, checkImportPath, matchPathMajor */
/* harmony import */ var _semver_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6874);
// Port of the path/version checking and escaping parts of golang.org/x/mod/module.
//
// Module paths appear in file system paths and proxy URLs, which cannot be relied
// upon to be case-sensitive, so every uppercase letter is escaped as "!" followed
// by the lowercase letter (github.com/Azure/x -> github.com/!azure/x).

/** Error thrown by the gomod package; messages follow Go's x/mod wording. */
class GoModError extends Error {
    constructor(message) {
        super(message);
        this.name = "GoModError";
    }
}
/** Go's %q for the strings we quote in messages (close enough: JSON escaping). */
function goQuote(s) {
    return JSON.stringify(s);
}
function quoteRune(r) {
    if (r === "'")
        return "'\\''";
    if (r === "\\")
        return "'\\\\'";
    const j = JSON.stringify(r);
    return "'" + j.slice(1, -1).replace(/\\"/g, '"') + "'";
}
/** Reports whether s is valid UTF-8 when encoded (i.e. has no lone surrogates). */
function isWellFormed(s) {
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff) {
            const d = s.charCodeAt(i + 1);
            if (!(d >= 0xdc00 && d <= 0xdfff))
                return false;
            i++;
        }
        else if (c >= 0xdc00 && c <= 0xdfff) {
            return false;
        }
    }
    return true;
}
function firstPathOK(r) {
    return r === "-" || r === "." || (r >= "0" && r <= "9" && r.length === 1) || (r >= "a" && r <= "z" && r.length === 1);
}
function isAsciiAlnum(r) {
    if (r.length !== 1)
        return false;
    return (r >= "0" && r <= "9") || (r >= "A" && r <= "Z") || (r >= "a" && r <= "z");
}
function modPathOK(r) {
    return r === "-" || r === "." || r === "_" || r === "~" || isAsciiAlnum(r);
}
function importPathOK(r) {
    return modPathOK(r) || r === "+";
}
/**
 * Decodes a run table (see __tests__/oracle/main.go encodeRuns) into a flat
 * sorted array [lo0, hi0, lo1, hi1, ...].
 */
function decodeRuns(encoded) {
    const items = encoded.split(",");
    const out = new Uint32Array(items.length * 2);
    let prev = 0;
    items.forEach((item, i) => {
        const [gap, len] = item.split("+");
        const lo = prev + parseInt(gap, 36);
        const hi = lo + (len === undefined ? 0 : parseInt(len, 36));
        out[2 * i] = lo;
        out[2 * i + 1] = hi;
        prev = hi;
    });
    return out;
}
/** Reports whether code point cp lies in a decoded run table. */
function inRuns(runs, cp) {
    let lo = 0;
    let hi = runs.length / 2;
    while (lo < hi) {
        const m = (lo + hi) >>> 1;
        if (runs[2 * m + 1] < cp)
            lo = m + 1;
        else
            hi = m;
    }
    return lo < runs.length / 2 && runs[2 * lo] <= cp;
}
/**
 * The non-ASCII runes for which Go's unicode.IsLetter is true, as of the Go
 * release this was generated from (Unicode 15.0.0). Embedded rather than using
 * \p{L} so that results do not depend on the Unicode version of Node's ICU.
 * Regenerate with the oracle's "unicode.Encoded" op (the tests check it).
 */
const GO_LETTER_RUNS = "4q,b,5,6+m,2+u,2+cp,5+b,f+4,8,2,3m+4,2+1,3+3,2,7,2+2,2,2+j,2+2a,2+3u,9+4l,2+11,3,7+14,20+q,5+3,1a+16,10+1,2+2q,2,g+1,8+1,b+2,3,h,2+t,u+2g,c,p+w,a+1,5,6+l,5,a,4,o+o,8+a,6+n,2+5,i+15,1n+1h,4,j,8+9,g+f,5+7,3+1,3+l,2+6,2,4+3,4,h,e+1,2+2,f+1,b,9+5,5+1,3+l,2+6,2+1,2+1,2+1,w+3,2,k+2,h+8,2+2,2+l,2+6,2+1,2+4,4,j,g+1,o,c+7,3+1,3+l,2+6,2+1,2+4,4,v+1,2+2,g,i,2+5,4+2,2+3,4+1,2,2+1,4+1,4+2,4+b,n,1h+7,2+2,2+m,2+f,4,r+2,3,3+1,v,5+7,2+2,2+m,2+9,2+4,4,w+1,2+1,g+1,i+8,2+2,2+14,3,h,6+2,9+2,p+5,6+h,4+n,2+8,2,3+6,1n+1b,2+1,d+6,1n+1,2,2+4,2+n,2,2+9,2+1,a,3+4,2,m+3,x,1s+7,2+z,s+4,38+16,l,h+5,5+3,4,4+1,8+2,5+c,d,i+11,2,6,3+16,2+98,2+3,3+6,2,2+3,3+14,2+3,3+w,2+3,3+6,2,2+3,3+e,2+1k,2+3,3+1u,12+f,h+2d,3+5,4+h7,3+g,2+p,6+22,7+7,8+h,e+i,f+h,f+c,2+2,g+1f,10,5,1w+2g,8+4,3+x,2,6+1x,b+u,1e+t,3+4,c+17,5+p,1j+m,a+1g,2b,2m+1a,i+7,1j+t,e+1,b+17,r+z,16+2,b+z,3+8,8+16,3+2,16+3,2+5,2+1,4,6+5b,1t+7p,3+5,3+11,3+5,3+7,2,2,2,2+u,3+1g,2+6,2,4+2,2+6,4+3,3+5,5+c,6+2,2+6,39,e,h+c,2u,5,3+9,2,4+4,7,2,2,2+3,2+a,3+3,6+4,5,1h+1,22k+6c,7+3,4+1,d+11,2,6,3+1j,8,h+m,a+6,2+6,2+6,2+6,2+6,2+6,2+6,2+6,29,d2+1,17+4,6+1,5+2d,7+2,2+2h,2+3,6+16,2+2l,i+v,1d+f,e9+533,1t+h3g,1w+19,3+7g,4+f,b+1,l+1a,h+u,3+1x,1e+8,3+2u,3+1r,6+1,2,2+4,p+f,2+2,2+3,2+m,u+1f,f+1d,1r+5,4,2+1,c+r,b+m,q+s,8+1a,t,h+4,2+9,b+4,2+14,o+2,2+7,l+m,4,4+1d,2,4+1,3+4,3,2,p+2,3+a,8+2,d+5,3+5,3+5,a+6,2+6,2+16,2+d,7+36,u+8mb,d+m,5+1c,6it+a5,3+2x,13+6,d+4,6,2+9,2+c,2+4,2,2+1,2+1,2+2z,y+a2,j+1r,3+1h,15+b,39+4,2+3q,11+p,7+p,c+2g,4+5,3+5,3+5,3+2,10+b,2+p,2+i,2+1,2+e,3+d,z+3e,au+s,4+1c,1c+v,e+j,2+7,7+11,b+t,3+z,5+7,1d+4d,j+z,5+z,5+13,9+1f,d+a,2+e,2+6,2+1,2+a,2+e,2+6,2+1,1w+8m,a+l,b+7,p+5,2+15,2+8,1y+5,3,2+17,2+1,4,3+m,b+m,a+u,1u+i,2+1,b+l,b+p,1z+1j,7+1,1t,g+3,2+2,2+s,17+s,4+s,10+7,2+r,s+1h,b+l,b+i,e+h,33+20,1k+1e,e+1e,e+z,9p+15,7+1,27+s,b,9+l,17+h,1b+k,s+m,d+1g,1m+1,3,e+18,x+o,r+z,u,3,9+y,4,d+1b,f+3,m,2,10+h,2+o,k+1,1s+6,2,2+3,2+e,2+9,8+1a,13+7,3+1,3+l,2+6,2+1,2+4,4,j,d+4,4f+1g,j+3,l+2,v+1b,l+1,2,55+1a,16+3,11+1b,l,1o+16,e,20+q,12+6,56+17,39+1r,w+7,3,3+7,2+1,2+n,g,2,2n+7,3+12,h,2,t,b+13,8,m,c+19,k,j+20,7c+8,2+10,i,1e+t,35+6,2+1,2+11,m,q+5,2+1,2+v,f,94+i,g,2+c,2+x,3h,28+pl,6f+5f,219+2o,g+tr,i+5,33u+g6,6nu+fs,8+u,i+26,i+t,j+1b,h+3,w+k,6+i,j5+1r,3l+22,6,1v+c,1t+1,2,t+4qf,9+yd,17+8,6w8+3,2+6,2+1,2+82,g,u+2,3,f+3,9+az,1s5+2y,6+c,4+8,8+9,4mf+2c,2+1y,2+1,3,3+1,3+3,2+b,2,2+6,2+1s,2+3,3+7,2+6,2+r,2+3,2+4,2,4+6,2+9f,3+o,2+o,2+u,2+o,2+u,2+o,2+u,2+o,2+u,2+o,2+7,1f9+u,7+5,7a+1p,43+18,b+6,h,8y+t,j+17,dh+r,l1+6,2+3,2+1,2+e,2+5g,1o+1v,8,xh+3,2+q,2+1,2,3,2+9,2+3,2,2,7,5,2,2,2+2,2+1,2,3,2,2,2,2,2+1,2,3+3,2+6,2+3,2+3,2,2+9,2+g,6+2,2+4,2+g,3et+wyn,x+37d,7+65,3+4g1,f+5rk,2e8+f1,15v+3t6,6+38f";
let letterRuns;
/** Go's unicode.IsLetter. */
function isGoLetter(cp) {
    if (cp < 0x80)
        return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
    letterRuns ??= decodeRuns(GO_LETTER_RUNS);
    return inRuns(letterRuns, cp);
}
function fileNameOK(r) {
    const cp = r.codePointAt(0);
    if (cp < 0x80) {
        if (isAsciiAlnum(r))
            return true;
        return "!#$%&()+,-.=@[]^_{}~ ".includes(r);
    }
    return isGoLetter(cp);
}
const badWindowsNames = [
    "CON", "PRN", "AUX", "NUL",
    "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
    "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];
/**
 * Go's strings.EqualFold against one of the names above is ASCII upper-casing
 * and comparing, for an all-ASCII element: none of the names contain K or S,
 * the only ASCII letters with non-ASCII simple case folds.
 */
const BAD_WINDOWS_NAMES = new Set(badWindowsNames);
/** Which ASCII characters each kind of path element allows (1: allowed). */
const ASCII_OK = (() => {
    const of = (ok) => Uint8Array.from({ length: 128 }, (_, c) => (ok(String.fromCharCode(c)) ? 1 : 0));
    return { module: of(modPathOK), import: of(importPathOK), file: of(fileNameOK) };
})();
/** checkElem from module.go; returns an error message or undefined. */
function checkElem(elem, kind) {
    if (elem === "")
        return "empty path element";
    if (/^\.+$/.test(elem))
        return `invalid path element ${goQuote(elem)}`;
    if (elem[0] === "." && kind === "module")
        return "leading dot in path element";
    if (elem[elem.length - 1] === ".")
        return "trailing dot in path element";
    // ASCII through a table; the first other character goes the long way.
    const table = ASCII_OK[kind];
    let i = 0;
    for (; i < elem.length; i++) {
        const c = elem.charCodeAt(i);
        if (c >= 0x80)
            break;
        if (table[c] !== 1)
            return `invalid char ${quoteRune(elem[i])}`;
    }
    for (const r of i === elem.length ? "" : elem.slice(i)) {
        let ok;
        switch (kind) {
            case "module":
                ok = modPathOK(r);
                break;
            case "import":
                ok = importPathOK(r);
                break;
            case "file":
                ok = fileNameOK(r);
                break;
        }
        if (!ok)
            return `invalid char ${quoteRune(r)}`;
    }
    let short = elem;
    const dot = short.indexOf(".");
    if (dot >= 0)
        short = short.slice(0, dot);
    // Every reserved name is three or four ASCII characters long.
    if ((short.length === 3 || short.length === 4) && BAD_WINDOWS_NAMES.has(short.toUpperCase()) && /^[\x00-\x7f]*$/.test(short)) {
        return `${goQuote(short)} disallowed as path element component on Windows`;
    }
    if (kind === "file")
        return undefined;
    const tilde = short.lastIndexOf("~");
    if (tilde >= 0 && tilde < short.length - 1) {
        if (/^[0-9]+$/.test(short.slice(tilde + 1)))
            return "trailing tilde and digits in path element";
    }
    return undefined;
}
/** checkPath from module.go; returns an error message or undefined. */
function checkPathKind(path, kind) {
    if (!isWellFormed(path))
        return "invalid UTF-8";
    if (path === "")
        return "empty string";
    if (path[0] === "-" && kind !== "file")
        return "leading dash";
    if (path.includes("//"))
        return "double slash";
    if (path[path.length - 1] === "/")
        return "trailing slash";
    for (const elem of path.split("/")) {
        const err = checkElem(elem, kind);
        if (err !== undefined)
            return err;
    }
    return undefined;
}
function modulePathError(path) {
    const err = checkPathKind(path, "module");
    if (err !== undefined)
        return err;
    let i = path.indexOf("/");
    if (i < 0)
        i = path.length;
    if (i === 0)
        return "leading slash";
    const first = path.slice(0, i);
    if (!first.includes("."))
        return "missing dot in first path element";
    if (path[0] === "-")
        return "leading dash in first path element";
    for (const r of first) {
        if (!firstPathOK(r))
            return `invalid char ${quoteRune(r)} in first path element`;
    }
    if (!splitPathVersion(path).ok)
        return "invalid version";
    return undefined;
}
/**
 * module.CheckPath: throws GoModError if path is not a valid module path.
 */
function checkPath(path) {
    const err = modulePathError(path);
    if (err !== undefined)
        throw new GoModError(`malformed module path ${goQuote(path)}: ${err}`);
}
/** module.CheckImportPath: throws GoModError if path is not a valid import path. */
function checkImportPath(path) {
    const err = checkPathKind(path, "import");
    if (err !== undefined)
        throw new GoModError(`malformed import path ${goQuote(path)}: ${err}`);
}
/** module.CheckFilePath: throws GoModError if path is not a valid slash-separated file path. */
function checkFilePath(path) {
    const err = checkPathKind(path, "file");
    if (err !== undefined)
        throw new GoModError(`malformed file path ${goQuote(path)}: ${err}`);
}
/** Boolean form of checkPath. */
function isValidModulePath(path) {
    return modulePathError(path) === undefined;
}
function isAsciiDigitCode(c) {
    return c >= 0x30 && c <= 0x39;
}
function splitGopkgIn(path) {
    if (!path.startsWith("gopkg.in/"))
        return { prefix: path, pathMajor: "", ok: false };
    let i = path.length;
    if (path.endsWith("-unstable"))
        i -= "-unstable".length;
    while (i > 0 && isAsciiDigitCode(path.charCodeAt(i - 1)))
        i--;
    if (i <= 1 || path[i - 1] !== "v" || path[i - 2] !== ".")
        return { prefix: path, pathMajor: "", ok: false };
    const prefix = path.slice(0, i - 2);
    const pathMajor = path.slice(i - 2);
    if (pathMajor.length <= 2 || (pathMajor[2] === "0" && pathMajor !== ".v0")) {
        return { prefix: path, pathMajor: "", ok: false };
    }
    return { prefix, pathMajor, ok: true };
}
/**
 * module.SplitPathVersion: prefix + pathMajor === path, where pathMajor is "" or
 * "/vN" (N >= 2), or ".vN" (any N, optional "-unstable") for gopkg.in paths.
 */
function splitPathVersion(path) {
    if (path.startsWith("gopkg.in/"))
        return splitGopkgIn(path);
    let i = path.length;
    let dot = false;
    while (i > 0 && (isAsciiDigitCode(path.charCodeAt(i - 1)) || path[i - 1] === ".")) {
        if (path[i - 1] === ".")
            dot = true;
        i--;
    }
    if (i <= 1 || i === path.length || path[i - 1] !== "v" || path[i - 2] !== "/") {
        return { prefix: path, pathMajor: "", ok: true };
    }
    const prefix = path.slice(0, i - 2);
    const pathMajor = path.slice(i - 2);
    if (dot || pathMajor.length <= 2 || pathMajor[2] === "0" || pathMajor === "/v1") {
        return { prefix: path, pathMajor: "", ok: false };
    }
    return { prefix, pathMajor, ok: true };
}
/**
 * module.CheckPathMajor: throws GoModError if semantic version v does not match
 * the path major version suffix pathMajor ("", "/vN", ".vN", ".vN-unstable").
 */
function checkPathMajor(v, pathMajor) {
    if (pathMajor.startsWith(".v") && pathMajor.endsWith("-unstable")) {
        pathMajor = pathMajor.slice(0, -"-unstable".length);
    }
    if (v.startsWith("v0.0.0-") && pathMajor === ".v1")
        return;
    const m = (0,_semver_js__WEBPACK_IMPORTED_MODULE_0__/* .major */ .eR)(v);
    if (pathMajor === "") {
        if (m === "v0" || m === "v1" || (0,_semver_js__WEBPACK_IMPORTED_MODULE_0__/* .build */ .jq)(v) === "+incompatible")
            return;
        pathMajor = "v0 or v1";
    }
    else if (pathMajor[0] === "/" || pathMajor[0] === ".") {
        if (m === pathMajor.slice(1))
            return;
        pathMajor = pathMajor.slice(1);
    }
    throw new GoModError(`version ${goQuote(v)} invalid: should be ${pathMajor}, not ${m}`);
}
/** module.MatchPathMajor. */
function matchPathMajor(v, pathMajor) {
    try {
        checkPathMajor(v, pathMajor);
        return true;
    }
    catch {
        return false;
    }
}
/** module.Check: valid module path, valid semver, and matching major version. */
function checkModuleVersion(path, version) {
    checkPath(path);
    if (!(0,_semver_js__WEBPACK_IMPORTED_MODULE_0__/* .isValid */ .fn)(version)) {
        throw new GoModError(`${path}@${version}: invalid version: not a semantic version`);
    }
    const { pathMajor } = splitPathVersion(path);
    try {
        checkPathMajor(version, pathMajor);
    }
    catch (e) {
        throw new GoModError(`module ${path}: ${e.message}`);
    }
}
function escapeString(s) {
    let haveUpper = false;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 0x21 || c >= 0x80)
            throw new GoModError("internal error: inconsistency in EscapePath");
        if (c >= 0x41 && c <= 0x5a)
            haveUpper = true;
    }
    if (!haveUpper)
        return s;
    return s.replace(/[A-Z]/g, (m) => "!" + m.toLowerCase());
}
function unescapeString(escaped) {
    let out = "";
    let bang = false;
    for (let i = 0; i < escaped.length; i++) {
        const c = escaped.charCodeAt(i);
        if (c >= 0x80)
            return undefined;
        const ch = escaped[i];
        if (bang) {
            bang = false;
            if (c < 0x61 || c > 0x7a)
                return undefined;
            out += ch.toUpperCase();
            continue;
        }
        if (ch === "!") {
            bang = true;
            continue;
        }
        if (c >= 0x41 && c <= 0x5a)
            return undefined;
        out += ch;
    }
    if (bang)
        return undefined;
    return out;
}
/** module.EscapePath: validates the module path, then escapes uppercase letters. */
function escapePath(path) {
    checkPath(path);
    return escapeString(path);
}
/**
 * module.EscapeVersion: versions may be non-semver but must be valid file-name
 * elements and must not contain "!".
 */
function escapeVersion(v) {
    if (checkElem(v, "file") !== undefined || v.includes("!")) {
        throw new GoModError(`version ${goQuote(v)} invalid: disallowed version string`);
    }
    return escapeString(v);
}
/** module.UnescapePath: inverse of escapePath; validates the result. */
function unescapePath(escaped) {
    const path = unescapeString(escaped);
    if (path === undefined)
        throw new GoModError(`invalid escaped module path ${goQuote(escaped)}`);
    const err = modulePathError(path);
    if (err !== undefined) {
        throw new GoModError(`invalid escaped module path ${goQuote(escaped)}: malformed module path ${goQuote(path)}: ${err}`);
    }
    return path;
}
/** module.UnescapeVersion: inverse of escapeVersion; validates the result. */
function unescapeVersion(escaped) {
    const v = unescapeString(escaped);
    if (v === undefined)
        throw new GoModError(`invalid escaped version ${goQuote(escaped)}`);
    const err = checkElem(v, "file");
    if (err !== undefined)
        throw new GoModError(`invalid escaped version ${goQuote(v)}: ${err}`);
    return v;
}


/***/ }),

/***/ 6874:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $N: () => (/* binding */ canonical),
/* harmony export */   Bp: () => (/* binding */ canonicalVersion),
/* harmony export */   Gm: () => (/* binding */ compareVersion),
/* harmony export */   Kt: () => (/* binding */ compareStrings),
/* harmony export */   Rt: () => (/* binding */ prerelease),
/* harmony export */   di: () => (/* binding */ sort),
/* harmony export */   eR: () => (/* binding */ major),
/* harmony export */   fn: () => (/* binding */ isValid),
/* harmony export */   jq: () => (/* binding */ build)
/* harmony export */ });
/* unused harmony exports isCanonical, majorMinor, compare, max */
// Port of golang.org/x/mod/semver (plus module.CanonicalVersion).
//
// Semantic version strings must begin with a leading "v", as in "v1.0.0".
// The general accepted form is vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]];
// "vMAJOR" and "vMAJOR.MINOR" (without suffixes) are shorthands for
// vMAJOR.0.0 and vMAJOR.MINOR.0.
/** Compares two strings by their UTF-8 byte sequences, like Go's strings.Compare. */
function compareStrings(a, b) {
    if (a === b)
        return 0;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x === y)
            continue;
        // UTF-16 order and UTF-8 byte order agree except that surrogates
        // (U+D800..U+DFFF, i.e. code points >= U+10000) sort after U+E000..U+FFFF in UTF-8.
        const sx = x >= 0xd800 && x <= 0xdfff;
        const sy = y >= 0xd800 && y <= 0xdfff;
        if (sx !== sy) {
            if (sx)
                return y >= 0xe000 ? 1 : -1;
            return x >= 0xe000 ? -1 : 1;
        }
        return x < y ? -1 : 1;
    }
    return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
function isDigit(c) {
    return c !== undefined && c >= "0" && c <= "9" && c.length === 1;
}
function isIdentChar(c) {
    return (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "-";
}
function isBadNum(v) {
    let i = 0;
    while (i < v.length && isDigit(v[i]))
        i++;
    return i === v.length && i > 1 && v[0] === "0";
}
function isNum(v) {
    let i = 0;
    while (i < v.length && isDigit(v[i]))
        i++;
    return i === v.length;
}
function parseInt_(v) {
    if (v === "" || !isDigit(v[0]))
        return undefined;
    let i = 1;
    while (i < v.length && isDigit(v[i]))
        i++;
    if (v[0] === "0" && i !== 1)
        return undefined;
    return [v.slice(0, i), v.slice(i)];
}
function parsePrerelease(v) {
    if (v === "" || v[0] !== "-")
        return undefined;
    let i = 1;
    let start = 1;
    while (i < v.length && v[i] !== "+") {
        const c = v[i];
        if (!isIdentChar(c) && c !== ".")
            return undefined;
        if (c === ".") {
            if (start === i || isBadNum(v.slice(start, i)))
                return undefined;
            start = i + 1;
        }
        i++;
    }
    if (start === i || isBadNum(v.slice(start, i)))
        return undefined;
    return [v.slice(0, i), v.slice(i)];
}
function parseBuild(v) {
    if (v === "" || v[0] !== "+")
        return undefined;
    let i = 1;
    let start = 1;
    while (i < v.length) {
        const c = v[i];
        if (!isIdentChar(c) && c !== ".")
            return undefined;
        if (c === ".") {
            if (start === i)
                return undefined;
            start = i + 1;
        }
        i++;
    }
    if (start === i)
        return undefined;
    return [v.slice(0, i), v.slice(i)];
}
function parse(v) {
    if (v === "" || v[0] !== "v")
        return undefined;
    const p = { major: "", minor: "", patch: "", short: "", prerelease: "", build: "" };
    let r = parseInt_(v.slice(1));
    if (!r)
        return undefined;
    [p.major, v] = r;
    if (v === "") {
        p.minor = "0";
        p.patch = "0";
        p.short = ".0.0";
        return p;
    }
    if (v[0] !== ".")
        return undefined;
    r = parseInt_(v.slice(1));
    if (!r)
        return undefined;
    [p.minor, v] = r;
    if (v === "") {
        p.patch = "0";
        p.short = ".0";
        return p;
    }
    if (v[0] !== ".")
        return undefined;
    r = parseInt_(v.slice(1));
    if (!r)
        return undefined;
    [p.patch, v] = r;
    if (v.length > 0 && v[0] === "-") {
        const pr = parsePrerelease(v);
        if (!pr)
            return undefined;
        [p.prerelease, v] = pr;
    }
    if (v.length > 0 && v[0] === "+") {
        const b = parseBuild(v);
        if (!b)
            return undefined;
        [p.build, v] = b;
    }
    if (v !== "")
        return undefined;
    return p;
}
/** semver.IsValid: reports whether v is a valid semantic version string. */
function isValid(v) {
    return parse(v) !== undefined;
}
/**
 * semver.Canonical: fills in missing .MINOR/.PATCH and discards build metadata.
 * Returns "" for an invalid version.
 */
function canonical(v) {
    const p = parse(v);
    if (!p)
        return "";
    if (p.build !== "")
        return v.slice(0, v.length - p.build.length);
    if (p.short !== "")
        return v + p.short;
    return v;
}
/** Reports whether v is valid and already in canonical form (v === canonical(v)). */
function isCanonical(v) {
    return v !== "" && canonical(v) === v;
}
/** semver.Major: "v2.1.0" -> "v2"; "" if invalid. */
function major(v) {
    const p = parse(v);
    if (!p)
        return "";
    return v.slice(0, 1 + p.major.length);
}
/** semver.MajorMinor: "v2.1.0" -> "v2.1"; "" if invalid. */
function majorMinor(v) {
    const p = parse(v);
    if (!p)
        return "";
    const i = 1 + p.major.length;
    const j = i + 1 + p.minor.length;
    if (j <= v.length && v[i] === "." && v.slice(i + 1, j) === p.minor)
        return v.slice(0, j);
    return v.slice(0, i) + "." + p.minor;
}
/** semver.Prerelease: "v2.1.0-pre+meta" -> "-pre"; "" if invalid or none. */
function prerelease(v) {
    const p = parse(v);
    return p ? p.prerelease : "";
}
/** semver.Build: "v2.1.0+meta" -> "+meta"; "" if invalid or none. */
function build(v) {
    const p = parse(v);
    return p ? p.build : "";
}
function compareInt(x, y) {
    if (x === y)
        return 0;
    if (x.length < y.length)
        return -1;
    if (x.length > y.length)
        return 1;
    return x < y ? -1 : 1;
}
function nextIdent(x) {
    let i = 0;
    while (i < x.length && x[i] !== ".")
        i++;
    return [x.slice(0, i), x.slice(i)];
}
function comparePrerelease(x, y) {
    if (x === y)
        return 0;
    if (x === "")
        return 1;
    if (y === "")
        return -1;
    while (x !== "" && y !== "") {
        x = x.slice(1);
        y = y.slice(1);
        let dx;
        let dy;
        [dx, x] = nextIdent(x);
        [dy, y] = nextIdent(y);
        if (dx !== dy) {
            const ix = isNum(dx);
            const iy = isNum(dy);
            if (ix !== iy)
                return ix ? -1 : 1;
            if (ix) {
                if (dx.length < dy.length)
                    return -1;
                if (dx.length > dy.length)
                    return 1;
            }
            return dx < dy ? -1 : 1;
        }
    }
    return x === "" ? -1 : 1;
}
/**
 * semver.Compare: -1, 0 or +1. An invalid version is less than any valid one;
 * all invalid versions compare equal to each other.
 */
function compare(v, w) {
    const pv = parse(v);
    const pw = parse(w);
    if (!pv && !pw)
        return 0;
    if (!pv)
        return -1;
    if (!pw)
        return 1;
    return (compareInt(pv.major, pw.major) ||
        compareInt(pv.minor, pw.minor) ||
        compareInt(pv.patch, pw.patch) ||
        comparePrerelease(pv.prerelease, pw.prerelease));
}
/** semver.Max (deprecated in Go): canonicalizes both and returns the greater. */
function max(v, w) {
    v = canonical(v);
    w = canonical(w);
    return compare(v, w) > 0 ? v : w;
}
/** Go's semver sort comparator: Compare, then byte-wise string order as tie-break. */
function compareVersion(a, b) {
    return compare(a, b) || compareStrings(a, b);
}
/**
 * semver.Sort: returns a new array sorted by Compare with strings.Compare as tie-break.
 * Note that, as in Go, invalid versions compare LOWER than valid ones and so sort first.
 */
function sort(list) {
    return [...list].sort(compareVersion);
}
/**
 * module.CanonicalVersion: like canonical, but preserves the "+incompatible" build suffix.
 */
function canonicalVersion(v) {
    let cv = canonical(v);
    if (build(v) === "+incompatible")
        cv += "+incompatible";
    return cv;
}


/***/ }),

/***/ 733:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Kl: () => (/* binding */ scrubJson),
/* harmony export */   Q3: () => (/* binding */ withoutUserinfo),
/* harmony export */   WR: () => (/* binding */ registerCredentials),
/* harmony export */   _I: () => (/* binding */ scrub),
/* harmony export */   wE: () => (/* binding */ scrubDeep)
/* harmony export */ });
/* unused harmony exports registerSecret, scrubUserinfo */
// The one scrubber for every string gopin writes (logs, refusals sent to go,
// the JSON report, the Markdown summary, annotations, the lockfile's free-text
// fields). It removes two kinds of secret:
//
//  - by shape, whatever their value: the userinfo of any URL, and the value
//    of an Authorization/Proxy-Authorization header quoted in text;
//  - by value, the secrets gopin itself holds: passwords from URL userinfo and
//    .netrc, the Basic credentials built from them, in plain, percent-encoded
//    and base64 forms. An upstream's error body that echoes the request's
//    Authorization or the decoded password is caught here.
//
// The known secrets are process-wide: they are registered where credentials
// are read (the HTTP client's constructor, the .netrc loader), and every
// writer calls scrub() without knowing which upstream a string came from.
const MASK = "***";
const known = new Set();
let pattern;
/**
 * Registers a secret so that scrub() removes it, with its percent-encoded and
 * base64 forms. Empty strings are ignored.
 */
function registerSecret(secret) {
    if (secret)
        addForms([secret, encodeURIComponent(secret), b64(secret)]);
}
/**
 * Registers a Basic credential: the password (see registerSecret) and the
 * header's base64 of "user:password". With no password the user name is the
 * secret (a token as userinfo: https://TOKEN@host).
 */
function registerCredentials(user, password) {
    if (!password)
        return registerSecret(user);
    registerSecret(password);
    addForms([`${user}:${password}`, b64(`${user}:${password}`)]);
}
function addForms(forms) {
    for (const f of forms) {
        if (f && !known.has(f)) {
            known.add(f);
            pattern = undefined;
        }
    }
}
/** base64 without its padding, which also matches an echo that dropped it. */
function b64(s) {
    return Buffer.from(s, "utf8").toString("base64").replace(/=+$/, "");
}
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function knownPattern() {
    if (pattern === undefined && known.size > 0) {
        // Longest first, so a secret that contains another is masked whole.
        const alts = [...known].sort((a, b) => b.length - a.length).map(escapeRegExp);
        pattern = new RegExp(alts.join("|"), "g");
    }
    return pattern;
}
// A URL's authority ends at the first "/", "?", "#" or whitespace; its userinfo
// is everything up to the LAST "@" before that (WHATWG URL parsing), so a
// password with a raw "@" is masked whole.
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/gi;
// "Authorization: Basic abc", "authorization=Bearer abc", JSON "authorization":"Basic abc".
const AUTH_HEADER = /((?:proxy-)?authorization"?\s*[:=]\s*"?)(?:(?:basic|bearer|token|digest)\s+)?[^\s",;]+/gi;
/** Replaces the userinfo of any URL in `s` with `***` (URL-shaped secrets only). */
function scrubUserinfo(s) {
    return s.replace(URL_USERINFO, `$1${MASK}@`);
}
/** `s` with every credential gopin knows of, or can recognise by shape, masked. */
function scrub(s) {
    let out = scrubUserinfo(s).replace(AUTH_HEADER, `$1${MASK}`);
    const p = knownPattern();
    if (p)
        out = out.replace(p, MASK);
    return out;
}
/** `v` as JSON data (what JSON.stringify keeps of it), every string scrubbed. */
function scrubJson(v) {
    return scrubDeep(JSON.parse(JSON.stringify(v)));
}
/**
 * A deep copy of a JSON-like value with every string scrubbed (keys too), so a
 * structured document (the JSON report, a log record) keeps its syntax.
 */
function scrubDeep(v) {
    if (typeof v === "string")
        return scrub(v);
    if (v instanceof Error)
        return scrub(v.message);
    if (Array.isArray(v))
        return v.map((x) => scrubDeep(x));
    if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [scrub(k), scrubDeep(x)]));
    }
    return v;
}
/** A URL without its userinfo ("https://u:p@h/x" -> "https://h/x"); other strings unchanged. */
function withoutUserinfo(url) {
    return url.replace(URL_USERINFO, "$1");
}


/***/ }),

/***/ 2363:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ describeFile),
/* harmony export */   M: () => (/* binding */ modulePath)
/* harmony export */ });
/* harmony import */ var _gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6493);
// A file of the module proxy protocol, and its one path below a proxy's base
// (the same path in gopin's store, in a file:// upstream, behind an HTTP
// upstream, and in the Actions-cache pruning): `example.com/!foo/@v/v1.0.0.zip`.

/** The escaped, "/"-separated path of a protocol file below a proxy's base. */
function modulePath(f) {
    const mod = (0,_gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapePath */ .ft)(f.module);
    switch (f.kind) {
        case "list":
            return `${mod}/@v/list`;
        case "latest":
            return `${mod}/@latest`;
        default:
            if (f.version === undefined)
                throw new Error(`modulePath: ${f.kind} needs a version`);
            return `${mod}/@v/${(0,_gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeVersion */ .av)(f.version)}.${f.kind}`;
    }
}
/** Human form, e.g. `example.com/m@v1.0.0.zip` or `example.com/m/@v/list`. */
function describeFile(f) {
    switch (f.kind) {
        case "list":
            return `${f.module}/@v/list`;
        case "latest":
            return `${f.module}/@latest`;
        default:
            return `${f.module}@${f.version}.${f.kind}`;
    }
}


/***/ }),

/***/ 1007:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Bh: () => (/* binding */ isCanonicalVersion),
/* harmony export */   F0: () => (/* binding */ parseModuleRequest),
/* harmony export */   MJ: () => (/* binding */ VersionOutsideModuleError),
/* harmony export */   v7: () => (/* binding */ BadRequestError)
/* harmony export */ });
/* harmony import */ var _gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6493);
/* harmony import */ var _gomod_semver_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6874);
// Parses a GOPROXY protocol path into a typed request.
//
// The go command escapes module paths with Go's case encoding ("!x" for "X")
// and then percent-encodes each path segment, so "!" arrives as "%21". We
// decode segment by segment so that an encoded "/" ("%2F") can never smuggle a
// path separator into a module path or version.


class BadRequestError extends Error {
}
/**
 * A canonical version whose major version does not fit the module path (v2.1.0
 * of a path without /v2): no module can have it, so it is not found, as a
 * proxy answers. `go install path/v2/cmd/tool@v2.1.0` probes the longer
 * prefixes (path/v2/cmd/tool, path/v2/cmd) with that version and moves on only
 * on not-found.
 */
class VersionOutsideModuleError extends Error {
}
function decodeSegment(seg) {
    let out;
    try {
        out = decodeURIComponent(seg);
    }
    catch {
        throw new BadRequestError(`the request path segment "${seg}" is not valid percent-encoding`);
    }
    if (/[/\\\0]/.test(out))
        throw new BadRequestError(`the request path segment "${seg}" encodes a path separator or NUL byte`);
    if (out === "." || out === "..")
        throw new BadRequestError(`the request path contains a "${out}" element`);
    return out;
}
/** Version string is the canonical form Go uses for stored module content. */
function isCanonicalVersion(v) {
    if (!(0,_gomod_semver_js__WEBPACK_IMPORTED_MODULE_1__/* .isValid */ .fn)(v))
        return false;
    if (v.endsWith("+incompatible"))
        return (0,_gomod_semver_js__WEBPACK_IMPORTED_MODULE_1__/* .canonical */ .$N)(v) + "+incompatible" === v;
    return (0,_gomod_semver_js__WEBPACK_IMPORTED_MODULE_1__/* .canonical */ .$N)(v) === v;
}
/**
 * Parse `rawPath` (the URL path without query, still percent-encoded).
 * Returns undefined when the path is not a module protocol path at all.
 */
function parseModuleRequest(rawPath) {
    if (!rawPath.startsWith("/"))
        throw new BadRequestError("the request path must start with /");
    const segs = rawPath.slice(1).split("/").map(decodeSegment);
    let kind;
    let modSegs;
    let versionFile;
    if (segs.length >= 2 && segs[segs.length - 1] === "@latest") {
        kind = "latest";
        modSegs = segs.slice(0, -1);
    }
    else if (segs.length >= 3 && segs[segs.length - 2] === "@v") {
        modSegs = segs.slice(0, -2);
        const file = segs[segs.length - 1];
        if (file === "list")
            kind = "list";
        else {
            const m = /^(.+)\.(info|mod|zip)$/.exec(file);
            if (!m)
                throw new BadRequestError(`"${file}" is not a module proxy file: expected list, VERSION.info, VERSION.mod or VERSION.zip`);
            kind = m[2];
            versionFile = m[1];
        }
    }
    else {
        return undefined;
    }
    const escapedModule = modSegs.join("/");
    let module;
    try {
        module = (0,_gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .unescapePath */ .a3)(escapedModule);
    }
    catch (e) {
        throw new BadRequestError(`invalid module path "${escapedModule}": ${e.message}`);
    }
    if (versionFile === undefined)
        return { kind, module, canonical: false };
    let version;
    try {
        version = (0,_gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .unescapeVersion */ .Bt)(versionFile);
    }
    catch (e) {
        throw new BadRequestError(`invalid version "${versionFile}" for ${module}: ${e.message}`);
    }
    const isCanon = isCanonicalVersion(version);
    // .mod and .zip are only ever requested for canonical versions; .info may be
    // a query such as a branch name or commit hash, which the upstream resolves.
    if (kind !== "info" && !isCanon) {
        throw new BadRequestError(`invalid version "${version}" for ${module}@v/${versionFile}.${kind}: .mod and .zip need a canonical semantic version such as v1.2.3`);
    }
    if (isCanon) {
        const split = (0,_gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .splitPathVersion */ .W8)(module);
        try {
            (0,_gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .checkPathMajor */ .he)(version, split.pathMajor);
        }
        catch (e) {
            const msg = e instanceof _gomod_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .GoModError */ .j1 ? e.message : String(e);
            throw new VersionOutsideModuleError(`not found: version ${version} does not belong to module ${module}: ${msg}`);
        }
    }
    return { kind, module, version, canonical: isCanon };
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
;// CONCATENATED MODULE: ./build/src/config/precedence.js
// The one precedence rule, shared by the CLI and the Action:
//   explicit (flag or action input) > GOPIN_* / GO* environment > go env > default.
// Each pick records where its value came from, for diagnostics.
function precedencePicker(env, sources, explicitLabel) {
    return (name, explicit, envName, goValue, def) => {
        const take = (v, from) => {
            sources[name] = from;
            return v;
        };
        if (explicit !== undefined)
            return take(explicit, explicitLabel);
        if (envName !== undefined && env[envName] !== undefined)
            return take(env[envName], "env");
        if (goValue !== undefined && goValue !== "")
            return take(goValue, "go env");
        return take(def, "default");
    };
}
/** Names the setting a picked value came from, for error messages ("--sumdb", "GOPIN_SUMDB", ...). */
function describeSource(source, names) {
    switch (source) {
        case "flag":
        case "input":
            return names.explicit;
        case "env":
            return names.env;
        case "go env":
            return names.goEnv ? `go env ${names.goEnv}` : "go env";
        default:
            return "the default";
    }
}
/**
 * A GOPRIVATE-style pattern list with `extra` added (comma-separated, no
 * duplicates). Used so that private patterns given to gopin itself (a flag,
 * input or GOPIN_PRIVATE) also keep those modules out of the checksum
 * database, as GOPRIVATE would.
 */
function addPatterns(list, extra) {
    const parts = list.split(",").map((p) => p.trim()).filter(Boolean);
    for (const p of extra.split(",").map((x) => x.trim()).filter(Boolean))
        if (!parts.includes(p))
            parts.push(p);
    return parts.join(",");
}

// EXTERNAL MODULE: ./build/src/observe/scrub.js
var scrub = __nccwpck_require__(733);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./build/src/config/goenv.js
// The job's Go environment, read through `go env -json`, which already folds
// in environment variables and the Go env file (GOENV) with Go's precedence.
// gopin's own go runs with GOTOOLCHAIN=local outside any module, so reading
// the environment never downloads a toolchain past the proxy.


const GO_ENV_KEYS = ["GOPROXY", "GONOPROXY", "GOPRIVATE", "GONOSUMDB", "GOSUMDB", "GOFLAGS", "GOMODCACHE", "GOVERSION", "GOROOT"];
function goBinary(env = process.env) {
    return env.GOPIN_GO || "go";
}
async function readGoEnv(env = process.env) {
    const bin = goBinary(env);
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)(bin, ["env", "-json", ...GO_ENV_KEYS], { env: { ...env, GOTOOLCHAIN: "local" }, cwd: (0,external_node_os_.tmpdir)(), timeout: 30_000 }, (err, stdout, stderr) => {
            if (err) {
                const missing = err.code === "ENOENT";
                reject(new Error(missing
                    ? `gopin needs the go command to read the Go environment, but "${bin}" was not found on PATH (set GOPIN_GO, or pass --upstream and --private explicitly)`
                    : `"${bin} env -json" failed: ${String(stderr).trim() || err.message}`));
                return;
            }
            try {
                resolve(JSON.parse(String(stdout)));
            }
            catch {
                reject(new Error(`"${bin} env -json" printed something that is not JSON`));
            }
        });
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./build/src/sumdb/note.js
// Signed notes as the Go checksum database writes them
// (golang.org/x/mod/sumdb/note), verified with node:crypto's Ed25519.
//
// A verifier key is `name+hhhhhhhh+base64(alg || public key)`: the name, the
// 8-hex-digit key hash, and the algorithm byte (1 = Ed25519) followed by the
// 32-byte key. The key hash is the first 4 bytes (big-endian) of
// SHA-256(name || "\n" || alg || key). A note is its text (ending in "\n"),
// a blank line, then signature lines `— name base64(keyhash[4] || sig)`.

class NoteError extends Error {
}
const ALG_ED25519 = 1;
// DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows.
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
/** Non-empty, valid UTF-8, no Unicode white space, no "+". */
function isValidKeyName(name) {
    // Go's unicode.IsSpace: ASCII white space, U+0085, U+00A0 and the Z categories.
    return name !== "" && !/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(name) && !name.includes("+") && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name);
}
/** The 32-bit key hash of an encoded key (alg byte + key bytes). */
function keyHash(name, key) {
    return (0,external_node_crypto_.createHash)("sha256").update(name).update("\n").update(key).digest().readUInt32BE(0);
}
/** Go's base64.StdEncoding: padded, standard alphabet (trailing bits are not checked). */
function stdBase64(s) {
    if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s))
        return undefined;
    return Buffer.from(s, "base64");
}
/** Parses a verifier key `name+hash+key`; throws NoteError with Go's reasons. */
function parseVerifierKey(vkey) {
    const [name = "", rest = ""] = splitOnce(vkey, "+");
    const [hash16 = "", key64 = ""] = splitOnce(rest, "+");
    const key = stdBase64(key64);
    if (hash16.length !== 8 || !/^[0-9a-fA-F]{8}$/.test(hash16) || !key || !isValidKeyName(name) || key.length === 0) {
        throw new NoteError("malformed verifier id");
    }
    const hash = parseInt(hash16, 16) >>> 0;
    if (hash !== keyHash(name, key))
        throw new NoteError("invalid verifier hash");
    if (key[0] !== ALG_ED25519)
        throw new NoteError("unknown verifier algorithm");
    const raw = key.subarray(1);
    if (raw.length !== 32)
        throw new NoteError("malformed verifier id");
    const pub = (0,external_node_crypto_.createPublicKey)({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
    return {
        name,
        keyHash: hash,
        vkey,
        verify: (msg, sig) => {
            try {
                return (0,external_node_crypto_.verify)(null, msg, pub, sig);
            }
            catch {
                return false;
            }
        },
    };
}
function splitOnce(s, sep) {
    const i = s.indexOf(sep);
    return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + sep.length)];
}
class UnverifiedNoteError extends NoteError {
    note;
    constructor(note) {
        super("note has no verifiable signatures");
        this.note = note;
    }
}
class InvalidSignatureError extends NoteError {
    keyName;
    hash;
    constructor(keyName, hash) {
        super(`invalid signature for key ${keyName}+${hash.toString(16).padStart(8, "0")}`);
        this.keyName = keyName;
        this.hash = hash;
    }
}
/**
 * Verifies a signed note against known keys, the way note.Open does: every
 * signature by a known key must verify; signatures by unknown keys are
 * returned as unverified; at least one known signature is required.
 */
function openNote(msg, known) {
    const malformed = () => new NoteError("malformed note");
    let s;
    try {
        s = new TextDecoder("utf-8", { fatal: true }).decode(msg);
    }
    catch {
        throw malformed();
    }
    for (const ch of s) {
        const c = ch.codePointAt(0);
        if (c < 0x20 && ch !== "\n")
            throw malformed();
    }
    const split = msg.lastIndexOf("\n\n");
    if (split < 0)
        throw malformed();
    const text = msg.subarray(0, split + 1);
    let sigs = msg.subarray(split + 2);
    if (sigs.length === 0 || sigs[sigs.length - 1] !== 0x0a)
        throw malformed();
    const note = { text: text.toString("utf8"), sigs: [], unverified: [] };
    const seen = new Set();
    const seenUnverified = new Set();
    let count = 0;
    const prefix = Buffer.from("— ");
    while (sigs.length > 0) {
        const i = sigs.indexOf(0x0a);
        let line = sigs.subarray(0, i);
        sigs = sigs.subarray(i + 1);
        if (!line.subarray(0, prefix.length).equals(prefix))
            throw malformed();
        line = line.subarray(prefix.length);
        const [name, b64] = splitOnce(line.toString("utf8"), " ");
        const raw = Buffer.from(b64, "base64");
        const canonicalB64 = /^[A-Za-z0-9+/]*={0,2}$/.test(b64) && b64.length % 4 === 0;
        if (!canonicalB64 || !isValidKeyName(name) || b64 === "" || raw.length < 5)
            throw malformed();
        const hash = raw.readUInt32BE(0);
        const sig = raw.subarray(4);
        if (++count > 100)
            throw malformed();
        const matches = known.filter((v) => v.name === name && v.keyHash === hash);
        if (matches.length > 1)
            throw new NoteError(`ambiguous key ${name}+${hash.toString(16).padStart(8, "0")}`);
        const v = matches[0];
        if (!v) {
            const k = line.toString("utf8");
            if (!seenUnverified.has(k)) {
                seenUnverified.add(k);
                note.unverified.push({ name, keyHash: hash, base64: b64 });
            }
            continue;
        }
        const k = `${name}+${hash}`;
        if (seen.has(k))
            continue;
        seen.add(k);
        if (!v.verify(text, sig))
            throw new InvalidSignatureError(name, hash);
        note.sigs.push({ name, keyHash: hash, base64: b64 });
    }
    if (note.sigs.length === 0)
        throw new UnverifiedNoteError(note);
    return note;
}

;// CONCATENATED MODULE: ./build/src/sumdb/config.js
// GOSUMDB, read the way the go command reads it (cmd/go/internal/modfetch):
//
//   off                 no checksum database
//   NAME                a database whose key go knows (only sum.golang.org)
//   NAME+HASH+KEY       a database and its verifier key
//   KEY URL             the same, reached at URL instead of https://NAME
//                       (an explicit URL bypasses proxies)
//
// (go also maps one regional alias host to sum.golang.org; gopin does not,
// so that value is rejected as an unknown key.)

/** Verifier keys the go command has built in. */
const KNOWN_SUMDB_KEYS = {
    "sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
};
class SumdbConfigError extends Error {
}
/** Parses a GOSUMDB value; undefined means "off". */
function parseGoSumdb(value) {
    const v = value.trim();
    if (v === "off")
        return undefined;
    const fields = v.split(/\s+/).filter(Boolean);
    if (fields.length === 0)
        throw new SumdbConfigError("missing GOSUMDB");
    if (fields.length > 2)
        throw new SumdbConfigError(`invalid GOSUMDB ${JSON.stringify(value)}: too many fields`);
    const given = fields[0];
    const key = KNOWN_SUMDB_KEYS[given] ?? given;
    let verifier;
    try {
        verifier = parseVerifierKey(key);
    }
    catch (e) {
        throw new SumdbConfigError(`invalid GOSUMDB ${JSON.stringify(value)}: ${e instanceof NoteError ? e.message : String(e)}`);
    }
    const name = verifier.name;
    // The name must be a plain host[/path].
    let direct;
    try {
        direct = new URL("https://" + name);
    }
    catch {
        throw new SumdbConfigError(`invalid sumdb name (must be host[/path]): ${name}`);
    }
    if (name.endsWith("/") || direct.host === "" || direct.search !== "" || direct.hash !== "" || direct.username !== "" || direct.port !== "" || `${direct.host}${direct.pathname === "/" ? "" : direct.pathname}` !== name) {
        throw new SumdbConfigError(`invalid sumdb name (must be host[/path]): ${name}`);
    }
    let url;
    if (fields.length === 2) {
        try {
            url = new URL(fields[1]).toString().replace(/\/$/, "");
        }
        catch {
            throw new SumdbConfigError(`invalid GOSUMDB URL: ${fields[1]}`);
        }
    }
    // A go command behind gopin gets the name alone when go knows its key, else the full key.
    const goValue = KNOWN_SUMDB_KEYS[name] === key ? name : key;
    return { name, key, verifier, url, direct: "https://" + name, goValue };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __nccwpck_require__(6466);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __nccwpck_require__(3136);
;// CONCATENATED MODULE: ./build/src/upstream/types.js
/** "This upstream does not have it": 404/410 or a missing file. After a comma,
 * Go falls through to the next entry only on this kind of error. */
class NotFoundError extends Error {
    upstream;
    constructor(upstream, message) {
        super(message);
        this.upstream = upstream;
    }
}
/** Any other failure: bad status, timeout, reset, oversized or broken body. */
class UpstreamFailure extends Error {
    upstream;
    status;
    constructor(upstream, message, status) {
        super(message);
        this.upstream = upstream;
        this.status = status;
    }
}
class BodyTooLargeError extends UpstreamFailure {
}
/** A failure of our own disk (not the upstream's fault): the store is full. */
function isLocalDiskError(e) {
    const code = e?.code;
    return code === "ENOSPC" || code === "EDQUOT" || code === "EROFS";
}

// EXTERNAL MODULE: ./build/src/protocol/module-file.js
var module_file = __nccwpck_require__(2363);
;// CONCATENATED MODULE: ./build/src/upstream/file.js
// A `file://` GOPROXY upstream: a directory laid out as a proxy file tree.






class FileUpstream {
    name;
    dir;
    constructor(url) {
        this.dir = (0,external_node_url_.fileURLToPath)(url);
        this.name = url;
    }
    pathFor(t) {
        return (0,external_node_path_.join)(this.dir, ...(0,module_file/* modulePath */.M)(t).split("/"));
    }
    fetch(t, dest, limit, opts = {}) {
        return this.fetchPath((0,module_file/* modulePath */.M)(t), (0,module_file/* describeFile */.C)(t), dest, limit, opts);
    }
    async fetchPath(rel, what, dest, limit, opts = {}) {
        const start = performance.now();
        const src = (0,external_node_path_.join)(this.dir, ...rel.split("/"));
        let size;
        try {
            const st = await external_node_fs_.promises.stat(src);
            if (!st.isFile())
                throw Object.assign(new Error("not a file"), { code: "ENOENT" });
            size = st.size;
        }
        catch (e) {
            const code = e.code;
            if (code === "ENOENT" || code === "ENOTDIR")
                throw new NotFoundError(this.name, `${this.name}: ${what}: not found`);
            throw new UpstreamFailure(this.name, `${this.name}: ${what}: ${e.message}`);
        }
        if (size > limit)
            throw new BodyTooLargeError(this.name, `${this.name}: ${what}: ${size} bytes, more than the ${limit}-byte limit`);
        if (dest !== undefined && size <= (opts.keepInMemoryUpTo ?? -1))
            dest = undefined;
        let body;
        try {
            if (dest === undefined)
                body = await external_node_fs_.promises.readFile(src);
            else
                await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)(src), (0,external_node_fs_.createWriteStream)(dest));
        }
        catch (e) {
            if (isLocalDiskError(e))
                throw e;
            throw new UpstreamFailure(this.name, `${this.name}: ${what}: ${e.message}`);
        }
        return { upstream: this.name, bytes: body?.length ?? size, ms: performance.now() - start, ...(body ? { body } : {}) };
    }
}
/** GOPROXY=off: every lookup is refused. Go reports it as "not exist". */
class OffUpstream {
    name = "off";
    async fetch(t) {
        throw new NotFoundError(this.name, `${(0,module_file/* describeFile */.C)(t)}: module lookup disabled by GOPROXY=off`);
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(7075);
;// CONCATENATED MODULE: ./build/src/upstream/netrc.js
// .netrc credentials, as the go command reads them (GOAUTH's default "netrc"):
// $NETRC if set, else ~/.netrc. Only "machine"/"default", "login", "password".




function parseNetrc(text) {
    const toks = text.split(/\s+/).filter(Boolean);
    const out = [];
    let cur;
    for (let i = 0; i < toks.length; i++) {
        const t = toks[i];
        if (t === "machine" || t === "default") {
            cur = { machine: t === "machine" ? toks[++i] : undefined, login: "", password: "" };
            out.push(cur);
        }
        else if (t === "login" && cur)
            cur.login = toks[++i] ?? "";
        else if (t === "password" && cur)
            cur.password = toks[++i] ?? "";
        else if (t === "macdef")
            break; // macros end the useful part of the file
    }
    return out;
}
/** The .netrc entries; every password is registered with the scrubber. */
function loadNetrc(env = process.env) {
    const file = env.NETRC || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), ".netrc");
    let entries;
    try {
        entries = parseNetrc((0,external_node_fs_.readFileSync)(file, "utf8"));
    }
    catch {
        return [];
    }
    for (const e of entries)
        (0,scrub/* registerCredentials */.WR)(e.login, e.password);
    return entries;
}
/** Credentials for `host`. Like the go command, a "default" entry is never
 * used: sending one password to every host would leak it to public proxies. */
function netrcFor(entries, host) {
    return entries.find((e) => e.machine === host);
}

;// CONCATENATED MODULE: ./build/src/upstream/http.js








const DEFAULT_TIMEOUTS = Object.freeze({
    connectMs: 10_000,
    headersMs: 30_000,
    bodyIdleMs: 30_000,
    slowGraceMs: 30_000,
    minBytesPerSec: 4096,
    totalMs: 15 * 60_000,
    // GOPIN_HTTP_TIMEOUTS="headersMs=2000,slowGraceMs=500" overrides fields
    // (tests and unusual networks).
    ...timeoutsFromEnv(process.env.GOPIN_HTTP_TIMEOUTS),
});
function timeoutsFromEnv(s) {
    return numericFields(s);
}
/** "a=1,b=2" (an environment tuning knob) as { a: 1, b: 2 }; malformed parts are ignored. */
function numericFields(s) {
    const out = {};
    for (const part of (s ?? "").split(",").filter(Boolean)) {
        const [k, v] = part.split("=");
        if (k && v && /^\d+$/.test(v))
            out[k.trim()] = Number(v);
    }
    return out;
}
const MAX_REDIRECTS = 10;
let sharedDispatcher;
let sharedKey = "";
// undici costs ~20 MiB and a few hundred ms to load: loaded at the first
// upstream fetch, so a job served wholly from the store never pays for it.
let undiciModule;
const undici = () => (undiciModule ??= __nccwpck_require__.e(/* import() */ 752).then(__nccwpck_require__.t.bind(__nccwpck_require__, 6752, 19)));
function dispatcherFor({ Agent, interceptors }, t) {
    const key = `${t.connectMs}/${t.headersMs}/${t.bodyIdleMs}`;
    if (!sharedDispatcher || key !== sharedKey) {
        sharedKey = key;
        sharedDispatcher = new Agent({
            connections: 16,
            keepAliveTimeout: 30_000,
            connect: { timeout: t.connectMs },
            headersTimeout: t.headersMs,
            bodyTimeout: t.bodyIdleMs,
        }).compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));
    }
    return sharedDispatcher;
}
/** Copy at most `limit` bytes, failing (not truncating) past it. */
function limiter(limit, onTooLarge) {
    let n = 0;
    return new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            n += chunk.length;
            if (n > limit)
                cb(onTooLarge());
            else
                cb(null, chunk);
        },
    });
}
class HttpUpstream {
    timeouts;
    name;
    base;
    authHeader;
    constructor(url, timeouts = DEFAULT_TIMEOUTS, netrc = loadNetrc()) {
        this.timeouts = timeouts;
        const u = new URL(url);
        if (u.protocol !== "http:" && u.protocol !== "https:")
            throw new Error(`unsupported upstream scheme in ${(0,scrub/* scrub */._I)(url)}`);
        let user = decodeURIComponent(u.username);
        let pass = decodeURIComponent(u.password);
        u.username = "";
        u.password = "";
        if (!user) {
            const n = netrcFor(netrc, u.hostname);
            if (n) {
                user = n.login;
                pass = n.password;
            }
        }
        (0,scrub/* registerCredentials */.WR)(user, pass);
        this.authHeader = user ? "Basic " + Buffer.from(`${user}:${pass}`).toString("base64") : undefined;
        this.base = u;
        this.name = u.toString().replace(/\/$/, "");
    }
    urlFor(t) {
        return this.urlForPath((0,module_file/* modulePath */.M)(t));
    }
    urlForPath(rel) {
        // Percent-encode each segment the way the go command does ("!" -> "%21").
        const enc = rel.split("/").map((s) => encodeURIComponent(s).replace(/%2B/g, "+").replace(/%40/g, "@")).join("/");
        const basePath = this.base.pathname.replace(/\/$/, "");
        return `${this.base.origin}${basePath}/${enc}`;
    }
    fetch(t, dest, limit, opts = {}) {
        return this.fetchPath((0,module_file/* modulePath */.M)(t), (0,module_file/* describeFile */.C)(t), dest, limit, opts);
    }
    async fetchPath(rel, what, dest, limit, opts = {}) {
        const start = performance.now();
        const url = this.urlForPath(rel);
        let res;
        try {
            const u = await undici();
            res = await u.request(url, {
                method: "GET",
                dispatcher: dispatcherFor(u, this.timeouts),
                headers: this.authHeader ? { authorization: this.authHeader } : {},
                ...(opts.signal ? { signal: opts.signal } : {}),
            });
        }
        catch (e) {
            throw new UpstreamFailure(this.name, `${this.name}: ${what}: ${describeNetError(e, url)}`);
        }
        opts.onHeaders?.();
        if (res.statusCode !== 200) {
            const why = await describeStatus(res, url);
            if (res.statusCode === 404 || res.statusCode === 410)
                throw new NotFoundError(this.name, `${this.name}: ${what}: ${why}`);
            throw new UpstreamFailure(this.name, `${this.name}: ${what}: ${why}`, res.statusCode);
        }
        const declared = Number(res.headers["content-length"] ?? NaN);
        if (Number.isFinite(declared) && declared > limit) {
            discard(res.body);
            throw new BodyTooLargeError(this.name, `${this.name}: ${what}: the upstream declares ${declared} bytes, more than the ${limit}-byte limit`);
        }
        if (dest !== undefined && Number.isFinite(declared) && declared <= (opts.keepInMemoryUpTo ?? -1))
            dest = undefined;
        let bytes = 0;
        const chunks = dest === undefined ? [] : undefined;
        const counter = new external_node_stream_.Transform({
            transform(chunk, _e, cb) {
                bytes += chunk.length;
                if (chunks) {
                    chunks.push(chunk);
                    cb();
                }
                else
                    cb(null, chunk);
            },
        });
        // A body that trickles in (a slow-drip attack or a dying link) would hold
        // go's request open forever: abandon it when it is too slow for too long.
        const lim = this.timeouts;
        const bodyStart = performance.now();
        const watchdog = setInterval(() => {
            const elapsed = performance.now() - bodyStart;
            let why;
            if (elapsed > lim.totalMs)
                why = `the body took longer than ${Math.round(lim.totalMs / 1000)}s`;
            else if (elapsed > lim.slowGraceMs && (bytes * 1000) / elapsed < lim.minBytesPerSec) {
                why = `the body arrives too slowly (${bytes} bytes in ${(elapsed / 1000).toFixed(1)}s, under ${lim.minBytesPerSec} bytes/s)`;
            }
            if (why)
                counter.destroy(new UpstreamFailure(this.name, `${this.name}: ${what}: ${why}`));
        }, Math.min(1000, Math.max(50, lim.slowGraceMs / 4)));
        try {
            await (0,promises_.pipeline)(res.body, limiter(limit, () => new BodyTooLargeError(this.name, `${this.name}: ${what}: the body exceeds the ${limit}-byte limit`)), ...(dest === undefined ? [counter] : [counter, (0,external_node_fs_.createWriteStream)(dest)]));
        }
        catch (e) {
            if (e instanceof UpstreamFailure || isLocalDiskError(e))
                throw e;
            throw new UpstreamFailure(this.name, `${this.name}: ${what}: reading the body failed: ${describeNetError(e, url)}`);
        }
        finally {
            clearInterval(watchdog);
        }
        if (Number.isFinite(declared) && bytes !== declared) {
            throw new UpstreamFailure(this.name, `${this.name}: ${what}: the body has ${bytes} bytes but Content-Length said ${declared}`);
        }
        const result = { upstream: this.name, bytes, ms: performance.now() - start };
        if (chunks)
            result.body = Buffer.concat(chunks, bytes);
        return result;
    }
}
/** Drops a body unread (undici reports the abort as an 'error' event, which must be handled). */
function discard(body) {
    body.on("error", () => undefined);
    body.destroy();
}
/** What a non-200 answer says: its status, and its body when that is short printable text. */
async function describeStatus(res, url) {
    const status = res.statusCode;
    const phrase = external_node_http_.STATUS_CODES[status] ? ` ${external_node_http_.STATUS_CODES[status]}` : "";
    if (status < 400) {
        // Not an error page: a 206 or 3xx body is content (zip bytes), never text to quote.
        discard(res.body);
        const location = res.headers.location;
        if (status >= 300 && location)
            return `more than ${MAX_REDIRECTS} redirects starting at ${url} (the last one to ${(0,scrub/* scrub */._I)(String(location))})`;
        return `unexpected status ${status}${phrase}`;
    }
    const text = await readSmallText(res.body);
    return `${status}${text ? `: ${text}` : ""}`;
}
/**
 * The start of an error body, as one line, when it is printable text; ""
 * otherwise (binary bodies are never quoted into messages).
 */
async function readSmallText(body) {
    try {
        const chunks = [];
        let n = 0;
        for await (const c of body) {
            chunks.push(c);
            n += c.length;
            if (n > 4096)
                break;
        }
        discard(body);
        // stream: true tolerates a character cut at the 4 KiB boundary.
        const text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks), { stream: true });
        if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text))
            return "";
        const line = text.replace(/\s+/g, " ").trim();
        return (0,scrub/* scrub */._I)(line.length > 1024 ? line.slice(0, 1024) + "…" : line);
    }
    catch {
        return "";
    }
}
function describeNetError(e, url) {
    const err = e;
    const code = err.code ?? err.cause?.code;
    const msg = err.message ?? String(e);
    // undici's wording ("... Use an Agent for cross-origin redirects") is advice for its own API.
    if (/^Redirect loop detected/.test(msg))
        return `redirect loop: ${url} redirects back to a URL it already visited`;
    const map = {
        UND_ERR_HEADERS_TIMEOUT: "timed out waiting for response headers",
        UND_ERR_BODY_TIMEOUT: "timed out waiting for the body",
        UND_ERR_CONNECT_TIMEOUT: "timed out connecting",
        UND_ERR_SOCKET: "the connection was closed",
        ECONNRESET: "the connection was reset",
        ECONNREFUSED: "the connection was refused",
        UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: "the body length does not match Content-Length",
        UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "the body length does not match Content-Length",
    };
    return (0,scrub/* scrub */._I)(code && map[code] ? `${map[code]} (${code})` : msg);
}

;// CONCATENATED MODULE: ./build/src/store/single-flight.js
// Concurrent callers asking for the same key share one in-flight promise, so
// eight cold clients cause one upstream fetch per file.
class SingleFlight {
    inflight = new Map();
    do(key, fn) {
        const running = this.inflight.get(key);
        if (running)
            return running;
        const p = fn().finally(() => this.inflight.delete(key));
        this.inflight.set(key, p);
        return p;
    }
    has(key) {
        return this.inflight.has(key);
    }
    /** How many keys are in flight now. */
    get size() {
        return this.inflight.size;
    }
    /** Resolves when nothing is in flight (used for graceful shutdown). */
    async drain() {
        while (this.inflight.size > 0) {
            await Promise.allSettled([...this.inflight.values()]);
        }
    }
}

;// CONCATENATED MODULE: ./build/src/upstream/direct.js
// `direct`: fetch from the module's version control system by running the
// real go command with GOPROXY=direct in an isolated module cache. The go
// command brings Go's exact VCS semantics and the caller's git credentials.









/**
 * The go command's errors that are "not found" (errors.Is(err,
 * fs.ErrNotExist) in cmd/go, so go moves on to another path or version), by
 * the text the child go prints; anything else is a failure, as it is for go.
 * Sources are cmd/go/internal/... of Go 1.26.
 */
const NOT_FOUND = [
    // modfetch/repo.go lookupDirect: every vcs.RepoRootForImportPath failure
    // ("We don't know where to find code for a module with this path"),
    // network failures of the ?go-get=1 lookup included.
    /unrecognized import path "/,
    /import path does not begin with hostname/,
    /invalid \S+ import path "/,
    /not allowed in import path/,
    /unknown version control system "/,
    /GOVCS disallows using \S+ for /,
    /no \S*protocol found for repository/,
    /no go-import meta tags? /,
    /disagree about go-import for /,
    /multiple meta tags match import path /,
    /: invalid (subdirectory|repo root) "/,
    /: unknown vcs "/,
    // modfetch/repo.go: lookups disabled for this path.
    /module lookup disabled by GOPROXY=off|disabled by GOPRIVATE\/GONOPROXY|path does not match GOPRIVATE\/GONOPROXY/,
    // modfetch/codehost: UnknownRevisionError, ErrNoCommits, and a repository
    // whose URL answers 404 (git.go wraps git's error in a notExistError).
    /unknown revision /,
    /\bno commits\b/,
    /[Rr]epository '?\S*'? ?not found/,
    // modfetch/coderepo.go Stat: findDir's "not a module at this path" errors.
    /(missing \S+\/go\.mod( and \S+\/go\.mod)?|has (non|post)-\S+ module path .*|both have \S+ module paths|is missing module path.*|has malformed module path .*) at revision /,
    // modfetch/proxy.go: a go-import "mod" server (a proxy) that answers 404 or 410.
    /reading \S+: (404 Not Found|410 Gone)/,
    // modload/query.go NoMatchingVersionError (an @latest with nothing to offer).
    /no matching versions for query /,
    // fs.ErrNotExist itself.
    /file does not exist/,
];
/** Whether the go command treats this error text as "not found" (see NOT_FOUND). */
function isNotFoundText(text) {
    return NOT_FOUND.some((re) => re.test(text));
}
class DirectUpstream {
    opts;
    name = "direct";
    downloads = new SingleFlight();
    workDir;
    constructor(opts) {
        this.opts = opts;
        // The child go reads the same .netrc: its passwords must be known to the
        // scrubber before the child's error text is passed on.
        loadNetrc(opts.env);
    }
    /** The child go's environment. */
    env() {
        const env = { ...this.opts.env };
        env.GOPROXY = "direct";
        env.GOMODCACHE = this.opts.modCache;
        env.GOFLAGS = "-modcacherw";
        env.GOWORK = "off";
        env.GIT_TERMINAL_PROMPT = "0";
        // gopin's own go never switches toolchains behind the proxy's back, and
        // never asks a checksum database about a private path.
        env.GOTOOLCHAIN = "local";
        // GONOSUMDB, once set, replaces go's default of GOPRIVATE: carry that over.
        const noSumDb = addPatterns(env.GONOSUMDB || env.GOPRIVATE || "", addPatterns(this.opts.noSumDb ?? "", this.opts.private ?? ""));
        if (noSumDb)
            env.GONOSUMDB = noSumDb;
        if (this.opts.private)
            env.GOPRIVATE = addPatterns(env.GOPRIVATE ?? "", this.opts.private);
        return env;
    }
    async cwd() {
        // An empty directory, so no go.mod of the job's influences the query.
        if (!this.workDir) {
            this.workDir = (0,external_node_path_.join)(this.opts.modCache, "..", "gopin-direct-work");
            await external_node_fs_.promises.mkdir(this.workDir, { recursive: true });
        }
        return this.workDir;
    }
    async runGo(args) {
        const cwd = await this.cwd();
        return new Promise((resolve) => {
            (0,external_node_child_process_.execFile)(this.opts.goBinary, args, { cwd, env: this.env(), timeout: this.opts.timeoutMs ?? 300_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
                const code = err ? (typeof err.code === "number" ? (err.code) : 1) : 0;
                resolve({ stdout: String(stdout), stderr: String(stderr) || (err && !stdout ? err.message : ""), code });
            });
        });
    }
    fail(t, text) {
        const msg = `direct: ${(0,module_file/* describeFile */.C)(t)}: ${text.trim().replace(/\s+/g, " ").slice(0, 2000)}`;
        if (isNotFoundText(text))
            throw new NotFoundError(this.name, msg);
        throw new UpstreamFailure(this.name, msg);
    }
    async fetch(t, dest, limit) {
        const start = performance.now();
        let body;
        let srcFile;
        if (t.kind === "list") {
            const r = await this.runGo(["list", "-m", "-json", "-versions", "-retracted", t.module]);
            const j = this.parseJson(t, r);
            body = Buffer.from((j.Versions ?? []).map((v) => v + "\n").join(""));
        }
        else if (t.kind === "latest") {
            const r = await this.runGo(["list", "-m", "-json", `${t.module}@latest`]);
            const j = this.parseJson(t, r);
            body = Buffer.from(JSON.stringify({ Version: j.Version, Time: j.Time, ...(j.Origin ? { Origin: j.Origin } : {}) }));
        }
        else {
            const key = `${t.module}@${t.version}`;
            const d = await this.downloads.do(key, async () => {
                const r = await this.runGo(["mod", "download", "-json", key]);
                return this.parseJson(t, r);
            });
            srcFile = t.kind === "info" ? d.Info : t.kind === "mod" ? d.GoMod : d.Zip;
            if (!srcFile)
                this.fail(t, `go mod download reported no ${t.kind} file`);
        }
        if (!body) {
            const st = await external_node_fs_.promises.stat(srcFile);
            if (st.size > limit)
                throw new BodyTooLargeError(this.name, `direct: ${(0,module_file/* describeFile */.C)(t)}: ${st.size} bytes, more than the ${limit}-byte limit`);
            if (dest !== undefined) {
                await (0,promises_.pipeline)((0,external_node_fs_.createReadStream)(srcFile), (0,external_node_fs_.createWriteStream)(dest));
                return { upstream: this.name, bytes: st.size, ms: performance.now() - start };
            }
            body = await external_node_fs_.promises.readFile(srcFile);
        }
        if (body.length > limit)
            throw new BodyTooLargeError(this.name, `direct: ${(0,module_file/* describeFile */.C)(t)}: answer exceeds the ${limit}-byte limit`);
        if (dest === undefined)
            return { upstream: this.name, bytes: body.length, ms: performance.now() - start, body };
        await external_node_fs_.promises.writeFile(dest, body);
        return { upstream: this.name, bytes: body.length, ms: performance.now() - start };
    }
    parseJson(t, r) {
        let j;
        try {
            j = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
        }
        catch {
            j = undefined;
        }
        const err = j?.Error;
        const errText = typeof err === "string" ? err : err?.Err;
        if (errText)
            this.fail(t, errText);
        if (!j || r.code !== 0)
            this.fail(t, r.stderr || `go exited with status ${r.code}`);
        return j;
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __nccwpck_require__(1455);
;// CONCATENATED MODULE: ./build/src/upstream/mirror-health.js
// What a mirror pool knows about one mirror: its measured time to first byte
// (an EWMA for choosing, recent samples for the hedging delay), its error
// rate, and whether it is ejected (and until when).
const DEFAULT_TUNING = Object.freeze({
    probePercent: 5,
    hedgeDefaultMs: 500,
    hedgeMinMs: 5,
    hedgePercent: 10,
    hedgeBurst: 10,
    failuresToEject: 3,
    ejectMs: 30_000,
    ejectMaxMs: 10 * 60_000,
    badBytesEjectMs: 10 * 60_000,
});
const EWMA_ALPHA = 0.3;
const ERROR_ALPHA = 0.2;
const SAMPLE_WINDOW = 64;
/** Measurements before a mirror's own p95 is trusted as its hedging delay. */
const MIN_SAMPLES = 5;
class MirrorHealth {
    mirror;
    tuning;
    ttfbEwma;
    errorEwma = 0;
    samples = [];
    consecutiveFailures = 0;
    ejectedUntil = 0;
    /** Ejections since the mirror last answered well (drives the back-off). */
    strikes = 0;
    probation = false;
    requests = 0;
    failures = 0;
    hedges = 0;
    wins = 0;
    constructor(mirror, tuning) {
        this.mirror = mirror;
        this.tuning = tuning;
    }
    available(now) {
        if (this.ejectedUntil === 0)
            return true;
        if (now < this.ejectedUntil)
            return false;
        // The back-off is over: back in the pool on probation (one failure
        // ejects again), competing on its last known latency.
        this.ejectedUntil = 0;
        this.probation = true;
        this.consecutiveFailures = 0;
        this.errorEwma = 0;
        return true;
    }
    ejectedUntilMs() {
        return this.ejectedUntil;
    }
    /**
     * Lower is better. An unmeasured mirror comes after every measured one
     * (unmeasured ones keep their declared order); the pool measures it by
     * racing it against the chosen mirror once.
     */
    score() {
        if (this.ttfbEwma === undefined)
            return Infinity;
        return this.ttfbEwma * (1 + 4 * this.errorEwma);
    }
    /** How long to wait for this mirror's first byte before hedging: its recent p95. */
    hedgeDelay() {
        if (this.samples.length < MIN_SAMPLES)
            return this.tuning.hedgeDefaultMs;
        const sorted = [...this.samples].sort((a, b) => a - b);
        return Math.max(this.tuning.hedgeMinMs, sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]);
    }
    ttfb() {
        return this.ttfbEwma;
    }
    /** An answer (a body, or "not found") whose first byte came after `ms`. */
    answered(ms) {
        this.sample(ms);
        this.errorEwma *= 1 - ERROR_ALPHA;
        this.consecutiveFailures = 0;
        this.probation = false;
        this.strikes = 0;
    }
    /** Cancelled before its first byte, after `ms`: it would have taken at least that long (so this only raises the estimate). */
    cancelled(ms) {
        if (this.ttfbEwma !== undefined && ms > this.ttfbEwma)
            this.sample(ms);
    }
    /** A failed request; returns the ejection when this failure ejects the mirror. */
    failed(now, reason) {
        this.failures++;
        this.errorEwma = this.errorEwma * (1 - ERROR_ALPHA) + ERROR_ALPHA;
        this.consecutiveFailures++;
        if (this.probation)
            return this.eject(now, `failed again after its back-off: ${reason}`, 0);
        if (this.consecutiveFailures >= this.tuning.failuresToEject) {
            return this.eject(now, `${this.consecutiveFailures} failures in a row, the last: ${reason}`, 0);
        }
        return undefined;
    }
    /** Its bytes failed admission, the lock or the checksum database. */
    servedBadBytes(now, reason) {
        return this.eject(now, reason, this.tuning.badBytesEjectMs);
    }
    eject(now, reason, atLeastMs) {
        const forMs = Math.max(atLeastMs, Math.min(this.tuning.ejectMaxMs, this.tuning.ejectMs * 2 ** this.strikes));
        this.strikes++;
        this.ejectedUntil = now + forMs;
        this.probation = false;
        return { mirror: this.mirror, at: new Date(now).toISOString(), forMs, reason };
    }
    sample(ms) {
        this.ttfbEwma = this.ttfbEwma === undefined ? ms : this.ttfbEwma * (1 - EWMA_ALPHA) + ms * EWMA_ALPHA;
        this.samples.push(ms);
        if (this.samples.length > SAMPLE_WINDOW)
            this.samples.shift();
    }
}

;// CONCATENATED MODULE: ./build/src/upstream/pool.js
// A pool of equivalent mirrors behind one Upstream (`--mirrors "URL URL"`):
// it stands in for one entry of the GOPROXY-style chain, so Go's "," and "|"
// rules around it are untouched.
//
//  - choice: the healthy mirror with the best measured time to first byte
//    (EWMA, weighted by its error rate); an unmeasured mirror races the
//    chosen one once, to be measured; in a small share of requests another
//    healthy mirror races the chosen one, so that a recovered one is noticed;
//  - hedging: when the chosen mirror has not answered within its recent p95,
//    the same request goes to the next mirror; the first answer wins and the
//    other is cancelled; a token bucket bounds hedges to a share of requests;
//  - failover: a failed request is retried on the next healthy mirror;
//  - ejection: repeated failures, or bytes that the content check refused
//    (reject()), take a mirror out for a back-off period;
//  - consistency: observeHash() notes each mirror's h1: for .mod and .zip
//    files; two mirrors with different hashes for one file are a finding.
// "Not found" is an answer, not a failure: a 404 is returned as is (go asks
// for many paths that exist nowhere; asking every mirror would multiply that).






/** The mirrors of `--mirrors`: space-separated URLs (bare hosts get https://). */
function parseMirrors(text) {
    const out = [];
    for (let m of text.split(/\s+/).filter(Boolean)) {
        if (!m.includes("://"))
            m = "https://" + m;
        let u;
        try {
            u = new URL(m);
        }
        catch {
            throw new Error(`invalid mirror ${JSON.stringify((0,scrub/* scrub */._I)(m))}: not a URL`);
        }
        if (u.protocol !== "http:" && u.protocol !== "https:")
            throw new Error(`invalid mirror ${JSON.stringify((0,scrub/* scrub */._I)(m))}: only http and https mirrors are supported`);
        if (!out.includes(m))
            out.push(m);
    }
    return out;
}
function tuningFromEnv(env = process.env) {
    return { ...DEFAULT_TUNING, ...numericFields(env.GOPIN_MIRROR_TUNING) };
}
function compareScores(a, b) {
    return a === b ? 0 : a < b ? -1 : 1;
}
/** The longest a measuring race runs on after the request was answered. */
const MEASURE_CAP_MS = 10_000;
class MirrorPool {
    name;
    members;
    tuning;
    random;
    hedgeTokens;
    ejections = [];
    /** "module@version.kind" -> mirror -> h1: hash. */
    hashes = new Map();
    disagreements = new Map();
    constructor(urls, opts = {}) {
        if (urls.length === 0)
            throw new Error("a mirror pool needs at least one mirror");
        this.tuning = opts.tuning ?? tuningFromEnv();
        this.random = opts.random ?? Math.random;
        const make = opts.upstreamFor ?? ((u) => new HttpUpstream(u, opts.timeouts ?? DEFAULT_TIMEOUTS));
        this.members = urls.map((u) => {
            const upstream = make(u);
            return { upstream, health: new MirrorHealth(upstream.name, this.tuning), inFlight: 0 };
        });
        this.name = `mirrors(${this.members.map((m) => m.upstream.name).join(" ")})`;
        this.hedgeTokens = this.tuning.hedgeBurst;
    }
    /**
     * Mirrors in the order this request tries them (the first is the primary),
     * the hedging delay, and the unmeasured mirrors that race the primary at
     * once: so every mirror is measured from the first requests on, at the
     * cost of one extra request per mirror.
     */
    plan() {
        const p = this.choose();
        const race = p.order.slice(1).filter((m) => (m.health.ttfb() === undefined && m.inFlight === 0) || m === p.probe);
        return { order: p.order.filter((m) => !race.includes(m)), hedgeAfter: p.hedgeAfter, race };
    }
    choose() {
        const now = Date.now();
        // Stable: mirrors with equal scores (unmeasured ones) keep their declared order.
        let order = this.members.filter((m) => m.health.available(now)).sort((a, b) => compareScores(a.health.score(), b.health.score()));
        // With every mirror ejected, the one back soonest is still better than none.
        if (order.length === 0)
            order = [...this.members].sort((a, b) => a.health.ejectedUntilMs() - b.health.ejectedUntilMs());
        const best = order[0];
        if (order.length > 1 && this.random() * 100 < this.tuning.probePercent) {
            // A probe: another mirror races the best one (and is measured at its
            // first byte when it loses), so a probe costs the request nothing
            // however slow that mirror is. It went first once, hedged by the best
            // one: a share of requests then waited a hedging delay each.
            const probe = order[1 + Math.floor(this.random() * (order.length - 1))];
            return { order, hedgeAfter: best.health.hedgeDelay(), probe };
        }
        return { order, hedgeAfter: best.health.hedgeDelay() };
    }
    takeHedgeToken() {
        if (this.hedgeTokens < 1)
            return false;
        this.hedgeTokens--;
        return true;
    }
    fetch(t, dest, limit, opts = {}) {
        this.hedgeTokens = Math.min(this.tuning.hedgeBurst, this.hedgeTokens + this.tuning.hedgePercent / 100);
        const { order, hedgeAfter, race } = this.plan();
        const queue = [...order];
        const running = new Set();
        const failures = [];
        let attempts = 0;
        let finished = false;
        let hedgeTimer;
        return new Promise((resolve, reject) => {
            const finish = async (winner, outcome) => {
                finished = true;
                clearTimeout(hedgeTimer);
                const losers = [...running].filter((a) => a !== winner);
                // A request to a mirror not yet measured is cancelled at its first
                // byte (a measurement), not at once (which would only give a lower
                // bound); it finishes in the background and removes its own file.
                const measuring = losers.filter((a) => a.ttfb === undefined && (a.measure || a.m.health.ttfb() === undefined));
                const cancelled = losers.filter((a) => !measuring.includes(a));
                for (const a of cancelled)
                    a.ctrl.abort();
                for (const a of measuring) {
                    a.abortOnHeaders = true;
                    const cap = setTimeout(() => a.ctrl.abort(), MEASURE_CAP_MS).unref();
                    void a.done.finally(() => {
                        clearTimeout(cap);
                        if (a.file !== undefined)
                            void (0,external_node_fs_promises_.unlink)(a.file).catch(() => undefined);
                    });
                }
                await Promise.all(cancelled.map((a) => a.done));
                // Only the winner's file (when it wrote one) may remain, under `dest`.
                const keep = winner && outcome.result && !outcome.result.body ? winner.file : undefined;
                const files = new Set([...allFiles].filter((f) => f !== keep && !measuring.some((a) => a.file === f)));
                try {
                    if (keep !== undefined && keep !== dest) {
                        files.delete(dest);
                        await (0,external_node_fs_promises_.rename)(keep, dest);
                    }
                    await Promise.all([...files].map((f) => (0,external_node_fs_promises_.unlink)(f).catch(() => undefined)));
                }
                catch (e) {
                    return reject(e);
                }
                if (outcome.result)
                    resolve(outcome.result);
                else
                    reject(outcome.error);
            };
            const allFiles = new Set();
            const start = (m, asHedge, measure = false) => {
                const file = dest === undefined ? undefined : attempts === 0 ? dest : `${dest}.${attempts}`;
                attempts++;
                if (file !== undefined)
                    allFiles.add(file);
                m.health.requests++;
                m.inFlight++;
                if (asHedge)
                    m.health.hedges++;
                const a = { m, ctrl: new AbortController(), file, started: performance.now(), abortOnHeaders: false, measure, done: Promise.resolve() };
                running.add(a);
                a.done = m.upstream
                    .fetch(t, file, limit, {
                    ...opts,
                    signal: a.ctrl.signal,
                    onHeaders: () => {
                        a.ttfb ??= performance.now() - a.started;
                        if (a.abortOnHeaders)
                            a.ctrl.abort();
                        else
                            opts.onHeaders?.();
                    },
                })
                    .then((r) => settled(a, { ...r, upstream: m.upstream.name }), (e) => settled(a, undefined, e instanceof Error ? e : new Error(String(e))));
            };
            const settled = (a, r, err) => {
                running.delete(a);
                a.m.inFlight--;
                const elapsed = performance.now() - a.started;
                if (finished) {
                    // A cancelled loser: it had not answered in `elapsed` (a lower bound).
                    if (a.ttfb !== undefined)
                        a.m.health.answered(a.ttfb);
                    else
                        a.m.health.cancelled(elapsed);
                    return;
                }
                if (r || err instanceof NotFoundError) {
                    a.m.health.answered(a.ttfb ?? elapsed);
                    a.m.health.wins++;
                    void finish(a, r ? { result: r } : { error: err });
                    return;
                }
                if (isLocalDiskError(err)) {
                    void finish(undefined, { error: err });
                    return;
                }
                const ej = a.m.health.failed(Date.now(), err.message);
                if (ej)
                    this.ejections.push(ej);
                failures.push(err);
                if (running.size > 0)
                    return; // a hedge is still on its way
                const next = queue.shift();
                if (next)
                    start(next, false);
                else
                    void finish(undefined, { error: this.failure(t, failures) });
            };
            start(queue.shift(), false);
            for (const m of race)
                start(m, true, true);
            if (queue.length > 0) {
                hedgeTimer = setTimeout(() => {
                    const waiting = [...running].every((a) => a.ttfb === undefined);
                    if (finished || !waiting || queue.length === 0 || !this.takeHedgeToken())
                        return;
                    start(queue.shift(), true);
                }, hedgeAfter);
            }
        });
    }
    failure(t, failures) {
        const last = failures[failures.length - 1];
        if (failures.length === 1 && last instanceof UpstreamFailure)
            return last;
        const status = last instanceof UpstreamFailure ? last.status : undefined;
        return new UpstreamFailure(this.name, `${(0,module_file/* describeFile */.C)(t)}: every mirror failed: ${failures.map((f) => f.message).join("; ")}`, status);
    }
    member(served) {
        return this.members.find((m) => m.upstream.name === served);
    }
    reject(served, target, reason) {
        const m = this.member(served);
        if (!m)
            return;
        this.ejections.push(m.health.servedBadBytes(Date.now(), `served ${(0,module_file/* describeFile */.C)(target)} that gopin refused: ${reason}`));
    }
    observeHash(served, target, hash) {
        if (!this.member(served) || (target.kind !== "mod" && target.kind !== "zip") || target.version === undefined)
            return;
        const key = (0,module_file/* describeFile */.C)(target);
        let seen = this.hashes.get(key);
        if (!seen)
            this.hashes.set(key, (seen = new Map()));
        seen.set(served, hash);
        if (new Set(seen.values()).size > 1) {
            this.disagreements.set(key, { module: target.module, version: target.version, kind: target.kind, answers: [...seen].map(([mirror, h]) => ({ mirror, hash: h })) });
        }
    }
    report() {
        return {
            mirrors: this.members.map(({ upstream, health: h }) => {
                const until = h.ejectedUntilMs();
                const ttfb = h.ttfb();
                return {
                    mirror: upstream.name,
                    requests: h.requests,
                    failures: h.failures,
                    hedges: h.hedges,
                    wins: h.wins,
                    ...(ttfb !== undefined ? { ttfbMs: Math.round(ttfb * 10) / 10 } : {}),
                    hedgeAfterMs: Math.round(h.hedgeDelay() * 10) / 10,
                    ...(until > Date.now() ? { ejectedUntil: new Date(until).toISOString() } : {}),
                };
            }),
            ejections: [...this.ejections],
            disagreements: [...this.disagreements.values()],
        };
    }
    async close() {
        await Promise.all(this.members.map((m) => m.upstream.close?.()));
    }
}

;// CONCATENATED MODULE: ./build/src/upstream/chain.js
// The upstream chain with the go command's GOPROXY semantics:
//  - entries are separated by "," or "|";
//  - after ",", fall through to the next entry only when this one says "not
//    found" (404/410, missing file); after "|", fall through on any error;
//  - "direct" and "off" end the list (later entries are ignored, as in Go);
//  - bare host names get "https://";
//  - the reported error is the most useful one: direct's beats a proxy's
//    failure, which beats a not-found.








/** Parse a GOPROXY-style list exactly as cmd/go's proxyList does. */
function parseProxyList(list) {
    const out = [];
    let rest = list;
    while (rest !== "") {
        let url;
        let fallBackOnError = false;
        const i = rest.search(/[,|]/);
        if (i >= 0) {
            url = rest.slice(0, i);
            fallBackOnError = rest[i] === "|";
            rest = rest.slice(i + 1);
        }
        else {
            url = rest;
            rest = "";
        }
        url = url.trim();
        if (url === "")
            continue;
        if (url === "off") {
            out.push({ url: "off", fallBackOnError: false });
            break;
        }
        if (url === "direct") {
            out.push({ url: "direct", fallBackOnError: false });
            break;
        }
        // Single words are reserved for built-in behaviours; anything else
        // without a scheme is a host name and gets https://.
        if (/[.:/]/.test(url) && !url.includes(":/") && !(0,external_node_path_.isAbsolute)(url))
            url = "https://" + url;
        let parsed;
        try {
            parsed = new URL(url);
        }
        catch {
            throw new Error(`invalid upstream ${JSON.stringify((0,scrub/* scrub */._I)(url))}: not a URL, "direct" or "off"`);
        }
        if (!["http:", "https:", "file:"].includes(parsed.protocol)) {
            throw new Error(`invalid upstream ${JSON.stringify((0,scrub/* scrub */._I)(url))}: only http, https and file URLs, "direct" and "off" are supported`);
        }
        out.push({ url, fallBackOnError });
    }
    if (out.length === 0)
        throw new Error(`the upstream list ${JSON.stringify((0,scrub/* scrub */._I)(list))} contains no entries`);
    return out;
}
/** Whether a chain entry is an HTTP proxy (the kind a mirror pool replaces). */
function isHttpEntry(s) {
    return /^https?:/i.test(s.url);
}
/**
 * The chain as a list of plain proxies with the pool's mirrors in its place
 * (joined by "|", the last keeping the replaced entry's separator): the route
 * the checksum database is looked for on (`/sumdb/<name>/` at a proxy).
 */
function expandMirrors(specs, mirrors) {
    if (mirrors.length === 0)
        return specs;
    const i = specs.findIndex(isHttpEntry);
    const last = i >= 0 ? specs[i].fallBackOnError : false;
    const pool = mirrors.map((url, k) => ({ url, fallBackOnError: k < mirrors.length - 1 ? true : last }));
    return i >= 0 ? [...specs.slice(0, i), ...pool, ...specs.slice(i + 1)] : pool;
}
class UpstreamChain {
    entries;
    /** The mirror pool in the chain, if any. */
    pool;
    constructor(specs, opts) {
        let direct;
        const pool = opts.mirrors?.length ? new MirrorPool(opts.mirrors, { ...(opts.timeouts ? { timeouts: opts.timeouts } : {}), ...(opts.mirrorTuning ? { tuning: opts.mirrorTuning } : {}) }) : undefined;
        this.pool = pool;
        if (pool) {
            const i = specs.findIndex(isHttpEntry);
            specs = i >= 0 ? specs.map((s, j) => (j === i ? { ...s, url: "mirrors" } : s)) : [{ url: "mirrors", fallBackOnError: false }];
        }
        this.entries = specs.map((s) => {
            let upstream;
            if (s.url === "mirrors" && pool)
                upstream = pool;
            else if (s.url === "off")
                upstream = new OffUpstream();
            else if (s.url === "direct")
                upstream = direct ??= new DirectUpstream(opts.direct);
            else if (s.url.startsWith("file:"))
                upstream = new FileUpstream(s.url);
            else
                upstream = new HttpUpstream(s.url, opts.timeouts ?? DEFAULT_TIMEOUTS);
            return { upstream, fallBackOnError: s.fallBackOnError };
        });
    }
    describe() {
        return this.entries.map((e, i) => e.upstream.name + (i < this.entries.length - 1 ? (e.fallBackOnError ? "|" : ",") : "")).join("");
    }
    /**
     * Try each entry in order. `onAttempt` sees every attempt's outcome (for
     * stats and logs). Throws the best error when no entry answered.
     */
    async fetch(t, dest, limit, onAttempt, opts) {
        let best;
        let bestRank = 0; // 0 not found, 1 proxy failure, 2 direct failure
        const tried = [];
        for (const { upstream, fallBackOnError } of this.entries) {
            const start = performance.now();
            try {
                const r = await upstream.fetch(t, dest, limit, opts);
                onAttempt?.(upstream.name, r.ms);
                return r;
            }
            catch (e) {
                // Our own disk failing is not the upstream's fault: stop here.
                if (isLocalDiskError(e))
                    throw e;
                const err = e instanceof Error ? e : new Error(String(e));
                onAttempt?.(upstream.name, performance.now() - start, err);
                tried.push(err.message);
                const notFound = err instanceof NotFoundError;
                if (upstream.name === "direct") {
                    best = err;
                    bestRank = 2;
                }
                else if (bestRank <= 1 && !notFound) {
                    best = err;
                    bestRank = 1;
                }
                else if (bestRank === 0) {
                    best = err;
                }
                if (!fallBackOnError && !notFound)
                    break;
            }
        }
        const detail = tried.length > 1 ? tried.join("; ") : (best?.message ?? "no upstream configured");
        if (best instanceof NotFoundError) {
            throw new NotFoundError(best.upstream, tried.length > 1 ? `${(0,module_file/* describeFile */.C)(t)}: not found at any upstream: ${detail}` : detail);
        }
        const failed = best;
        throw new UpstreamFailure(failed?.upstream ?? "", tried.length > 1 ? `${(0,module_file/* describeFile */.C)(t)}: every upstream failed: ${detail}` : detail, failed?.status);
    }
    /** The content check refused what `served` answered (a mirror pool ejects that mirror). */
    reject(served, target, reason) {
        for (const e of this.entries)
            e.upstream.reject?.(served, target, reason);
    }
    /** The h1: hash of what `served` answered for a .mod or .zip (a mirror pool compares mirrors). */
    observeHash(served, target, hash) {
        for (const e of this.entries)
            e.upstream.observeHash?.(served, target, hash);
    }
    async close() {
        await Promise.all(this.entries.map((e) => e.upstream.close?.()));
    }
}

;// CONCATENATED MODULE: ./build/src/shared/location.js
// The shared store's configuration: where it is (`s3://bucket/prefix`), what
// a job may do with it, and how the S3 client reaches it. Endpoint, region and
// credentials come from the standard AWS environment and profile chain.
/** Parse `s3://bucket[/prefix]`; `source` names where it came from, for errors. */
function parseSharedStoreUrl(url, source) {
    const m = /^s3:\/\/([^/?#@]+)(?:\/([^?#]*))?$/.exec(url.trim());
    if (!m)
        throw new Error(`shared store ${JSON.stringify(url.replace(/\/\/[^/@]*@/, "//***@"))} is not an s3://bucket/prefix URL (from ${source})`);
    const bucket = m[1];
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
        throw new Error(`shared store bucket ${JSON.stringify(bucket)} is not a valid S3 bucket name (from ${source})`);
    }
    const parts = (m[2] ?? "").split("/").filter(Boolean);
    if (parts.some((p) => p === "." || p === ".."))
        throw new Error(`shared store prefix ${JSON.stringify(m[2])} contains "." or ".." (from ${source})`);
    return { bucket, prefix: parts.length ? parts.join("/") + "/" : "" };
}
function parseSharedStoreMode(v, source) {
    if (v === "read-write" || v === "read")
        return v;
    throw new Error(`shared store mode must be "read-write" or "read", got ${JSON.stringify(v)} (from ${source})`);
}
/** "on"/"off" and the booleans an Action input may carry. */
function parseOnOff(name, v, source) {
    if (["on", "true", "yes", "1"].includes(v))
        return true;
    if (["off", "false", "no", "0"].includes(v))
        return false;
    throw new Error(`${name} must be "on" or "off", got ${JSON.stringify(v)} (from ${source})`);
}

;// CONCATENATED MODULE: ./build/src/config/serve-config.js
// Resolves the proxy's configuration with one precedence rule:
//   command-line flags > GOPIN_* environment > the Go environment (`go env`,
//   which covers GO* variables and the Go env file) > built-in defaults.









function goVarsOf(env) {
    const out = {};
    for (const k of GO_ENV_KEYS)
        if (env[k] !== undefined)
            out[k] = env[k];
    return out;
}
function defaultStoreDir(env) {
    const base = env.XDG_CACHE_HOME || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), ".cache");
    return (0,external_node_path_.join)(base, "gopin", "store");
}
/** Whether resolving needs `go env` (some value is not given by a flag or GOPIN_*). */
function needsGoEnv(flags, env) {
    return ((flags.upstream === undefined && env.GOPIN_UPSTREAM === undefined) ||
        (flags.private === undefined && env.GOPIN_PRIVATE === undefined) ||
        (flags.sumdb === undefined && env.GOPIN_SUMDB === undefined));
}
async function resolveServeConfig(flags, env = process.env, goEnv) {
    const sources = {};
    const needGo = (flags.upstream === undefined && env.GOPIN_UPSTREAM === undefined) ||
        flags.private === undefined ||
        (flags.sumdb === undefined && env.GOPIN_SUMDB === undefined);
    // Without `go env`, Go's own variables still count (only the Go env file is skipped).
    const ge = goEnv ?? (needGo ? await readGoEnv(env) : goVarsOf(env));
    const pick = precedencePicker(env, sources, "flag");
    const store = (0,external_node_path_.resolve)(pick("store", flags.store, "GOPIN_STORE", undefined, defaultStoreDir(env)));
    // GONOPROXY defaults to GOPRIVATE inside `go env` already.
    const priv = pick("private", flags.private, "GOPIN_PRIVATE", ge.GONOPROXY ?? ge.GOPRIVATE, "");
    // GOSUMDB's default (in go env) is sum.golang.org; GONOSUMDB defaults to GOPRIVATE there.
    const sumdb = pick("sumdb", flags.sumdb, "GOPIN_SUMDB", ge.GOSUMDB, "sum.golang.org");
    let sumdbConfig;
    try {
        sumdbConfig = parseGoSumdb(sumdb);
    }
    catch (e) {
        throw new Error(`${e.message} (from ${describeSource(sources.sumdb, { explicit: "--sumdb", env: "GOPIN_SUMDB", goEnv: "GOSUMDB" })})`);
    }
    const readAhead = pick("readAhead", flags.readAhead, "GOPIN_READ_AHEAD", undefined, "on");
    if (readAhead !== "on" && readAhead !== "off") {
        throw new Error(`read-ahead must be "on" or "off", got ${JSON.stringify(readAhead)} (from ${describeSource(sources.readAhead, { explicit: "--read-ahead", env: "GOPIN_READ_AHEAD" })})`);
    }
    const checkStoreAtStart = pick("checkStoreAtStart", flags.checkStoreAtStart, "GOPIN_CHECK_STORE_AT_START", undefined, "on");
    if (checkStoreAtStart !== "on" && checkStoreAtStart !== "off") {
        throw new Error(`check-store-at-start must be "on" or "off", got ${JSON.stringify(checkStoreAtStart)} (from ${describeSource(sources.checkStoreAtStart, { explicit: "--check-store-at-start", env: "GOPIN_CHECK_STORE_AT_START" })})`);
    }
    // Private modules are never looked up in a checksum database, whatever
    // else GONOSUMDB (or --nosumdb, GOPIN_NOSUMDB) says.
    const noSumDb = addPatterns(pick("noSumDb", flags.noSumDb, "GOPIN_NOSUMDB", ge.GONOSUMDB || ge.GOPRIVATE, ""), priv);
    const upstream = pick("upstream", flags.upstream, "GOPIN_UPSTREAM", ge.GOPROXY, "direct");
    return {
        listen: pick("listen", flags.listen, "GOPIN_LISTEN", undefined, "127.0.0.1:0"),
        store,
        upstream,
        mirrors: resolveMirrors(pick, sources, flags.mirrors, upstream),
        private: priv,
        noSumDb,
        goPrivate: priv !== "" ? addPatterns(ge.GOPRIVATE ?? "", priv) : "",
        sumdb: sumdbConfig ? sumdb : "off",
        sumdbConfig,
        goBinary: goBinary(env),
        directModCache: (0,external_node_path_.join)((0,external_node_path_.dirname)(store), (0,external_node_path_.basename)(store) + "-direct-modcache"),
        log: pick("log", flags.log, "GOPIN_LOG", undefined, "stderr"),
        readAhead: readAhead === "on",
        checkStoreAtStart: checkStoreAtStart === "on",
        ...sharedStoreOf(flags, pick, sources),
        sources,
    };
}
/**
 * The mirror pool takes the place of the chain's first HTTP entry. A chain
 * with none is replaced by the pool, unless that chain was asked for
 * explicitly (a flag or GOPIN_UPSTREAM): then the two contradict each other.
 */
function resolveMirrors(pick, sources, flag, upstream) {
    const names = { explicit: "--mirrors", env: "GOPIN_MIRRORS" };
    const text = pick("mirrors", flag, "GOPIN_MIRRORS", undefined, "");
    let mirrors;
    try {
        mirrors = parseMirrors(text);
    }
    catch (e) {
        throw new Error(`${e.message} (from ${describeSource(sources.mirrors, names)})`);
    }
    if (mirrors.length > 0 && (sources.upstream === "flag" || sources.upstream === "env") && !parseProxyList(upstream).some(isHttpEntry)) {
        throw new Error(`the mirror pool (from ${describeSource(sources.mirrors, names)}) takes the place of the upstream chain's first HTTP proxy, but ${JSON.stringify((0,scrub/* scrub */._I)(upstream))} (from ${describeSource(sources.upstream, { explicit: "--upstream", env: "GOPIN_UPSTREAM" })}) has none: add the pool's place, e.g. "https://mirror.example,direct", or drop the upstream setting`);
    }
    return mirrors;
}
function sharedStoreOf(flags, pick, sources) {
    const url = pick("sharedStore", flags.sharedStore, "GOPIN_SHARED_STORE", undefined, "");
    if (url === "")
        return {};
    const from = (name, flag, env) => describeSource(sources[name], { explicit: flag, env });
    const { bucket, prefix } = parseSharedStoreUrl(url, from("sharedStore", "--shared-store", "GOPIN_SHARED_STORE"));
    const mode = parseSharedStoreMode(pick("sharedStoreMode", flags.sharedStoreMode, "GOPIN_SHARED_STORE_MODE", undefined, "read-write"), from("sharedStoreMode", "--shared-store-mode", "GOPIN_SHARED_STORE_MODE"));
    const priv = parseOnOff("shared-store-private", pick("sharedStorePrivate", flags.sharedStorePrivate, "GOPIN_SHARED_STORE_PRIVATE", undefined, "off"), from("sharedStorePrivate", "--shared-store-private", "GOPIN_SHARED_STORE_PRIVATE"));
    const pathStyle = pick("sharedStorePathStyle", flags.sharedStorePathStyle, "GOPIN_SHARED_STORE_PATH_STYLE", undefined, "");
    return {
        shared: {
            url,
            bucket,
            prefix,
            mode,
            private: priv,
            ...(pathStyle !== "" ? { pathStyle: parseOnOff("shared-store-path-style", pathStyle, from("sharedStorePathStyle", "--shared-store-path-style", "GOPIN_SHARED_STORE_PATH_STYLE")) } : {}),
        },
    };
}

// EXTERNAL MODULE: ./build/src/gomod/semver.js
var semver = __nccwpck_require__(6874);
// EXTERNAL MODULE: ./build/src/gomod/escape.js
var gomod_escape = __nccwpck_require__(6493);
;// CONCATENATED MODULE: ./build/src/time/format.js
// Time-window primitives shared by the policy, the lockfile and the report.
//
// Durations are plain numbers of milliseconds (fractions allowed for the
// sub-millisecond units Go can print). Instants are JS Dates; on the wire they
// are RFC 3339 strings as Go's time.RFC3339 / time.RFC3339Nano print them.
/** Thrown for a duration or instant that cannot be parsed. */
class TimeFormatError extends Error {
    constructor(message) {
        super(message);
        this.name = "TimeFormatError";
    }
}
const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
const MS_PER_WEEK = 7 * MS_PER_DAY;
/** Milliseconds per unit. "d" is 24h and "w" is 7d (no calendar or DST logic). */
const UNITS = {
    ns: 1e-6,
    us: 1e-3,
    "\u00b5s": 1e-3, // µ MICRO SIGN, as Go prints
    "\u03bcs": 1e-3, // μ GREEK SMALL LETTER MU, also accepted by Go
    ms: 1,
    s: MS_PER_SECOND,
    m: MS_PER_MINUTE,
    h: MS_PER_HOUR,
    d: MS_PER_DAY,
    w: MS_PER_WEEK,
};
const DURATION_EXAMPLES = "e.g. 7d, 36h, 90m, 1w, 2d12h or Go's 168h0m0s";
/**
 * Parses a non-negative duration into milliseconds.
 *
 * Grammar: one or more `<number><unit>` terms written without spaces, where
 * number is decimal with an optional fraction (`1.5h`, `.5h`) and unit is one of
 * ns, us (µs, μs), ms, s, m, h, d (24h), w (7d). Terms may repeat and come in
 * any order (`2d12h`, Go's `168h0m0s`). A bare `0` is allowed; any other
 * number needs a unit. Negative or signed durations are rejected, as is garbage.
 * Leading/trailing whitespace is ignored.
 */
function parseDuration(input) {
    const s = input.trim();
    if (s === "")
        throw new TimeFormatError(`invalid duration "": empty; write a duration such as ${DURATION_EXAMPLES}`);
    if (s[0] === "-") {
        throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: negative durations are not allowed; use a value >= 0 (${DURATION_EXAMPLES})`);
    }
    if (s === "0")
        return 0;
    if (/^\+?[0-9]*\.?[0-9]+$|^\+?[0-9]+\.$/.test(s)) {
        throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: missing unit; add one of ns, us, ms, s, m, h, d, w (${DURATION_EXAMPLES})`);
    }
    const term = /([0-9]*(?:\.[0-9]*)?)([a-zA-Z\u00b5\u03bc]+)/y;
    let pos = 0;
    let total = 0;
    while (pos < s.length) {
        term.lastIndex = pos;
        const m = term.exec(s);
        const num = m?.[1] ?? "";
        if (!m || !/[0-9]/.test(num)) {
            throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: unexpected ${JSON.stringify(s.slice(pos))}; write a duration such as ${DURATION_EXAMPLES}`);
        }
        const unit = m[2];
        const per = UNITS[unit];
        if (per === undefined) {
            throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: unknown unit ${JSON.stringify(unit)}; use ns, us, ms, s, m, h, d or w (${DURATION_EXAMPLES})`);
        }
        total += Number(num) * per;
        pos = term.lastIndex;
    }
    if (!Number.isFinite(total) || total > Number.MAX_SAFE_INTEGER) {
        throw new TimeFormatError(`invalid duration ${JSON.stringify(input)}: too large`);
    }
    return total;
}
/**
 * Formats milliseconds compactly and losslessly for whole milliseconds:
 * `7d`, `1d12h`, `1h30m`, `45s`, `1m0.5s` is written `1m500ms`, `0s` for zero.
 * Units used: d, h, m, s, ms (never w). Fractions of a millisecond are kept as
 * a decimal `ms` term (`0.5ms`). Negative values get a leading "-".
 * `parseDuration(formatDuration(x)) === x` for every whole, non-negative,
 * safe-integer x.
 */
function formatDuration(ms) {
    if (!Number.isFinite(ms))
        throw new RangeError(`formatDuration: ${ms} is not a finite number`);
    if (ms < 0)
        return "-" + formatDuration(-ms);
    if (ms === 0)
        return "0s";
    let rest = Math.floor(ms);
    const frac = ms - rest;
    let out = "";
    for (const [unit, per] of [["d", MS_PER_DAY], ["h", MS_PER_HOUR], ["m", MS_PER_MINUTE], ["s", MS_PER_SECOND]]) {
        const n = Math.floor(rest / per);
        if (n > 0) {
            out += `${n}${unit}`;
            rest -= n * per;
        }
    }
    const msPart = rest + frac;
    if (msPart > 0) {
        // Round away float noise (0.30000000000000004) at nanosecond precision.
        const rounded = Math.round(msPart * 1e6) / 1e6;
        out += `${rounded}ms`;
    }
    return out === "" ? "0s" : out;
}
const RFC3339_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$/;
const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
function daysIn(year, month) {
    if (month === 2)
        return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
function checkDate(y, mo, d) {
    if (mo < 1 || mo > 12)
        return "month out of range";
    if (d < 1 || d > daysIn(y, mo))
        return "day out of range";
    return undefined;
}
/** Parses an RFC 3339 timestamp; returns the Date or a reason it is invalid. */
function parseRfc3339(s) {
    const m = RFC3339_RE.exec(s);
    if (!m)
        return "not in RFC 3339 form";
    const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
    const bad = checkDate(y, mo, d);
    if (bad)
        return bad;
    if (h > 23)
        return "hour out of range";
    if (mi > 59)
        return "minute out of range";
    if (se > 59)
        return "second out of range";
    let offsetMin = 0;
    const zone = m[8];
    if (zone !== "Z") {
        const oh = Number(zone.slice(1, 3));
        const om = Number(zone.slice(4, 6));
        if (oh > 23 || om > 59)
            return "time zone offset out of range";
        offsetMin = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
    }
    // Sub-millisecond digits are truncated (a JS Date holds milliseconds).
    const fracMs = m[7] ? Number((m[7].slice(1) + "00").slice(0, 3)) : 0;
    // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, se, fracMs);
    return new Date(date.getTime() - offsetMin * MS_PER_MINUTE);
}
/**
 * Reports whether s is an RFC 3339 timestamp as Go's time.RFC3339(Nano) parses
 * it: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, upper-case T and Z, valid
 * calendar date and clock time.
 */
function isRFC3339(s) {
    return typeof parseRfc3339(s) !== "string";
}
/**
 * Parses an instant: an RFC 3339 timestamp (`2024-01-02T03:04:05Z`,
 * `2024-01-02T03:04:05.123+02:00`) or a calendar date `YYYY-MM-DD`, meaning
 * UTC midnight at the start of that day. Throws TimeFormatError otherwise.
 */
function parseInstant(input) {
    const s = input.trim();
    const dm = DATE_RE.exec(s);
    if (dm) {
        const [y, mo, d] = [Number(dm[1]), Number(dm[2]), Number(dm[3])];
        const bad = checkDate(y, mo, d);
        if (bad)
            throw new TimeFormatError(`invalid date ${JSON.stringify(input)}: ${bad}`);
        return parseRfc3339(`${s}T00:00:00Z`);
    }
    const r = parseRfc3339(s);
    if (typeof r === "string") {
        throw new TimeFormatError(`invalid instant ${JSON.stringify(input)}: ${r}; write an RFC 3339 time such as 2024-01-02T03:04:05Z (or with an offset, 2024-01-02T05:04:05+02:00) or a date such as 2024-01-02 (UTC midnight)`);
    }
    return r;
}
/**
 * Formats a Date as RFC 3339 in UTC with seconds precision, exactly as Go's
 * `t.UTC().Format(time.RFC3339)` does: `2024-01-02T03:04:05Z` (fractional
 * seconds are truncated, not rounded). Throws RangeError for an invalid Date or
 * a year outside 0000..9999 (which RFC 3339 cannot represent).
 */
function formatInstant(d) {
    const t = d.getTime();
    if (Number.isNaN(t))
        throw new RangeError("formatInstant: invalid Date");
    const y = d.getUTCFullYear();
    if (y < 0 || y > 9999)
        throw new RangeError(`formatInstant: year ${y} is outside 0000..9999`);
    const p = (n, w = 2) => String(n).padStart(w, "0");
    return `${p(y, 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}Z`;
}

;// CONCATENATED MODULE: ./build/src/lock/model.js
// The in-memory model of gopin.lock and the validators shared by the parser,
// the printer and the merge code. The text syntax is documented in
// docs/lockfile.md.



/** The lockfile format this gopin writes. */
const LOCKFILE_FORMAT = 1;
/**
 * The format of a lock with `missing` records (pinned not-found answers):
 * format 1 plus that record, which a format-1 reader would reject, so such a
 * lock says 2 and an older gopin asks to be upgraded. A lock without them is
 * written as format 1, byte for byte as before.
 */
const MISSING_RECORDS_FORMAT = 2;
/** Every lockfile format this gopin reads. */
const SUPPORTED_LOCKFILE_FORMATS = [1, MISSING_RECORDS_FORMAT];
/** The first line of every format-1 lockfile. */
const LOCKFILE_HEADER = `gopin-lock ${LOCKFILE_FORMAT}`;
const DEFAULT_LOCKFILE_NAME = "gopin.lock";
/** The Origin keys in the order they are printed. */
const ORIGIN_FIELDS = ["vcs", "url", "subdir", "ref", "hash"];
/** Thrown for a lockfile that cannot be read; the message starts with `file:line: `. */
class LockfileError extends Error {
    file;
    line;
    reason;
    constructor(file, line, reason) {
        super(`${file}:${line}: ${reason}`);
        this.name = "LockfileError";
        this.file = file;
        this.line = line;
        this.reason = reason;
    }
}
function emptyLockfile() {
    return { policy: { exempt: [] }, modules: new Map(), sumdb: new Map() };
}
function emptyModule() {
    return { versions: new Map() };
}
/** Returns the module entry for path, creating it if needed. */
function moduleEntry(lock, path) {
    let m = lock.modules.get(path);
    if (!m) {
        m = emptyModule();
        lock.modules.set(path, m);
    }
    return m;
}
/** Looks up a locked version. */
function lockedVersion(lock, path, version) {
    return lock?.modules.get(path)?.versions.get(version);
}
/**
 * How a not-found answer is named in the lock: `@v/list`, `@latest`, or
 * `@v/<version>` for a version's .info, .mod or .zip (a version query too).
 */
function missingAnswer(req) {
    return req.kind === "list" ? "@v/list" : req.kind === "latest" ? "@latest" : `@v/${req.version}`;
}
/** A version's `.info` answer as the lockfile pins it (Go's field names and order): what verify mode serves, and what the prefill writes. */
function lockedInfo(version, lv) {
    const info = { Version: version };
    if (lv.time !== undefined)
        info.Time = lv.time;
    const o = lv.origin;
    if (o) {
        const origin = {};
        if (o.vcs)
            origin.VCS = o.vcs;
        if (o.url)
            origin.URL = o.url;
        if (o.subdir)
            origin.Subdir = o.subdir;
        if (o.hash)
            origin.Hash = o.hash;
        if (o.ref)
            origin.Ref = o.ref;
        if (Object.keys(origin).length)
            info.Origin = origin;
    }
    return Buffer.from(JSON.stringify(info));
}
/** Not-found answers sort as list, latest, then versions in semver order (queries by bytes after them). */
function sortMissing(answers) {
    const rank = (a) => (a === "@v/list" ? 0 : a === "@latest" ? 1 : (0,semver/* isValid */.fn)(a.slice(3)) ? 2 : 3);
    return [...answers].sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? (0,semver/* compareVersion */.Gm)(a.slice(3), b.slice(3)) : 0) || (0,semver/* compareStrings */.Kt)(a, b));
}
function missingProblem(path, answer) {
    if (answer === "@v/list" || answer === "@latest" || (answer.startsWith("@v/") && answer.length > 3))
        return undefined;
    return `not-found answer ${JSON.stringify(answer)} for ${path}: expected @v/list, @latest or @v/<version>`;
}
/** Deep copy. */
function cloneLockfile(lock) {
    const modules = new Map();
    for (const [path, m] of lock.modules) {
        const versions = new Map();
        for (const [v, e] of m.versions)
            versions.set(v, cloneVersion(e));
        const c = { versions };
        if (m.list)
            c.list = [...m.list];
        if (m.latest)
            c.latest = { ...m.latest };
        if (m.missing)
            c.missing = new Set(m.missing);
        modules.set(path, c);
    }
    const sumdb = new Map();
    for (const [n, t] of lock.sumdb)
        sumdb.set(n, { ...t });
    const policy = { exempt: [...lock.policy.exempt] };
    if (lock.policy.asOf !== undefined)
        policy.asOf = lock.policy.asOf;
    if (lock.policy.minReleaseAge !== undefined)
        policy.minReleaseAge = lock.policy.minReleaseAge;
    return { policy, modules, sumdb };
}
function cloneVersion(e) {
    const c = { ...e };
    if (e.origin)
        c.origin = { ...e.origin };
    return c;
}
// ---------------------------------------------------------------------------
// Ordering
/** Go semver order (semver.Compare, ties broken by byte order), as go uses for lists. */
function sortVersions(versions) {
    return [...versions].sort(semver/* compareVersion */.Gm);
}
/** Module paths sort by their bytes (Go's string order). */
function sortPaths(paths) {
    return [...paths].sort(semver/* compareStrings */.Kt);
}
/** Splits "path@version" at the first "@" (module paths cannot contain "@"). */
function splitModVersion(s) {
    const i = s.indexOf("@");
    if (i <= 0 || i === s.length - 1)
        return undefined;
    return [s.slice(0, i), s.slice(i + 1)];
}
function compareExempt(a, b) {
    const pa = splitModVersion(a) ?? [a, ""];
    const pb = splitModVersion(b) ?? [b, ""];
    return (0,semver/* compareStrings */.Kt)(pa[0], pb[0]) || (0,semver/* compareVersion */.Gm)(pa[1], pb[1]);
}
function sortExempt(list) {
    return [...new Set(list)].sort(compareExempt);
}
/**
 * Returns the canonical form of a lock: lists deduplicated and sorted,
 * exemptions deduplicated and sorted, modules with nothing to print removed.
 * (Map order never matters: printing sorts.) Does not modify its argument.
 */
function canonicalizeLockfile(lock) {
    const c = cloneLockfile(lock);
    c.policy.exempt = sortExempt(c.policy.exempt);
    for (const [path, m] of [...c.modules]) {
        if (m.list)
            m.list = sortVersions(new Set(m.list));
        if (m.versions.size === 0 && !m.list && !m.latest && !m.missing?.size)
            c.modules.delete(path);
    }
    return c;
}
// ---------------------------------------------------------------------------
// Validators: each returns undefined when fine, else a reason (no trailing period).
function moduleVersionProblem(path, version) {
    const p = modulePathProblem(path);
    if (p)
        return p;
    return versionProblem(path, version);
}
function modulePathProblem(path) {
    if (validPaths.has(path))
        return undefined;
    if ((0,gomod_escape/* isValidModulePath */.iL)(path)) {
        // Record mode checks every entry on each lockfile write: remember the good ones.
        if (validPaths.size >= VALID_PATHS_KEPT)
            validPaths.clear();
        validPaths.add(path);
        return undefined;
    }
    try {
        (0,gomod_escape/* checkPath */.Cg)(path);
    }
    catch (e) {
        return e.message;
    }
    return `malformed module path ${JSON.stringify(path)}`;
}
const validPaths = new Set();
const VALID_PATHS_KEPT = 100_000;
const validVersions = new Set();
/** A locked version must be a canonical semantic version matching the path's major version. */
function versionProblem(path, version) {
    const key = `${path}@${version}`;
    if (validVersions.has(key))
        return undefined;
    const p = versionProblemOf(path, version);
    if (p === undefined) {
        if (validVersions.size >= VALID_PATHS_KEPT)
            validVersions.clear();
        validVersions.add(key);
    }
    return p;
}
function versionProblemOf(path, version) {
    if (!(0,semver/* isValid */.fn)(version)) {
        return `invalid version ${JSON.stringify(version)} for ${path}: not a semantic version (expected e.g. v1.2.3)`;
    }
    if ((0,semver/* canonicalVersion */.Bp)(version) !== version) {
        return `invalid version ${JSON.stringify(version)} for ${path}: not canonical (expected ${(0,semver/* canonicalVersion */.Bp)(version)})`;
    }
    try {
        (0,gomod_escape/* checkPathMajor */.he)(version, (0,gomod_escape/* splitPathVersion */.W8)(path).pathMajor);
    }
    catch (e) {
        return `version ${version} does not belong to module ${path}: ${e.message}`;
    }
    return undefined;
}
/** `@v/list` entries only need to be valid semver (go itself ignores anything else). */
function listVersionProblem(path, version) {
    if (!(0,semver/* isValid */.fn)(version)) {
        return `invalid version ${JSON.stringify(version)} in the version list of ${path}: not a semantic version`;
    }
    return undefined;
}
/** `h1:` followed by the standard base64 of a 32-byte SHA-256, as in go.sum. */
function isH1Hash(s) {
    return s.startsWith("h1:") && isBase64Of(s.slice(3), 32);
}
/** Canonical standard base64 (with padding) of exactly `bytes` bytes, or of any length when omitted. */
function isBase64Of(s, bytes) {
    if (s.length === 0 || s.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s))
        return false;
    const buf = Buffer.from(s, "base64");
    if (bytes !== undefined && buf.length !== bytes)
        return false;
    return buf.toString("base64") === s;
}
function hashProblem(field, value) {
    if (isH1Hash(value))
        return undefined;
    if (!value.startsWith("h1:"))
        return `${field}=${value}: not an h1: hash (expected h1: followed by 44 base64 characters, as in go.sum)`;
    return `${field}=${value}: malformed or truncated h1: hash (expected h1: followed by 44 base64 characters, as in go.sum)`;
}
function timeProblem(field, value) {
    if (isRFC3339(value))
        return undefined;
    return `${field}=${value}: not an RFC 3339 time (expected e.g. 2024-01-02T03:04:05Z)`;
}
// The one rule for what a lockfile can hold, shared by the printer, the
// record-mode merge and admission (so no upstream answer is accepted that
// the lockfile could not be written with).
/** Why a `version` record could not be written (undefined when it can). */
function versionRecordProblem(path, version, e) {
    return (versionProblem(path, version) ??
        (e.time !== undefined ? timeProblem("time", e.time) : undefined) ??
        (e.mod !== undefined ? hashProblem("mod", e.mod) : undefined) ??
        (e.zip !== undefined ? hashProblem("zip", e.zip) : undefined) ??
        (e.sumdbRecord !== undefined && (!Number.isSafeInteger(e.sumdbRecord) || e.sumdbRecord < 0) ? `rec=${e.sumdbRecord}` : undefined));
}
/** Why a `latest` record could not be written (undefined when it can). */
function latestRecordProblem(path, version, time) {
    return versionProblem(path, version) ?? (time !== undefined ? timeProblem("time", time) : undefined);
}
function policyProblem(policy) {
    if (policy.asOf !== undefined) {
        if (/\s/.test(policy.asOf) || policy.asOf === "")
            return `policy as-of ${JSON.stringify(policy.asOf)}: must be one word`;
        try {
            parseInstant(policy.asOf);
        }
        catch (e) {
            return `policy as-of: ${e.message}`;
        }
    }
    if (policy.minReleaseAge !== undefined) {
        if (/\s/.test(policy.minReleaseAge) || policy.minReleaseAge === "") {
            return `policy min-age ${JSON.stringify(policy.minReleaseAge)}: must be one word`;
        }
        try {
            parseDuration(policy.minReleaseAge);
        }
        catch (e) {
            return `policy min-age: ${e.message}`;
        }
    }
    for (const ex of policy.exempt) {
        const p = exemptProblem(ex);
        if (p)
            return p;
    }
    return undefined;
}
function exemptProblem(ex) {
    const mv = splitModVersion(ex);
    if (!mv)
        return `policy exempt ${JSON.stringify(ex)}: expected module@version`;
    return moduleVersionProblem(mv[0], mv[1]);
}
function sumdbNameProblem(name) {
    if (/^[A-Za-z0-9][A-Za-z0-9._\-]*$/.test(name))
        return undefined;
    return `invalid checksum database name ${JSON.stringify(name)}`;
}
function isUint(s) {
    return /^(0|[1-9][0-9]*)$/.test(s) && Number.isSafeInteger(Number(s));
}
/** Compares two instants given as RFC 3339 strings (equal strings, or the same moment). */
function sameInstant(a, b) {
    if (a === b)
        return true;
    try {
        return parseInstant(a).getTime() === parseInstant(b).getTime();
    }
    catch {
        return false;
    }
}
function originsEqual(a, b) {
    if (!a || !b)
        return a === b;
    return ORIGIN_FIELDS.every((k) => a[k] === b[k]);
}

;// CONCATENATED MODULE: ./build/src/lock/syntax.js
// parseLockfile / printLockfile: the gopin.lock text format (docs/lockfile.md).



/** The comment printed on line 2 of every lockfile gopin writes. */
const LOCKFILE_COMMENT = "# Written by gopin: one record per line, sorted. On a merge conflict keep both sides' lines (each record once) or re-record.";
const SUPPORTED = SUPPORTED_LOCKFILE_FORMATS.join(", ");
const REDO = "fix or delete the line, or delete the lockfile and re-run gopin in record mode";
// ---------------------------------------------------------------------------
// Field value encoding: bytes outside printable ASCII (0x21..0x7E) and "%" are
// written as %XX (upper-case hex) of their UTF-8 encoding.
function encodeValue(s) {
    let out = "";
    for (const ch of s) {
        const c = ch.codePointAt(0);
        if (c >= 0x21 && c <= 0x7e && ch !== "%")
            out += ch;
        else
            for (const b of Buffer.from(ch, "utf8"))
                out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
    }
    return out;
}
function decodeValue(s) {
    if (!s.includes("%"))
        return s;
    const bytes = [];
    for (let i = 0; i < s.length;) {
        if (s[i] === "%") {
            const hex = s.slice(i + 1, i + 3);
            if (!/^[0-9A-Fa-f]{2}$/.test(hex))
                return undefined;
            bytes.push(parseInt(hex, 16));
            i += 3;
        }
        else {
            for (const b of Buffer.from(s[i], "utf8"))
                bytes.push(b);
            i++;
        }
    }
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
    }
    catch {
        return undefined;
    }
}
// ---------------------------------------------------------------------------
// Parsing
const CONFLICT_MARKER = /^(?:<{7}|>{7}|\|{7})(?:\s|$)|^={7}\s*$/;
/**
 * Parses gopin.lock text. Strict: throws LockfileError (with file, 1-based
 * line and a `file:line: reason` message) for anything it cannot read exactly.
 * Accepted leniencies, all for humans editing the file: records in any order,
 * blank lines, `#` comment lines, CRLF line ends, a UTF-8 BOM, runs of spaces
 * or tabs between fields, fields in any order, and a missing final newline.
 * None of them survive printLockfile.
 */
function parseLockfile(text, fileName = DEFAULT_LOCKFILE_NAME) {
    const fail = (line, reason) => {
        throw new LockfileError(fileName, line, reason);
    };
    if (text.charCodeAt(0) === 0xfeff)
        text = text.slice(1);
    const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
    if (lines.length > 0 && lines[lines.length - 1] === "")
        lines.pop();
    if (lines.every((l) => l.trim() === "")) {
        fail(1, `the lockfile is empty; expected the header "${LOCKFILE_HEADER}" on line 1. Restore it from version control, or delete it and re-run gopin in record mode`);
    }
    lines.forEach((l, i) => {
        if (CONFLICT_MARKER.test(l)) {
            fail(i + 1, `unresolved merge conflict (marker ${JSON.stringify(l.slice(0, 7))}). Resolve it by keeping the records of both sides (each record once; for the same module version keep one line) and deleting the <<<<<<<, ======= and >>>>>>> lines, or delete the lockfile and re-run gopin in record mode`);
        }
    });
    // Header.
    const header = lines[0].trim();
    const hm = /^gopin-lock(?:[ \t]+(\S*))?(?:[ \t]+.*)?$/.exec(header);
    if (!hm) {
        fail(1, `missing lockfile header: line 1 must be "${LOCKFILE_HEADER}" (this gopin reads lockfile format ${SUPPORTED}); is this a gopin.lock file?`);
    }
    const fmt = hm[1] ?? "";
    if (fmt === "")
        fail(1, `the header has no format version: expected "${LOCKFILE_HEADER}" (this gopin reads lockfile format ${SUPPORTED})`);
    if (!/^[0-9]+$/.test(fmt) || !SUPPORTED_LOCKFILE_FORMATS.includes(Number(fmt))) {
        fail(1, `unsupported lockfile format ${JSON.stringify(fmt)}: this gopin reads lockfile format ${SUPPORTED} only; upgrade gopin to read this file, or delete it and re-record`);
    }
    if (header !== `gopin-lock ${fmt}`)
        fail(1, `malformed header ${JSON.stringify(header)}: expected exactly "${LOCKFILE_HEADER}"`);
    const lock = emptyLockfile();
    const seen = new Map();
    const origins = [];
    const dup = (key, line, what) => {
        const prev = seen.get(key);
        if (prev)
            fail(line, `duplicate ${what} (first on line ${prev.line}); keep one of the two lines and delete the other`);
        seen.set(key, { line });
    };
    for (let i = 1; i < lines.length; i++) {
        const n = i + 1;
        const raw = lines[i];
        const trimmed = raw.trim();
        if (trimmed === "" || trimmed.startsWith("#"))
            continue;
        const f = trimmed.split(/[ \t]+/);
        const kw = f[0];
        switch (kw) {
            case "policy":
                parsePolicy(lock, f, n, fail, dup);
                break;
            case "sumdb": {
                const usage = `expected "sumdb <name> size=<n> hash=<base64> [note=<base64>]"`;
                if (f.length < 2)
                    fail(n, `truncated or malformed sumdb record: ${usage}; ${REDO}`);
                const name = f[1];
                const p = sumdbNameProblem(name);
                if (p)
                    fail(n, `${p}; ${REDO}`);
                const kv = parseKeyValues(f.slice(2), ["size", "hash", "note"], n, fail, "sumdb");
                if (kv.size === undefined || kv.hash === undefined)
                    fail(n, `truncated or malformed sumdb record: size= and hash= are required: ${usage}`);
                if (!isUint(kv.size))
                    fail(n, `sumdb size=${kv.size}: expected a non-negative integer`);
                if (!isBase64Of(kv.hash, 32))
                    fail(n, `sumdb hash=${kv.hash}: expected the base64 of a 32-byte tree hash`);
                const th = { size: Number(kv.size), hash: kv.hash };
                if (kv.note !== undefined) {
                    if (!isBase64Of(kv.note))
                        fail(n, `sumdb note=: expected the base64 of the signed note`);
                    th.note = Buffer.from(kv.note, "base64").toString("utf8");
                }
                dup(`sumdb ${name}`, n, `sumdb record for ${name}`);
                lock.sumdb.set(name, th);
                break;
            }
            case "list": {
                if (f.length < 2)
                    fail(n, `truncated or malformed list record: expected "list <module> [<version> ...]"; ${REDO}`);
                const path = f[1];
                const pp = modulePathProblem(path);
                if (pp)
                    fail(n, `${pp}; ${REDO}`);
                const vs = f.slice(2);
                const inList = new Set();
                for (const v of vs) {
                    const vp = listVersionProblem(path, v);
                    if (vp)
                        fail(n, `${vp}; ${REDO}`);
                    if (inList.has(v))
                        fail(n, `version ${v} appears twice in the version list of ${path}; delete one`);
                    inList.add(v);
                }
                dup(`list ${path}`, n, `list record for ${path}`);
                moduleEntry(lock, path).list = sortVersions(vs);
                break;
            }
            case "latest": {
                if (f.length < 3 || f[2].includes("=")) {
                    fail(n, `truncated or malformed latest record: expected "latest <module> <version> [time=<RFC 3339>]"; ${REDO}`);
                }
                const [path, version] = [f[1], f[2]];
                const p = moduleVersionProblem(path, version);
                if (p)
                    fail(n, `${p}; ${REDO}`);
                const kv = parseKeyValues(f.slice(3), ["time"], n, fail, "latest");
                if (kv.time !== undefined) {
                    const tp = timeProblem("time", kv.time);
                    if (tp)
                        fail(n, `${tp}; ${REDO}`);
                }
                dup(`latest ${path}`, n, `latest record for ${path}`);
                moduleEntry(lock, path).latest = kv.time !== undefined ? { version, time: kv.time } : { version };
                break;
            }
            case "missing": {
                const usage = `expected "missing <module> @v/list", "missing <module> @latest" or "missing <module> @v/<version>"`;
                if (f.length !== 3)
                    fail(n, `truncated or malformed missing record: ${usage}; ${REDO}`);
                const path = f[1];
                const answer = decodeValue(f[2]);
                const p = modulePathProblem(path) ?? (answer === undefined ? `malformed %-escape in ${JSON.stringify(f[2])}` : missingProblem(path, answer));
                if (p)
                    fail(n, `${p}; ${REDO}`);
                dup(`missing ${path} ${answer}`, n, `missing record for ${path} ${answer}`);
                (moduleEntry(lock, path).missing ??= new Set()).add(answer);
                break;
            }
            case "version": {
                const usage = `expected "version <module> <version> [time=<RFC 3339>] [mod=h1:...] [zip=h1:...]"`;
                if (f.length < 3 || f[2].includes("="))
                    fail(n, `truncated or malformed version record: ${usage}; ${REDO}`);
                const [path, version] = [f[1], f[2]];
                const p = moduleVersionProblem(path, version);
                if (p)
                    fail(n, `${p}; ${REDO}`);
                const kv = parseKeyValues(f.slice(3), ["time", "mod", "zip", "rec"], n, fail, "version");
                const e = {};
                if (kv.time !== undefined) {
                    const tp = timeProblem("time", kv.time);
                    if (tp)
                        fail(n, `${tp}; ${REDO}`);
                    e.time = kv.time;
                }
                for (const k of ["mod", "zip"]) {
                    const v = kv[k];
                    if (v === undefined)
                        continue;
                    const hp = hashProblem(k, v);
                    if (hp)
                        fail(n, `${hp}; ${REDO}`);
                    e[k] = v;
                }
                if (kv.rec !== undefined) {
                    if (!isUint(kv.rec))
                        fail(n, `rec=${kv.rec}: expected a non-negative integer (checksum database record number)`);
                    e.sumdbRecord = Number(kv.rec);
                }
                if (e.time === undefined && e.mod === undefined && e.zip === undefined) {
                    fail(n, `truncated or malformed version record for ${path}@${version}: it needs at least one of time=, mod=, zip=; ${usage}`);
                }
                dup(`version ${path} ${version}`, n, `version record for ${path}@${version}`);
                moduleEntry(lock, path).versions.set(version, e);
                break;
            }
            case "origin": {
                if (f.length < 4 || f[2].includes("=")) {
                    fail(n, `truncated or malformed origin record: expected "origin <module> <version> [vcs=...] [url=...] [subdir=...] [ref=...] [hash=...]" with at least one field; ${REDO}`);
                }
                const [path, version] = [f[1], f[2]];
                const p = moduleVersionProblem(path, version);
                if (p)
                    fail(n, `${p}; ${REDO}`);
                const kv = parseKeyValues(f.slice(3), ORIGIN_FIELDS, n, fail, "origin");
                dup(`origin ${path} ${version}`, n, `origin record for ${path}@${version}`);
                // Attached after all lines are read (records may come in any order).
                origins.push({ path, version, line: n, origin: kv });
                break;
            }
            default:
                if (/^gopin-lock\b/.test(kw))
                    fail(n, `a second lockfile header; only line 1 may hold "${LOCKFILE_HEADER}" (two lockfiles concatenated?)`);
                fail(n, `unknown record type ${JSON.stringify(kw)}: this gopin (lockfile format ${LOCKFILE_FORMAT}) knows policy, sumdb, list, latest, missing, version and origin; ${REDO}`);
        }
    }
    for (const o of origins) {
        const e = lock.modules.get(o.path)?.versions.get(o.version);
        if (!e)
            fail(o.line, `origin record for ${o.path}@${o.version} has no version record; add the version line or delete this one`);
        e.origin = o.origin;
    }
    lock.policy.exempt = sortExempt(lock.policy.exempt);
    return lock;
}
function parseKeyValues(fields, allowed, line, fail, record) {
    const out = {};
    for (const f of fields) {
        const eq = f.indexOf("=");
        if (eq <= 0)
            fail(line, `malformed field ${JSON.stringify(f)} in ${record} record: expected key=value (keys: ${allowed.join(", ")}); ${REDO}`);
        const key = f.slice(0, eq);
        if (!allowed.includes(key)) {
            fail(line, `unknown field ${JSON.stringify(key)} in ${record} record: this gopin (lockfile format ${LOCKFILE_FORMAT}) knows ${allowed.join(", ")}; ${REDO}`);
        }
        if (out[key] !== undefined)
            fail(line, `field ${key}= appears twice in ${record} record; keep one`);
        const value = decodeValue(f.slice(eq + 1));
        if (value === undefined)
            fail(line, `field ${key}= has a malformed %-escape (expected %XX hex of UTF-8 bytes); ${REDO}`);
        out[key] = value;
    }
    return out;
}
function parsePolicy(lock, f, n, fail, dup) {
    const usage = `expected "policy as-of <instant>", "policy min-age <duration>" or "policy exempt <module>@<version>"`;
    if (f.length !== 3)
        fail(n, `truncated or malformed policy record: ${usage}; ${REDO}`);
    const [key, value] = [f[1], f[2]];
    switch (key) {
        case "as-of":
            try {
                parseInstant(value);
            }
            catch (e) {
                fail(n, `policy as-of: ${e.message}`);
            }
            dup("policy as-of", n, "policy as-of record");
            lock.policy.asOf = value;
            return;
        case "min-age":
            try {
                parseDuration(value);
            }
            catch (e) {
                fail(n, `policy min-age: ${e.message}`);
            }
            dup("policy min-age", n, "policy min-age record");
            lock.policy.minReleaseAge = value;
            return;
        case "exempt": {
            const p = exemptProblem(value);
            if (p)
                fail(n, `${p}; ${REDO}`);
            dup(`policy exempt ${value}`, n, `policy exemption ${value}`);
            lock.policy.exempt.push(value);
            return;
        }
        default:
            fail(n, `unknown policy setting ${JSON.stringify(key)}: this gopin knows as-of, min-age and exempt; ${REDO}`);
    }
}
// ---------------------------------------------------------------------------
// Printing
/** The `vcs=... url=...` text of an origin (empty for none); also used in reports. */
function formatOrigin(o) {
    if (!o)
        return "";
    return ORIGIN_FIELDS.filter((k) => o[k] !== undefined)
        .map((k) => `${k}=${encodeValue(o[k])}`)
        .join(" ");
}
function fieldList(pairs) {
    return pairs
        .filter((p) => p[1] !== undefined)
        .map(([k, v]) => ` ${k}=${encodeValue(v)}`)
        .join("");
}
function modulePrintable(m) {
    return m.versions.size > 0 || m.list !== undefined || m.latest !== undefined || (m.missing?.size ?? 0) > 0;
}
/**
 * Prints the canonical text of a lock. Deterministic: the same state always
 * gives the same bytes, whatever the Map insertion order. Throws an Error
 * (not a LockfileError) if the model holds something the parser would refuse,
 * so gopin never writes a lockfile it cannot read back.
 */
function printLockfile(lock) {
    const blocks = [];
    for (const path of sortPaths(lock.modules.keys())) {
        const b = printLockModule(path, lock.modules.get(path));
        if (b !== undefined)
            blocks.push(b);
    }
    return assembleLockfile(printLockHeader(lock), blocks);
}
/** Whether a lock needs the format that holds `missing` records. */
function hasMissingRecords(lock) {
    for (const m of lock.modules.values())
        if ((m.missing?.size ?? 0) > 0)
            return true;
    return false;
}
/** The lockfile text from its header and its module blocks in path order (printLockHeader, printLockModule). */
function assembleLockfile(header, blocks) {
    return [header, ...blocks].join("\n\n") + "\n";
}
/** Everything before the first module block: format, comment, policy and tree heads. */
function printLockHeader(lock, hasMissing = hasMissingRecords(lock)) {
    const bad = refuseToPrint;
    const out = [hasMissing ? `gopin-lock ${MISSING_RECORDS_FORMAT}` : LOCKFILE_HEADER, LOCKFILE_COMMENT];
    const pp = policyProblem(lock.policy);
    if (pp)
        bad(pp);
    const policy = [];
    if (lock.policy.asOf !== undefined)
        policy.push(`policy as-of ${lock.policy.asOf}`);
    if (lock.policy.minReleaseAge !== undefined)
        policy.push(`policy min-age ${lock.policy.minReleaseAge}`);
    for (const ex of sortExempt(lock.policy.exempt))
        policy.push(`policy exempt ${ex}`);
    if (policy.length)
        out.push("", ...policy);
    const sumdb = [];
    for (const name of [...lock.sumdb.keys()].sort(semver/* compareStrings */.Kt)) {
        const t = lock.sumdb.get(name);
        const np = sumdbNameProblem(name);
        if (np)
            bad(np);
        if (!Number.isSafeInteger(t.size) || t.size < 0)
            bad(`sumdb ${name} size ${t.size}`);
        if (!isBase64Of(t.hash, 32))
            bad(`sumdb ${name} hash ${t.hash}`);
        const note = t.note !== undefined ? Buffer.from(t.note, "utf8").toString("base64") : undefined;
        sumdb.push(`sumdb ${name}${fieldList([["size", String(t.size)], ["hash", t.hash], ["note", note]])}`);
    }
    if (sumdb.length)
        out.push("", ...sumdb);
    return out.join("\n");
}
/** One module's records (no blank lines around them), or undefined when it has none to print. */
function printLockModule(path, m) {
    const bad = refuseToPrint;
    if (!modulePrintable(m))
        return undefined;
    const mp = modulePathProblem(path);
    if (mp)
        bad(mp);
    const out = [];
    if (m.list) {
        const list = sortVersions(new Set(m.list));
        for (const v of list) {
            const p = listVersionProblem(path, v);
            if (p)
                bad(p);
        }
        out.push(["list", path, ...list].join(" "));
    }
    if (m.latest) {
        const p = latestRecordProblem(path, m.latest.version, m.latest.time);
        if (p)
            bad(`latest ${path}: ${p}`);
        out.push(`latest ${path} ${m.latest.version}${fieldList([["time", m.latest.time]])}`);
    }
    for (const answer of sortMissing(m.missing ?? [])) {
        const p = missingProblem(path, answer);
        if (p)
            bad(p);
        out.push(`missing ${path} ${encodeValue(answer)}`);
    }
    for (const v of sortVersions(m.versions.keys())) {
        const e = m.versions.get(v);
        const p = versionRecordProblem(path, v, e) ??
            (e.time === undefined && e.mod === undefined && e.zip === undefined ? "no time, mod or zip" : undefined);
        if (p)
            bad(`${path}@${v}: ${p}`);
        const rec = e.sumdbRecord !== undefined ? String(e.sumdbRecord) : undefined;
        out.push(`version ${path} ${v}${fieldList([["time", e.time], ["mod", e.mod], ["zip", e.zip], ["rec", rec]])}`);
        const o = formatOrigin(e.origin);
        if (e.origin && o === "")
            bad(`${path}@${v}: empty origin`);
        if (o)
            out.push(`origin ${path} ${v} ${o}`);
    }
    return out.join("\n");
}
function refuseToPrint(what) {
    throw new Error(`printLockfile: refusing to write an invalid lockfile: ${what}`);
}

;// CONCATENATED MODULE: ./build/src/util/process.js
// Whether another process is still alive: temp files named with their
// writer's pid (the store's, the lockfile's) are removed only when it is gone.
/** Whether process `pid` exists (EPERM: it exists, and belongs to another user). */
function processAlive(pid) {
    if (pid === process.pid)
        return true;
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        return e.code === "EPERM";
    }
}

;// CONCATENATED MODULE: ./build/src/lock/io.js
// Reading and atomically writing gopin.lock.






/**
 * The largest lockfile gopin reads. A lock records a few hundred bytes per
 * module version, so this is far beyond any real project; it stops a path
 * like /dev/zero or a runaway file from being read into memory.
 */
const MAX_LOCKFILE_BYTES = 64 << 20;
/** A lockfile that cannot be read or written for a reason outside its text (size, file type, disk). */
class LockfileIoError extends Error {
    file;
    code;
    constructor(file, message, code) {
        super(message);
        this.file = file;
        this.code = code;
        this.name = "LockfileIoError";
    }
}
/**
 * The bytes of the lockfile at `path`, or undefined when it does not exist.
 * Only a regular file of at most MAX_LOCKFILE_BYTES is read (O_NONBLOCK: a
 * FIFO must not hang the open).
 */
async function readLockfileBytes(path) {
    let fh;
    try {
        fh = await (0,external_node_fs_promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (e) {
        if (e.code === "ENOENT")
            return undefined;
        throw e;
    }
    try {
        if (!(await fh.stat()).isFile())
            throw new LockfileIoError(path, `lockfile ${path} is not a regular file`);
        const chunks = [];
        let n = 0;
        for (;;) {
            const { bytesRead, buffer } = await fh.read({ buffer: Buffer.alloc(1 << 20) });
            if (bytesRead === 0)
                break;
            chunks.push(buffer.subarray(0, bytesRead));
            n += bytesRead;
            if (n > MAX_LOCKFILE_BYTES)
                throw new LockfileIoError(path, `lockfile ${path} is larger than ${MAX_LOCKFILE_BYTES} bytes; it cannot be a gopin lockfile`);
        }
        return Buffer.concat(chunks, n);
    }
    finally {
        await fh.close();
    }
}
/**
 * Reads and parses a lockfile. Returns undefined when the file does not exist;
 * throws LockfileError (messages start with `path:line:`) when it is broken,
 * LockfileIoError when it is not a regular file or too large, and the fs
 * error for anything else (permissions, ...).
 */
async function readLockfile(path) {
    const bytes = await readLockfileBytes(path);
    return bytes === undefined ? undefined : parseLockfile(bytes.toString("utf8"), path);
}
/**
 * Writes the canonical text of `lock` to `path` atomically: the bytes go to a
 * temporary file in the same directory, which is flushed and then renamed over
 * `path`, so readers see the old or the new file, never a partial one. When the
 * file already holds exactly these bytes nothing is written (mtime unchanged).
 * Returns true when the file was written. Temp files of earlier writers that
 * died mid-write (SIGKILL) are removed first. Failures are LockfileIoError
 * naming the path.
 */
async function writeLockfileAtomic(path, lock) {
    const data = Buffer.from(printLockfile(lock), "utf8");
    try {
        await removeStaleTempFiles(path);
        const cur = await readLockfileBytes(path);
        if (cur?.equals(data))
            return false;
        await replaceFile(path, data);
    }
    catch (e) {
        if (e instanceof LockfileIoError)
            throw e;
        const err = e;
        throw new LockfileIoError(path, `cannot write the lockfile ${path}: ${describeWriteError(err)}`, err.code);
    }
    return true;
}
function describeWriteError(e) {
    switch (e.code) {
        case "ENOSPC":
            return "the disk is full (ENOSPC)";
        case "EDQUOT":
            return "the disk quota is exhausted (EDQUOT)";
        case "EROFS":
            return "the file system is read-only (EROFS)";
        case "EACCES":
        case "EPERM":
            return `permission denied (${e.code})`;
        default:
            return e.message;
    }
}
// `.gopin.lock.<pid>.<hex>.tmp`: the pid says whose it is.
function tempName(path) {
    return `.${(0,external_node_path_.basename)(path)}.${process.pid}.${(0,external_node_crypto_.randomBytes)(6).toString("hex")}.tmp`;
}
/** Removes `.<name>.<pid>.<hex>.tmp` beside `path` whose writer process is gone. */
async function removeStaleTempFiles(path) {
    const prefix = `.${(0,external_node_path_.basename)(path)}.`;
    let names;
    try {
        names = await (0,external_node_fs_promises_.readdir)((0,external_node_path_.dirname)(path));
    }
    catch {
        return; // the write reports an unusable directory
    }
    for (const name of names) {
        if (!name.startsWith(prefix))
            continue;
        const m = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
        if (m && !processAlive(Number(m[1])))
            await (0,external_node_fs_promises_.unlink)((0,external_node_path_.join)((0,external_node_path_.dirname)(path), name)).catch(() => undefined);
    }
}
/** Temp file in the same directory, flushed, renamed over `path`, directory synced. */
async function replaceFile(path, data) {
    const tmp = (0,external_node_path_.join)((0,external_node_path_.dirname)(path), tempName(path));
    let renamed = false;
    try {
        const fh = await (0,external_node_fs_promises_.open)(tmp, "wx", 0o644);
        try {
            await fh.writeFile(data);
            await fh.sync();
        }
        finally {
            await fh.close();
        }
        await (0,external_node_fs_promises_.rename)(tmp, path);
        renamed = true;
    }
    finally {
        if (!renamed)
            await (0,external_node_fs_promises_.unlink)(tmp).catch(() => undefined);
    }
    // Best effort: make the rename durable.
    try {
        const dh = await (0,external_node_fs_promises_.open)((0,external_node_path_.dirname)(path), "r");
        try {
            await dh.sync();
        }
        finally {
            await dh.close();
        }
    }
    catch {
        // Some platforms cannot fsync a directory; the rename is still atomic.
    }
}
/**
 * Replaces the file with `text` through a temp file and a rename (readers see
 * the old or the new file, never a part), synchronously and without fsync:
 * for the writes made while the job runs, which an answer waits on; two
 * system calls on the event loop cost less than the turns and thread-pool
 * round trips of an asynchronous write (queued behind zip checks and store
 * writes on a busy proxy). The last write is made durable by syncLockfile.
 */
function replaceFileNow(path, text) {
    const tmp = (0,external_node_path_.join)((0,external_node_path_.dirname)(path), tempName(path));
    try {
        (0,external_node_fs_.writeFileSync)(tmp, text, { flag: "wx", mode: 0o644 });
        (0,external_node_fs_.renameSync)(tmp, path);
    }
    catch (e) {
        (0,external_node_fs_.rmSync)(tmp, { force: true });
        throw e;
    }
}
/** Flushes a lockfile already on disk to stable storage (after writes made with replaceFileNow). */
async function syncLockfile(path) {
    const fh = await (0,external_node_fs_promises_.open)(path, "r");
    try {
        await fh.sync();
    }
    finally {
        await fh.close();
    }
}

;// CONCATENATED MODULE: ./build/src/config/policy-config.js
// Resolves the lockfile policy with one documented precedence:
//   flags > GOPIN_* environment > the lockfile's recorded policy > defaults.





class ConfigError extends Error {
}
function splitList(s) {
    return (s ?? "").split(/[\s,]+/).filter(Boolean);
}
/** The mode a run works in: "auto" is verify when the lockfile exists, record otherwise. */
function settledMode(requested, hasLockfile) {
    return requested === "auto" ? (hasLockfile ? "verify" : "record") : requested;
}
async function resolvePolicyConfig(flags, env = process.env, cwd = process.cwd()) {
    const lockfilePath = (0,external_node_path_.resolve)(cwd, flags.lockfile ?? env.GOPIN_LOCKFILE ?? "gopin.lock");
    // A broken lockfile is an error here (LockfileError names file:line), and
    // nothing will ever overwrite it.
    const lock = (0,external_node_fs_.existsSync)(lockfilePath) ? await readLockfile(lockfilePath) : undefined;
    const modeText = flags.mode ?? env.GOPIN_MODE ?? "auto";
    if (!["auto", "verify", "record"].includes(modeText))
        throw new ConfigError(`invalid mode "${modeText}": use auto, verify or record`);
    const requestedMode = modeText;
    const mode = settledMode(requestedMode, lock !== undefined);
    if (mode === "verify" && !lock) {
        throw new ConfigError(`verify mode needs a lockfile, but ${lockfilePath} does not exist; run once with --mode record (or auto) to create it`);
    }
    const recorded = lock?.policy;
    const asOfText = flags.asOf ?? env.GOPIN_AS_OF ?? recorded?.asOf;
    const minAgeText = flags.minReleaseAge ?? env.GOPIN_MIN_RELEASE_AGE ?? recorded?.minReleaseAge;
    const allowList = flags.allow?.length ? flags.allow : env.GOPIN_ALLOW !== undefined ? splitList(env.GOPIN_ALLOW) : (recorded?.exempt ?? []);
    const window = { allow: new Set() };
    try {
        if (asOfText)
            window.asOf = parseInstant(asOfText);
        if (minAgeText) {
            const ms = parseDuration(minAgeText);
            if (ms > 0)
                window.minReleaseAgeMs = ms;
        }
    }
    catch (e) {
        throw new ConfigError(e.message);
    }
    for (const a of allowList) {
        const at = a.lastIndexOf("@");
        if (at <= 0)
            throw new ConfigError(`invalid --allow "${a}": expected MODULE@VERSION, e.g. example.com/mod@v1.2.3`);
        try {
            (0,gomod_escape/* checkModuleVersion */.nF)(a.slice(0, at), a.slice(at + 1));
        }
        catch (e) {
            throw new ConfigError(`invalid --allow "${a}": ${e.message}`);
        }
        window.allow.add(a);
    }
    return { mode, requestedMode, lockfilePath, lock, window };
}

;// CONCATENATED MODULE: ./build/src/store/temp-files.js
// Temp files of store writes live in STORE/.gopin-tmp (renames must stay on
// one file system). Several gopin processes may share one store (the default
// one is per user, not per job), so a temp file's name carries its writer's
// pid, and a start-up only clears the files whose writer is gone.




/** Inside the store; a name starting with "." is never a module path's first element. */
const TMP_DIR = ".gopin-tmp";
/** A temp file older than this is stale whoever wrote it (a reused pid, a
 * writer in another pid namespace): no store write takes a day. */
const STALE_AFTER_MS = 24 * 3600_000;
const NAME = /-(\d+)-[0-9a-f]+$/;
/** A fresh temp file name for this process: `<hint>-<pid>-<random hex>`. */
function tempFileName(hint) {
    return `${hint.replace(/[^a-z0-9]/gi, "")}-${process.pid}-${(0,external_node_crypto_.randomBytes)(6).toString("hex")}`;
}
/** Whether a temp file can be removed: its writer is gone, or it is older than any write. */
function isStale(name, mtimeMs, now) {
    if (now - mtimeMs > STALE_AFTER_MS)
        return true;
    const pid = Number(NAME.exec(name)?.[1] ?? NaN);
    if (!Number.isSafeInteger(pid) || pid <= 0)
        return true;
    return pid !== process.pid && !processAlive(pid);
}
/**
 * Removes the temp files in `tmpDir` left by writers that died mid-write,
 * leaving those of live processes (another gopin on the same store) alone.
 * Returns how many were removed.
 */
async function removeStaleTemps(tmpDir, now = Date.now()) {
    const names = await external_node_fs_.promises.readdir(tmpDir).catch(() => []);
    let removed = 0;
    await Promise.all(names.map(async (name) => {
        const p = (0,external_node_path_.join)(tmpDir, name);
        const st = await external_node_fs_.promises.lstat(p).catch(() => undefined);
        if (!st || !isStale(name, st.mtimeMs, now))
            return;
        await external_node_fs_.promises.rm(p, { recursive: true, force: true });
        removed++;
    }));
    return removed;
}

;// CONCATENATED MODULE: ./build/src/store/unusable.js
// A store gopin cannot write to fails start-up with one message naming the
// store and the actual cause. (Node's recursive mkdir reports a read-only
// file system as ENOENT, so the cause is found by asking the nearest
// existing directory.)


function causeAt(path) {
    let p = path;
    for (;;) {
        const st = (0,external_node_fs_.statSync)(p, { throwIfNoEntry: false });
        if (st) {
            if (!st.isDirectory())
                return `${p} is not a directory`;
            try {
                (0,external_node_fs_.accessSync)(p, external_node_fs_.constants.W_OK);
                return undefined;
            }
            catch (e) {
                return describeCode(p, e.code);
            }
        }
        if ((0,external_node_path_.dirname)(p) === p)
            return undefined;
        p = (0,external_node_path_.dirname)(p);
    }
}
function describeCode(path, code) {
    switch (code) {
        case "EROFS":
            return `${path} is on a read-only file system (EROFS)`;
        case "EACCES":
        case "EPERM":
            return `${path} is not writable by this user (${code})`;
        case "ENOSPC":
        case "EDQUOT":
            return `the disk holding ${path} is full (${code})`;
        case "ENOTDIR":
            return `a component of ${path} is not a directory (ENOTDIR)`;
        default:
            return undefined;
    }
}
class UnusableStoreError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = "UnusableStoreError";
    }
}
/** The error for a store that cannot be created or written, naming it and why. */
function unusableStoreError(root, e) {
    const err = e;
    const why = describeCode(err.path ?? root, err.code) ?? causeAt(root) ?? `${err.code ?? "error"}: ${err.message}`;
    return new UnusableStoreError(`gopin cannot use the module store ${root}: ${why}. gopin writes every module it fetches there; point it at a writable directory (--store DIR).`, { cause: e });
}

;// CONCATENATED MODULE: ./build/src/store/store.js
// The module store: a directory laid out exactly as a GOPROXY file tree, so
// `GOPROXY=file://STORE` serves the same bytes. Files appear atomically (a
// temp file in the same file system, then link/rename); content files of
// canonical versions are immutable and never replaced once present.
//
// The store may come from an Actions-cache restore or be shared with other
// processes, so nothing in it is trusted to be what its name says: reads and
// writes never follow a symbolic link (not for the file, not for a directory
// on the way to it), and anything other than a regular file where one should
// be is evicted, and reported through `onEvict`, rather than served or
// written through.





/** Open for reading, refusing a symlink (ELOOP) and never blocking on a FIFO. */
const READ_NO_FOLLOW = external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK;
/** Something other than a regular file (or directory) at a store path. */
class StoreEntryError extends Error {
    rel;
    /** `rel`: the store-relative path of the offending entry (a file, or a directory on the way to one). */
    constructor(rel, message) {
        super(message);
        this.rel = rel;
        this.name = "StoreEntryError";
    }
}
function kindOf(st) {
    if (st.isSymbolicLink())
        return "a symbolic link";
    if (st.isDirectory())
        return "a directory";
    if (st.isFile())
        return "a regular file";
    return "a special file";
}
/** Write `data` to `tmp`, then rename it to `dest`; a failure removes `tmp`. */
async function writeAndRename(tmp, dest, data) {
    try {
        await external_node_fs_.promises.writeFile(tmp, data);
        await external_node_fs_.promises.rename(tmp, dest);
    }
    catch (e) {
        await external_node_fs_.promises.rm(tmp, { force: true });
        throw e;
    }
}
/**
 * Write `data` to `dest` atomically through a temp file beside it
 * (`immutable`: an existing `dest` is kept). For gopin's own state files.
 */
async function writeFileAtomic(dest, data, immutable) {
    await external_node_fs_.promises.mkdir((0,external_node_path_.dirname)(dest), { recursive: true });
    const tmp = `${dest}.tmp-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString("hex")}`;
    if (!immutable)
        return writeAndRename(tmp, dest, data);
    try {
        await external_node_fs_.promises.writeFile(tmp, data);
        await external_node_fs_.promises.link(tmp, dest).catch((e) => {
            if (e.code !== "EEXIST")
                throw e;
        });
    }
    finally {
        await external_node_fs_.promises.rm(tmp, { force: true });
    }
}
/** Immutable files up to this size are answered from memory after first read. */
const MEM_FILE_MAX = 256 << 10;
/** Background writes up to this size are done synchronously. */
const SYNC_WRITE_MAX = 1 << 20;
/** Total bytes kept in memory (oldest entries are dropped first). */
const MEM_TOTAL_MAX = 16 << 20;
class Store {
    root;
    opts;
    // A small in-memory copy of immutable files (.info, .mod): a warm build
    // asks for hundreds of them, and each disk read costs several thread-pool
    // round trips on the request's critical path. Zips are not kept: go asks
    // for each once per job, and they would crowd out the rest.
    mem = new Map();
    memBytes = 0;
    /** Store-relative directories checked to be real directories (not symlinks). */
    realDirs = new Set();
    constructor(root, opts = {}) {
        this.root = root;
        this.opts = opts;
    }
    /** Creates the store if needed, checks that it is writable, and clears dead writers' temp files. */
    async init() {
        try {
            (0,external_node_fs_.mkdirSync)(this.root, { recursive: true });
            this.ensureDirs(`${TMP_DIR}/probe`);
            const probe = this.tempPath("probe");
            (0,external_node_fs_.writeFileSync)(probe, "");
            (0,external_node_fs_.rmSync)(probe);
        }
        catch (e) {
            throw unusableStoreError(this.root, e);
        }
        await removeStaleTemps((0,external_node_path_.join)(this.root, TMP_DIR));
    }
    abs(rel) {
        return (0,external_node_path_.join)(this.root, rel);
    }
    // ------------------------------------------------------------ no-follow
    /**
     * Whether every directory on the way to `rel` exists; throws StoreEntryError
     * for the first that is a symlink or not a directory. Synchronous: each
     * directory is checked once per process (microseconds).
     */
    dirsExist(rel) {
        const parts = rel.split("/");
        let dir = "";
        for (let i = 0; i < parts.length - 1; i++) {
            dir = dir ? `${dir}/${parts[i]}` : parts[i];
            if (this.realDirs.has(dir))
                continue;
            const st = (0,external_node_fs_.lstatSync)(this.abs(dir), { throwIfNoEntry: false });
            if (!st)
                return false;
            if (!st.isDirectory())
                throw new StoreEntryError(dir, `the store path ${this.abs(dir)} is ${kindOf(st)}, not a directory`);
            this.realDirs.add(dir);
        }
        return true;
    }
    /** Creates the directories on the way to `rel`, evicting anything in their place (a symlink would lead writes outside the store). */
    ensureDirs(rel) {
        for (;;) {
            try {
                if (this.dirsExist(rel))
                    return;
            }
            catch (e) {
                if (!(e instanceof StoreEntryError))
                    throw e;
                this.evictSync(e.rel, e.message);
                continue;
            }
            // The first missing directory, then the rest (each checked on the next pass).
            const parts = rel.split("/");
            let dir = "";
            for (let i = 0; i < parts.length - 1; i++) {
                dir = dir ? `${dir}/${parts[i]}` : parts[i];
                if (this.realDirs.has(dir))
                    continue;
                try {
                    (0,external_node_fs_.mkdirSync)(this.abs(dir));
                }
                catch (e) {
                    if (e.code !== "EEXIST")
                        throw e;
                }
                break;
            }
        }
    }
    /**
     * Opens a stored file for reading without following a symlink: undefined
     * when absent; StoreEntryError when something else than a regular file is there.
     */
    openFile(rel) {
        if (!this.dirsExist(rel))
            return undefined;
        let fd;
        try {
            fd = (0,external_node_fs_.openSync)(this.abs(rel), READ_NO_FOLLOW);
        }
        catch (e) {
            const code = e.code;
            if (code === "ENOENT")
                return undefined;
            if (code === "ELOOP")
                throw new StoreEntryError(rel, `the store file ${this.abs(rel)} is a symbolic link`);
            throw e;
        }
        const st = (0,external_node_fs_.fstatSync)(fd);
        if (!st.isFile()) {
            (0,external_node_fs_.closeSync)(fd);
            throw new StoreEntryError(rel, `the store path ${this.abs(rel)} is ${kindOf(st)}, not a regular file`);
        }
        return { fd, size: st.size };
    }
    /** lstat of a store file; StoreEntryError when it is not a regular file. */
    lstatFile(rel) {
        if (!this.dirsExist(rel))
            return undefined;
        const st = (0,external_node_fs_.lstatSync)(this.abs(rel), { throwIfNoEntry: false });
        if (st && !st.isFile())
            throw new StoreEntryError(rel, `the store path ${this.abs(rel)} is ${kindOf(st)}, not a regular file`);
        return st;
    }
    // ---------------------------------------------------------------- reads
    /** A regular file's size and time (StoreEntryError for anything else there). */
    async stat(rel) {
        const st = this.lstatFile(rel);
        return st && { path: this.abs(rel), size: st.size, mtime: st.mtime };
    }
    /** The newest bytes for `rel`: a write still landing, else the file. */
    async readCurrent(rel) {
        return this.pending.get(rel)?.bytes ?? this.read(rel);
    }
    /** A file's bytes, or undefined when it is absent or unreadable (never through a symlink). */
    async read(rel) {
        try {
            const f = this.openFile(rel);
            if (!f)
                return undefined;
            try {
                return (0,external_node_fs_.readFileSync)(f.fd);
            }
            finally {
                (0,external_node_fs_.closeSync)(f.fd);
            }
        }
        catch {
            return undefined;
        }
    }
    /**
     * An immutable file: its bytes (from memory when seen before) and size, or
     * only its size when it is larger than `maxBytes`; undefined when absent.
     * Throws StoreEntryError when a symlink, directory or other non-file is in
     * its place (the caller evicts it).
     */
    async readImmutable(rel, maxBytes = MEM_FILE_MAX) {
        const m = this.mem.get(rel) ?? this.pending.get(rel)?.bytes;
        if (m)
            return { bytes: m, size: m.length };
        // Synchronous on purpose: every request starts with this lookup, and for
        // a small file in a local store an open and read take microseconds, while
        // each async call is a thread-pool round trip of ~0.1-0.2 ms on the
        // request's critical path. Large files are only opened here.
        let b;
        try {
            const f = this.openFile(rel);
            if (!f)
                return undefined;
            try {
                if (f.size > maxBytes)
                    return { size: f.size };
                b = (0,external_node_fs_.readFileSync)(f.fd);
            }
            finally {
                (0,external_node_fs_.closeSync)(f.fd);
            }
        }
        catch (e) {
            if (e instanceof StoreEntryError)
                throw e;
            return undefined;
        }
        this.remember(rel, b, true);
        return { bytes: b, size: b.length };
    }
    /** Whether a regular file `rel` is in the store or being written (synchronous, as above). */
    has(rel) {
        if (this.mem.has(rel) || this.pending.has(rel))
            return true;
        try {
            return this.lstatFile(rel) !== undefined;
        }
        catch {
            return false;
        }
    }
    /** A stored file's descriptor and size (opened without following a symlink); the caller closes it. */
    openFd(rel) {
        const f = this.openFile(rel);
        if (!f)
            throw new Error(`the store file ${this.abs(rel)} disappeared`);
        return f;
    }
    // --------------------------------------------------------------- writes
    // Writes that were handed off so the answer need not wait for the disk.
    // Until a write lands, readers get its bytes from here.
    pending = new Map();
    /**
     * Store verified bytes without making the caller wait. Failures (a full
     * disk) are reported to `onError`; the store stays consistent either way
     * because the file only appears by link/rename.
     */
    writeInBackground(rel, bytes, immutable, onError) {
        // A small file is written synchronously, just after the answer has gone
        // out: writing, linking and unlinking it take microseconds in the page
        // cache, where each async call costs a thread-pool round trip (~0.1 ms).
        const write = bytes.length <= SYNC_WRITE_MAX
            ? new Promise((resolve, reject) => setImmediate(() => {
                try {
                    this.writeAtomicSync(rel, bytes, immutable);
                    resolve();
                }
                catch (e) {
                    reject(e);
                }
            }))
            : this.writeAtomic(rel, bytes, immutable);
        const done = write
            .then(() => this.remember(rel, bytes, immutable))
            .catch(onError)
            .finally(() => {
            if (this.pending.get(rel)?.done === done)
                this.pending.delete(rel);
        });
        this.pending.set(rel, { bytes, done });
    }
    /** How many background writes have not landed yet. */
    get pendingWrites() {
        return this.pending.size;
    }
    /** Resolves when every background write has landed (graceful shutdown). */
    async drain() {
        while (this.pending.size)
            await Promise.all([...this.pending.values()].map((p) => p.done));
    }
    remember(rel, b, immutable) {
        if (!immutable || b.length > MEM_FILE_MAX || rel.endsWith(".zip") || this.mem.has(rel))
            return;
        this.mem.set(rel, b);
        this.memBytes += b.length;
        for (const [k, v] of this.mem) {
            if (this.memBytes <= MEM_TOTAL_MAX)
                break;
            this.mem.delete(k);
            this.memBytes -= v.length;
        }
    }
    /** Drops the in-memory copy of `rel`. */
    forget(rel) {
        const m = this.mem.get(rel);
        if (m) {
            this.mem.delete(rel);
            this.memBytes -= m.length;
        }
        for (const d of this.realDirs)
            if (d === rel || d.startsWith(rel + "/"))
                this.realDirs.delete(d);
    }
    /** Remove a file that failed verification, so a later fetch can replace it. */
    async remove(rel) {
        await this.pending.get(rel)?.done;
        this.forget(rel);
        // Never through a symlinked directory: that file is not in the store.
        if (this.dirsExist(rel))
            await external_node_fs_.promises.rm(this.abs(rel), { force: true });
    }
    /**
     * Remove whatever is at `rel` (a file that fails its checks, a symlink, a
     * directory where a file belongs) and report it. Never follows a symlink:
     * removing one removes the link, not what it points to.
     */
    async evict(rel, reason) {
        await this.pending.get(rel)?.done;
        this.evictSync(rel, reason);
    }
    evictSync(rel, reason) {
        this.forget(rel);
        try {
            if (!this.dirsExist(rel))
                return;
        }
        catch (e) {
            // A symlink or file on the way: that is what has to go.
            if (e instanceof StoreEntryError)
                return this.evictSync(e.rel, e.message);
            throw e;
        }
        (0,external_node_fs_.rmSync)(this.abs(rel), { recursive: true, force: true });
        this.opts.onEvict?.({ rel, reason });
    }
    /**
     * Moves a stored file aside to a temp path the caller owns (put it back
     * with admit, or delete it), as if it had been removed; undefined when absent.
     */
    async setAside(rel) {
        await this.pending.get(rel)?.done;
        this.forget(rel);
        const tmp = this.tempPath("aside");
        try {
            // Never through a symlinked directory: that file is not in the store.
            if (!this.dirsExist(rel))
                return undefined;
            await external_node_fs_.promises.rename(this.abs(rel), tmp);
            return tmp;
        }
        catch {
            return undefined;
        }
    }
    /** A fresh temp file path inside the store. The caller owns (and removes) it. */
    tempPath(hint = "f") {
        return (0,external_node_path_.join)(this.root, TMP_DIR, tempFileName(hint));
    }
    /**
     * Move a fully written, verified temp file into place.
     * `immutable`: never replace an existing file (the first admitted copy wins).
     */
    async admit(tmp, rel, immutable) {
        this.placeFile(tmp, rel, immutable);
    }
    async writeAtomic(rel, data, immutable) {
        const tmp = this.tempPath("w");
        try {
            await external_node_fs_.promises.writeFile(tmp, data);
        }
        catch (e) {
            await external_node_fs_.promises.rm(tmp, { force: true });
            throw e;
        }
        this.placeFile(tmp, rel, immutable);
    }
    writeAtomicSync(rel, data, immutable) {
        const tmp = this.tempPath("w");
        try {
            (0,external_node_fs_.writeFileSync)(tmp, data);
        }
        catch (e) {
            (0,external_node_fs_.rmSync)(tmp, { force: true });
            throw e;
        }
        this.placeFile(tmp, rel, immutable);
    }
    /**
     * Move a fully written temp file (same file system) to `rel` atomically:
     * by link when `immutable` (an existing regular file, the first copy, wins),
     * else by rename. Something else in the way (a symlink, a directory) is
     * evicted first. The temp file is gone afterwards either way. Synchronous:
     * a handful of metadata calls, and it keeps the checks next to the move.
     */
    placeFile(tmp, rel, immutable) {
        const dest = this.abs(rel);
        try {
            this.ensureDirs(rel);
            try {
                if (immutable)
                    (0,external_node_fs_.linkSync)(tmp, dest);
                else
                    (0,external_node_fs_.renameSync)(tmp, dest);
            }
            catch (e) {
                const code = e.code;
                if (code !== "EEXIST" && code !== "EISDIR" && code !== "ENOTEMPTY")
                    throw e;
                const st = (0,external_node_fs_.lstatSync)(dest, { throwIfNoEntry: false });
                if (st?.isFile() && immutable)
                    return;
                if (st && !st.isFile())
                    this.evictSync(rel, `the store path ${dest} is ${kindOf(st)}, not a regular file`);
                if (immutable)
                    (0,external_node_fs_.linkSync)(tmp, dest);
                else
                    (0,external_node_fs_.renameSync)(tmp, dest);
            }
        }
        finally {
            (0,external_node_fs_.rmSync)(tmp, { force: true });
        }
    }
}

;// CONCATENATED MODULE: ./build/src/gomod/patterns.js
// Port of Go's path.Match and golang.org/x/mod/module.MatchPrefixPatterns
// (the GOPRIVATE / GONOPROXY / GONOSUMDB matching algorithm).
//
// Matching works on UTF-8 bytes exactly as Go does, so multi-byte characters,
// '?' and character classes behave identically.

const SLASH = 0x2f;
const STAR = 0x2a;
const QUESTION = 0x3f;
const BACKSLASH = 0x5c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const RUNE_ERROR = 0xfffd;
/** Go's utf8.DecodeRune: returns [rune, size]; invalid input yields [0xFFFD, 1]. */
function decodeRune(b, i = 0) {
    const n = b.length - i;
    if (n <= 0)
        return [RUNE_ERROR, 0];
    const c0 = b[i];
    if (c0 < 0x80)
        return [c0, 1];
    const cont = (k, lo = 0x80, hi = 0xbf) => k < n && b[i + k] >= lo && b[i + k] <= hi;
    if (c0 >= 0xc2 && c0 <= 0xdf) {
        if (cont(1))
            return [((c0 & 0x1f) << 6) | (b[i + 1] & 0x3f), 2];
        return [RUNE_ERROR, 1];
    }
    if (c0 >= 0xe0 && c0 <= 0xef) {
        const lo = c0 === 0xe0 ? 0xa0 : 0x80;
        const hi = c0 === 0xed ? 0x9f : 0xbf;
        if (cont(1, lo, hi) && cont(2)) {
            return [((c0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f), 3];
        }
        return [RUNE_ERROR, 1];
    }
    if (c0 >= 0xf0 && c0 <= 0xf4) {
        const lo = c0 === 0xf0 ? 0x90 : 0x80;
        const hi = c0 === 0xf4 ? 0x8f : 0xbf;
        if (cont(1, lo, hi) && cont(2) && cont(3)) {
            return [
                ((c0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f),
                4,
            ];
        }
        return [RUNE_ERROR, 1];
    }
    return [RUNE_ERROR, 1];
}
/** Thrown (as a GoModError) for malformed patterns: Go's path.ErrBadPattern. */
const errBadPatternMessage = "syntax error in pattern";
class BadPattern extends Error {
}
function scanChunk(pattern) {
    let star = false;
    while (pattern.length > 0 && pattern[0] === STAR) {
        pattern = pattern.subarray(1);
        star = true;
    }
    let inrange = false;
    for (let i = 0; i < pattern.length; i++) {
        switch (pattern[i]) {
            case BACKSLASH:
                if (i + 1 < pattern.length)
                    i++;
                break;
            case LBRACKET:
                inrange = true;
                break;
            case RBRACKET:
                inrange = false;
                break;
            case STAR:
                if (!inrange)
                    return { star, chunk: pattern.subarray(0, i), rest: pattern.subarray(i) };
                break;
        }
    }
    return { star, chunk: pattern, rest: pattern.subarray(pattern.length) };
}
function getEsc(chunk) {
    if (chunk.length === 0 || chunk[0] === DASH || chunk[0] === RBRACKET)
        throw new BadPattern();
    if (chunk[0] === BACKSLASH) {
        chunk = chunk.subarray(1);
        if (chunk.length === 0)
            throw new BadPattern();
    }
    const [r, n] = decodeRune(chunk);
    if (r === RUNE_ERROR && n === 1)
        throw new BadPattern();
    const nchunk = chunk.subarray(n);
    if (nchunk.length === 0)
        throw new BadPattern();
    return [r, nchunk];
}
/** Returns the rest of s after matching chunk, or undefined; throws BadPattern. */
function matchChunk(chunk, s) {
    let failed = false;
    while (chunk.length > 0) {
        failed = failed || s.length === 0;
        switch (chunk[0]) {
            case LBRACKET: {
                let r = 0;
                if (!failed) {
                    const [rr, n] = decodeRune(s);
                    r = rr;
                    s = s.subarray(n);
                }
                chunk = chunk.subarray(1);
                let negated = false;
                if (chunk.length > 0 && chunk[0] === CARET) {
                    negated = true;
                    chunk = chunk.subarray(1);
                }
                let match = false;
                let nrange = 0;
                for (;;) {
                    if (chunk.length > 0 && chunk[0] === RBRACKET && nrange > 0) {
                        chunk = chunk.subarray(1);
                        break;
                    }
                    let lo;
                    let hi;
                    [lo, chunk] = getEsc(chunk);
                    hi = lo;
                    if (chunk[0] === DASH) {
                        [hi, chunk] = getEsc(chunk.subarray(1));
                    }
                    match = match || (lo <= r && r <= hi);
                    nrange++;
                }
                failed = failed || match === negated;
                break;
            }
            case QUESTION:
                if (!failed) {
                    failed = s[0] === SLASH;
                    const [, n] = decodeRune(s);
                    s = s.subarray(n);
                }
                chunk = chunk.subarray(1);
                break;
            default:
                if (chunk[0] === BACKSLASH) {
                    chunk = chunk.subarray(1);
                    if (chunk.length === 0)
                        throw new BadPattern();
                }
                if (!failed) {
                    failed = chunk[0] !== s[0];
                    s = s.subarray(1);
                }
                chunk = chunk.subarray(1);
        }
    }
    return failed ? undefined : s;
}
function matchBytes(pattern, name) {
    Pattern: while (pattern.length > 0) {
        const sc = scanChunk(pattern);
        const star = sc.star;
        const chunk = sc.chunk;
        pattern = sc.rest;
        if (star && chunk.length === 0)
            return !name.includes(SLASH);
        let t;
        let err;
        try {
            t = matchChunk(chunk, name);
        }
        catch (e) {
            if (!(e instanceof BadPattern))
                throw e;
            err = e;
        }
        if (t !== undefined && (t.length === 0 || pattern.length > 0)) {
            name = t;
            continue;
        }
        if (err)
            throw err;
        if (star) {
            for (let i = 0; i < name.length && name[i] !== SLASH; i++) {
                let t2;
                let err2;
                try {
                    t2 = matchChunk(chunk, name.subarray(i + 1));
                }
                catch (e) {
                    if (!(e instanceof BadPattern))
                        throw e;
                    err2 = e;
                }
                if (t2 !== undefined) {
                    if (pattern.length === 0 && t2.length > 0)
                        continue;
                    name = t2;
                    continue Pattern;
                }
                if (err2)
                    throw err2;
            }
        }
        while (pattern.length > 0) {
            const sc2 = scanChunk(pattern);
            pattern = sc2.rest;
            matchChunk(sc2.chunk, new Uint8Array(0));
        }
        return false;
    }
    return name.length === 0;
}
function toBytes(s) {
    return typeof s === "string" ? Buffer.from(s, "utf8") : s;
}
/**
 * Go's path.Match(pattern, name). Returns whether name matches the shell
 * pattern; throws GoModError("syntax error in pattern") where Go returns
 * path.ErrBadPattern (Go may also report a non-match without error for some
 * malformed patterns, and so does this port).
 */
function pathMatch(pattern, name) {
    try {
        return matchBytes(toBytes(pattern), toBytes(name));
    }
    catch (e) {
        if (e instanceof BadPattern)
            throw new GoModError(errBadPatternMessage);
        throw e;
    }
}
/**
 * module.MatchPrefixPatterns: reports whether any path prefix of target
 * (ending at a '/' boundary or at the end) matches one of the glob patterns in
 * the comma-separated list. Empty and malformed patterns are ignored; trailing
 * slashes on patterns are ignored.
 */
function matchPrefixPatterns(globs, target) {
    const t = toBytes(target);
    let rest = toBytes(globs);
    while (rest.length > 0) {
        let glob;
        const comma = rest.indexOf(0x2c);
        if (comma >= 0) {
            glob = rest.subarray(0, comma);
            rest = rest.subarray(comma + 1);
        }
        else {
            glob = rest;
            rest = rest.subarray(rest.length);
        }
        if (glob.length > 0 && glob[glob.length - 1] === SLASH)
            glob = glob.subarray(0, glob.length - 1);
        if (glob.length === 0)
            continue;
        let n = 0;
        for (const c of glob)
            if (c === SLASH)
                n++;
        let prefix = t;
        for (let i = 0; i < t.length; i++) {
            if (t[i] === SLASH) {
                if (n === 0) {
                    prefix = t.subarray(0, i);
                    break;
                }
                n--;
            }
        }
        if (n > 0)
            continue;
        try {
            if (matchBytes(glob, prefix))
                return true;
        }
        catch (e) {
            if (!(e instanceof BadPattern))
                throw e;
        }
    }
    return false;
}
/** Whether path.Clean would return `path` itself (every name in a module zip, in practice). */
function isClean(path) {
    if (path === "/" || path === ".")
        return true;
    if (path === "")
        return false;
    const rooted = path[0] === "/";
    let leading = !rooted; // a relative path keeps its leading ".." elements
    for (const e of (rooted ? path.slice(1) : path).split("/")) {
        if (e === "" || e === ".")
            return false;
        if (e !== "..")
            leading = false;
        else if (!leading)
            return false;
    }
    return true;
}
/** Go's path.Clean. */
function pathClean(path) {
    if (isClean(path))
        return path;
    if (path === "")
        return ".";
    const rooted = path[0] === "/";
    const n = path.length;
    const out = [];
    let r = 0;
    let dotdot = 0;
    let w = 0;
    const append = (c) => {
        out[w++] = c;
    };
    if (rooted) {
        append("/");
        r = 1;
        dotdot = 1;
    }
    while (r < n) {
        if (path[r] === "/") {
            r++;
        }
        else if (path[r] === "." && (r + 1 === n || path[r + 1] === "/")) {
            r++;
        }
        else if (path[r] === "." && path[r + 1] === "." && (r + 2 === n || path[r + 2] === "/")) {
            r += 2;
            if (w > dotdot) {
                w--;
                while (w > dotdot && out[w] !== "/")
                    w--;
            }
            else if (!rooted) {
                if (w > 0)
                    append("/");
                append(".");
                append(".");
                dotdot = w;
            }
        }
        else {
            if ((rooted && w !== 1) || (!rooted && w !== 0))
                append("/");
            for (; r < n && path[r] !== "/"; r++)
                append(path[r]);
        }
    }
    if (w === 0)
        return ".";
    return out.slice(0, w).join("");
}
/** Go's path.Dir. */
function pathDir(path) {
    const i = path.lastIndexOf("/");
    return pathClean(path.slice(0, i + 1));
}
/** Go's path.Base. */
function pathBase(path) {
    if (path === "")
        return ".";
    while (path.length > 0 && path[path.length - 1] === "/")
        path = path.slice(0, -1);
    const i = path.lastIndexOf("/");
    if (i >= 0)
        path = path.slice(i + 1);
    if (path === "")
        return "/";
    return path;
}

;// CONCATENATED MODULE: ./build/src/gomod/pseudo.js
// Port of golang.org/x/mod/module/pseudo.go.
//
// Pseudo-versions take one of three forms:
//   (1) vX.0.0-yyyymmddhhmmss-abcdefabcdef               (no earlier tag)
//   (2) vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdefabcdef          (after release vX.Y.Z)
//   (3) vX.Y.Z-pre.0.yyyymmddhhmmss-abcdefabcdef          (after prerelease vX.Y.Z-pre)
// each optionally followed by "+incompatible" (or other build metadata).


const pseudoVersionRE = /^v[0-9]+\.(0\.0-|[0-9]+\.[0-9]+-([^+]*\.)?0\.)[0-9]{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const pseudoVersionTimestampFormat = "20060102150405";
function pseudoError(v, msg) {
    return new gomod_escape/* GoModError */.j1(`pseudo-version ${(0,gomod_escape/* goQuote */.dg)(v)} invalid: ${msg}`);
}
/** module.IsPseudoVersion. */
function isPseudoVersion(v) {
    return (v.split("-").length - 1 >= 2) && (0,semver/* isValid */.fn)(v) && pseudoVersionRE.test(v);
}
function parsePseudoVersion(v) {
    if (!isPseudoVersion(v))
        throw pseudoError(v, "syntax error");
    const build = (0,semver/* build */.jq)(v);
    let rest = v.slice(0, v.length - build.length);
    const j = rest.lastIndexOf("-");
    const rev = rest.slice(j + 1);
    rest = rest.slice(0, j);
    const i = rest.lastIndexOf("-");
    const k = rest.lastIndexOf(".");
    let base;
    let timestamp;
    if (k > i) {
        base = rest.slice(0, k);
        timestamp = rest.slice(k + 1);
    }
    else {
        base = rest.slice(0, i);
        timestamp = rest.slice(i + 1);
    }
    return { base, timestamp, rev, build };
}
function pseudo_daysIn(month, year) {
    if (month === 2) {
        const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
        return leap ? 29 : 28;
    }
    return [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}
/** Parses a 14-digit "20060102150405" timestamp like Go's time.Parse (UTC); undefined if invalid. */
function parseTimestamp(ts) {
    if (!/^[0-9]{14}$/.test(ts))
        return undefined;
    const year = Number(ts.slice(0, 4));
    const month = Number(ts.slice(4, 6));
    const day = Number(ts.slice(6, 8));
    const hour = Number(ts.slice(8, 10));
    const min = Number(ts.slice(10, 12));
    const sec = Number(ts.slice(12, 14));
    if (month < 1 || month > 12)
        return undefined;
    if (day < 1 || day > pseudo_daysIn(month, year))
        return undefined;
    if (hour > 23 || min > 59 || sec > 59)
        return undefined;
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    d.setUTCHours(hour, min, sec, 0);
    return d;
}
/** module.PseudoVersionTime: the commit time embedded in pseudo-version v (UTC). */
function pseudoVersionTime(v) {
    const { timestamp } = parsePseudoVersion(v);
    const t = parseTimestamp(timestamp);
    if (!t)
        throw pseudoError(v, `malformed time ${(0,gomod_escape/* goQuote */.dg)(timestamp)}`);
    return t;
}
/** module.PseudoVersionRev: the revision identifier of pseudo-version v. */
function pseudoVersionRev(v) {
    return parsePseudoVersion(v).rev;
}
function decDecimal(decimal) {
    const digits = decimal.split("");
    let i = digits.length - 1;
    for (; i >= 0 && digits[i] === "0"; i--)
        digits[i] = "9";
    if (i < 0)
        return "";
    if (i === 0 && digits[i] === "1" && digits.length > 1) {
        digits.shift();
    }
    else {
        digits[i] = String.fromCharCode(digits[i].charCodeAt(0) - 1);
    }
    return digits.join("");
}
function incDecimal(decimal) {
    const digits = decimal.split("");
    let i = digits.length - 1;
    for (; i >= 0 && digits[i] === "9"; i--)
        digits[i] = "0";
    if (i >= 0) {
        digits[i] = String.fromCharCode(digits[i].charCodeAt(0) + 1);
    }
    else {
        digits[0] = "1";
        digits.push("0");
    }
    return digits.join("");
}
/**
 * module.PseudoVersionBase: the canonical parent version of pseudo-version v,
 * or "" if it has none (form (1)).
 */
function pseudoVersionBase(v) {
    const { base, build } = parsePseudoVersion(v);
    const pre = prerelease(base);
    if (pre === "") {
        if (build !== "")
            throw pseudoError(v, `lacks base version, but has build metadata ${goQuote(build)}`);
        return "";
    }
    if (pre === "-0") {
        const b = base.slice(0, base.length - pre.length);
        const i = b.lastIndexOf(".");
        const patch = decDecimal(b.slice(i + 1));
        if (patch === "")
            throw pseudoError(v, `version before ${b} would have negative patch number`);
        return b.slice(0, i + 1) + patch + build;
    }
    // vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef → vX.Y.Z-pre
    return base.slice(0, -".0".length) + build;
}
function formatTimestamp(t) {
    const p = (n, w) => String(n).padStart(w, "0");
    return (p(t.getUTCFullYear(), 4) + p(t.getUTCMonth() + 1, 2) + p(t.getUTCDate(), 2) +
        p(t.getUTCHours(), 2) + p(t.getUTCMinutes(), 2) + p(t.getUTCSeconds(), 2));
}
/** module.PseudoVersion: builds a pseudo-version (years 0..9999 only). */
function pseudoVersion(majorV, older, t, rev) {
    if (majorV === "")
        majorV = "v0";
    const segment = `${formatTimestamp(t)}-${rev}`;
    const b = semverBuild(older);
    older = canonical(older);
    if (older === "")
        return majorV + ".0.0-" + segment;
    if (prerelease(older) !== "")
        return older + ".0." + segment + b;
    const i = older.lastIndexOf(".") + 1;
    return older.slice(0, i) + incDecimal(older.slice(i)) + "-0." + segment + b;
}
/** module.ZeroPseudoVersion. */
function zeroPseudoVersion(majorV) {
    return (majorV === "" ? "v0" : majorV) + ".0.0-00010101000000-000000000000";
}
/** module.IsZeroPseudoVersion. */
function isZeroPseudoVersion(v) {
    return v === zeroPseudoVersion(semverMajor(v));
}

;// CONCATENATED MODULE: ./build/src/gomod/toolchain.js
// Go toolchains as modules: when go.mod or GOTOOLCHAIN asks for another Go,
// cmd/go downloads golang.org/toolchain@v0.0.1-<goversion>.<goos>-<goarch>
// (cmd/go/internal/toolchain: gotoolchainModule, gotoolchainVersion) through
// GOPROXY, checked like any module. This names the Go a version stands for.
const TOOLCHAIN_MODULE = "golang.org/toolchain";
const TOOLCHAIN_VERSION_PREFIX = "v0.0.1-";
/** The Go release and platform a toolchain module version stands for; undefined for any other module or version. */
function toolchainTarget(module, version) {
    if (module !== TOOLCHAIN_MODULE || !version.startsWith(TOOLCHAIN_VERSION_PREFIX))
        return undefined;
    const rest = version.slice(TOOLCHAIN_VERSION_PREFIX.length);
    // A Go version has dots; a GOOS-GOARCH pair has none: the last dot splits them.
    const dot = rest.lastIndexOf(".");
    if (dot <= 0 || !rest.startsWith("go"))
        return undefined;
    const platform = rest.slice(dot + 1);
    if (!/^[a-z0-9]+-[a-z0-9]+$/.test(platform))
        return undefined;
    return { go: rest.slice(0, dot), platform };
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
;// CONCATENATED MODULE: ./build/src/gomod/zip-directory.js
// A zip's central directory, read exactly as Go's archive/zip reads it
// (reader.go: Reader.init, readDirectoryEnd, findSignatureInBlock,
// findDirectory64End, readDirectory64End, readDirectoryHeader), so that gopin
// accepts the zips the go command accepts and refuses the others:
//
//   - the end-of-central-directory record is the LAST signature in the final
//     1 KiB, else in the final 65 KiB; its comment must fit in the file, but
//     anything may follow the comment (trailing data is allowed); its disk
//     numbers are ignored;
//   - with zip64 markers (0xffff records or size, 0xffffffff offset) a valid
//     zip64 locator just before it points at the zip64 end record;
//   - baseOffset = (end record offset) - directory size - directory offset:
//     data prepended to a zip whose offsets were not adjusted (a
//     self-extractor stub) moves every offset by it, unless a directory
//     header already sits at the unadjusted offset (then it is 0); the
//     directory must start inside the file;
//   - directory headers are read one after another until one does not parse;
//     their count must equal the declared count modulo 65536;
//   - sizes and offsets of 0xffffffff come from a zip64 extra field (a
//     missing compressed size or offset ends the directory there).

const EOCD_SIG = 0x06054b50;
const EOCD_LEN = 22;
const LOC64_SIG = 0x07064b50;
const LOC64_LEN = 20;
const END64_SIG = 0x06064b50;
const END64_LEN = 56;
const DIR_HEADER_SIG = 0x02014b50;
const DIR_HEADER_LEN = 46;
const ZIP64_EXTRA_ID = 0x0001;
const MAX32 = 0xffffffff;
function formatError(what = "not a valid zip file") {
    return new gomod_escape/* GoModError */.j1(`zip: ${what}`);
}
/** findSignatureInBlock: the last end record in `b` (index), -1 if none or its comment is cut off. */
function findSignatureInBlock(b) {
    for (let i = b.length - EOCD_LEN; i >= 0; i--) {
        if (b.readUInt32LE(i) === EOCD_SIG) {
            const n = b.readUInt16LE(i + EOCD_LEN - 2);
            return n + EOCD_LEN + i > b.length ? -1 : i;
        }
    }
    return -1;
}
/** readDirectoryEnd: the declared directory, and Go's baseOffset. */
async function readDirectoryEnd(read, size) {
    let eocd = -1;
    let block = Buffer.alloc(0);
    for (const [i, want] of [1024, 65 * 1024].entries()) {
        const len = Math.min(want, size);
        block = await read(size - len, len);
        const p = findSignatureInBlock(block);
        if (p >= 0) {
            eocd = size - len + p;
            block = block.subarray(p);
            break;
        }
        if (i === 1 || len === size)
            throw formatError();
    }
    let records = BigInt(block.readUInt16LE(10));
    let dirSize = BigInt(block.readUInt32LE(12));
    let dirOffset = BigInt(block.readUInt32LE(16));
    let dirEnd = eocd;
    if (records === 0xffffn || dirSize === 0xffffn || dirOffset === 0xffffffffn) {
        const p = await findDirectory64End(read, eocd);
        if (p >= 0) {
            dirEnd = p;
            const b = await read(p, END64_LEN);
            if (b.length < END64_LEN)
                throw formatError("unexpected EOF");
            if (b.readUInt32LE(0) !== END64_SIG)
                throw formatError();
            records = b.readBigUInt64LE(32);
            dirSize = b.readBigUInt64LE(40);
            dirOffset = b.readBigUInt64LE(48);
        }
    }
    const maxInt64 = (1n << 63n) - 1n;
    if (dirSize > maxInt64 || dirOffset > maxInt64)
        throw formatError();
    let base = BigInt(dirEnd) - dirSize - dirOffset;
    const dirStart = base + dirOffset;
    if (dirStart < 0n || dirStart >= BigInt(size))
        throw formatError();
    if (base > 0n && dirOffset < BigInt(size) && "entry" in (await readDirectoryHeader(new SequentialReader(read, Number(dirOffset)))))
        base = 0n;
    return { records, dirOffset, base };
}
/** findDirectory64End: the zip64 end record's offset from a valid locator just before `eocd`, else -1. */
async function findDirectory64End(read, eocd) {
    const at = eocd - LOC64_LEN;
    if (at < 0)
        return -1;
    const b = await read(at, LOC64_LEN);
    if (b.length < LOC64_LEN)
        throw formatError("unexpected EOF");
    if (b.readUInt32LE(0) !== LOC64_SIG || b.readUInt32LE(4) !== 0 || b.readUInt32LE(16) !== 1)
        return -1;
    const p = b.readBigUInt64LE(8);
    if (p > BigInt(Number.MAX_SAFE_INTEGER))
        throw formatError();
    return Number(p);
}
/** Reads forward from a position, like Go's bufio.Reader over a SectionReader. */
class SequentialReader {
    read;
    pos;
    buf = Buffer.alloc(0);
    atEnd = false;
    constructor(read, pos) {
        this.read = read;
        this.pos = pos;
    }
    /** `n` bytes, or as many as there were before the end of the file. */
    async take(n) {
        while (this.buf.length < n && !this.atEnd) {
            const more = await this.read(this.pos, Math.max(64 << 10, n - this.buf.length));
            if (more.length === 0)
                this.atEnd = true;
            this.pos += more.length;
            this.buf = this.buf.length ? Buffer.concat([this.buf, more]) : more;
        }
        const out = this.buf.subarray(0, n);
        this.buf = this.buf.subarray(out.length);
        return out;
    }
    /** io.ReadFull: the bytes, or why not ("EOF": none at all, "unexpected EOF": some). */
    async readFull(n) {
        if (n === 0)
            return Buffer.alloc(0);
        const b = await this.take(n);
        return b.length === n ? b : b.length === 0 ? "EOF" : "unexpected EOF";
    }
}
/** readDirectoryHeader: the next entry, or Go's error ("not a valid zip file" is ErrFormat). */
async function readDirectoryHeader(r) {
    const h = await r.readFull(DIR_HEADER_LEN);
    if (typeof h === "string")
        return { error: h };
    if (h.readUInt32LE(0) !== DIR_HEADER_SIG)
        return { error: "not a valid zip file" };
    const nameLen = h.readUInt16LE(28);
    const extraLen = h.readUInt16LE(30);
    const d = await r.readFull(nameLen + extraLen + h.readUInt16LE(32));
    if (typeof d === "string")
        return { error: d };
    const entry = {
        fileName: d.subarray(0, nameLen),
        generalPurposeBitFlag: h.readUInt16LE(8),
        compressionMethod: h.readUInt16LE(10),
        crc32: h.readUInt32LE(16),
        compressedSize: h.readUInt32LE(20),
        uncompressedSize: h.readUInt32LE(24),
        relativeOffsetOfLocalHeader: h.readUInt32LE(42),
    };
    // Values saturated at 0xffffffff come from the first zip64 extra field.
    const need = {
        uncompressedSize: entry.uncompressedSize === MAX32,
        compressedSize: entry.compressedSize === MAX32,
        relativeOffsetOfLocalHeader: entry.relativeOffsetOfLocalHeader === MAX32,
    };
    let extra = d.subarray(nameLen, nameLen + extraLen);
    while (extra.length >= 4) {
        const tag = extra.readUInt16LE(0);
        const size = extra.readUInt16LE(2);
        extra = extra.subarray(4);
        if (extra.length < size)
            break;
        let field = extra.subarray(0, size);
        extra = extra.subarray(size);
        if (tag !== ZIP64_EXTRA_ID)
            continue;
        for (const key of ["uncompressedSize", "compressedSize", "relativeOffsetOfLocalHeader"]) {
            if (!need[key])
                continue;
            need[key] = false;
            if (field.length < 8)
                return { error: "not a valid zip file" };
            entry[key] = Number(field.readBigUInt64LE(0));
            field = field.subarray(8);
        }
    }
    // An uncompressed size of 0xffffffff without zip64 is taken as it is (Go keeps 42.zip readable).
    if (need.compressedSize || need.relativeOffsetOfLocalHeader)
        return { error: "not a valid zip file" };
    return { entry };
}
/**
 * Reader.init: every central-directory entry of a zip file of `size` bytes,
 * local header offsets included Go's baseOffset. Throws GoModError when Go's
 * zip.NewReader fails.
 */
async function readCentralDirectory(read, size) {
    const end = await readDirectoryEnd(read, size);
    const r = new SequentialReader(read, Number(end.base + end.dirOffset));
    const entries = [];
    let stop;
    for (;;) {
        const h = await readDirectoryHeader(r);
        if ("entry" in h) {
            h.entry.relativeOffsetOfLocalHeader += Number(end.base);
            entries.push(h.entry);
            continue;
        }
        // Go fails at once on an io.EOF (a header starting exactly at the end of the file).
        if (h.error === "EOF")
            throw formatError("EOF");
        stop = h.error;
        break;
    }
    // The count is only 16 bits in the plain end record: compare those.
    if (BigInt(entries.length & 0xffff) !== (end.records & 0xffffn))
        throw formatError(stop);
    return entries;
}

;// CONCATENATED MODULE: ./build/src/gomod/dirhash.js
// Port of golang.org/x/mod/sumdb/dirhash: the "h1:" hash recorded in go.sum
// files and in the checksum database.
//
// Hash1 is "h1:" + base64(sha256(summary)), where the summary has one line
// "<hex sha256 of content>  <file name>\n" per file, ordered by the byte-wise
// sort of the file names. The central directory is read as Go's archive/zip
// reads it (zip-directory.ts); each file's content is streamed, one at a
// time, so large zips are never held in memory.







function dirhash_describeSource(src) {
    return typeof src === "string" ? src : `(${src.length}-byte zip in memory)`;
}
/** Size in bytes of a zip source. */
async function zipSize(src) {
    return typeof src === "string" ? (await (0,external_node_fs_promises_.stat)(src)).size : src.length;
}
/** Bytes read at once from a zip file for its small entries. */
const READ_BLOCK = 256 << 10;
/** Block buffers of closed zips, reused (hundreds of zips are checked at start-up). */
const freeBlocks = [];
/** The whole file: the buffer itself, or one file handle opened once per zip (not once per entry). */
async function openSource(src) {
    // Go's baseOffset can make an offset negative: nothing is there.
    if (typeof src !== "string") {
        const read = async (pos, len) => (pos < 0 ? Buffer.alloc(0) : src.subarray(pos, pos + len));
        return { read, readShort: read, size: src.length, close: async () => undefined };
    }
    const fh = await (0,external_node_fs_promises_.open)(src, "r");
    try {
        const { size } = await fh.stat();
        const read = async (pos, len) => {
            if (pos < 0)
                return Buffer.alloc(0);
            const b = Buffer.allocUnsafe(Math.max(0, Math.min(len, size - pos)));
            const { bytesRead } = await fh.read(b, 0, b.length, pos);
            return b.subarray(0, bytesRead);
        };
        // Small entries are read in file order, each a header and a few KiB:
        // one block buffer, refilled a block at a time, answers most of them
        // (one thread-pool round trip per block, and no garbage per entry).
        const block = freeBlocks.pop() ?? Buffer.allocUnsafe(READ_BLOCK);
        let blockPos = 0;
        let blockLen = 0;
        const readShort = async (pos, len) => {
            if (pos < 0)
                return Buffer.alloc(0);
            const end = Math.min(size, pos + len);
            if (pos >= blockPos && end <= blockPos + blockLen)
                return block.subarray(pos - blockPos, end - blockPos);
            if (len > block.length)
                return read(pos, len);
            blockLen = 0;
            const { bytesRead } = await fh.read(block, 0, Math.min(block.length, size - pos), pos);
            blockPos = pos;
            blockLen = bytesRead;
            return block.subarray(0, Math.min(len, bytesRead));
        };
        let closed = false;
        const close = async () => {
            if (closed)
                return;
            closed = true;
            if (freeBlocks.length < 4)
                freeBlocks.push(block);
            await fh.close();
        };
        return { read, readShort, size, close };
    }
    catch (e) {
        await fh.close();
        throw e;
    }
}
/**
 * Opens a zip and reads its whole central directory exactly as Go's
 * archive/zip does (zip-directory.ts: trailing data and a prepended stub are
 * fine), with no name validation and no eager size checks.
 */
async function dirhash_openZip(src) {
    const file = await openSource(src);
    try {
        const headers = await readCentralDirectory(file.read, file.size).catch((err) => {
            throw new gomod_escape/* GoModError */.j1(`zip ${dirhash_describeSource(src)}: ${err.message}`);
        });
        const entries = headers.map((entry) => ({ nameBytes: entry.fileName, name: entry.fileName.toString("utf8"), entry }));
        return { entries, bytes: { read: file.read, readShort: file.readShort }, close: file.close };
    }
    catch (e) {
        await file.close();
        throw e;
    }
}
/** Entries up to this compressed size (and at most INLINE_OUTPUT_MAX
 * declared) are read and inflated in one synchronous call: streaming each
 * small file through zlib's thread pool costs far more than inflating it. */
const INLINE_ENTRY_MAX = 1 << 20;
const INLINE_OUTPUT_MAX = 4 << 20;
/** Bytes read past a local header in the same read, to cover its name and extra field. */
const HEADER_SLACK = 1024;
/** Read size for a large entry's compressed bytes, and zlib's output chunk:
 * big slices keep thread-pool round trips few (a 24 MiB entry in 16 KiB
 * slices costs ~1,500 of them, and most of its check time). */
const BIG_SLICE = 1 << 20;
/**
 * Where an entry's compressed bytes start, with the first `want` of them when
 * they came in the same read as the local header.
 */
async function locateData(z, e, want) {
    const off = e.entry.relativeOffsetOfLocalHeader;
    const got = await z.readShort(off, 30 + HEADER_SLACK + want);
    if (got.length < 30 || got.readUInt32LE(0) !== 0x04034b50)
        throw new gomod_escape/* GoModError */.j1(`${e.name}: invalid local file header signature`);
    const skip = 30 + got.readUInt16LE(26) + got.readUInt16LE(28);
    return { start: off + skip, head: got.subarray(Math.min(skip, got.length), skip + want) };
}
/** Whole compressed bytes of a small entry, read from `start`. */
async function smallEntryData(z, e, start, head) {
    const size = e.entry.compressedSize;
    const data = head.length === size ? head : await z.readShort(start, size);
    if (data.length < size)
        throw new gomod_escape/* GoModError */.j1(`${e.name}: unexpected EOF`);
    return data;
}
/** Whole content of a small entry, with Go's size checks. */
function inflateInline(data, e) {
    const declared = e.entry.uncompressedSize;
    let out;
    if (e.entry.compressionMethod === 0) {
        out = data;
    }
    else {
        try {
            // One byte of headroom, so "larger than declared" is told apart. The
            // output chunk is that size too: zlib's default (16 KiB, a fresh
            // allocation per file) cost more than the inflating of most files.
            out = (0,external_node_zlib_.inflateRawSync)(data, { maxOutputLength: declared + 1, chunkSize: Math.max(external_node_zlib_.constants.Z_MIN_CHUNK, declared + 1) });
        }
        catch (err) {
            const code = err.code;
            if (code === "ERR_BUFFER_TOO_LARGE") {
                throw new gomod_escape/* GoModError */.j1(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
            }
            throw new gomod_escape/* GoModError */.j1(`${e.name}: ${err.message}`);
        }
    }
    if (out.length > declared)
        throw new gomod_escape/* GoModError */.j1(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
    return out;
}
/** The compressed bytes of a large entry, in slices of at most BIG_SLICE. */
async function* compressedSlices(z, e, start) {
    let pos = start;
    let left = e.entry.compressedSize;
    while (left > 0) {
        const b = await z.read(pos, Math.min(BIG_SLICE, left));
        if (b.length === 0)
            throw new gomod_escape/* GoModError */.j1(`${e.name}: unexpected EOF`);
        yield b;
        pos += b.length;
        left -= b.length;
    }
}
/** Decompressed content of a large entry, streamed (method 0: stored, 8: deflate). */
async function* contentSlices(z, e, start) {
    const method = e.entry.compressionMethod;
    if (method === 0) {
        yield* compressedSlices(z, e, start);
        return;
    }
    if (method !== 8)
        throw new gomod_escape/* GoModError */.j1(`${e.name}: zip: unsupported compression algorithm`);
    const inflater = (0,external_node_zlib_.createInflateRaw)({ chunkSize: BIG_SLICE });
    const feeding = (0,promises_.pipeline)(external_node_stream_.Readable.from(compressedSlices(z, e, start)), inflater);
    feeding.catch(() => undefined); // the error surfaces through the iterator below
    try {
        for await (const chunk of inflater)
            yield chunk;
        await feeding;
    }
    finally {
        inflater.destroy();
    }
}
/**
 * Streams the decompressed content of one (non-directory) entry to onData,
 * enforcing Go's archive/zip checks: the content must be exactly the declared
 * uncompressed size (inflation stops as soon as it exceeds it, which defeats
 * zip bombs), and the CRC-32 must match the directory's (and the data
 * descriptor's, if present). When onData returns a promise (a writer), the
 * next chunk waits for it. The content reaches onData before the CRC-32 is
 * checked: a caller that keeps it must drop it when this throws.
 */
async function streamZipEntry(z, e, onData) {
    const entry = e.entry;
    const declared = entry.uncompressedSize;
    const inline = entry.compressedSize <= INLINE_ENTRY_MAX && declared <= INLINE_OUTPUT_MAX && (entry.compressionMethod === 0 || entry.compressionMethod === 8);
    const { start, head } = await locateData(z, e, inline ? entry.compressedSize : 0);
    if (inline) {
        const content = inflateInline(await smallEntryData(z, e, start, head), e);
        if (content.length)
            await onData(content);
        await finishEntry(z, e, start, content.length, (0,external_node_zlib_.crc32)(content));
        return;
    }
    let n = 0;
    let crc = 0;
    try {
        for await (const chunk of contentSlices(z, e, start)) {
            n += chunk.length;
            if (n > declared)
                throw new gomod_escape/* GoModError */.j1(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
            crc = (0,external_node_zlib_.crc32)(chunk, crc);
            await onData(chunk);
        }
    }
    catch (err) {
        throw err instanceof gomod_escape/* GoModError */.j1 ? err : new gomod_escape/* GoModError */.j1(`${e.name}: ${err.message}`);
    }
    await finishEntry(z, e, start, n, crc);
}
/** Go's checks once an entry's content (from `start`) has been read: exact size, CRC-32. */
async function finishEntry(z, e, start, n, crc) {
    const entry = e.entry;
    const declared = entry.uncompressedSize;
    if (n !== declared) {
        throw new gomod_escape/* GoModError */.j1(`${e.name}: uncompressed size ${n} does not match declared size ${declared} bytes`);
    }
    if (entry.generalPurposeBitFlag & 0x8) {
        // Data descriptor: its CRC must match the central directory's.
        const desc = await z.read(start + entry.compressedSize, 16);
        let off = 0;
        if (desc.length >= 4 && desc.readUInt32LE(0) === 0x08074b50)
            off = 4;
        if (desc.length < off + 4)
            throw new gomod_escape/* GoModError */.j1(`${e.name}: unexpected EOF reading data descriptor`);
        if (desc.readUInt32LE(off) >>> 0 !== entry.crc32 >>> 0)
            throw new gomod_escape/* GoModError */.j1(`${e.name}: zip: checksum error`);
        if (crc >>> 0 !== entry.crc32 >>> 0)
            throw new gomod_escape/* GoModError */.j1(`${e.name}: zip: checksum error`);
    }
    else if (entry.crc32 !== 0 && crc >>> 0 !== entry.crc32 >>> 0) {
        throw new gomod_escape/* GoModError */.j1(`${e.name}: zip: checksum error`);
    }
}
function summaryLine(contentHash, name) {
    return Buffer.concat([Buffer.from(contentHash.toString("hex") + "  ", "latin1"), name, Buffer.from("\n")]);
}
/**
 * dirhash.Hash1 from each file's name and the sha256 of its content.
 * Throws like Go if a name contains a newline.
 */
function hash1OfDigests(files) {
    const h = (0,external_node_crypto_.createHash)("sha256");
    for (const f of [...files].sort((a, b) => Buffer.compare(a.name, b.name))) {
        if (f.name.includes(0x0a))
            throw new gomod_escape/* GoModError */.j1("dirhash: filenames with newlines are not supported");
        h.update(summaryLine(f.digest, f.name));
    }
    return "h1:" + h.digest("base64");
}
/**
 * SHA-256 of one file's content as it streams in. Most files come in one
 * chunk and are hashed in one call, without a Hash object (hugo's graph:
 * 40,658 files; the objects cost about as much as the hashing). It keeps
 * the first chunk itself until digest(), so digest() must come before that
 * memory is reused: streamZipEntry's chunks stay valid until the next entry
 * is read (a small stored entry is a view of the zip's read block).
 */
class FileDigest {
    first;
    h;
    add(chunk) {
        if (this.h)
            this.h.update(chunk);
        else if (this.first === undefined)
            this.first = chunk;
        else {
            this.h = (0,external_node_crypto_.createHash)("sha256").update(this.first).update(chunk);
            this.first = undefined;
        }
    }
    digest() {
        return this.h ? this.h.digest() : (0,external_node_crypto_.hash)("sha256", this.first ?? EMPTY, "buffer");
    }
}
const EMPTY = Buffer.alloc(0);
/** dirhash.Hash1 over an in-memory list of files (names as given, content as bytes). */
function hash1(files) {
    return hash1OfDigests(files.map((f) => ({ name: typeof f.name === "string" ? Buffer.from(f.name) : f.name, digest: (0,external_node_crypto_.hash)("sha256", f.content, "buffer") })));
}
/** The go.sum "/go.mod" hash: Hash1 over a single file named "go.mod". */
function hashGoMod(bytes) {
    return hash1([{ name: "go.mod", content: typeof bytes === "string" ? Buffer.from(bytes) : bytes }]);
}
/**
 * dirhash.HashZip(zipFile, dirhash.Hash1): the module hash of a module zip.
 * Every entry is included under its full name (including directory entries,
 * which hash as empty files); for duplicate names, Go hashes the last entry's
 * content once per occurrence, and so does this.
 */
async function hashZip(zipFile) {
    const zip = await dirhash_openZip(zipFile);
    try {
        const { entries } = zip;
        const byName = new Map();
        for (const e of entries)
            byName.set(e.nameBytes.toString("latin1"), e);
        const names = entries.map((e) => e.nameBytes).sort(Buffer.compare);
        const h = (0,external_node_crypto_.createHash)("sha256");
        for (const name of names) {
            if (name.includes(0x0a))
                throw new gomod_escape/* GoModError */.j1("dirhash: filenames with newlines are not supported");
            const e = byName.get(name.toString("latin1"));
            const hf = new FileDigest();
            if (name.length > 0 && name[name.length - 1] === 0x2f) {
                // Go's archive/zip opens directory entries as empty, unless they claim content.
                if (e.entry.uncompressedSize !== 0)
                    throw new gomod_escape/* GoModError */.j1(`${e.name}: zip: not a valid zip file`);
            }
            else {
                await streamZipEntry(zip.bytes, e, (chunk) => void hf.add(chunk));
            }
            h.update(summaryLine(hf.digest(), name));
        }
        return "h1:" + h.digest("base64");
    }
    finally {
        await zip.close();
    }
}

;// CONCATENATED MODULE: ./build/src/gomod/modfile/text.js
// Go's text primitives as modfile's lexer and ParseLax use them: unicode.IsPrint
// and IsSpace, strings.TrimSpace and Fields, UTF-8 decoding with U+FFFD for
// bad bytes, and strconv.Unquote.


/**
 * Non-ASCII runes for which Go's unicode.IsPrint is true (categories L, M, N,
 * P, S), as of the Go release this was generated from; used by the lexer's
 * isIdent. See __tests__/oracle/main.go encodeRuns.
 */
const GO_PRINT_RUNS = "4h+b,2+jt,3+5,5+6,2,2+j,2+b0,2+11,3+1d,3+2,2+1i,9+q,5+5,i+l,2+5b,2+1b,3+1m,3+2s,f+1m,3+1c,3+e,2+r,3,2+a,6+u,a+21,2+4g,2+7,3+1,3+l,2+6,2,4+3,3+8,3+1,3+3,9,5+1,2+4,3+o,3+2,2+5,5+1,3+l,2+6,2+1,2+1,2+1,3,2+4,5+1,3+2,4,8+3,2,8+g,b+2,2+8,2+2,2+l,2+6,2+1,2+4,3+9,2+2,2+2,3,g+3,3+b,8+6,2+2,2+7,3+1,3+l,2+6,2+1,2+4,3+8,3+1,3+2,8+2,5+1,2+4,3+h,b+1,2+5,4+2,2+3,4+1,2,2+1,4+1,4+2,4+b,5+4,4+2,2+3,3,7,f+k,6+c,2+2,2+m,2+f,3+8,2+2,2+3,8+1,2+2,3,3+3,3+9,8+l,2+2,2+m,2+9,2+4,3+8,2+2,2+3,8+1,7+1,2+3,3+9,2+2,d+c,2+2,2+1e,2+2,2+5,5+f,3+p,2+2,2+h,4+n,2+8,2,3+6,4,5+5,2,2+7,7+9,3+2,d+1l,5+s,12+1,2,2+4,2+n,2,2+m,3+4,2,2+6,2+9,3+3,x+1z,2+z,5+12,2+z,2+e,2+c,12+5h,2,6,3+ag,2+3,3+6,2,2+3,3+14,2+3,3+w,2+3,3+6,2,2+3,3+e,2+1k,2+3,3+1u,3+v,4+p,7+2d,3+5,3+hr,2+r,4+2g,8+l,a+n,a+j,d+c,2+2,2+1,d+2l,3+9,7+9,7+d,2+a,7+2g,8+16,6+1x,b+u,2+b,5+b,5,4+15,3+4,c+17,5+p,7+a,4+1p,3+1s,2+s,3+a,7+9,7+d,3+u,1e+24,4+1a,2+37,9+1n,4+e,4+1n,8+16,3+a,9+16,6+et,3+5,3+11,3+5,3+7,2,2,2,2+u,3+1g,2+e,2+d,3+5,2+i,3+2,2+8,i+n,9+1a,i+1,3+q,2+c,4+w,g+w,g+3v,5+ie,q+a,m+1eb,3+v,2+9o,6+18,2,6,3+1j,8+1,f+n,a+6,2+6,2+6,2+6,2+6,2+6,2+6,2+6,2+3h,z+p,2+2g,d+5x,r+b,6+1q,2+2d,3+2u,6+16,2+2l,2+2b,d+1a,2+mlo,4+1i,a+9n,l+53,9+5m,6+1,2,2+4,p+1m,4+9,7+1j,9+1x,9+b,7+37,c+t,4+25,2+a,5+w,2+1i,a+d,3+9,3+2u,p+r,b+5,3+5,3+5,a+6,2+6,2+1n,5+3h,3+9,7+8mb,d+m,5+1c,6it+a5,3+2x,13+6,d+4,6+p,2+4,2,2+1,2+1,2+3g,h+cc,3+1h,8,x+15,7+1e,2+i,2+3,5+4,2+3q,5+59,4+5,3+5,3+5,3+2,4+6,2+6,e+1,3+b,2+p,2+i,2+1,2+e,3+d,z+3e,6+2,5+18,4+2f,2+c,4,1c+19,3n+s,4+1c,g+r,5+z,a+t,6+16,6+t,2+10,5+d,17+4d,3+9,7+z,5+z,5+13,9+1f,c+b,2+e,2+6,2+1,2+a,2+e,2+6,2+1,1w+8m,a+l,b+7,p+5,2+15,2+8,1y+5,3,2+17,2+1,4,3+m,2+1z,9+8,1d+i,2+1,6+w,4+q,6,1t+1j,5+j,3+1d,2+1,6+7,2+2,2+s,3+2,5+9,8+8,8+1r,x+12,5+b,a+1h,4+s,3+q,6+p,8+3,d+6,29+20,1k+1e,e+1e,8+19,9+9,87+u,2+15,2+2,3+1,24+16,9+15,n+p,13+r,l+m,a+25,5+z,a+1p,2+4,e+o,8+9,7+1g,2+h,9+12,a+2n,2+j,c+h,2+1a,1r+6,2,2+3,2+e,2+a,7+1m,6+9,7+3,2+7,3+1,3+l,2+6,2+1,2+4,2+9,3+1,3+2,3,7,6+6,3+6,4+4,3w+2j,2+4,v+1z,9+9,4n+1h,3+11,z+1w,c+9,7+c,k+1l,7+9,1j+q,3+e,5+m,56+1n,2t+2a,d+7,3,3+7,2+1,2+t,2+1,3+b,a+9,1z+7,3+19,3+a,s+1z,9+2a,e+20,8+9,6v+8,2+18,2+d,b+s,4+v,3+l,2+d,22+6,2+1,2+17,4,2+1,2+8,9+9,7+5,2+1,2+10,2+1,2+5,8+9,8n+o,8+g,2+14,4+r,2f,g+1d,e+pm,2v+32,2+4,c+5f,219+2q,e+tr,h+l,33f+g6,6nu+fs,8+u,2+9,5+28,2+9,7+t,3+5,b+1x,b+9,2+6,2+k,6+i,j5+2i,2u+22,5+1k,8+g,1t+4,c+1,f+4qf,9+yd,17+8,6w8+3,2+6,2+1,2+82,g,u+2,3,f+3,9+az,1s5+2y,6+c,4+8,8+9,3+3,3mp+19,3+m,a+37,1p+6t,b+12,3+21,9+33,m+1x,3f+j,d+j,d+2e,a+o,3s+2c,2+1y,2+1,3,3+1,3+3,2+b,2,2+6,2+1s,2+3,3+7,2+6,2+r,2+3,2+4,2,4+6,2+9f,3+83,3+jh,g+4,2+e,up+u,7+5,5y+6,2+g,3+6,2+1,2+4,6+1p,y,35+18,4+d,3+9,5+1,8x+u,i+1l,6,cx+15,kn+6,2+3,2+1,2+e,2+5g,3+f,16+23,5+9,5+1,lu+1v,25+1o,5f+3,2+q,2+1,2,3,2+9,2+3,2,2,7,5,2,2,2+2,2+1,2,3,2,2,2,2,2+1,2,3+3,2+6,2+3,2+3,2,2+9,2+g,6+2,2+4,2+g,1h+1,7j+17,5+2r,d+e,3+e,2+e,2+10,b+4t,1l+s,e+17,5+8,8+1,f+5,4b+rb,5+g,4+c,4+3a,5+2m,7+b,5,g+b,5+1j,9+9,7+13,9+t,3+1,27+9f,d+d,3+c,4+8,8+19,2+6,9+d,5+8,8+8,8+42,2+1i,12+9,sn+wyn,x+37d,7+65,3+4g1,f+5rk,2e8+f1,15v+3t6,6+38f,f9e9+6n";
let printRuns;
/** Go's unicode.IsPrint. */
function isGoPrint(cp) {
    if (cp < 0x80)
        return cp >= 0x20 && cp <= 0x7e;
    printRuns ??= (0,gomod_escape/* decodeRuns */.xY)(GO_PRINT_RUNS);
    return (0,gomod_escape/* inRuns */.GU)(printRuns, cp);
}
/** Go's unicode.IsSpace. */
function isGoSpace(cp) {
    switch (cp) {
        case 0x09:
        case 0x0a:
        case 0x0b:
        case 0x0c:
        case 0x0d:
        case 0x20:
        case 0x85:
        case 0xa0:
        case 0x1680:
        case 0x2028:
        case 0x2029:
        case 0x202f:
        case 0x205f:
        case 0x3000:
            return true;
    }
    return cp >= 0x2000 && cp <= 0x200a;
}
/** Go's strings.TrimSpace. */
function text_goTrimSpace(s) {
    let i = 0;
    let j = s.length;
    while (i < j && isGoSpace(s.codePointAt(i)))
        i++;
    while (j > i && isGoSpace(s.charCodeAt(j - 1)))
        j--;
    return s.slice(i, j);
}
/** Go's strings.Fields. */
function goFields(s) {
    const out = [];
    let cur = "";
    for (const ch of s) {
        if (isGoSpace(ch.codePointAt(0))) {
            if (cur !== "")
                out.push(cur);
            cur = "";
        }
        else {
            cur += ch;
        }
    }
    if (cur !== "")
        out.push(cur);
    return out;
}
/** Decodes bytes as Go would range over them: each invalid byte becomes U+FFFD. */
function text_goDecode(data) {
    if (typeof data === "string")
        return data;
    const fast = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
    if (!fast.includes("\ufffd"))
        return fast;
    let out = "";
    for (let i = 0; i < data.length;) {
        const [r, n] = decodeRune(data, i);
        out += String.fromCodePoint(r);
        i += n;
    }
    return out;
}
function encodeRuneBytes(cp, out) {
    if (cp < 0x80)
        out.push(cp);
    else if (cp < 0x800)
        out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000)
        out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else
        out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}
const HEX = /^[0-9a-fA-F]$/;
/**
 * Go's strconv.Unquote for "double-quoted" and `back-quoted` strings (the
 * forms go.mod files can contain). Returns undefined where Go returns ErrSyntax.
 */
function text_goUnquote(s) {
    if (s.length < 2)
        return undefined;
    const quote = s[0];
    if (quote === "`") {
        const end = s.indexOf("`", 1);
        if (end !== s.length - 1)
            return undefined;
        return s.slice(1, end).replace(/\r/g, "");
    }
    if (quote !== '"')
        return undefined;
    const end = s.indexOf('"', 1);
    if (end < 0)
        return undefined;
    const head = s.slice(0, end + 1);
    if (!head.includes("\\") && !head.includes("\n")) {
        return end === s.length - 1 ? s.slice(1, end) : undefined;
    }
    const buf = [];
    let i = 1;
    while (i < s.length && s[i] !== '"') {
        const c = s.codePointAt(i);
        if (c === 0x0a)
            return undefined;
        if (c >= 0x80) {
            encodeRuneBytes(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c, buf);
            i += c > 0xffff ? 2 : 1;
            continue;
        }
        if (c !== 0x5c) {
            buf.push(c);
            i++;
            continue;
        }
        if (i + 1 >= s.length)
            return undefined;
        const e = s[i + 1];
        i += 2;
        switch (e) {
            case "a":
                buf.push(7);
                break;
            case "b":
                buf.push(8);
                break;
            case "f":
                buf.push(12);
                break;
            case "n":
                buf.push(10);
                break;
            case "r":
                buf.push(13);
                break;
            case "t":
                buf.push(9);
                break;
            case "v":
                buf.push(11);
                break;
            case "\\":
                buf.push(0x5c);
                break;
            case '"':
                buf.push(0x22);
                break;
            case "x":
            case "u":
            case "U": {
                const n = e === "x" ? 2 : e === "u" ? 4 : 8;
                if (i + n > s.length)
                    return undefined;
                let v = 0;
                for (let k = 0; k < n; k++) {
                    const h = s[i + k];
                    if (!HEX.test(h))
                        return undefined;
                    v = v * 16 + parseInt(h, 16);
                }
                i += n;
                if (e === "x") {
                    buf.push(v);
                }
                else {
                    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
                        return undefined;
                    encodeRuneBytes(v, buf);
                }
                break;
            }
            case "0":
            case "1":
            case "2":
            case "3":
            case "4":
            case "5":
            case "6":
            case "7": {
                let v = e.charCodeAt(0) - 0x30;
                if (i + 2 > s.length)
                    return undefined;
                for (let k = 0; k < 2; k++) {
                    const d = s.charCodeAt(i + k) - 0x30;
                    if (d < 0 || d > 7)
                        return undefined;
                    v = v * 8 + d;
                }
                i += 2;
                if (v > 255)
                    return undefined;
                buf.push(v);
                break;
            }
            default:
                return undefined;
        }
    }
    if (i !== s.length - 1)
        return undefined; // missing closing quote, or text after it
    return text_goDecode(Uint8Array.from(buf));
}

;// CONCATENATED MODULE: ./build/src/gomod/modfile/read.js
// Port of golang.org/x/mod/modfile/read.go: the lexer and parser of go.mod
// syntax, including how comments attach to lines and blocks.


const EOF = -1;
const EOLCOMMENT = -2;
const IDENT = -3;
const STRING = -4;
const COMMENT = -5;
function isEOL(k) {
    return k === EOF || k === EOLCOMMENT || k === 0x0a;
}
function isIdent(c) {
    switch (c) {
        case 0x20:
        case 0x28:
        case 0x29:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
        case 0x2c:
            return false;
    }
    if (c >= 0xd800 && c <= 0xdfff)
        c = 0xfffd;
    return !isGoSpace(c) && isGoPrint(c);
}
class ParseError extends Error {
}
class Input {
    text;
    i = 0;
    pos = { line: 1, byte: 0 };
    tokenStart = 0;
    token = { kind: EOF, pos: { line: 1, byte: 0 }, endPos: { line: 1, byte: 0 }, text: "" };
    comments = [];
    constructor(text) {
        this.text = text;
    }
    error(msg) {
        throw new ParseError(`go.mod:${this.pos.line}: ${msg}`);
    }
    eof() {
        return this.i >= this.text.length;
    }
    peekRune() {
        if (this.eof())
            return 0;
        return this.text.codePointAt(this.i);
    }
    peekPrefix(p) {
        return this.text.startsWith(p, this.i);
    }
    readRune() {
        if (this.eof())
            this.error("internal lexer error: readRune at EOF");
        const r = this.text.codePointAt(this.i);
        this.i += r > 0xffff ? 2 : 1;
        if (r === 0x0a)
            this.pos = { line: this.pos.line + 1, byte: this.i };
        else
            this.pos = { line: this.pos.line, byte: this.i };
        return r;
    }
    startToken() {
        this.tokenStart = this.i;
        this.token = { kind: EOF, pos: this.pos, endPos: this.pos, text: "" };
    }
    endToken(kind) {
        let text = this.text.slice(this.tokenStart, this.i);
        if (kind === COMMENT || kind === EOLCOMMENT) {
            if (text.endsWith("\r\n"))
                text = text.slice(0, -2);
            else if (text.endsWith("\n"))
                text = text.slice(0, -1);
        }
        this.token = { kind, pos: this.token.pos, endPos: this.pos, text };
    }
    peek() {
        return this.token.kind;
    }
    lex() {
        const tok = this.token;
        this.readToken();
        return tok;
    }
    readToken() {
        while (!this.eof()) {
            const c = this.peekRune();
            if (c === 0x20 || c === 0x09 || c === 0x0d) {
                this.readRune();
                continue;
            }
            if (this.peekPrefix("//")) {
                this.startToken();
                const nl = this.text.lastIndexOf("\n", this.i - 1);
                const suffix = text_goTrimSpace(this.text.slice(nl + 1, this.i)).length > 0;
                this.readRune();
                this.readRune();
                while (!this.eof() && this.readRune() !== 0x0a) {
                    // skip to end of line
                }
                if (!suffix) {
                    this.endToken(COMMENT);
                    return;
                }
                this.endToken(EOLCOMMENT);
                this.comments.push({ start: this.token.pos, token: this.token.text, suffix: true });
                return;
            }
            if (this.peekPrefix("/*"))
                this.error("mod files must use // comments (not /* */ comments)");
            break;
        }
        this.startToken();
        if (this.eof()) {
            this.endToken(EOF);
            return;
        }
        const c = this.peekRune();
        switch (c) {
            case 0x0a:
            case 0x28:
            case 0x29:
            case 0x5b:
            case 0x5d:
            case 0x7b:
            case 0x7d:
            case 0x2c:
                this.readRune();
                this.endToken(c);
                return;
            case 0x22:
            case 0x60: {
                const quote = c;
                this.readRune();
                for (;;) {
                    if (this.eof()) {
                        this.pos = this.token.pos;
                        this.error("unexpected EOF in string");
                    }
                    if (this.peekRune() === 0x0a)
                        this.error("unexpected newline in string");
                    const d = this.readRune();
                    if (d === quote)
                        break;
                    if (d === 0x5c && quote !== 0x60) {
                        if (this.eof()) {
                            this.pos = this.token.pos;
                            this.error("unexpected EOF in string");
                        }
                        this.readRune();
                    }
                }
                this.endToken(STRING);
                return;
            }
        }
        if (!isIdent(c))
            this.error(`unexpected input character ${(0,gomod_escape/* goQuote */.dg)(String.fromCodePoint(c))}`);
        while (isIdent(this.peekRune())) {
            if (this.peekPrefix("//"))
                break;
            if (this.peekPrefix("/*"))
                this.error("mod files must use // comments (not /* */ comments)");
            this.readRune();
        }
        this.endToken(IDENT);
    }
}
function newComments() {
    return { before: [], suffix: [] };
}
function parseFile(inp) {
    const stmts = [];
    let cb;
    for (;;) {
        switch (inp.peek()) {
            case 0x0a:
                inp.lex();
                if (cb) {
                    stmts.push(cb);
                    cb = undefined;
                }
                break;
            case COMMENT: {
                const tok = inp.lex();
                cb ??= { kind: "comments", start: tok.pos, ...newComments() };
                cb.before.push({ start: tok.pos, token: tok.text, suffix: false });
                break;
            }
            case EOF:
                if (cb)
                    stmts.push(cb);
                return stmts;
            default:
                parseStmt(inp, stmts);
                if (cb) {
                    stmts[stmts.length - 1].before = cb.before;
                    cb = undefined;
                }
        }
    }
}
function parseStmt(inp, stmts) {
    const tok = inp.lex();
    const start = tok.pos;
    let end = tok.endPos;
    const tokens = [tok.text];
    for (;;) {
        const t = inp.lex();
        if (isEOL(t.kind)) {
            stmts.push({ kind: "line", start, end, token: tokens, ...newComments() });
            return;
        }
        if (t.kind === 0x28) {
            const next = inp.peek();
            if (isEOL(next)) {
                stmts.push(parseLineBlock(inp, start, tokens, t));
                return;
            }
            else if (next === 0x29) {
                const rparen = inp.lex();
                if (isEOL(inp.peek())) {
                    inp.lex();
                    stmts.push({
                        kind: "block",
                        start,
                        token: tokens,
                        lparen: { kind: "paren", pos: t.pos, ...newComments() },
                        line: [],
                        rparen: { kind: "paren", pos: rparen.pos, ...newComments() },
                        ...newComments(),
                    });
                    return;
                }
                tokens.push(t.text, rparen.text);
            }
            else {
                tokens.push(t.text);
            }
            continue;
        }
        tokens.push(t.text);
        end = t.endPos;
    }
}
function parseLineBlock(inp, start, token, lparen) {
    const x = {
        kind: "block",
        start,
        token,
        lparen: { kind: "paren", pos: lparen.pos, ...newComments() },
        line: [],
        rparen: { kind: "paren", pos: lparen.pos, ...newComments() },
        ...newComments(),
    };
    let comments = [];
    for (;;) {
        switch (inp.peek()) {
            case EOLCOMMENT:
                inp.lex();
                break;
            case 0x0a:
                inp.lex();
                if ((comments.length === 0 && x.line.length > 0) || (comments.length > 0 && comments[comments.length - 1].token !== "")) {
                    comments.push({ start: undefined, token: "", suffix: false });
                }
                break;
            case COMMENT: {
                const tok = inp.lex();
                comments.push({ start: tok.pos, token: tok.text, suffix: false });
                break;
            }
            case EOF:
                inp.error(`syntax error (unterminated block started at go.mod:${x.start.line})`);
            // eslint-disable-next-line no-fallthrough
            case 0x29: {
                const rparen = inp.lex();
                if (comments.length === 1 && comments[0].start === undefined && comments[0].token === "")
                    comments = [];
                x.rparen.before = comments;
                x.rparen.pos = rparen.pos;
                if (!isEOL(inp.peek()))
                    inp.error("syntax error (expected newline after closing paren)");
                inp.lex();
                return x;
            }
            default: {
                const l = parseLine(inp);
                x.line.push(l);
                l.before = comments;
                comments = [];
            }
        }
    }
}
function parseLine(inp) {
    const tok = inp.lex();
    if (isEOL(tok.kind))
        inp.error("internal parse error: parseLine at end of line");
    const start = tok.pos;
    let end = tok.endPos;
    const tokens = [tok.text];
    for (;;) {
        const t = inp.lex();
        if (isEOL(t.kind))
            return { kind: "line", start, end, token: tokens, ...newComments() };
        tokens.push(t.text);
        end = t.endPos;
    }
}
function span(x) {
    switch (x.kind) {
        case "line":
            return [x.start, x.end];
        case "block":
            return [x.start, { line: x.rparen.pos.line, byte: x.rparen.pos.byte + 1 }];
        case "paren":
            return [x.pos, { line: x.pos.line, byte: x.pos.byte + 1 }];
        case "comments":
            return [x.start, x.start];
    }
}
/** assignComments from read.go: attaches end-of-line comments to the expressions they follow. */
function assignComments(stmts, comments) {
    const post = [];
    for (const s of stmts) {
        if (s.kind === "block") {
            post.push(s.lparen, ...s.line, s.rparen);
        }
        post.push(s);
    }
    const suffix = comments.filter((c) => c.suffix);
    for (let i = post.length - 1; i >= 0; i--) {
        const x = post[i];
        const [start, end] = span(x);
        if (start.line !== end.line)
            continue;
        while (suffix.length > 0 && end.byte <= suffix[suffix.length - 1].start.byte) {
            x.suffix.push(suffix.pop());
        }
    }
    for (const x of post)
        x.suffix.reverse();
}
function parseSyntax(text) {
    const inp = new Input(text);
    inp.readToken();
    const stmts = parseFile(inp);
    assignComments(stmts, inp.comments);
    return stmts;
}

;// CONCATENATED MODULE: ./build/src/gomod/modfile/rule.js
// Port of the parts of golang.org/x/mod/modfile/rule.go the go command uses on
// dependency go.mod files: ParseLax's handling of the module, go, require,
// ignore and retract directives, and the lightweight ModulePath.




const goVersionRE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
const laxGoVersionRE = /^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9][^\n]*)$/;
const deprecatedRE = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/;
function parseString(s) {
    if (s.startsWith('"')) {
        const t = text_goUnquote(s);
        if (t === undefined)
            throw new gomod_escape/* GoModError */.j1("invalid quoted string: invalid syntax");
        return t;
    }
    if (/["'`]/.test(s))
        throw new gomod_escape/* GoModError */.j1("invalid quoted string: unquoted string cannot contain quote");
    return s;
}
function parseDirectiveComment(block, line) {
    let comments = line;
    if (block && line.before.length === 0 && line.suffix.length === 0)
        comments = block;
    const lines = [];
    for (const g of [comments.before, comments.suffix]) {
        for (const c of g) {
            if (!c.token.startsWith("//"))
                continue;
            lines.push(text_goTrimSpace(c.token.slice(2)));
        }
    }
    return lines.join("\n");
}
function isIndirect(line) {
    if (line.suffix.length === 0)
        return false;
    let t = line.suffix[0].token;
    if (t.startsWith("//"))
        t = t.slice(2);
    const f = goFields(t);
    return (f.length === 1 && f[0] === "indirect") || (f.length > 1 && f[0] === "indirect;");
}
/** parseVersionInterval with dontFixRetract: versions are only unquoted. */
function parseRetractInterval(args) {
    if (args.length === 0 || args[0] === "(")
        throw new gomod_escape/* GoModError */.j1("expected '[' or version");
    if (args[0] !== "[") {
        const v = parseString(args[0]);
        return { low: v, high: v };
    }
    if (args.length < 2)
        throw new gomod_escape/* GoModError */.j1("expected version after '['");
    const low = parseString(args[1]);
    if (args.length < 3 || args[2] !== ",")
        throw new gomod_escape/* GoModError */.j1("expected ',' after version");
    if (args.length < 4)
        throw new gomod_escape/* GoModError */.j1("expected version after ','");
    const high = parseString(args[3]);
    if (args.length < 5 || args[4] !== "]")
        throw new gomod_escape/* GoModError */.j1("expected ']' after version");
    return { low, high };
}
/**
 * modfile.ParseLax(name, data, nil), the parse the go command applies to the
 * go.mod files of dependencies: unknown directives and main-module-only
 * directives are ignored, malformed retractions are skipped, but syntax errors
 * and malformed module/go/require/ignore directives make the whole file invalid
 * (thrown as GoModError).
 */
function parseGoModLax(data) {
    let stmts;
    try {
        stmts = parseSyntax(text_goDecode(data));
    }
    catch (e) {
        if (e instanceof ParseError)
            throw new gomod_escape/* GoModError */.j1(e.message);
        throw e;
    }
    const f = { deprecated: "", require: [], retract: [] };
    let haveModule = false;
    let haveGo = false;
    const errs = [];
    const add = (block, line, verb, args) => {
        const where = `go.mod:${line.start.line}: `;
        try {
            switch (verb) {
                case "go": {
                    if (haveGo)
                        throw new gomod_escape/* GoModError */.j1("repeated go statement");
                    if (args.length !== 1)
                        throw new gomod_escape/* GoModError */.j1("go directive expects exactly one argument");
                    let v = args[0];
                    if (!goVersionRE.test(v)) {
                        const m = laxGoVersionRE.exec(v);
                        if (!m)
                            throw new gomod_escape/* GoModError */.j1(`invalid go version '${v}': must match format 1.23.0`);
                        v = m[1];
                    }
                    haveGo = true;
                    f.go = v;
                    break;
                }
                case "module": {
                    if (haveModule)
                        throw new gomod_escape/* GoModError */.j1("repeated module statement");
                    haveModule = true;
                    const m = deprecatedRE.exec(parseDirectiveComment(block, line));
                    f.deprecated = m ? m[1] : "";
                    if (args.length !== 1)
                        throw new gomod_escape/* GoModError */.j1("usage: module module/path");
                    f.module = parseString(args[0]);
                    break;
                }
                case "require": {
                    if (args.length !== 2)
                        throw new gomod_escape/* GoModError */.j1(`usage: ${verb} module/path v1.2.3`);
                    const s = parseString(args[0]);
                    let t;
                    try {
                        t = parseString(args[1]);
                    }
                    catch (e) {
                        throw new gomod_escape/* GoModError */.j1(`${verb} ${s}: version ${(0,gomod_escape/* goQuote */.dg)(args[1])} invalid: ${e.message}`);
                    }
                    const cv = (0,semver/* canonicalVersion */.Bp)(t);
                    if (cv === "")
                        throw new gomod_escape/* GoModError */.j1(`${verb} ${s}: version ${(0,gomod_escape/* goQuote */.dg)(t)} invalid: must be of the form v1.2.3`);
                    const split = (0,gomod_escape/* splitPathVersion */.W8)(s);
                    if (!split.ok)
                        throw new gomod_escape/* GoModError */.j1("invalid module path");
                    try {
                        (0,gomod_escape/* checkPathMajor */.he)(cv, split.pathMajor);
                    }
                    catch (e) {
                        throw new gomod_escape/* GoModError */.j1(`${verb} ${s}: ${e.message}`);
                    }
                    f.require.push({ path: s, version: cv, indirect: isIndirect(line) });
                    break;
                }
                case "retract": {
                    const rationale = parseDirectiveComment(block, line);
                    let vi;
                    try {
                        vi = parseRetractInterval(args);
                    }
                    catch {
                        return; // lax: malformed retractions are ignored
                    }
                    f.retract.push({ ...vi, rationale });
                    break;
                }
                case "ignore": {
                    if (args.length !== 1)
                        throw new gomod_escape/* GoModError */.j1("ignore directive expects exactly one argument");
                    parseString(args[0]);
                    break;
                }
                default:
                    return; // lax: other directives are ignored
            }
        }
        catch (e) {
            if (!(e instanceof gomod_escape/* GoModError */.j1))
                throw e;
            errs.push(where + e.message);
        }
    };
    for (const x of stmts) {
        if (x.kind === "line") {
            add(undefined, x, x.token[0], x.token.slice(1));
        }
        else if (x.kind === "block") {
            if (x.token.length > 1)
                continue;
            switch (x.token[0]) {
                case "module":
                case "godebug":
                case "require":
                case "exclude":
                case "replace":
                case "retract":
                case "tool":
                case "ignore":
                    for (const l of x.line)
                        add(x, l, x.token[0], l.token);
            }
        }
    }
    if (errs.length > 0)
        throw new gomod_escape/* GoModError */.j1(errs.join("\n"));
    return f;
}
/**
 * The module path declared by a go.mod, as the go command reads it from a
 * dependency's go.mod (modfile.ParseLax). Returns undefined if the file has no
 * module directive or is not a valid go.mod (use parseGoModLax for the error).
 */
function moduleDirective(goModBytes) {
    try {
        return parseGoModLax(goModBytes).module;
    }
    catch (e) {
        if (e instanceof gomod_escape/* GoModError */.j1)
            return undefined;
        throw e;
    }
}
/**
 * The retractions a go.mod declares, as the go command reads them
 * (modfile.ParseLax: versions unquoted but not canonicalized; rationale from the
 * line's comments, else its block's). Throws GoModError if ParseLax rejects the file.
 */
function retractions(goModBytes) {
    return parseGoModLax(goModBytes).retract;
}
/**
 * modfile.ModulePath: the fast, line-based extraction of the module path the
 * go command uses when checking repositories. Returns "" if none is found.
 * Unlike ParseLax it accepts anything after "module " up to a "//" comment.
 */
function modulePath(goModBytes) {
    let mod = goDecode(goModBytes);
    while (mod.length > 0) {
        let line = mod;
        mod = "";
        const nl = line.indexOf("\n");
        if (nl >= 0) {
            mod = line.slice(nl + 1);
            line = line.slice(0, nl);
        }
        const cc = line.indexOf("//");
        if (cc >= 0)
            line = line.slice(0, cc);
        line = goTrimSpace(line);
        if (!line.startsWith("module"))
            continue;
        line = line.slice("module".length);
        const n = line.length;
        line = goTrimSpace(line);
        if (line.length === n || line.length === 0)
            continue;
        if (line[0] === '"' || line[0] === "`")
            return goUnquote(line) ?? "";
        return line;
    }
    return "";
}

;// CONCATENATED MODULE: ./build/src/gomod/zipcheck.js
// Port of golang.org/x/mod/zip's CheckZip (plus the content checks of Unzip):
// validates a module zip file before it is stored or served.
//
// Rules (as in x/mod/zip):
//   - the version is canonical and module.Check(path, version) passes;
//   - the zip file itself is at most MaxZipFile bytes;
//   - every entry name starts with "<module>@<version>/" (the bare prefix
//     directory entry is ignored); the rest is a clean, valid file path
//     (module.CheckFilePath); directory entries ("x/") are checked but
//     otherwise ignored;
//   - no two paths are equal under Unicode case folding (strings.EqualFold),
//     no path is both a file and a directory, no file appears twice;
//   - a file whose base name folds to "go.mod" must be exactly "go.mod" at the
//     module root;
//   - declared uncompressed sizes total at most MaxZipFile; go.mod and LICENSE
//     at most MaxGoMod / MaxLICENSE.
// Note that CheckZip applies no vendor/ rules: those only decide which files
// zip.Create includes (see isVendoredPackage below).
//
// In addition (as Unzip does when extracting), each file's content is streamed
// and must decompress to exactly its declared size with a matching CRC-32;
// decompression stops as soon as a file exceeds its declared size, so a zip
// bomb costs at most MaxZipFile bytes of inflation.




const MaxZipFile = 500 << 20;
const MaxGoMod = 16 << 20;
const MaxLICENSE = 16 << 20;
/**
 * Non-ASCII runes whose fold key (the smallest rune of their unicode.SimpleFold
 * orbit, with A-Z mapped to a-z) is not themselves, as of the Go release this
 * was generated from. See __tests__/oracle/main.go encodeFold.
 */
const GO_FOLD_TABLE = "68:-w*n,2:-w*7,3:-1*o/2,4:-1*3/2,3:-1*8/2,3:-1*n/2,1:-3d,2:-1*3/2,1:-7g,4:-1*2/2,3:-1*2/4,6:-1*2/7,8:-1*3/2,3:-1*2/5,3:-1*2/4,2:-1*2/3,4:-1*2/8,1:-2,2:-1,1:-2,2:-1,1:-2,2:-1*8/2,1:-27,2:-1*9/2,3:-1,1:-2,2:-1,1:-2p,1:-1k,2:-1*k/2,1:-3m,3:-1*9/2,9:-1,1:-4j,5:-1,1:-5f,4:-1*5/2,4:-5u,1:-5q,2:-5p*2,2:-5m,2:-5n,5:-5p,3:-5r,5:-5t,1:-5v*2/6,3:-5x,3:-5y,b:-62*2/3,5:-62,1:-1x,1:-61*2,1:-1z,6:-63,67:-1*2/2,4:-1,y:-2c,3:-kn,g:-12,1:-11*3,2:-w*8,1:-38,1:-w*2,1:-lj,1:-w*5,1:-v,1:-w*9,1:-1s,1:-1r*2,2:-1q,1:-1l,4:-1b,1:-1i,1:-8,2:-1*c/2,1:-2e,1:-28,2:-38,1:-2k,1:-2o,3:-1,1:-7,2:-1,2:-3m*3,1d:-w*w,1:-28*g,2:-1*h/2,a:-1*r/2,3:-1*7/2,1:-f,2:-1*1c/2,1e:-1c*12,2uq:-8*6,1oj:-4tq,1:-4tp,1:-4tg,1:-4te*2,1:-4tf,1:-4t8,1:-4rp,9:-2bk*17,3:-2bk*3,8y:-1*23/2,6:-1n,3:-5vj,3:-1*1c/2,9:-8*8,9:-8*6,b:-8*8,9:-8*8,9:-8*6,c:-8*4/2,9:-8*8,p:-8*8,9:-8*8,9:-8*8,9:-8*2,1:-22*2,1:-9,2:-5mh,a:-2e*4,1:-9,c:-8*2,1:-2s*2,d:-8*2,1:-34*2,1:-7,c:-3k*2,1:-3i*2,1:-9,8a:-5tp,4:-6gv,1:-6ee,z:-s,y:-g*g,5:-1,ng:-q*q,1fr:-1c*1c,2:-1,1:-8af,1:-2xy,1:-89z,1:-8bv,1:-8bs,2:-1*3/2,1:-8bg,1:-8al,1:-8bj,1:-8bi,3:-1*2/3,8:-8cf*2,2:-1*1e/2,9:-1*2/2,5:-1,d:-5ls*12,2:-5ls*2/6,nx0:-1*5/2,1:-r7m,1:-r7n,2:-1*h/2,k:-1*e/2,3s:-1*7/2,4:-1*v/2,b:-1*2/2,1:-r9g,2:-1*5/2,5:-1,1:-wmg,4:-1*2/2,4:-1*a/2,1:-wn8,1:-wnj,1:-wnf,1:-wn5,1:-wn8,2:-wlu,1:-wmi,1:-wlx,3:-1*8/2,1:-1c,1:-wn7,1:-raw,2:-1*2/2,7:-1*2/6,2:-1*2/t,nx:-ps,t:-tzk*28,ghu:-w*q,y6:-14*14,3t:-14*10,4c:-13*b,2:-13*f,2:-13*7,2:-13*2,1dw:-1s*1f,2by:-w*w,gw1:-w*w,o83:-y*y";
let foldMap;
function getFoldMap() {
    if (foldMap)
        return foldMap;
    const m = new Map();
    let prev = 0;
    for (const item of GO_FOLD_TABLE.split(",")) {
        const [head, tail] = item.split("*");
        const [gap, delta] = head.split(":");
        const [count, stride] = tail === undefined ? ["1", "1"] : tail.split("/");
        const start = prev + parseInt(gap, 36);
        const d = parseInt(delta, 36);
        const n = parseInt(count, 36);
        const st = stride === undefined ? 1 : parseInt(stride, 36);
        for (let i = 0; i < n; i++)
            m.set(start + i * st, start + i * st + d);
        prev = start + (n - 1) * st;
    }
    foldMap = m;
    return m;
}
/** The fold key of one code point (zip's strToFold applied to a single rune). */
function foldRune(cp) {
    if (cp < 0x80)
        return cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp;
    return getFoldMap().get(cp) ?? cp;
}
/**
 * x/mod/zip strToFold: strings.EqualFold(s, t) iff strToFold(s) === strToFold(t).
 * Lone surrogates (invalid UTF-8 in Go) fold to U+FFFD.
 */
function strToFold(s) {
    if (/^[\x00-\x40\x5b-\x7f]*$/.test(s))
        return s;
    let out = "";
    for (const ch of s) {
        let cp = ch.codePointAt(0);
        if (cp >= 0xd800 && cp <= 0xdfff)
            cp = 0xfffd;
        out += String.fromCodePoint(foldRune(cp));
    }
    return out;
}
/** Go's strings.EqualFold. */
function equalFold(s, t) {
    return strToFold(s) === strToFold(t);
}
/** Error thrown by checkModuleZip; lists every offending entry and rule. */
class ZipCheckError extends gomod_escape/* GoModError */.j1 {
    invalid;
    sizeError;
    constructor(message, invalid = [], sizeError) {
        super(message);
        this.invalid = invalid;
        this.sizeError = sizeError;
        this.name = "ZipCheckError";
    }
}
class CollisionChecker {
    m = new Map();
    check(p, isDir) {
        for (;;) {
            const fold = strToFold(p);
            const other = this.m.get(fold);
            if (other) {
                if (p !== other.path)
                    return `case-insensitive file name collision: ${(0,gomod_escape/* goQuote */.dg)(other.path)} and ${(0,gomod_escape/* goQuote */.dg)(p)}`;
                if (isDir !== other.isDir)
                    return `entry ${(0,gomod_escape/* goQuote */.dg)(p)} is both a file and a directory`;
                if (!isDir)
                    return `multiple entries for file ${(0,gomod_escape/* goQuote */.dg)(p)}`;
            }
            else {
                this.m.set(fold, { path: p, isDir });
            }
            const parent = pathDir(p);
            if (parent === ".")
                return undefined;
            p = parent;
            isDir = true;
        }
    }
}
function isValidUtf8(raw, decoded) {
    return !decoded.includes("\ufffd") || Buffer.from(decoded, "utf8").equals(raw);
}
function displayName(e) {
    return e.name;
}
/**
 * The metadata-only part of the check (x/mod/zip.CheckZip), over already-read
 * central-directory entries. Returns what Go's CheckedFiles would hold.
 */
function checkZipEntries(entries, modulePath, version) {
    const prefix = Buffer.from(`${modulePath}@${version}/`, "utf8");
    const cf = { valid: [], invalid: [] };
    const addError = (e, err) => cf.invalid.push({ path: displayName(e), err });
    const collisions = new CollisionChecker();
    let size = 0;
    for (const e of entries) {
        const raw = e.nameBytes;
        if (raw.length < prefix.length || !raw.subarray(0, prefix.length).equals(prefix)) {
            addError(e, `path does not have prefix ${(0,gomod_escape/* goQuote */.dg)(prefix.toString("utf8"))}`);
            continue;
        }
        const rawName = raw.subarray(prefix.length);
        if (rawName.length === 0)
            continue;
        let name = rawName.toString("utf8");
        const valid = isValidUtf8(rawName, name);
        const isDir = name.endsWith("/");
        if (isDir)
            name = name.slice(0, -1);
        if (pathClean(name) !== name) {
            addError(e, "file path is not clean");
            continue;
        }
        if (!valid) {
            addError(e, `malformed file path ${(0,gomod_escape/* goQuote */.dg)(name)}: invalid UTF-8`);
            continue;
        }
        try {
            (0,gomod_escape/* checkFilePath */.QI)(name);
        }
        catch (err) {
            addError(e, err.message);
            continue;
        }
        const collision = collisions.check(name, isDir);
        if (collision !== undefined) {
            addError(e, collision);
            continue;
        }
        if (isDir)
            continue;
        const base = pathBase(name);
        if (equalFold(base, "go.mod")) {
            if (base !== name) {
                addError(e, "go.mod file not in module root directory");
                continue;
            }
            if (name !== "go.mod") {
                addError(e, "go.mod files must have lowercase names");
                continue;
            }
        }
        const sz = e.entry.uncompressedSize;
        if (sz >= 0 && MaxZipFile - size >= sz) {
            size += sz;
        }
        else if (cf.sizeError === undefined) {
            cf.sizeError = `total uncompressed size of module contents too large (max size is ${MaxZipFile} bytes)`;
        }
        if (name === "go.mod" && sz > MaxGoMod) {
            addError(e, `go.mod file too large (max size is ${MaxGoMod} bytes)`);
            continue;
        }
        if (name === "LICENSE" && sz > MaxLICENSE) {
            addError(e, `LICENSE file too large (max size is ${MaxLICENSE} bytes)`);
            continue;
        }
        cf.valid.push(e.name);
    }
    return cf;
}
function cfError(cf) {
    if (cf.sizeError !== undefined)
        return new ZipCheckError(cf.sizeError, cf.invalid, cf.sizeError);
    if (cf.invalid.length > 0) {
        return new ZipCheckError(cf.invalid.map((f) => `${f.path}: ${f.err}`).join("\n"), cf.invalid);
    }
    return undefined;
}
function checkVersionAndPath(modulePath, version) {
    const vers = (0,semver/* canonicalVersion */.Bp)(version);
    if (vers !== version) {
        throw new gomod_escape/* GoModError */.j1(`version ${(0,gomod_escape/* goQuote */.dg)(version)} is not canonical (should be ${(0,gomod_escape/* goQuote */.dg)(vers)})`);
    }
    (0,gomod_escape/* checkModuleVersion */.nF)(modulePath, version);
}
/** The whole zip file may not exceed MaxZipFile (checked before reading it). */
async function checkZipFileSize(zipFile) {
    const size = await zipSize(zipFile);
    if (size > MaxZipFile) {
        throw new ZipCheckError(`module zip file is too large (${size} bytes; limit is ${MaxZipFile} bytes)`, [], "module zip file is too large");
    }
}
/**
 * x/mod/zip.CheckZip: validates names and declared sizes only (no content is
 * read). Throws GoModError / ZipCheckError on the first class of problem Go reports.
 */
async function checkZipMetadata(zipFile, modulePath, version) {
    checkVersionAndPath(modulePath, version);
    await checkZipFileSize(zipFile);
    const zip = await openZip(zipFile);
    try {
        const err = cfError(checkZipEntries(zip.entries, modulePath, version));
        if (err)
            throw err;
    }
    finally {
        await zip.close();
    }
}
/**
 * Validates a module zip the way the go command does before using it: all of
 * x/mod/zip.CheckZip's rules, then (like zip.Unzip) every file's content is
 * streamed and must match its declared size and CRC-32. Throws GoModError
 * (ZipCheckError for rule violations, naming each offending entry).
 *
 * Returns the zip's "h1:" hash (dirhash.HashZip), computed in the same pass:
 * a zip that passes has unique names, so hashing each entry's content as it
 * streams by gives exactly what hashZip would. Returns undefined for the one
 * kind of zip that passes but that HashZip refuses (a directory entry that
 * claims content).
 *
 * With a sink, every regular file also goes to it as it streams by (what
 * x/mod/zip Unzip extracts: not directory entries), only once the names have
 * passed CheckZip. Content reaches the sink before its CRC-32 and size are
 * checked, so when this throws the sink's output must be dropped.
 */
/** How long checkModuleZip runs before it lets other work in. */
const YIELD_AFTER_MS = 0.5;
async function checkModuleZip(zipFile, modulePath, version, sink) {
    checkVersionAndPath(modulePath, version);
    await checkZipFileSize(zipFile);
    const zip = await dirhash_openZip(zipFile);
    try {
        const { entries } = zip;
        const err = cfError(checkZipEntries(entries, modulePath, version));
        if (err)
            throw err;
        const prefixLen = Buffer.byteLength(`${modulePath}@${version}/`);
        let total = 0;
        const digests = [];
        let unhashable = false;
        let ran = performance.now();
        for (const e of entries) {
            // Most entries are inflated in one synchronous call: a big zip gives
            // the event loop back every few milliseconds, so the proxy's other
            // answers (go's next .info, say) do not wait for the whole check.
            if (performance.now() - ran > YIELD_AFTER_MS) {
                await new Promise((resolve) => setImmediate(resolve));
                ran = performance.now();
            }
            const hf = new FileDigest();
            const rest = e.nameBytes.subarray(prefixLen);
            const isDir = e.nameBytes.length > 0 && e.nameBytes[e.nameBytes.length - 1] === 0x2f;
            // Go's Unzip ignores a directory entry that claims content, but
            // HashZip refuses it: the zip passes, and has no h1: hash.
            if (isDir && e.entry.uncompressedSize !== 0)
                unhashable = true;
            if (!isDir && rest.length !== 0) {
                const out = sink?.open(rest.toString("utf8"));
                try {
                    await streamZipEntry(zip.bytes, e, (chunk) => {
                        total += chunk.length;
                        if (total > MaxZipFile) {
                            throw new ZipCheckError(`total uncompressed size of module contents too large (max size is ${MaxZipFile} bytes)`);
                        }
                        hf.add(chunk);
                        return out?.write(chunk);
                    });
                    await out?.end();
                }
                catch (err) {
                    await out?.abort();
                    throw err;
                }
            }
            digests.push({ name: e.nameBytes, digest: hf.digest() });
        }
        return unhashable ? undefined : hash1OfDigests(digests);
    }
    finally {
        await zip.close();
    }
}
/** The names of all entries in a zip (decoded as UTF-8), in directory order. */
async function zipFileNames(zipFile) {
    const zip = await openZip(zipFile);
    try {
        return zip.entries.map((e) => e.name);
    }
    finally {
        await zip.close();
    }
}
/** go/version.Compare for the "go1.N..." language versions used by isVendoredPackage. */
function goVersionAtLeast124(vers) {
    const m = /^go(\d+)(?:\.(\d+))?(.*)$/.exec(vers);
    if (!m)
        return false; // invalid versions compare lowest
    const major = Number(m[1]);
    const minor = m[2] === undefined ? 0 : Number(m[2]);
    if (major !== 1)
        return major > 1;
    if (minor !== 24)
        return minor > 24;
    return !/^(rc|beta)/.test(m[3]); // go1.24rc1 < go1.24
}
/**
 * x/mod/zip isVendoredPackage: whether zip.Create would omit file name (a path
 * relative to the module root) as part of a vendored package, given the
 * module's go.mod language version ("go1.24", or "" if unknown). Exposed for
 * callers building zips; CheckZip itself does not apply it.
 */
function isVendoredPackage(name, goVersion) {
    const newer = goVersionAtLeast124(goVersion);
    if (newer && name === "vendor/modules.txt")
        return true;
    let i = 0;
    if (name.startsWith("vendor/")) {
        i += "vendor/".length;
    }
    else {
        const j = name.indexOf("/vendor/");
        if (j < 0)
            return false;
        i = newer ? j + "/vendor/".length : i + "/vendor/".length;
    }
    return name.slice(i).includes("/");
}

;// CONCATENATED MODULE: ./build/src/proxy/admit.js
// Admission checks: nothing enters the store unchecked. Each check either
// returns the (possibly normalised) bytes to store or throws AdmissionError
// naming the module, version, what was expected and what came.






class AdmissionError extends Error {
}
function parseInfo(bytes, what) {
    let j;
    try {
        j = JSON.parse(bytes.toString("utf8"));
    }
    catch {
        throw new AdmissionError(`${what}: the upstream's answer is not JSON`);
    }
    if (typeof j !== "object" || j === null || Array.isArray(j))
        throw new AdmissionError(`${what}: the upstream's answer is not a JSON object`);
    const o = j;
    if (typeof o.Version !== "string" || !(0,semver/* isValid */.fn)(o.Version)) {
        throw new AdmissionError(`${what}: the upstream's answer has no valid "Version" (got ${JSON.stringify(o.Version)})`);
    }
    // The lockfile's own rule (a valid calendar date and clock time, as Go's time.Parse).
    if (o.Time !== undefined && (typeof o.Time !== "string" || timeProblem("Time", o.Time))) {
        throw new AdmissionError(`${what}: the upstream's "Time" ${JSON.stringify(o.Time)} is not an RFC 3339 time`);
    }
    return o;
}
async function bytesOf(f) {
    return f.body ?? external_node_fs_.promises.readFile(f.file);
}
/** Validates what was fetched for `req`; throws AdmissionError when it breaks Go's rules. */
async function admit(req, f) {
    const what = req.version ? `${req.module}@${req.version}` : req.module;
    switch (req.kind) {
        case "info": {
            const info = parseInfo(await bytesOf(f), `${what} (.info)`);
            if (req.canonical && info.Version !== req.version) {
                throw new AdmissionError(`${what} (.info): expected Version ${req.version}, the upstream answered ${info.Version}`);
            }
            return {};
        }
        case "latest": {
            // Admitted only when the lockfile can hold it.
            const info = parseInfo(await bytesOf(f), `${what} (@latest)`);
            const p = latestRecordProblem(req.module, info.Version, info.Time);
            if (p)
                throw new AdmissionError(`${what} (@latest): ${p}`);
            return {};
        }
        case "mod": {
            // The module line may name another path: a fork used as a replacement
            // target keeps its original's (replace a => fork, fork's go.mod says
            // "module a"). go's proxy client does not check it (modfetch/proxy.go
            // GoMod); modload does, knowing the replace context the proxy lacks
            // (modfile.go: the path must be the required or the replacement path).
            // The bytes themselves are authenticated by their h1: hash.
            if (moduleDirective(await bytesOf(f)) === undefined) {
                throw new AdmissionError(`${what} (.mod): the upstream's go.mod has no module directive (or does not parse), which go rejects`);
            }
            return {};
        }
        case "zip": {
            try {
                const zipHash = await checkModuleZip(f.body ?? f.file, req.module, req.version);
                return zipHash ? { zipHash } : {};
            }
            catch (e) {
                throw new AdmissionError(`${what} (.zip): not a valid module zip: ${e.message}`);
            }
        }
        case "list": {
            // Like the go command: the first field of each line, valid semver,
            // pseudo-versions dropped. Stored sorted so answers compare stably.
            const text = (await bytesOf(f)).toString("utf8");
            const versions = new Set();
            for (const line of text.split("\n")) {
                const v = line.trim().split(/\s+/)[0];
                if (v && (0,semver/* isValid */.fn)(v) && !isPseudoVersion(v))
                    versions.add(v);
            }
            const sorted = (0,semver/* sort */.di)([...versions]);
            return { normalised: Buffer.from(sorted.map((v) => v + "\n").join("")) };
        }
    }
}

;// CONCATENATED MODULE: ./build/src/proxy/limits.js
const MAX_ZIP_FILE = 500 << 20;
const MAX_GO_MOD = 16 << 20;
const MAX_INFO = 1 << 20;
const MAX_LIST = 16 << 20;
function limitFor(kind) {
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

;// CONCATENATED MODULE: ./build/src/proxy/read-ahead.js
// Read-ahead: `go mod download` and `go get` ask for a version's .info, then
// wait for it before asking for its .mod, then its .zip. Each is a separate
// round trip to the upstream, so a cold fetch costs three upstream latencies
// per module. When a canonical .info is asked for, gopin starts fetching the
// .mod and .zip at once, so the later requests find them ready or in flight.
//
// Read-ahead only fills the store: every client request still goes through
// the policy before anything is served, and a version the policy refuses up
// front (verify mode: not locked) is never read ahead.
//
// Bounded, so a command that asks for .info without wanting zips
// (`go list -m -json all`) wastes little: at most MAX_UNCLAIMED fetches are
// waiting to be claimed at any time, and an unclaimed one is forgotten after
// CLAIM_WINDOW_MS (its file stays in the store; the Action prunes unused
// files before saving the cache).
//
// .mod and .zip read-aheads have a window each: `go mod download` asks for
// every .info and .mod first, then the zips, so unclaimed zips fill their
// window early, and a shared one left each later .mod a full round trip
// (180 modules at 10 ms: two seconds).
//
// `go mod download` asks for every .info first, then the zips in the same
// order. A read-ahead that could not start because the window was full waits
// in a queue, and each claim (the proof that go does want the zips it asked
// .info for) starts the next one: gopin fetches and checks zips just ahead of
// go, and a command that wants no zips never claims, so never drains it.
const MAX_UNCLAIMED = 16;
const CLAIM_WINDOW_MS = 60_000;
/** Read-aheads waiting for room; older ones are dropped beyond this. */
const MAX_QUEUED = 4096;
class ReadAhead {
    enabled;
    pending = new Map();
    /** Counters for /_gopin/stats: started, claimed by a client, expired unclaimed. */
    counts = { started: 0, claimed: 0, expired: 0 };
    constructor(enabled) {
        this.enabled = enabled;
    }
    queued = new Map();
    /** Unclaimed read-aheads by window (the key's extension). */
    unclaimed = new Map();
    /** Whether a new read-ahead for `key` may start now. */
    mayStart(key) {
        return this.enabled && !this.pending.has(key) && this.room(key);
    }
    room(key) {
        return (this.unclaimed.get(windowOf(key)) ?? 0) < MAX_UNCLAIMED;
    }
    count(key, by) {
        const w = windowOf(key);
        this.unclaimed.set(w, (this.unclaimed.get(w) ?? 0) + by);
    }
    /** Forgets an unclaimed read-ahead; whether it was there. */
    forget(key) {
        const p = this.pending.get(key);
        if (!p)
            return undefined;
        this.pending.delete(key);
        this.count(key, -1);
        return p;
    }
    /** A read-ahead for `key` that may not start now: `start` runs when a claim makes room (it decides again then). */
    enqueue(key, start) {
        if (!this.enabled || this.pending.has(key) || this.queued.has(key))
            return;
        if (this.queued.size >= MAX_QUEUED)
            this.queued.delete(this.queued.keys().next().value);
        this.queued.set(key, start);
    }
    /** Starts queued read-aheads while there is room. */
    refill() {
        for (const [key, start] of this.queued) {
            if (!this.room(key))
                continue;
            this.queued.delete(key);
            start();
        }
    }
    /** Track a started fetch until a client claims it or the window passes. */
    track(key, result) {
        result.catch(() => undefined); // failures surface when (if) a client claims it
        const timer = setTimeout(() => {
            if (this.forget(key)) {
                this.counts.expired++;
                this.refill();
            }
        }, CLAIM_WINDOW_MS);
        timer.unref();
        this.pending.set(key, { result, timer });
        this.count(key, 1);
        this.counts.started++;
    }
    /** The read-ahead fetch for `key`, if one was started and not yet claimed. */
    claim(key) {
        this.queued.delete(key);
        const p = this.forget(key);
        if (!p)
            return undefined;
        clearTimeout(p.timer);
        this.counts.claimed++;
        this.refill();
        return p.result;
    }
    /** Settles when every unclaimed fetch has (graceful shutdown). */
    async drain() {
        await Promise.allSettled([...this.pending.values()].map((p) => p.result));
    }
}
/** The window a read-ahead counts against: its file's extension (.mod, .zip). */
function windowOf(key) {
    return key.slice(key.lastIndexOf(".") + 1);
}

;// CONCATENATED MODULE: ./build/src/proxy/answer.js
// What the request path hands the HTTP front: content, or the error that
// stopped it. Statuses and error bodies are chosen in one place, the
// server's response mapping (server/response.ts), from these error types.
/** The store's disk is full or read-only: nothing was admitted. */
class StoreDiskError extends Error {
}
/** A path gopin does not serve (not a protocol path, an unknown endpoint or checksum database). */
class NotServedError extends Error {
}
/** A method other than GET/HEAD. */
class MethodError extends Error {
}
/** gopin's own bug; logged with its stack. */
class InternalError extends Error {
}
function failed(error) {
    return { ok: false, error };
}
const CONTENT_TYPES = {
    info: "application/json",
    latest: "application/json",
    mod: "text/plain; charset=utf-8",
    list: "text/plain; charset=utf-8",
    zip: "application/zip",
};
const TEXT = "text/plain; charset=utf-8";

;// CONCATENATED MODULE: ./build/src/policy/refusal.js
// One type for every policy refusal, in the spirit of x/mod's
// module.ModuleError: which module and version, which rule, what was expected
// and what came, and what the user can do about it. One message format:
//
//   gopin <mode>: <module>@<version>: <what happened>. <remedy>
//
// The remedy is structured, so it can name the knobs of the entry point in
// use: flags for the command line, inputs for the GitHub Action.
class Refusal extends Error {
    module;
    version;
    rule;
    detail;
    expected;
    actual;
    remedy;
    mode;
    violation;
    constructor(init) {
        super(init.detail);
        this.name = "Refusal";
        this.module = init.module;
        if (init.version !== undefined)
            this.version = init.version;
        this.rule = init.rule;
        this.detail = init.detail;
        if (init.expected !== undefined)
            this.expected = init.expected;
        if (init.actual !== undefined)
            this.actual = init.actual;
        if (init.remedy !== undefined)
            this.remedy = init.remedy;
        if (init.mode !== undefined)
            this.mode = init.mode;
        this.violation = init.violation ?? true;
    }
    /** The one-paragraph reason, with advice for `advice`'s entry point. */
    format(advice) {
        const tag = this.mode ? `gopin ${this.mode}` : "gopin";
        const remedy = this.remedy ? " " + remedyText(this.remedy, advice) : "";
        return `${tag}: ${this.detail}${remedy}`;
    }
}
/** The remedy, naming flags (CLI) or inputs (Action). */
function remedyText(r, advice) {
    const action = advice === "action";
    switch (r.kind) {
        case "re-record":
            return action
                ? "Record it again (the gopin step's input mode: record; a later step can commit the gopin.lock it writes, and the run's artifact holds it) and review the lockfile change."
                : "Re-record the lockfile (gopin run --mode record) and review the change.";
        case "allow":
            return action
                ? `Exempt exactly this version with the gopin step's input allow: ${r.target} if you trust it.`
                : `Exempt exactly this version with --allow ${r.target} if you trust it.`;
        case "wait-or-allow":
            return action
                ? `Wait, pick an older version, or exempt exactly this one with the gopin step's input allow: ${r.target}.`
                : `Wait, pick an older version, or exempt exactly this one with --allow ${r.target}.`;
        case "mark-private":
            return action
                ? "If the module is private, list it in the gopin step's input private (or GOPRIVATE / GONOSUMDB)."
                : "If the module is private, list it in --private (or GOPRIVATE / GONOSUMDB).";
        case "other-upstream":
            return action
                ? "Do not re-record over it: find out which copy is right, and fetch through a mirror you trust with the gopin step's input upstream."
                : "Do not re-record over it: find out which copy is right, and fetch through a mirror you trust with --upstream.";
        case "restore-lock":
            return `Take the locked entry back from the base (git checkout ${r.base} -- ${r.lockfile}), or ${action ? "record it again with the gopin step's input mode: record" : "re-record it with gopin run --mode record"} and review why the hash differs.`;
        case "retry":
            return action
                ? "Re-run the job; if it keeps failing, fetch through another mirror with the gopin step's input upstream."
                : "Run it again; if it keeps failing, fetch through another mirror with --upstream.";
        case "canonical-version":
            return `Require a released version of ${r.module} in go.mod (go get ${r.module}@VERSION), then ${action ? "record it with the gopin step's input mode: record" : "re-record with gopin run --mode record"}.`;
    }
}
/**
 * The remedy in a few words, for a table cell that must stay narrow (the
 * long names it would repeat are in the row already); remedyText has the
 * whole sentence.
 */
function remedyBrief(r, advice) {
    const action = advice === "action";
    const knob = (input, flag) => (action ? `input ${input}` : flag);
    const record = action ? "record again (input mode: record)" : "re-record (--mode record)";
    switch (r.kind) {
        case "re-record":
            return `${action ? "Record again (input mode: record)" : "Re-record (--mode record)"} and review the lockfile change`;
        case "allow":
            return `Exempt it if you trust it (${knob("allow", "--allow")})`;
        case "wait-or-allow":
            return `Wait, pick an older version, or exempt it (${knob("allow", "--allow")})`;
        case "mark-private":
            return `If it is private, list it in ${knob("private", "--private")}`;
        case "other-upstream":
            return `Do not re-record; fetch through a mirror you trust (${knob("upstream", "--upstream")})`;
        case "restore-lock":
            return `Take the base's entry back (git checkout ${r.base} -- ${r.lockfile}) or ${record}`;
        case "retry":
            return `Re-run; if it keeps failing, use another mirror (${knob("upstream", "--upstream")})`;
        case "canonical-version":
            return `Require a released version, then ${record}`;
    }
}

;// CONCATENATED MODULE: ./build/src/lock/merge.js
// Record mode: merging what a job observed into the lock, and comparing locks.




/**
 * Merges a job's observations into a lock (record mode). Never modifies its
 * arguments.
 *
 * - A version not in the lock is added with the fields observed.
 * - For a locked version, an observed field the lock lacks is filled in (e.g.
 *   the zip hash when an earlier job only fetched the .mod). An observed field
 *   that differs from the locked one is a Conflict and the lock keeps the old
 *   value. Times compare as instants; origins compare field by field.
 * - `@v/list` and `@latest` answers of queried modules are replaced by what was
 *   observed (lists are deduplicated and sorted, non-semver entries dropped).
 * - Not-found answers are added, unless the lock holds that answer found; an
 *   answer observed found drops its not-found record.
 * - Everything the job did not touch is kept.
 * - `observed.policy`, when given, replaces the lock's policy.
 *
 * An observation that could never be written (invalid module path,
 * non-canonical version, malformed hash or time) is left out and returned in
 * `rejected`, so one bad answer never costs the rest of the lock. Throws only
 * for an invalid policy (the job's own options, checked before it starts).
 */
function mergeObserved(locked, observed) {
    const lock = locked ? cloneLockfile(locked) : emptyLockfile();
    const conflicts = [];
    const rejected = [];
    for (const o of observed.versions ?? []) {
        const p = modulePathProblem(o.path) ?? versionRecordProblem(o.path, o.version, { ...o, ...(o.rec !== undefined ? { sumdbRecord: o.rec } : {}) });
        if (p) {
            rejected.push({ path: o.path, version: o.version, kind: "version", problem: p });
            continue;
        }
        const cur = lock.modules.get(o.path)?.versions.get(o.version);
        if (!cur) {
            // An origin alone is not a record; wait for the .info time or a hash.
            if (o.time === undefined && o.mod === undefined && o.zip === undefined)
                continue;
            const e = {};
            if (o.time !== undefined)
                e.time = o.time;
            if (o.mod !== undefined)
                e.mod = o.mod;
            if (o.zip !== undefined)
                e.zip = o.zip;
            if (o.origin !== undefined)
                e.origin = { ...o.origin };
            if (o.rec !== undefined)
                e.sumdbRecord = o.rec;
            moduleEntry(lock, o.path).versions.set(o.version, e);
            continue;
        }
        const m = lock.modules.get(o.path);
        const conflict = (field, lockedValue, observedValue, what) => {
            conflicts.push({
                path: o.path,
                version: o.version,
                field,
                locked: lockedValue,
                observed: observedValue,
                message: `${o.path}@${o.version}: ${what} changed: locked ${lockedValue || "(none)"}, upstream served ${observedValue || "(none)"}; the lock keeps the locked value`,
            });
        };
        const next = cloneVersion(cur);
        if (o.time !== undefined) {
            if (cur.time === undefined)
                next.time = o.time;
            else if (!sameInstant(cur.time, o.time))
                conflict("time", cur.time, o.time, ".info time");
        }
        for (const k of ["mod", "zip"]) {
            const v = o[k];
            if (v === undefined)
                continue;
            if (cur[k] === undefined)
                next[k] = v;
            else if (cur[k] !== v)
                conflict(k, cur[k], v, k === "mod" ? "go.mod hash" : "zip hash");
        }
        if (o.origin !== undefined) {
            if (cur.origin === undefined)
                next.origin = { ...o.origin };
            else if (!originsEqual(cur.origin, o.origin))
                conflict("origin", formatOrigin(cur.origin), formatOrigin(o.origin), "origin");
        }
        if (o.rec !== undefined) {
            if (cur.sumdbRecord === undefined)
                next.sumdbRecord = o.rec;
            else if (cur.sumdbRecord !== o.rec)
                conflict("rec", String(cur.sumdbRecord), String(o.rec), "checksum database record number");
        }
        m.versions.set(o.version, next);
    }
    for (const l of observed.lists ?? []) {
        const p = modulePathProblem(l.path);
        if (p) {
            rejected.push({ path: l.path, kind: "list", problem: p });
            continue;
        }
        moduleEntry(lock, l.path).list = sortVersions(new Set(l.versions.filter((v) => (0,semver/* isValid */.fn)(v))));
    }
    for (const l of observed.latest ?? []) {
        const p = modulePathProblem(l.path) ?? latestRecordProblem(l.path, l.version, l.time);
        if (p) {
            rejected.push({ path: l.path, version: l.version, kind: "latest", problem: p });
            continue;
        }
        moduleEntry(lock, l.path).latest = l.time !== undefined ? { version: l.version, time: l.time } : { version: l.version };
    }
    const found = (path, answer) => {
        const m = lock.modules.get(path);
        if (!m)
            return false;
        if (answer === "@v/list")
            return m.list !== undefined;
        if (answer === "@latest")
            return m.latest !== undefined;
        return m.versions.has(answer.slice(3));
    };
    for (const o of observed.missing ?? []) {
        const p = modulePathProblem(o.path) ?? missingProblem(o.path, o.answer);
        if (p) {
            rejected.push({ path: o.path, kind: "missing", answer: o.answer, problem: p });
            continue;
        }
        if (!found(o.path, o.answer))
            (moduleEntry(lock, o.path).missing ??= new Set()).add(o.answer);
    }
    const foundNow = [
        ...(observed.versions ?? []).map((o) => ({ path: o.path, answer: missingAnswer({ kind: "info", version: o.version }) })),
        ...(observed.lists ?? []).map((o) => ({ path: o.path, answer: missingAnswer({ kind: "list" }) })),
        ...(observed.latest ?? []).map((o) => ({ path: o.path, answer: missingAnswer({ kind: "latest" }) })),
    ];
    for (const f of foundNow) {
        const m = lock.modules.get(f.path);
        m?.missing?.delete(f.answer);
        if (m?.missing?.size === 0)
            delete m.missing;
    }
    if (observed.policy) {
        const p = policyProblem(observed.policy);
        if (p)
            throw new Error(`mergeObserved: ${p}`);
        lock.policy = { ...observed.policy, exempt: sortExempt(observed.policy.exempt) };
    }
    return { lock, conflicts, rejected };
}
/**
 * Drops the locked versions `observed` does not name (a lock of the whole
 * build graph, re-recorded: what is no longer reachable, e.g. the old version
 * after an upgrade). Lists, @latest and not-found answers are kept. Does not
 * modify its argument.
 */
function pruneVersions(lock, observed) {
    const keep = new Set((observed.versions ?? []).map((o) => `${o.path}@${o.version}`));
    const out = cloneLockfile(lock);
    for (const [path, m] of out.modules) {
        for (const v of [...m.versions.keys()])
            if (!keep.has(`${path}@${v}`))
                m.versions.delete(v);
    }
    return canonicalizeLockfile(out);
}
/**
 * Builds a LockPolicy in canonical spelling from typed options:
 * `asOf` -> formatInstant (RFC 3339 UTC, seconds), `minReleaseAgeMs` -> formatDuration.
 */
function policyFromOptions(opts) {
    const p = { exempt: sortExempt(opts.exempt ?? []) };
    if (opts.asOf !== undefined)
        p.asOf = formatInstant(opts.asOf);
    if (opts.minReleaseAgeMs !== undefined)
        p.minReleaseAge = formatDuration(opts.minReleaseAgeMs);
    return p;
}
/**
 * The identity of one lock entry, as a string:
 *   version  `example.com/a@v1.2.3`
 *   list     `example.com/a/@v/list`
 *   latest   `example.com/a/@latest`
 *   missing  `example.com/a/@v/v1.2.3 not found` (and `/@v/list not found`, `/@latest not found`)
 *   policy   `policy as-of`, `policy min-age`, `policy exempt example.com/a@v1.2.3`
 *   sumdb    `sumdb sum.golang.org`
 * The proxy uses these keys for "the set of locked entries that were used".
 */
function lockEntryKey(e) {
    switch (e.kind) {
        case "missing":
            return `${e.path}/${e.answer} not found`;
        case "version":
            return `${e.path}@${e.version}`;
        case "list":
            return `${e.path}/@v/list`;
        case "latest":
            return `${e.path}/@latest`;
    }
}
function flatten(lock) {
    const out = new Map();
    if (!lock)
        return out;
    const put = (f) => out.set(f.key, f);
    if (lock.policy.asOf !== undefined) {
        put({ kind: "policy", key: "policy as-of", order: [0, "", 0, ""], fields: { value: lock.policy.asOf } });
    }
    if (lock.policy.minReleaseAge !== undefined) {
        put({ kind: "policy", key: "policy min-age", order: [0, "", 1, ""], fields: { value: lock.policy.minReleaseAge } });
    }
    for (const ex of lock.policy.exempt) {
        put({ kind: "policy", key: `policy exempt ${ex}`, order: [0, ex, 2, ""], fields: { value: ex } });
    }
    for (const [name, t] of lock.sumdb) {
        put({ kind: "sumdb", key: `sumdb ${name}`, order: [1, name, 0, ""], fields: { size: String(t.size), hash: t.hash, note: t.note } });
    }
    for (const [path, m] of lock.modules) {
        if (m.list) {
            const list = sortVersions(new Set(m.list));
            put({ kind: "list", key: lockEntryKey({ kind: "list", path }), path, order: [2, path, 0, ""], fields: { versions: list.join(" ") }, list });
        }
        if (m.latest) {
            put({ kind: "latest", key: lockEntryKey({ kind: "latest", path }), path, order: [2, path, 1, ""], fields: { version: m.latest.version, time: m.latest.time } });
        }
        sortMissing(m.missing ?? []).forEach((answer, i) => {
            put({ kind: "missing", key: lockEntryKey({ kind: "missing", path, answer }), path, order: [2, path, 3 + i, ""], fields: { answer } });
        });
        for (const [version, e] of m.versions) {
            put({
                kind: "version",
                key: lockEntryKey({ kind: "version", path, version }),
                path,
                version,
                order: [2, path, 2, version],
                fields: {
                    time: e.time,
                    mod: e.mod,
                    zip: e.zip,
                    origin: e.origin ? formatOrigin(e.origin) : undefined,
                    rec: e.sumdbRecord !== undefined ? String(e.sumdbRecord) : undefined,
                },
            });
        }
    }
    return out;
}
function compareFlat(a, b) {
    const [as, ap, ar, av] = a.order;
    const [bs, bp, br, bv] = b.order;
    if (as !== bs)
        return as - bs;
    if (as === 0 && ar !== br)
        return ar - br;
    return (0,semver/* compareStrings */.Kt)(ap, bp) || ar - br || (0,semver/* compareVersion */.Gm)(av, bv);
}
function toChange(f, fields) {
    const c = { kind: f.kind, key: f.key };
    if (f.path !== undefined)
        c.path = f.path;
    if (f.version !== undefined)
        c.version = f.version;
    c.fields = fields;
    return c;
}
/**
 * Compares two locks entry by entry (see lockEntryKey for what an entry is).
 * `before` may be undefined (no lockfile yet): everything in `after` is added.
 * Results are in lockfile order. The `policy` entries compare the spelled
 * values (a changed `min-age 7d` -> `168h` shows as changed).
 */
function diffLockfiles(before, after) {
    const b = flatten(before);
    const a = flatten(after);
    const added = [];
    const removed = [];
    const changed = [];
    for (const [key, fa] of a) {
        const fb = b.get(key);
        if (!fb) {
            added.push(fa);
            continue;
        }
        const fields = [];
        for (const name of Object.keys({ ...fb.fields, ...fa.fields })) {
            const x = fb.fields[name];
            const y = fa.fields[name];
            if (x === y)
                continue;
            const fc = { field: name };
            if (x !== undefined)
                fc.before = x;
            if (y !== undefined)
                fc.after = y;
            fields.push(fc);
        }
        if (fields.length === 0)
            continue;
        if (fa.kind === "list") {
            const bs = new Set(fb.list);
            const as = new Set(fa.list);
            changed.push([fa, fields, fa.list.filter((v) => !bs.has(v)), fb.list.filter((v) => !as.has(v))]);
        }
        else {
            changed.push([fa, fields]);
        }
    }
    for (const [key, fb] of b)
        if (!a.has(key))
            removed.push(fb);
    const allFields = (f, side) => Object.entries(f.fields)
        .filter(([, v]) => v !== undefined)
        .map(([field, v]) => ({ field, [side]: v }));
    added.sort(compareFlat);
    removed.sort(compareFlat);
    changed.sort((x, y) => compareFlat(x[0], y[0]));
    return {
        added: added.map((f) => {
            const c = toChange(f, allFields(f, "after"));
            if (f.kind === "list")
                c.listAdded = [...f.list];
            return c;
        }),
        changed: changed.map(([f, fields, listAdded, listRemoved]) => {
            const c = toChange(f, fields);
            if (listAdded)
                c.listAdded = listAdded;
            if (listRemoved)
                c.listRemoved = listRemoved;
            return c;
        }),
        removed: removed.map((f) => {
            const c = toChange(f, allFields(f, "before"));
            if (f.kind === "list")
                c.listRemoved = [...f.list];
            return c;
        }),
    };
}
/** Every entry of a lock (policy, sumdb, list, latest, version), in lockfile order. */
function listLockEntries(lock) {
    return [...flatten(lock).values()].sort(compareFlat).map((f) => {
        const r = { kind: f.kind, key: f.key };
        if (f.path !== undefined)
            r.path = f.path;
        if (f.version !== undefined)
            r.version = f.version;
        return r;
    });
}

;// CONCATENATED MODULE: ./build/src/policy/context.js

function context_lockedVersion(ctx, module, version) {
    return ctx.lock?.modules.get(module)?.versions.get(version);
}
/** The locked tree head of the configured checksum database. */
function lockedHead(ctx) {
    return ctx.sumdbName ? ctx.lock?.sumdb.get(ctx.sumdbName) : undefined;
}
/** Whether `module`'s hashes are checked against the checksum database. */
function sumdbApplies(ctx, module) {
    if (!ctx.sumdbName)
        return false;
    return !(ctx.noSumDb && matchPrefixPatterns(ctx.noSumDb, module));
}
function hasWindow(ctx) {
    return Boolean(ctx.window.asOf || ctx.window.minReleaseAgeMs);
}
/** Milliseconds of an RFC 3339 time, or undefined. */
function instantMs(t) {
    if (!t)
        return undefined;
    const n = Date.parse(t);
    return Number.isNaN(n) ? undefined : n;
}

;// CONCATENATED MODULE: ./build/src/policy/gate.js





function gate(ctx, req) {
    const listKey = () => lockEntryKey({ kind: "list", path: req.module });
    const latestKey = () => lockEntryKey({ kind: "latest", path: req.module });
    if (ctx.mode !== "verify") {
        if (req.kind === "list")
            return { kind: "fetch", uses: listKey() };
        if (req.kind === "latest")
            return { kind: "fetch", uses: latestKey() };
        const locked = req.version !== undefined && req.canonical && context_lockedVersion(ctx, req.module, req.version);
        return locked ? { kind: "fetch", uses: lockEntryKey({ kind: "version", path: req.module, version: req.version }) } : { kind: "fetch" };
    }
    const name = ctx.lockfileName;
    const mod = ctx.lock?.modules.get(req.module);
    // The recording job was told "not found": go moves on (a path prefix that
    // is not a module, an untagged module's @latest, an unknown version).
    const answer = missingAnswer(req);
    const missing = mod?.missing?.has(answer)
        ? { kind: "not-found", detail: `${req.module}/${answer}: not found (pinned by ${name})`, uses: lockEntryKey({ kind: "missing", path: req.module, answer }) }
        : undefined;
    const refuse = (r) => ({ kind: "refuse", refusal: new Refusal({ mode: "verify", ...r }) });
    switch (req.kind) {
        case "list":
            if (!mod?.list) {
                return missing ?? refuse({
                    module: req.module,
                    rule: "no-locked-answer",
                    detail: `${req.module}/@v/list: ${name} holds no answer for this version list, so the query cannot be answered reproducibly.`,
                    remedy: { kind: "re-record" },
                });
            }
            return { kind: "answer", body: Buffer.from(mod.list.map((v) => v + "\n").join("")), uses: listKey() };
        case "latest": {
            if (!mod?.latest) {
                return missing ?? refuse({
                    module: req.module,
                    rule: "no-locked-answer",
                    detail: `${req.module}/@latest: ${name} holds no @latest answer for this module, so the query cannot be answered reproducibly.`,
                    remedy: { kind: "re-record" },
                });
            }
            const info = { Version: mod.latest.version };
            if (mod.latest.time)
                info.Time = mod.latest.time;
            return { kind: "answer", body: Buffer.from(JSON.stringify(info)), uses: latestKey() };
        }
        default: {
            const version = req.version;
            if (!req.canonical) {
                return missing ?? refuse({
                    module: req.module,
                    version,
                    rule: "version-query",
                    detail: `${req.module}@${version}: a version query (not a canonical version); verify mode serves only versions locked in ${name}.`,
                });
            }
            const lv = context_lockedVersion(ctx, req.module, version);
            if (!lv) {
                return missing ?? refuse({
                    module: req.module,
                    version,
                    rule: "not-locked",
                    detail: notLockedDetail(req.module, version, name),
                    remedy: { kind: "re-record" },
                });
            }
            if (req.kind !== "info" && !lv[req.kind]) {
                return refuse({
                    module: req.module,
                    version,
                    rule: "missing-hash",
                    detail: `${req.module}@${version}: ${name} locks it without a ${req.kind === "zip" ? "zip" : "go.mod"} hash (the recording job never fetched its .${req.kind}).`,
                    remedy: { kind: "re-record" },
                });
            }
            const head = lockedHead(ctx);
            if (head && lv.sumdbRecord !== undefined && lv.sumdbRecord >= head.size) {
                return refuse({
                    module: req.module,
                    version,
                    rule: "beyond-locked-head",
                    expected: `a checksum database record below ${head.size} (the locked ${ctx.sumdbName} tree size)`,
                    actual: `record ${lv.sumdbRecord}`,
                    detail: `${req.module}@${version}: outside the time window: ${name} gives it checksum database record ${lv.sumdbRecord}, at or beyond the locked tree size ${head.size}, so it was not public when the lock was made (whatever its commit time says).`,
                    remedy: { kind: "re-record" },
                });
            }
            const uses = lockEntryKey({ kind: "version", path: req.module, version });
            // The lock pins .info: its time and origin are metadata that mirrors
            // report differently, so verify answers them from the lockfile.
            if (req.kind === "info" && lv.time !== undefined)
                return { kind: "answer", body: lockedInfo(version, lv), uses };
            return { kind: "fetch", uses };
        }
    }
}
/** Why a version is refused in verify mode; a toolchain says which Go was asked for. */
function notLockedDetail(module, version, lockfile) {
    const tc = toolchainTarget(module, version);
    if (tc)
        return `${tc.go} for ${tc.platform} (${module}@${version}) is not in ${lockfile} (go fetches a toolchain when go.mod's go or toolchain line, GOTOOLCHAIN or go get go@… asks for another Go); verify mode serves only locked versions.`;
    return `${module}@${version}: not in ${lockfile}; verify mode serves only locked versions.`;
}

;// CONCATENATED MODULE: ./build/src/policy/content.js
// Content judged against the lockfile: the h1: hashes of a version's .mod and
// .zip, and its .info. The hashes are computed by the request path and
// handed in.







const FIELD_NAME = { mod: "go.mod hash", zip: "zip hash" };
/** A locked value the content contradicts; undefined when it agrees or nothing is locked. */
function lockMismatch(ctx, module, version, field, actual) {
    const lockedValue = context_lockedVersion(ctx, module, version)?.[field];
    if (lockedValue === undefined || lockedValue === actual)
        return undefined;
    return new Refusal({
        module,
        version,
        mode: ctx.mode,
        rule: "lock-mismatch",
        expected: lockedValue,
        actual,
        detail: `${module}@${version}: ${FIELD_NAME[field]} mismatch: ${ctx.lockfileName} has ${lockedValue}, the content served hashes to ${actual}. ${ctx.mode === "record" ? "A locked version never changes; gopin will not rewrite the lock." : "Either the lockfile was edited or the upstream now serves other bytes; the drift report tells which when it can compare with the base lockfile."}`,
    });
}
function infoDrift(ctx, module, version, time, origin) {
    const lv = context_lockedVersion(ctx, module, version);
    if (!lv)
        return [];
    const out = [];
    if (lv.time !== undefined && (time === undefined || instantMs(time) !== instantMs(lv.time))) {
        out.push({ module, version, field: "time", locked: lv.time, upstream: time ?? "(none)" });
    }
    if (lv.origin !== undefined && origin !== undefined && !originsEqual(lv.origin, origin)) {
        out.push({ module, version, field: "origin", locked: formatOrigin(lv.origin), upstream: formatOrigin(origin) });
    }
    return out;
}
/**
 * A pseudo-version whose `.info` time is not the timestamp in its version
 * string. `go` does not check this for proxy answers and mirrors serve other
 * times (e.g. when they first saw the commit), so it is drift; the time
 * window judges the version string's timestamp (window.ts windowTime).
 */
function pseudoTimeDrift(module, version, time) {
    if (!isPseudoVersion(version) || time === undefined)
        return undefined;
    const own = pseudoVersionTime(version);
    const got = instantMs(time);
    if (got !== undefined && Math.floor(got / 1000) === Math.floor(own.getTime() / 1000))
        return undefined;
    return { module, version, field: "pseudo-time", locked: formatInstant(own), upstream: time };
}
/**
 * The Origin of an `.info` answer, as the lockfile keeps it: the URL without
 * userinfo, and no known credential in any field.
 */
function originFromInfo(o) {
    if (!o)
        return undefined;
    const out = {};
    const s = (k) => (typeof o[k] === "string" && o[k] !== "" ? (0,scrub/* scrub */._I)(o[k]) : undefined);
    if (s("VCS"))
        out.vcs = s("VCS");
    const url = typeof o.URL === "string" ? (0,scrub/* withoutUserinfo */.Q3)(o.URL) : "";
    if (url)
        out.url = (0,scrub/* scrub */._I)(url);
    if (s("Subdir"))
        out.subdir = s("Subdir");
    if (s("Ref"))
        out.ref = s("Ref");
    if (s("Hash"))
        out.hash = s("Hash");
    return Object.keys(out).length ? out : undefined;
}

;// CONCATENATED MODULE: ./build/src/policy/window.js
// The time window: `as-of` pins version queries to an instant and
// `min-release-age` refuses versions younger than a cooldown. Evidence of a
// version's age is its `.info` time and, stronger, its checksum-database
// record number dated against tree heads gopin saw (handed in by the caller).





function describeWindow(ctx) {
    const w = ctx.window;
    const parts = [];
    if (w.asOf)
        parts.push(`as-of ${formatInstant(w.asOf)}`);
    if (w.minReleaseAgeMs)
        parts.push(`min-release-age ${formatDuration(w.minReleaseAgeMs)}`);
    return parts.join(", ") || "no time window";
}
/** The release-age rule for a version fetched by name; undefined when it may be served. */
function ageRefusal(ctx, module, version, infoTime) {
    const { minReleaseAgeMs, allow } = ctx.window;
    if (!minReleaseAgeMs || allow.has(`${module}@${version}`))
        return undefined;
    const time = windowTime(version, infoTime);
    const t = instantMs(time);
    const min = formatDuration(minReleaseAgeMs);
    const target = `${module}@${version}`;
    if (t === undefined) {
        return new Refusal({
            module,
            version,
            rule: "min-release-age",
            detail: `${target}: has no publication time, and min-release-age ${min} fails closed.`,
            remedy: { kind: "allow", target },
        });
    }
    const now = ctx.now().getTime();
    const age = now - t;
    if (age >= minReleaseAgeMs)
        return undefined;
    const ageText = formatDuration(Math.max(0, Math.floor(age / 1000) * 1000));
    return new Refusal({
        module,
        version,
        rule: "min-release-age",
        expected: `published before ${formatInstant(new Date(now - minReleaseAgeMs))} (min-release-age ${min})`,
        actual: `published ${time} (age ${ageText})`,
        detail: `${target} was published ${time}, ${ageText} ago, younger than min-release-age ${min}.`,
        remedy: { kind: "wait-or-allow", target },
    });
}
/**
 * The time the window judges a version by. A pseudo-version's timestamp is
 * part of the version string, which is what go.sum and the checksum database
 * authenticate (and what `go` checks against the commit when it resolves one
 * from version control, cmd/go/internal/modfetch/coderepo.go
 * validatePseudoVersion); its `.info` time is unauthenticated metadata that
 * mirrors report differently. Any other version is judged by its `.info` time.
 */
function windowTime(version, infoTime) {
    return isPseudoVersion(version) ? formatInstant(pseudoVersionTime(version)) : infoTime;
}
/** Whether a version is inside the time window for version queries. */
function visible(ctx, module, version, time) {
    const { asOf, minReleaseAgeMs, allow } = ctx.window;
    const t = instantMs(windowTime(version, time));
    if (asOf && (t === undefined || t > asOf.getTime()))
        return false;
    if (minReleaseAgeMs && !allow.has(`${module}@${version}`)) {
        if (t === undefined || ctx.now().getTime() - t < minReleaseAgeMs)
            return false;
    }
    return true;
}
/** The versions of a list answer inside the window, given their times (same order). */
function visibleVersions(ctx, module, versions, times) {
    if (!hasWindow(ctx))
        return [...versions];
    return versions.filter((v, i) => visible(ctx, module, v, times[i]));
}
/**
 * The version whose go.mod says what is retracted: the newest release (else
 * the newest version). Hiding newer versions must not resurrect versions
 * their author retracted, so the caller reads this go.mod when any were hidden.
 */
function retractionSource(versions) {
    const sorted = [...versions].sort(semver/* compareVersion */.Gm);
    const releases = sorted.filter((v) => (0,semver/* prerelease */.Rt)(v) === "");
    return (releases.length ? releases : sorted).at(-1);
}
/** Drops versions inside any retracted [low, high] range. */
function withoutRetracted(versions, ranges) {
    return versions.filter((v) => !ranges.some((r) => (0,semver/* compareVersion */.Gm)(r.low, v) <= 0 && (0,semver/* compareVersion */.Gm)(v, r.high) <= 0));
}
/** @latest outside the window: refused with 404 so go can fall back to the list. */
function latestRefusal(ctx, module, version, infoTime) {
    if (!hasWindow(ctx) || visible(ctx, module, version, infoTime))
        return undefined;
    const time = windowTime(version, infoTime);
    return new Refusal({
        module,
        version,
        rule: "latest-outside-window",
        actual: time,
        detail: `the latest version of ${module} (${version}, published ${time ?? "at an unknown time"}) is outside the time window (${describeWindow(ctx)}); no older version is offered by @latest.`,
    });
}
/** Whether the window in force is the lock's own and the lock has a tree head (that head is the window's edge). */
function asOfPinned(ctx) {
    const asOf = ctx.window.asOf;
    const recorded = ctx.lock?.policy.asOf;
    if (!asOf || !recorded || !lockedHead(ctx))
        return false;
    const t = instantMs(recorded) ?? instantMs(recorded + "T00:00:00Z");
    return t === asOf.getTime();
}
/**
 * The time window for a version fetched by name, with both kinds of evidence.
 * A record proves a version is at least as young as the database says,
 * whatever its commit time claims. Returns the verdict to report, and the
 * refusal when it is outside.
 */
function judgeWindow(ctx, module, version, ev) {
    const w = ctx.window;
    if (!hasWindow(ctx))
        return {};
    const { rec, dating } = ev;
    const time = windowTime(version, ev.time);
    const timeLabel = isPseudoVersion(version) ? "pseudo-version time" : ".info time";
    const db = ctx.sumdbName;
    const base = { module, version, ...(time !== undefined ? { time } : {}), ...(rec !== undefined ? { rec } : {}) };
    const target = `${module}@${version}`;
    const bySumdb = (rule, detail, expected, actual) => ({
        verdict: { ...base, verdict: "refused", rule, evidence: "sumdb", detail },
        refusal: new Refusal({
            module,
            version,
            rule,
            expected,
            actual,
            detail: `${target}: outside the time window (${rule === "as-of" ? `as-of ${formatInstant(w.asOf)}` : `min-release-age ${formatDuration(w.minReleaseAgeMs)}`}): ${detail}. Its ${timeLabel} (${time ?? "none"}) does not count against the log.`,
            ...(rule === "min-release-age" ? { remedy: { kind: "allow", target } } : {}),
        }),
    });
    // 1. The as-of is the lock's and the lock has a tree head: a record at or
    //    beyond that size was not public when the lock was recorded.
    const head = lockedHead(ctx);
    if (rec !== undefined && db && head && asOfPinned(ctx) && rec >= head.size) {
        return bySumdb("as-of", `its checksum database record ${rec} is at or beyond the tree size ${head.size} locked in ${ctx.lockfileName}, so it was not public when the lock was made`, `a ${db} record below ${head.size}`, `record ${rec}`);
    }
    // 2. The .info time.
    const age = ageRefusal(ctx, module, version, time);
    if (age)
        return { refusal: age, verdict: { ...base, verdict: "refused", rule: "min-release-age", evidence: "info", detail: `${timeLabel} ${time ?? "(none)"}` } };
    // 3. The log as a clock: the record was not in a tree seen at `after.seen`.
    const after = db ? dating?.after : undefined;
    if (after) {
        const seen = Date.parse(after.seen);
        const detail = `its checksum database record ${rec} was not yet in the ${db} tree of size ${after.size} that gopin saw at ${after.seen}, so it was published after that`;
        if (w.asOf && seen > w.asOf.getTime())
            return bySumdb("as-of", detail, `published by ${formatInstant(w.asOf)}`, `published after ${after.seen}`);
        if (w.minReleaseAgeMs && !w.allow.has(target) && ctx.now().getTime() - seen < w.minReleaseAgeMs) {
            return bySumdb("min-release-age", detail, `published before ${formatInstant(new Date(ctx.now().getTime() - w.minReleaseAgeMs))}`, `published after ${after.seen}`);
        }
    }
    const by = db ? dating?.by : undefined;
    const detail = after || by
        ? [
            `${timeLabel} ${time ?? "(none)"}`,
            after ? `checksum database: published after ${after.seen} (record ${rec} ≥ tree size ${after.size})` : "",
            by ? `checksum database: public by ${by.seen} (record ${rec} < tree size ${by.size})` : "",
        ]
            .filter(Boolean)
            .join("; ")
        : `${timeLabel} ${time ?? "(none)"}${rec !== undefined ? `; checksum database record ${rec} (no earlier tree head seen to date it)` : ""}`;
    return { verdict: { ...base, verdict: "admitted", evidence: after || by ? "sumdb" : "info", detail } };
}

;// CONCATENATED MODULE: ./build/src/sumdb/transport.js
// How gopin reaches a checksum database, decided the way the go command
// decides it (cmd/go/internal/modfetch/sumdb.go, initBase):
//
//  - an explicit URL in GOSUMDB ("KEY URL") is used as is, bypassing proxies;
//  - otherwise each GOPROXY entry in turn is asked for
//    <proxy>/sumdb/<name>/supported: 200 means "use <proxy>/sumdb/<name>
//    and nothing else"; 404/410 (or any error after a "|") means try the next
//    entry; any other failure means the database is unavailable;
//  - "direct", "off", or running out of entries means https://<name>.





class SumdbNotFound extends Error {
}
class SumdbUnavailable extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
const DEFAULT_LIMIT = 16 << 20;
/**
 * The upstream for a base URL. Requests to the database go through the same
 * HTTP client as module files: .netrc credentials, timeouts, slow-body
 * watchdog and size limits alike.
 */
function openBase(url) {
    return url.startsWith("file:") ? new FileUpstream(url) : new HttpUpstream(url);
}
/** The go command's choice of route to a database, made once and then kept. */
class ProxiedSumdbTransport {
    name;
    proxies;
    explicitUrl;
    open;
    route;
    chosen = "";
    constructor(name, proxies, explicitUrl, open = openBase) {
        this.name = name;
        this.proxies = proxies;
        this.explicitUrl = explicitUrl;
        this.open = open;
    }
    describe() {
        return this.chosen ? (0,scrub/* scrub */._I)(this.chosen) : "(not contacted yet)";
    }
    async chooseRoute() {
        if (this.explicitUrl)
            return { via: this.open(this.explicitUrl), prefix: "" };
        for (const p of this.proxies) {
            if (p.url === "direct" || p.url === "off")
                break;
            const route = { via: this.open(p.url), prefix: `sumdb/${this.name}/` };
            try {
                await this.fetch(route, "supported", 1 << 16);
                return route;
            }
            catch (e) {
                if (e instanceof SumdbNotFound || p.fallBackOnError)
                    continue;
                throw e;
            }
        }
        return { via: this.open("https://" + this.name), prefix: "" };
    }
    async fetch(route, path, limit = DEFAULT_LIMIT) {
        const rel = route.prefix + path.replace(/^\/+/, "");
        try {
            const r = await route.via.fetchPath(rel, `checksum database ${this.name} (${path.replace(/^\/+/, "")})`, undefined, limit);
            return r.body;
        }
        catch (e) {
            if (e instanceof NotFoundError)
                throw new SumdbNotFound(e.message);
            if (e instanceof UpstreamFailure)
                throw new SumdbUnavailable(e.message, e.status);
            throw e;
        }
    }
    async get(path, limit) {
        if (!this.route) {
            this.route = this.chooseRoute();
            // A failed probe is retried on the next request.
            this.route.then((r) => (this.chosen = r.via.name + (r.prefix ? "/" + r.prefix.replace(/\/$/, "") : "")), () => (this.route = undefined));
        }
        return this.fetch(await this.route, path, limit);
    }
}
/** Where on disk a database's data lives inside the store. */
function sumdbDirs(storeRoot, name) {
    // Tiles and lookups in the GOPROXY file layout (<store>/sumdb/<name>/…),
    // gopin's own state (latest tree head, clock) beside it.
    return { tiles: (0,external_node_path_.join)(storeRoot, "sumdb", ...name.split("/")), state: (0,external_node_path_.join)(storeRoot, ".gopin-sumdb", encodeURIComponent(name)) };
}

;// CONCATENATED MODULE: ./build/src/sumdb/tlog.js
// Transparency-log math of the Go checksum database (golang.org/x/mod/sumdb/tlog):
// record and interior hashes, the stored-hash numbering, tiles and their
// paths, tree notes and lookup records, and tile-authenticated hash reads.
//
// Sizes and indexes are JavaScript numbers (exact below 2^53, far beyond any
// real log); shifts are written as multiplications so they never wrap at 32 bits.

const HASH_SIZE = 32;
/** Tile height the go command uses. */
const TILE_HEIGHT = 8;
class TlogError extends Error {
}
const pow2 = (k) => 2 ** k;
const shl = (x, k) => x * 2 ** k;
const shr = (x, k) => Math.floor(x / 2 ** k);
/** SHA-256 of 0x00 || data: the hash of one record. */
function recordHash(data) {
    return (0,external_node_crypto_.createHash)("sha256").update(Buffer.from([0])).update(data).digest();
}
/** SHA-256 of 0x01 || left || right: an interior node. */
function nodeHash(left, right) {
    // One call on one buffer: a proof hashes hundreds of these, and a Hash object each cost more than the hashing.
    const b = Buffer.allocUnsafe(1 + left.length + right.length);
    b[0] = 1;
    left.copy(b, 1);
    right.copy(b, 1 + left.length);
    return (0,external_node_crypto_.hash)("sha256", b, "buffer");
}
/** Hash of the empty tree (SHA-256 of nothing). */
const EMPTY_HASH = (0,external_node_crypto_.createHash)("sha256").digest();
/** Position in the stored-hash sequence of the hash at `level` covering records n·2^level … */
function storedHashIndex(level, n) {
    // Every level-0 record i is followed by the hashes it completes; counting
    // the records before the leftmost leaf of this subtree gives the position.
    for (let l = level; l > 0; l--)
        n = 2 * n + 1;
    let i = 0;
    for (; n > 0; n = shr(n, 1))
        i += n;
    return i + level;
}
function trailingZeros(x) {
    if (x === 0)
        return 64;
    let k = 0;
    while (x % 2 === 0) {
        x /= 2;
        k++;
    }
    return k;
}
/** Inverse of storedHashIndex. */
function splitStoredHashIndex(index) {
    let n = Math.floor(index / 2);
    let indexN = storedHashIndex(0, n);
    if (indexN > index)
        throw new TlogError("bad math in splitStoredHashIndex");
    for (;;) {
        const x = indexN + 1 + trailingZeros(n + 1);
        if (x > index)
            break;
        n++;
        indexN = x;
    }
    const level = index - indexN;
    return { level, n: shr(n, level) };
}
/** Number of stored hashes in a tree of n records. */
function storedHashCount(n) {
    if (n === 0)
        return 0;
    let count = storedHashIndex(0, n - 1) + 1;
    for (let i = n - 1; i % 2 === 1; i = shr(i, 1))
        count++;
    return count;
}
/** Largest power of two k < n, and its log2 (n > 1). */
function maxpow2(n) {
    let level = 0;
    while (pow2(level + 1) < n)
        level++;
    return { k: pow2(level), level };
}
/** Stored-hash indexes of the complete subtrees that make up records [lo, hi). */
function subTreeIndex(lo, hi) {
    const need = [];
    while (lo < hi) {
        const { k, level } = maxpow2(hi - lo + 1);
        if (lo % k !== 0)
            throw new TlogError("bad math in subTreeIndex");
        need.push(storedHashIndex(level, shr(lo, level)));
        lo += k;
    }
    return need;
}
/** Folds subtree hashes (left to right) into one root. */
function foldSubTrees(hashes) {
    let h = hashes[hashes.length - 1];
    for (let i = hashes.length - 2; i >= 0; i--)
        h = nodeHash(hashes[i], h);
    return h;
}
/** The stored hashes appended when record n (with hash h) joins a tree of n records. */
async function storedHashesForRecordHash(n, h, read) {
    const out = [h];
    const m = trailingZeros(n + 1);
    const indexes = new Array(m);
    for (let i = 0; i < m; i++)
        indexes[m - 1 - i] = storedHashIndex(i, shr(n, i) - 1);
    const old = await read(indexes);
    for (let i = 0; i < m; i++) {
        h = nodeHash(old[m - 1 - i], h);
        out.push(h);
    }
    return out;
}
/** Root hash of the first n records. */
async function treeHash(n, read) {
    if (n === 0)
        return EMPTY_HASH;
    const idx = subTreeIndex(0, n);
    const hashes = await read(idx);
    if (hashes.length !== idx.length)
        throw new TlogError(`hash reader returned ${hashes.length} hashes for ${idx.length} indexes`);
    return foldSubTrees(hashes);
}
// ---------------------------------------------------------------------------
// Tiles
/** The least-width tile of height h holding stored hash `index`, and the byte range of its hash. */
function tileForIndex(h, index) {
    let { level, n } = splitStoredHashIndex(index);
    const l = Math.floor(level / h);
    level -= l * h; // level within the tile
    const tn = shr(shl(n, level), h);
    n -= shr(shl(tn, h), level); // n within the tile at that level
    const w = shl(n + 1, level);
    return { tile: { h, l, n: tn, w }, start: shl(n, level) * HASH_SIZE, end: shl(n + 1, level) * HASH_SIZE };
}
/** Merkle root of a run of 2^k hashes inside one tile's data. */
function tileHash(data) {
    if (data.length === 0)
        throw new TlogError("bad math in tileHash");
    if (data.length === HASH_SIZE)
        return Buffer.from(data);
    const half = data.length / 2;
    return nodeHash(tileHash(data.subarray(0, half)), tileHash(data.subarray(half)));
}
function tileProblem(t) {
    if (t.h < 1 || t.h > 30 || t.l < 0 || t.l >= 64 || t.w < 1 || t.w > pow2(t.h))
        return `invalid tile ${tilePath(t)}`;
    return undefined;
}
/** The stored hash `index` computed from the data of tile t. */
function hashFromTile(t, data, index) {
    const p = tileProblem(t);
    if (p)
        throw new TlogError(p);
    if (data.length < t.w * HASH_SIZE)
        throw new TlogError(`data length ${data.length} too short for tile ${tilePath(t)}`);
    const { tile: t1, start, end } = tileForIndex(t.h, index);
    if (t.l !== t1.l || t.n !== t1.n || t.w < t1.w)
        throw new TlogError(`index ${index} is in ${tilePath(t1)}, not ${tilePath(t)}`);
    return tileHash(data.subarray(start, end));
}
/** `tile/H/L/NNN[.p/W]`, with N in 3-digit groups prefixed `x` (`x001/x234/067`), L `data` for data tiles. */
function tilePath(t) {
    let n = t.n;
    let s = String(n % 1000).padStart(3, "0");
    while (n >= 1000) {
        n = Math.floor(n / 1000);
        s = `x${String(n % 1000).padStart(3, "0")}/${s}`;
    }
    const partial = t.w !== pow2(t.h) ? `.p/${t.w}` : "";
    return `tile/${t.h}/${t.l === -1 ? "data" : t.l}/${s}${partial}`;
}
/** Parses a tile path; only the canonical spelling (what tilePath prints) is accepted. */
function parseTilePath(path) {
    const bad = () => new TlogError(`malformed tile path ${JSON.stringify(path)}`);
    let f = path.split("/");
    if (f.length < 4 || f[0] !== "tile")
        throw bad();
    const num = (s) => (/^[+-]?\d+$/.test(s) ? Number(s) : NaN);
    const h = num(f[1]);
    const isData = f[2] === "data";
    let l = isData ? 0 : num(f[2]);
    if (!Number.isInteger(h) || !Number.isInteger(l) || h < 1 || l < 0 || h > 30)
        throw bad();
    let w = pow2(h);
    const dotP = f[f.length - 2];
    if (dotP.endsWith(".p")) {
        const ww = num(f[f.length - 1]);
        if (!Number.isInteger(ww) || ww <= 0 || ww >= w)
            throw bad();
        w = ww;
        f = [...f.slice(0, f.length - 2), dotP.slice(0, -2)];
    }
    let n = 0;
    for (const s of f.slice(3)) {
        const nn = num(s.startsWith("x") ? s.slice(1) : s);
        if (!Number.isInteger(nn) || nn < 0 || nn >= 1000)
            throw bad();
        n = n * 1000 + nn;
    }
    if (isData)
        l = -1;
    const t = { h, l, n, w };
    if (tilePath(t) !== path)
        throw bad();
    return t;
}
/** The tile k levels of tiles above t in a tree of n records (w: 0 when it does not exist yet). */
function tileParent(t, k, n) {
    const p = { h: t.h, l: t.l + k, n: shr(t.n, k * t.h), w: pow2(t.h) };
    const max = shr(n, p.l * p.h);
    if (shl(p.n, p.h) + p.w >= max) {
        if (shl(p.n, p.h) >= max)
            return { h: 0, l: 0, n: 0, w: 0 };
        p.w = max - shl(p.n, p.h);
    }
    return p;
}
function fullTile(t) {
    return { ...t, w: pow2(t.h) };
}
const tileKey = (t) => `${t.h}/${t.l}/${t.n}/${t.w}`;
/**
 * A HashReader for `tree` that reads hashes from tiles and authenticates
 * every tile it uses against the tree's root hash before trusting it.
 */
function tileHashReader(tree, src) {
    return async (indexes) => {
        const h = src.height;
        const order = new Map();
        const tiles = [];
        const stx = subTreeIndex(0, tree.n);
        const stxOrder = [];
        for (const x of stx) {
            const t = tileParent(tileForIndex(h, x).tile, 0, tree.n);
            const k = tileKey(t);
            let j = order.get(k);
            if (j === undefined) {
                j = tiles.length;
                order.set(k, j);
                tiles.push(t);
            }
            stxOrder.push(j);
        }
        const indexOrder = [];
        for (const x of indexes) {
            if (x >= storedHashIndex(0, tree.n))
                throw new TlogError("indexes not in tree");
            const t = tileForIndex(h, x).tile;
            // Walk up until a tile already on the list (the root tiles always are).
            let k = 0;
            for (;; k++) {
                const j = order.get(tileKey(tileParent(t, k, tree.n)));
                if (j !== undefined) {
                    if (k === 0)
                        indexOrder.push(j);
                    break;
                }
            }
            for (k--; k >= 0; k--) {
                const p = tileParent(t, k, tree.n);
                if (p.w !== pow2(p.h))
                    throw new TlogError(`bad math in tileHashReader: ${tree.n} ${x}`);
                order.set(tileKey(p), tiles.length);
                if (k === 0)
                    indexOrder.push(tiles.length);
                tiles.push(p);
            }
        }
        const data = await src.readTiles(tiles);
        if (data.length !== tiles.length)
            throw new TlogError("tile reader returned the wrong number of tiles");
        tiles.forEach((t, i) => {
            if (data[i].length !== t.w * HASH_SIZE)
                throw new TlogError(`tile ${tilePath(t)} has ${data[i].length} bytes, want ${t.w * HASH_SIZE}`);
        });
        // Bytes that passed against this tree before pass again (src.authenticated).
        const known = src.authenticated;
        const prints = known ? data.map((d) => (0,external_node_crypto_.hash)("sha256", d, "buffer")) : [];
        const seen = (i) => known?.get(tilePath(tiles[i]))?.equals(prints[i]) === true;
        // The root tiles must reproduce the tree hash …
        if (!stxOrder.every(seen)) {
            const roots = stx.map((x, i) => hashFromTile(tiles[stxOrder[i]], data[stxOrder[i]], x));
            if (!foldSubTrees(roots).equals(tree.hash))
                throw new TlogError("downloaded inconsistent tile");
        }
        // … and every other tile must hash to the entry its parent holds for it.
        for (let i = stxOrder[stxOrder.length - 1] + 1; i < tiles.length; i++) {
            if (seen(i))
                continue;
            const t = tiles[i];
            const p = tileParent(t, 1, tree.n);
            const j = order.get(tileKey(p));
            if (j === undefined)
                throw new TlogError(`bad math in tileHashReader: lost parent of ${tilePath(t)}`);
            const want = hashFromTile(p, data[j], storedHashIndex(p.l * p.h, t.n));
            if (!want.equals(tileHash(data[i])))
                throw new TlogError("downloaded inconsistent tile");
        }
        if (known)
            tiles.forEach((t, i) => known.set(tilePath(t), prints[i]));
        await src.saveTiles(tiles, data);
        return indexes.map((x, i) => hashFromTile(tiles[indexOrder[i]], data[indexOrder[i]], x));
    };
}
// ---------------------------------------------------------------------------
// Notes and records
const TREE_PREFIX = "go.sum database tree\n";
function formatTree(t) {
    return `${TREE_PREFIX}${t.n}\n${t.hash.toString("base64")}\n`;
}
/** Parses the text of a tree note (`go.sum database tree`, size, base64 hash, …). */
function parseTree(text) {
    const bad = () => new TlogError("malformed tree note");
    if (!text.startsWith(TREE_PREFIX) || text.split("\n").length - 1 < 3 || text.length > 1e6)
        throw bad();
    const lines = text.split("\n");
    const nText = lines[1];
    if (!/^(0|[1-9][0-9]*)$/.test(nText) || !Number.isSafeInteger(Number(nText)))
        throw bad();
    const hText = lines[2];
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(hText) || hText.length % 4 !== 0)
        throw bad();
    const hash = Buffer.from(hText, "base64");
    if (hash.length !== HASH_SIZE)
        throw bad();
    return { n: Number(nText), hash };
}
function validRecordText(text) {
    let s;
    try {
        s = new TextDecoder("utf-8", { fatal: true }).decode(text);
    }
    catch {
        return false;
    }
    if (s.length === 0 || !s.endsWith("\n"))
        return false;
    let last = "";
    for (const ch of s) {
        const c = ch.codePointAt(0);
        if ((c < 0x20 && ch !== "\n") || (last === "\n" && ch === "\n"))
            return false;
        last = ch;
    }
    return true;
}
/** Splits a lookup answer into record id, record text and the signed tree note that follows. */
function parseRecord(msg) {
    const bad = () => new TlogError("malformed record data");
    const i = msg.indexOf(0x0a);
    if (i < 0)
        throw bad();
    const idText = msg.subarray(0, i).toString("latin1");
    if (!/^[+-]?\d+$/.test(idText))
        throw bad();
    const id = Number(idText);
    if (!Number.isSafeInteger(id))
        throw bad();
    const body = msg.subarray(i + 1);
    const j = body.indexOf("\n\n");
    if (j < 0)
        throw bad();
    const text = body.subarray(0, j + 1);
    if (!validRecordText(text))
        throw bad();
    return { id, text, rest: body.subarray(j + 2) };
}

;// CONCATENATED MODULE: ./build/src/sumdb/client.js
// A verifying checksum-database client, independent of the go command's:
//
//  - every tree head is a signed note checked against the configured key;
//  - a new head must extend the previous one (checked through tiles), and the
//    previous one is persisted in the store, so a forked log is caught across
//    runs, not only within one;
//  - a lookup's record must be in the tree it comes with (checked through
//    authenticated tiles) before its go.sum lines are believed;
//  - full tiles are immutable and kept in the store; partial tiles live in
//    memory for the length of the process;
//  - every head seen is added to a clock (size, first seen, last seen), the
//    evidence used to date records.







/** Evidence of misbehaviour (a fork, a record that does not match its tree, a bad signature). */
class SumdbSecurityError extends Error {
}
const CLOCK_MAX = 2000;
/** Full tiles kept in memory (8 KiB each). */
const FULL_TILES_KEPT = 512;
/** Trees whose authenticated tiles are remembered (a job proves against the few heads it sees). */
const TREES_REMEMBERED = 4;
class SumdbClient {
    config;
    transport;
    now;
    name;
    latest = { tree: { n: 0, hash: Buffer.alloc(HASH_SIZE) }, note: Buffer.alloc(0) };
    clock = [];
    partial = new Map();
    /** Full tiles read this process (immutable), so proofs do not read the disk again. */
    fullTiles = new Map();
    /** Per tree (size and hash), the tiles authenticated against it and the SHA-256 of their bytes (tileHashReader). */
    authenticatedTiles = new Map();
    /** Tile downloads under way: concurrent proofs needing one tile share one request. */
    tileFetches = new Map();
    clockDirty = false;
    lookups = new Map();
    /** Writes of lookup answers to the tile store under way. */
    cacheWrites = new Set();
    dirs;
    lock = Promise.resolve();
    loaded;
    /** Set by init() when the persisted head could not be read (reported, then replaced). */
    stateProblem;
    constructor(config, transport, storeRoot, now = () => new Date()) {
        this.config = config;
        this.transport = transport;
        this.now = now;
        this.name = config.name;
        this.dirs = sumdbDirs(storeRoot, config.name);
    }
    describeRoute() {
        return this.transport.describe();
    }
    /** Loads the persisted latest head and clock (once). */
    init() {
        this.loaded ??= (async () => {
            const note = await external_node_fs_.promises.readFile((0,external_node_path_.join)(this.dirs.state, "latest")).catch(() => undefined);
            if (note && note.length) {
                try {
                    this.latest = { tree: this.verifyHead(note), note };
                }
                catch (e) {
                    this.stateProblem = `the persisted ${this.name} tree head does not verify (${e.message}); ignoring it`;
                }
            }
            const clock = await external_node_fs_.promises.readFile((0,external_node_path_.join)(this.dirs.state, "clock"), "utf8").catch(() => "");
            for (const line of clock.split("\n")) {
                const [s, a, b] = line.trim().split(/\s+/);
                if (s && a && b && /^\d+$/.test(s) && !Number.isNaN(Date.parse(a)) && !Number.isNaN(Date.parse(b))) {
                    this.clock.push({ size: Number(s), firstSeen: a, lastSeen: b });
                }
            }
        })();
        return this.loaded;
    }
    latestHead() {
        return this.latest;
    }
    clockPoints() {
        return this.clock;
    }
    /**
     * Verifies a signed tree note with the database's key; returns the tree.
     * A note whose exact bytes verified before is not checked again: every
     * lookup of a job carries the same head while the log does not grow.
     */
    verifyHead(note) {
        const key = note.toString("latin1");
        const known = this.verifiedHeads.get(key);
        if (known)
            return { ...known };
        const tree = this.verifyHeadOnce(note);
        if (this.verifiedHeads.size >= 16)
            this.verifiedHeads.delete(this.verifiedHeads.keys().next().value);
        this.verifiedHeads.set(key, tree);
        return { ...tree };
    }
    verifiedHeads = new Map();
    verifyHeadOnce(note) {
        let text;
        try {
            text = openNote(note, [this.config.verifier]).text;
        }
        catch (e) {
            throw new SumdbSecurityError(`${this.name}: tree note does not verify with key ${this.config.key}: ${e instanceof NoteError ? e.message : e.message}`);
        }
        try {
            return parseTree(text);
        }
        catch (e) {
            throw new SumdbSecurityError(`${this.name}: ${e.message}`);
        }
    }
    serial(f) {
        const p = this.lock.then(f, f);
        this.lock = p.catch(() => undefined);
        return p;
    }
    /** Fetches /latest and merges it. */
    async refresh() {
        await this.init();
        const note = await this.transport.get("/latest", 1 << 20);
        await this.merge(note);
        return this.latest;
    }
    /**
     * Merges a signed head into the timeline: an older or equal head must be a
     * prefix of the latest, a newer one must extend it. A contradiction is a
     * SumdbSecurityError naming both heads.
     */
    async merge(note) {
        await this.init();
        const tree = this.verifyHead(note);
        return this.serial(async () => {
            const cur = this.latest;
            if (tree.n <= cur.tree.n) {
                await this.checkPrefix(tree, note, cur);
                if (tree.n === cur.tree.n)
                    await this.tick(tree.n);
                return tree;
            }
            if (cur.tree.n > 0)
                await this.checkPrefix(cur.tree, cur.note, { tree, note });
            this.latest = { tree, note };
            await this.persistLatest();
            await this.tick(tree.n);
            return tree;
        });
    }
    async checkPrefix(older, olderNote, newer) {
        if (older.n === 0)
            return;
        // A tree of the same size is a prefix only when it is the same tree (no tiles needed to say so).
        const h = older.n === newer.tree.n ? newer.tree.hash : await treeHash(older.n, this.hashReader(newer.tree));
        if (h.equals(older.hash))
            return;
        const indent = (b) => b.toString("utf8").trimEnd().replace(/\n/g, "\n\t");
        throw new SumdbSecurityError(`SECURITY ERROR: checksum database ${this.name} misbehaviour detected: the log forked.\n` +
            `old tree head (size ${older.n}, hash ${older.hash.toString("base64")}):\n\t${indent(olderNote)}\n` +
            `new tree head (size ${newer.tree.n}, hash ${newer.tree.hash.toString("base64")}):\n\t${indent(newer.note)}\n` +
            `the new tree's first ${older.n} records hash to ${h.toString("base64")}, not ${older.hash.toString("base64")}`);
    }
    async persistLatest() {
        await writeFileAtomic((0,external_node_path_.join)(this.dirs.state, "latest"), this.latest.note, false);
    }
    /**
     * Records that the log had `size` records now. A new size is written at
     * once; a later sighting of the same size (every lookup of a log that did
     * not grow) only moves its lastSeen, written with the next new size or by
     * flush(), so lookups do not queue behind a file write each.
     */
    async tick(size) {
        const at = this.now().toISOString();
        const last = this.clock[this.clock.length - 1];
        if (last && last.size === size) {
            last.lastSeen = at;
            this.clockDirty = true;
            return;
        }
        if (last && size < last.size)
            return;
        this.clock.push({ size, firstSeen: at, lastSeen: at });
        if (this.clock.length > CLOCK_MAX)
            this.clock.splice(0, this.clock.length - CLOCK_MAX);
        await this.writeClock();
    }
    async writeClock() {
        this.clockDirty = false;
        await writeFileAtomic((0,external_node_path_.join)(this.dirs.state, "clock"), this.clock.map((p) => `${p.size} ${p.firstSeen} ${p.lastSeen}\n`).join(""), false);
    }
    /** Writes what the clock learnt since its last write (the session's end). */
    async flush() {
        await Promise.all(this.cacheWrites);
        if (this.clockDirty)
            await this.serial(() => this.writeClock());
    }
    track(write) {
        this.cacheWrites.add(write);
        void write.finally(() => this.cacheWrites.delete(write));
    }
    /** What the clock says about record `id`. */
    dateRecord(id) {
        const d = {};
        for (const p of this.clock) {
            if (p.size <= id) {
                if (!d.after || p.lastSeen > d.after.seen)
                    d.after = { size: p.size, seen: p.lastSeen };
            }
            else if (!d.by || p.firstSeen < d.by.seen)
                d.by = { size: p.size, seen: p.firstSeen };
        }
        return d;
    }
    /** A hash reader for `tree` over authenticated tiles. */
    hashReader(tree) {
        const key = `${tree.n} ${tree.hash.toString("base64")}`;
        let authenticated = this.authenticatedTiles.get(key);
        if (!authenticated) {
            if (this.authenticatedTiles.size >= TREES_REMEMBERED)
                this.authenticatedTiles.delete(this.authenticatedTiles.keys().next().value);
            this.authenticatedTiles.set(key, (authenticated = new Map()));
        }
        return tileHashReader(tree, {
            height: TILE_HEIGHT,
            authenticated,
            readTiles: (tiles) => Promise.all(tiles.map((t) => this.readTile(t))),
            saveTiles: async (tiles, data) => {
                await Promise.all(tiles.map((t, i) => this.saveTile(t, data[i])));
            },
        });
    }
    tileFile(t) {
        return (0,external_node_path_.join)(this.dirs.tiles, ...tilePath(t).split("/"));
    }
    /** A tile from memory, the store (full tiles) or the database. */
    async readTile(t) {
        const full = fullTile(t);
        const isFull = full.w === t.w;
        const want = t.w * HASH_SIZE;
        const known = this.fullTiles.get(tilePath(full));
        if (known)
            return isFull ? known : known.subarray(0, want);
        // A partial tile this process saved (authenticated then) is as good as the full one's prefix, and needs no disk read.
        const mem = isFull ? undefined : this.partial.get(tilePath(t));
        if (mem)
            return mem;
        const stored = await external_node_fs_.promises.readFile(this.tileFile(full)).catch(() => undefined);
        if (stored && stored.length === full.w * HASH_SIZE)
            return isFull ? stored : stored.subarray(0, want);
        try {
            return await this.download(t);
        }
        catch (e) {
            // A partial tile that has since been completed is only served in full.
            if (isFull)
                throw e;
            try {
                return (await this.download(full)).subarray(0, want);
            }
            catch {
                throw e;
            }
        }
    }
    /** One request per tile however many proofs want it at once. */
    download(t) {
        const path = tilePath(t);
        let p = this.tileFetches.get(path);
        if (!p) {
            p = this.transport.get("/" + path, 1 << 20);
            this.tileFetches.set(path, p);
            const forget = () => this.tileFetches.delete(path);
            p.then(forget, forget);
        }
        return p;
    }
    async saveTile(t, data) {
        if (t.w === fullTile(t).w) {
            const path = tilePath(t);
            if (this.fullTiles.has(path))
                return;
            if (this.fullTiles.size >= FULL_TILES_KEPT)
                this.fullTiles.delete(this.fullTiles.keys().next().value);
            this.fullTiles.set(path, Buffer.from(data));
            const f = this.tileFile(t);
            if (await external_node_fs_.promises.stat(f).then(() => true, () => false))
                return;
            await writeFileAtomic(f, data, true);
        }
        else {
            this.partial.set(tilePath(t), Buffer.from(data));
        }
    }
    /** Authenticates a full tile against the latest head (fetching parents as needed) and returns its bytes. */
    async authenticatedTile(t) {
        await this.init();
        if (this.latest.tree.n === 0)
            await this.refresh();
        const level0 = t.l * t.h;
        const first = storedHashIndex(level0, t.n * 2 ** t.h + t.w - 1);
        const limit = storedHashIndex(0, this.latest.tree.n);
        if (first >= limit)
            await this.refresh();
        await this.hashReader(this.latest.tree)([storedHashIndex(level0, t.n * 2 ** t.h + t.w - 1)]);
        return this.readTile(t);
    }
    lookupFile(path, version) {
        return (0,external_node_path_.join)(this.dirs.tiles, "lookup", `${(0,gomod_escape/* escapePath */.ft)(path)}@${(0,gomod_escape/* escapeVersion */.av)(version)}`);
    }
    /** Looks up module@version and proves the record is in the log. Throws SumdbNotFound when the database does not have it. */
    lookup(path, version) {
        const key = `${path}@${version}`;
        let p = this.lookups.get(key);
        if (!p) {
            p = this.doLookup(path, version);
            p.catch(() => this.lookups.delete(key));
            this.lookups.set(key, p);
        }
        return p;
    }
    async doLookup(path, version) {
        await this.init();
        const file = this.lookupFile(path, version);
        const stored = await external_node_fs_.promises.readFile(file).catch(() => undefined);
        const fromStore = stored !== undefined;
        const raw = stored ?? await this.transport.get(`/lookup/${(0,gomod_escape/* escapePath */.ft)(path)}@${(0,gomod_escape/* escapeVersion */.av)(version)}`, 1 << 20);
        let rec;
        try {
            rec = parseRecord(raw);
        }
        catch (e) {
            throw new SumdbSecurityError(`${this.name}: lookup ${path}@${version}: ${e.message}`);
        }
        const tree = await this.merge(rec.rest);
        const head = { tree, note: Buffer.from(rec.rest) };
        if (rec.id < 0 || rec.id >= tree.n)
            throw new SumdbSecurityError(`${this.name}: lookup ${path}@${version}: record ${rec.id} is not in the tree of size ${tree.n} it came with`);
        const [h] = await this.hashReader(tree)([storedHashIndex(0, rec.id)]);
        if (!h.equals(recordHash(rec.text))) {
            throw new SumdbSecurityError(`${this.name}: lookup ${path}@${version}: record ${rec.id} does not match the log (cannot authenticate record data in server response)`);
        }
        // The answer is kept for later jobs; nobody waits for that write (flush() does).
        if (!fromStore)
            this.track(writeFileAtomic(file, raw, true).catch(() => undefined));
        return { id: rec.id, text: rec.text.toString("utf8"), raw, head };
    }
}
/** The go.sum hash the database gives for path@version (zip) or path@version/go.mod. */
function sumdbHash(text, path, version, kind) {
    const want = `${path} ${version}${kind === "mod" ? "/go.mod" : ""} `;
    for (const line of text.split("\n")) {
        if (line.startsWith(want)) {
            const h = line.slice(want.length).trim();
            if (h.startsWith("h1:"))
                return h;
        }
    }
    return undefined;
}


;// CONCATENATED MODULE: ./build/src/policy/sumdb.js
// A hash judged against the checksum database. The lookup (network, proofs)
// is done by the request path; what it found is handed in as evidence.


/** The record number when the database agrees with `hash`, else the refusal. */
function judgeSumdb(ctx, module, version, kind, hash, ev) {
    const db = ctx.sumdbName ?? "(none)";
    const what = kind === "zip" ? "zip hash" : "go.mod hash";
    const target = `${module}@${version}`;
    const refuse = (init) => ({ refusal: new Refusal({ module, version, ...init }) });
    if ("notFound" in ev) {
        return refuse({ rule: "sumdb-unknown", detail: `${target}: the checksum database ${db} has no record of it (${ev.notFound}).`, remedy: { kind: "mark-private" } });
    }
    if ("security" in ev)
        return refuse({ rule: "sumdb-security", detail: ev.security });
    if ("unavailable" in ev)
        return refuse({ rule: "sumdb-unavailable", detail: `${target}: cannot be verified against the checksum database ${db}: ${ev.unavailable}` });
    const want = sumdbHash(ev.found.text, module, version, kind);
    if (!want)
        return refuse({ rule: "sumdb-mismatch", detail: `${target}: the checksum database ${db} record ${ev.found.id} has no ${what}.` });
    if (want !== hash) {
        return refuse({
            rule: "sumdb-mismatch",
            expected: want,
            actual: hash,
            detail: `SECURITY ERROR: ${target}: ${what} mismatch: the checksum database ${db} (record ${ev.found.id}) has ${want}, but the content served hashes to ${hash}. The upstream served different bytes from the ones the public log holds; gopin refused them and did not lock them.`,
        });
    }
    return { rec: ev.found.id };
}

;// CONCATENATED MODULE: ./build/src/policy/list-dating.js
// How much of one `@v/list` answer gopin dates under a time window. Each
// version's time costs an upstream `.info` request (and a store write), so a
// list of thousands must not turn into thousands of requests. A list within
// the bound is dated whole. A longer one is dated newest first, up to the
// bound, stopping once a version inside the window is found (the newest
// version go may see is then decided); an undated version is never shown (it
// could be outside the window), and a list whose dated part holds nothing
// inside the window is refused, saying what to do instead.



/** The most versions of one list gopin dates with upstream requests. */
const LIST_DATING_LIMIT = 100;
/**
 * The versions of `all` to date with an upstream request, newest first:
 * every one when they fit the bound, else the newest `limit` (`bounded`).
 * Versions whose time the lock holds cost nothing and are not counted.
 */
function versionsToDate(all, hasLockedTime, limit = LIST_DATING_LIMIT) {
    const need = all.filter((v) => !hasLockedTime(v)).sort((a, b) => (0,semver/* compareVersion */.Gm)(b, a));
    return need.length <= limit ? { toDate: need, bounded: false } : { toDate: need.slice(0, limit), bounded: true };
}
/** A bounded list with nothing inside the window among the versions dated: which older one go may see is undecided. */
function undatedListRefusal(ctx, module, listed, limit = LIST_DATING_LIMIT) {
    return new Refusal({
        module,
        rule: "list-dating-limit",
        detail: `${module}: its version list has ${listed} versions; gopin dates at most ${limit} per list (newest first) against the time window (${describeWindow(ctx)}), ` +
            `and none of those is inside it, so the list is not served. Require an exact version instead (e.g. go get ${module}@VERSION); a version asked for by name is judged by its own .info time.`,
    });
}

// EXTERNAL MODULE: ./build/src/protocol/request.js
var request = __nccwpck_require__(1007);
;// CONCATENATED MODULE: ./build/src/server/response.js
// The one place where statuses and error bodies are chosen. Every error body
// is one paragraph of text/plain, so `go` prints it as "server response:".
// 404 and 410 only where Go's fallback semantics want them: "not found" lets
// go try the next proxy (or, for @latest, fall back to the version list).






function statusForRule(rule) {
    switch (rule) {
        case "latest-outside-window":
            return 404;
        case "sumdb-security":
        case "sumdb-unavailable":
        case "inadmissible":
        case "unverifiable":
            return 502;
        default:
            return 403;
    }
}
/** The status for an error that stopped a request. */
function statusFor(e) {
    if (e instanceof Refusal)
        return statusForRule(e.rule);
    if (e instanceof request/* BadRequestError */.v7)
        return 400;
    if (e instanceof MethodError)
        return 405;
    if (e instanceof NotFoundError || e instanceof SumdbNotFound || e instanceof NotServedError || e instanceof request/* VersionOutsideModuleError */.MJ)
        return 404;
    if (e instanceof UpstreamFailure)
        return 502;
    if (e instanceof StoreDiskError)
        return 507;
    return 500;
}
/** The one-paragraph reason for an error. */
function reasonFor(e, advice) {
    if (e instanceof Refusal)
        return e.format(advice);
    if (statusFor(e) === 500)
        return `gopin internal error: ${e?.message ?? String(e)}`;
    return e?.message ?? String(e);
}
function errorResponse(e, advice) {
    const text = (0,scrub/* scrub */._I)(reasonFor(e, advice)).replace(/\s*\n\s*/g, " ").trim() + "\n";
    return { status: statusFor(e), contentType: TEXT, body: Buffer.from(text) };
}

;// CONCATENATED MODULE: ./build/src/util/map-limit.js
/** Runs `fn` over `items`, at most `limit` at a time, in order of the items; resolves with the results in that order. */
async function mapLimit(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.max(0, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    });
    await Promise.all(workers);
    return out;
}

;// CONCATENATED MODULE: ./build/src/proxy/service.js
// The request path: one module protocol request, downward only.
//
//   request -> gate (policy, pure)        -> answer from the lockfile, or refuse
//           -> store hit, or single-flight fetch through the upstream chain
//              (private modules: a direct-only chain) -> admission -> store
//              (record mode: a stored file about to be locked for the first
//              time is confirmed by the upstream, unless the checksum
//              database vouches for it; the store is never an authority)
//           -> judge the content (policy, pure) with the evidence it needs
//              (hashes, the .info behind a .zip, checksum-database records,
//              the times of listed versions), gathered here
//           -> journal
//
// list/@latest always go upstream (their answers change), falling back to the
// last stored answer when every upstream fails ("stale"). A canonical .info
// also starts reading its .mod and .zip ahead (read-ahead.ts).


























/** Zips up to this size are checked and served from memory after download. */
const SMALL_ZIP = 4 << 20;
class ProxyService {
    o;
    flights = new SingleFlight();
    /** Zip hashes computed at admission or judgement (zips are immutable in the store). */
    zipHashes = new Map();
    /** Store files found well-formed by storedCopy. */
    checkedStoreFiles = new Set();
    /** Checks of stored files under way (checkStored). */
    storeChecks = new Map();
    /** The start-up check of the locked zips in the store (startStoreChecks). */
    storeCheckRun;
    closing = false;
    /** Store files this process fetched from, or confirmed with, the upstream. */
    confirmed = new Set();
    /** Confirmations under way: concurrent askers share one (and its answer). */
    confirmations = new SingleFlight();
    lockHeadMerged;
    /** Record mode: the evidence asked for each module@version (evidenceFor). */
    evidence = new Map();
    /** Verdicts journaled after their bytes were served, by store path (defer). */
    verdicts = new Map();
    readAhead;
    constructor(o) {
        this.o = o;
        this.readAhead = new ReadAhead(o.readAhead ?? true);
    }
    isPrivate(module) {
        return this.o.privatePatterns !== "" && matchPrefixPatterns(this.o.privatePatterns, module);
    }
    /** Work still under way: upstream fetches (read-ahead included) and store writes. */
    inFlight() {
        return { fetches: this.flights.size, storeWrites: this.o.store.pendingWrites };
    }
    /** Waits for in-flight fetches to finish writing, and pending verdicts to be journaled (graceful shutdown). */
    async drain() {
        this.closing = true;
        await this.storeCheckRun;
        await Promise.all(this.verdicts.values());
        await this.readAhead.drain();
        await this.flights.drain();
        await this.o.store.drain();
    }
    /** Serve one client request: gate, store or upstream, judgement, journal. */
    async handle(req) {
        this.startReadAhead(req);
        const answer = await this.decide(req).catch((e) => failed(e));
        this.journal(req, answer);
        const shared = this.o.shared;
        if (shared && answer.ok && answer.cache === "miss" && answer.file && req.canonical) {
            const { rel } = answer.file;
            const offer = () => shared.offer(req, rel, this.isPrivate(req.module));
            // Offered only once the checksum database has agreed.
            const pending = this.verdicts.get(rel);
            if (pending)
                void pending.then((ok) => ok && offer());
            else
                offer();
        }
        return answer;
    }
    /** After a canonical .info, go asks for the .mod and then the .zip: start both now (or when a claim makes room). */
    startReadAhead(req) {
        // Not toolchains: go asks the linux-amd64 .info of several Gos to choose
        // one (on any platform) and downloads at most one of their ~100 MiB zips.
        if (req.kind !== "info" || !req.canonical || this.isPrivate(req.module) || req.module === TOOLCHAIN_MODULE)
            return;
        for (const kind of ["mod", "zip"]) {
            const next = { ...req, kind };
            const rel = (0,module_file/* modulePath */.M)(next);
            if (this.readAhead.mayStart(rel))
                this.readAheadOne(next, rel);
            else
                this.readAhead.enqueue(rel, () => this.readAheadOne(next, rel));
        }
    }
    readAheadOne(req, rel) {
        // Not what is stored or being fetched already, nor what the gate would refuse before any upstream traffic.
        if (!this.readAhead.mayStart(rel) || this.o.store.has(rel) || this.flights.has(rel))
            return;
        if (this.o.policy && gate(this.o.policy.ctx, req).kind !== "fetch")
            return;
        this.readAhead.track(rel, this.flights.do(rel, () => this.fetchAndAdmit(req, rel, true)));
    }
    async decide(req, retried = false) {
        const p = this.o.policy;
        if (!p)
            return this.serve(req);
        const g = gate(p.ctx, req);
        if (g.kind === "refuse")
            return failed(g.refusal);
        p.journal.use(g.uses);
        if (g.kind === "not-found")
            return failed(new NotFoundError("lockfile", g.detail));
        if (g.kind === "answer") {
            this.o.stats.hits++;
            return { ok: true, contentType: CONTENT_TYPES[req.kind], cache: "lockfile", body: g.body };
        }
        // Record mode: the checksum database (and, with a window, the version's
        // time) is asked beside the fetch, not after it.
        this.evidenceFor(p, req);
        const a = await this.serveForLock(p, req);
        if (!a.ok)
            return a;
        let j;
        try {
            j = await this.judge(p, req, a);
        }
        catch (e) {
            // Content that cannot be judged is not served.
            j = unverifiable(req, e);
        }
        if (j instanceof Refusal) {
            const again = await this.setAsideRefused(p, req, a, j);
            // The shared store's object, or a stored copy the checksum database
            // contradicts (a poisoned store): the upstream's copy is fetched and
            // judged instead (a poisoned store copy once).
            if (again === "shared" || (again === "poisoned" && !retried))
                return this.decide(req, again === "poisoned");
            return failed(j);
        }
        const recorded = j.recorded === true;
        return j.body ? { ...a, file: undefined, body: j.body, recorded } : { ...a, recorded };
    }
    /**
     * What follows a refusal of content: the mirror that served bytes failing
     * the lock or the checksum database is ejected, and refused content is
     * never served from the store again. Says whether the caller may ask the
     * upstream instead: the shared store's object was set aside, or a local
     * store copy was contradicted by the checksum database (and reported).
     */
    async setAsideRefused(p, req, a, j) {
        if (a.upstream && (j.rule === "lock-mismatch" || j.rule === "sumdb-mismatch"))
            this.o.chain.reject(a.upstream, req, j.detail);
        if (!a.file || j.expected === undefined || (req.kind !== "zip" && req.kind !== "mod" && req.kind !== "info"))
            return undefined;
        await this.o.store.remove(a.file.rel);
        this.zipHashes.delete(a.file.rel);
        this.checkedStoreFiles.delete(a.file.rel);
        // The shared store is not trusted: its object is set aside.
        if (this.o.shared?.servedFromShared(a.file.rel)) {
            this.o.shared.reject(a.file.rel, j.format(p.ctx.advice));
            return "shared";
        }
        if (a.cache === "hit" && j.rule === "sumdb-mismatch") {
            p.journal.storeEvicted({ rel: a.file.rel, reason: `the checksum database contradicts the store's copy (${j.detail}); it was evicted, and the upstream's fetched and judged` });
            return "poisoned";
        }
        return undefined;
    }
    // ------------------------------------------------------------- judgement
    async judge(p, req, a) {
        switch (req.kind) {
            case "info":
                return this.judgeInfo(p, req, parseInfo(await this.bytesOf(a), `${req.module}@${req.version} (.info)`), sourceOf(a));
            case "mod":
            case "zip":
                return this.judgeHash(p, req, req.kind, a);
            case "list":
                return this.judgeList(p, req, (await this.bytesOf(a)).toString("utf8").split("\n").filter(Boolean));
            case "latest": {
                const info = parseInfo(await this.bytesOf(a), `${req.module} (@latest)`);
                const r = latestRefusal(p.ctx, req.module, info.Version, info.Time);
                if (r)
                    return r;
                notePseudoDrift(p, req.module, info, sourceOf(a));
                return { recorded: p.journal.observeLatest(req.module, info.Version, info.Time) };
            }
        }
    }
    judgeInfo(p, req, info, source) {
        const { ctx, journal } = p;
        // What is locked is what go asked for (the .info was checked to agree).
        const version = req.canonical ? req.version : info.Version;
        const locked = context_lockedVersion(ctx, req.module, version);
        const origin = originFromInfo(info.Origin);
        const r = ctx.mode === "record" && !locked ? ageRefusal(ctx, req.module, version, info.Time) : undefined;
        if (r)
            return r;
        notePseudoDrift(p, req.module, info, source);
        // Version queries (branch names, commits) are served but not locked.
        if (!req.canonical)
            return {};
        for (const d of infoDrift(ctx, req.module, version, info.Time, origin))
            journal.noteDrift({ ...d, source });
        let recorded = false;
        if (ctx.mode === "record") {
            // Fill what the lock lacks; a locked time or origin is never replaced.
            recorded = journal.observeVersion(req.module, version, {
                ...(locked?.time === undefined && info.Time !== undefined ? { time: info.Time } : {}),
                ...(locked?.origin === undefined && origin ? { origin } : {}),
            });
        }
        // The lock pins .info: go sees the locked time and origin whatever the upstream says now.
        return locked?.time !== undefined ? { body: lockedInfo(version, locked), recorded } : { recorded };
    }
    async judgeHash(p, req, kind, a) {
        const { ctx } = p;
        const hash = kind === "mod" ? hashGoMod(await this.bytesOf(a)) : await this.zipHashOf(a);
        if (a.upstream)
            this.o.chain.observeHash(a.upstream, req, hash);
        const mismatch = lockMismatch(ctx, req.module, req.version, kind, hash);
        if (mismatch)
            return mismatch;
        if (ctx.mode !== "record")
            return {};
        const ev = this.evidenceFor(p, req);
        // Fresh upstream bytes need not wait for the checksum database: go checks
        // the same database itself, through gopin, before it uses them, and
        // gopin's /lookup answer for this version waits for this verdict (so the
        // lock holds it by then). A window must decide before go sees the bytes,
        // and a stored or shared copy is judged (and replaced) before it is served.
        const fresh = a.cache === "miss" && !(a.file && this.o.shared?.servedFromShared(a.file.rel));
        // A zip waits for its go.mod's pending verdict (the same lookup, usually
        // in by now): with go.sum complete, go asks no /lookup to wait on.
        if (kind === "zip")
            await this.verdicts.get((0,module_file/* modulePath */.M)({ kind: "mod", module: req.module, version: req.version }));
        if (ev.windowed || ev.settled || !fresh)
            return this.hashVerdict(p, req, kind, hash, ev);
        this.defer(p, req, a, this.hashVerdict(p, req, kind, hash, ev));
        return {};
    }
    /** The checksum database's and the window's word on a hash the lock does not contradict; records it when both agree. */
    async hashVerdict(p, req, kind, hash, ev) {
        const { ctx, journal } = p;
        const { module } = req;
        const version = req.version;
        let rec;
        if (ev.sumdb) {
            const r = judgeSumdb(ctx, module, version, kind, hash, await ev.sumdb);
            if ("refusal" in r)
                return r.refusal;
            rec = r.rec;
            journal.sumdbVerified++;
        }
        if (ev.windowed) {
            const w = judgeWindow(ctx, module, version, { time: await ev.time, rec, ...(rec !== undefined && p.sumdb ? { dating: p.sumdb.dateRecord(rec) } : {}) });
            if (w.verdict)
                journal.timeVerdict(w.verdict);
            if (w.refusal)
                return w.refusal;
        }
        return { recorded: journal.observeVersion(module, version, { [kind]: hash, ...(rec !== undefined ? { rec } : {}) }) };
    }
    /**
     * Record mode: what judging a .mod or .zip of module@version needs besides
     * its bytes (the checksum database's record; with a window, the version's
     * time), asked once per version and as soon as either file is requested.
     */
    evidenceFor(p, req) {
        const { ctx } = p;
        if (ctx.mode !== "record" || (req.kind !== "mod" && req.kind !== "zip") || !req.canonical || !req.version)
            return undefined;
        const { module, version } = req;
        const key = `${module}@${version}`;
        const known = this.evidence.get(key);
        if (known)
            return known;
        const sumdb = p.sumdb && sumdbApplies(ctx, module) ? this.sumdbEvidence(p, p.sumdb, module, version) : undefined;
        // A locked version keeps its place in the window; the others are judged
        // by their .info time (a pseudo-version's own timestamp counts).
        const windowed = hasWindow(ctx) && !context_lockedVersion(ctx, module, version);
        const time = windowed && !isPseudoVersion(version) ? this.internalInfo(module, version, p).then((i) => i?.Time) : undefined;
        const ev = { sumdb, time, windowed, settled: false };
        void Promise.allSettled([sumdb, time]).then(() => (ev.settled = true));
        // A failed .info is asked again by the next request for the version.
        time?.catch(() => this.evidence.delete(key));
        this.evidence.set(key, ev);
        return ev;
    }
    /**
     * Journals a verdict that comes after the bytes went out: a refusal then
     * sets the content aside and is reported like any other (the job fails;
     * go, checking the same database, has refused the bytes itself).
     */
    defer(p, req, a, verdict) {
        const rel = (0,module_file/* modulePath */.M)(req);
        const done = verdict
            .catch((e) => unverifiable(req, e))
            .then(async (j) => {
            if (!(j instanceof Refusal))
                return true;
            await this.setAsideRefused(p, req, a, j);
            this.journal(req, failed(j));
            return false;
        })
            .catch((e) => {
            this.o.logger.error("a checksum database verdict could not be recorded", { module: req.module, version: req.version, error: e?.message ?? String(e) });
            return false;
        });
        this.verdicts.set(rel, done);
        void done.then(() => {
            if (this.verdicts.get(rel) === done)
                this.verdicts.delete(rel);
        });
    }
    /** Settles once no verdict on module@version's .mod or .zip is pending (go's /lookup of it waits for this). */
    async verdictsSettled(module, version) {
        const pending = ["mod", "zip"].map((kind) => this.verdicts.get((0,module_file/* modulePath */.M)({ kind, module, version })));
        await Promise.all(pending);
    }
    async judgeList(p, req, all) {
        let versions = all;
        if (hasWindow(p.ctx) && all.length) {
            // A locked version is judged by its locked time; the others are dated
            // within a bound (list-dating.ts), and an undated one is not visible.
            const lockedTime = (v) => context_lockedVersion(p.ctx, req.module, v)?.time;
            const { toDate, bounded } = versionsToDate(all, (v) => lockedTime(v) !== undefined);
            const dated = new Map();
            const date = async (v) => void dated.set(v, (await this.internalInfo(req.module, v).catch(() => undefined))?.Time);
            if (!bounded)
                await mapLimit(toDate, 8, date);
            // A long list: newest first, a batch at a time, until one is inside the window.
            for (let i = 0; bounded && i < toDate.length; i += 8) {
                const batch = toDate.slice(i, i + 8);
                await Promise.all(batch.map(date));
                if (batch.some((v) => visible(p.ctx, req.module, v, dated.get(v))))
                    break;
            }
            const times = all.map((v) => lockedTime(v) ?? dated.get(v));
            const shown = visibleVersions(p.ctx, req.module, all, times);
            if (bounded && shown.length === 0)
                return undatedListRefusal(p.ctx, req.module, all.length);
            if (bounded)
                this.o.logger.warn("version list dated only in part", { module: req.module, listed: all.length, dated: dated.size, shown: shown.length });
            if (shown.length < all.length) {
                const newest = retractionSource(all);
                const mod = newest ? await this.internalBytes({ kind: "mod", module: req.module, version: newest, canonical: true }).catch(() => undefined) : undefined;
                versions = withoutRetracted(shown, mod ? retractions(mod) : []);
            }
            else
                versions = shown;
        }
        const recorded = p.journal.observeList(req.module, versions);
        return { body: Buffer.from(versions.map((v) => v + "\n").join("")), recorded };
    }
    /** The checksum database's word on module@version (network and proofs happen here, not in the policy). */
    async sumdbEvidence(p, client, module, version) {
        try {
            await this.mergeLockedHead(p, client);
            const r = await client.lookup(module, version);
            return { found: { id: r.id, text: r.text } };
        }
        catch (e) {
            const msg = e.message;
            if (e instanceof SumdbNotFound)
                return { notFound: msg };
            if (e instanceof SumdbSecurityError)
                return { security: msg };
            return { unavailable: msg };
        }
    }
    /** Record mode: the lock's tree head must be on the database's timeline (a fork fails the job). */
    mergeLockedHead(p, client) {
        this.lockHeadMerged ??= (async () => {
            const head = p.ctx.lock?.sumdb.get(client.name);
            if (!head?.note)
                return;
            try {
                await client.merge(Buffer.from(head.note, "utf8"));
            }
            catch (e) {
                if (e instanceof SumdbSecurityError)
                    p.journal.sumdbProblem(`${p.ctx.lockfileName}: ${e.message}`);
                else
                    throw e;
            }
        })();
        return this.lockHeadMerged;
    }
    zipHashOf(a) {
        const rel = a.file?.rel;
        let h = rel ? this.zipHashes.get(rel) : undefined;
        if (!h) {
            h = hashZip(a.body ?? this.o.store.abs(rel));
            if (rel) {
                this.zipHashes.set(rel, h);
                h.catch(() => this.zipHashes.delete(rel));
            }
        }
        return h;
    }
    async bytesOf(a) {
        if (a.body)
            return a.body;
        return external_node_fs_.promises.readFile(this.o.store.abs(a.file.rel));
    }
    /**
     * Another file the judgement needs (through the store; not a client
     * request), confirmed by the upstream first when `lockFor` is given and it
     * is about to be locked.
     */
    async internalBytes(req, lockFor) {
        const a = lockFor ? await this.serveForLock(lockFor, req, true) : await this.serve(req, true);
        return a.ok ? this.bytesOf(a) : undefined;
    }
    async internalInfo(module, version, lockFor) {
        const b = await this.internalBytes({ kind: "info", module, version, canonical: true }, lockFor);
        return b ? parseInfo(b, `${module}@${version} (.info)`) : undefined;
    }
    // ------------------------------------------------ the store's word alone
    /** serve(), with a stored copy confirmed by the upstream when it is about to be locked for the first time. */
    async serveForLock(p, req, internal = false) {
        const a = await this.serve(req, internal);
        return a.ok && this.needsConfirmation(p, req, a) ? this.confirmations.do(a.file.rel, () => this.confirmStored(p, req, a)) : a;
    }
    /**
     * Record mode: a stored file (a restored cache may be poisoned) whose hash
     * or time the lock does not hold yet, and which the checksum database will
     * not vouch for (.info never; .mod/.zip when it does not apply).
     */
    needsConfirmation(p, req, a) {
        const { ctx } = p;
        // The local store and the shared store are no authority: a copy from either is confirmed before it is first locked.
        const fromAStore = a.cache === "hit" || (a.file !== undefined && this.o.shared?.servedFromShared(a.file.rel) === true);
        if (ctx.mode !== "record" || !fromAStore || !a.file || !req.canonical || this.confirmed.has(a.file.rel))
            return false;
        const locked = context_lockedVersion(ctx, req.module, req.version);
        switch (req.kind) {
            case "info":
                return locked?.time === undefined;
            case "mod":
            case "zip":
                return locked?.[req.kind] === undefined && !(p.sumdb && sumdbApplies(ctx, req.module));
            default:
                return false;
        }
    }
    /**
     * Fetches `stored` again from the upstream and compares: the same, and the
     * stored copy is confirmed; different, and it is evicted (and reported)
     * and the upstream's copy served and judged. When the upstream cannot
     * answer, the stored copy is put back and the request fails: nothing is
     * locked on the store's word alone.
     */
    async confirmStored(p, req, stored) {
        const rel = stored.file.rel;
        const { module } = req;
        const version = req.version;
        const what = `${module}@${version} (.${req.kind})`;
        const before = await this.fingerprint(req.kind, stored);
        const aside = await this.o.store.setAside(rel);
        this.zipHashes.delete(rel);
        // Ask the upstream chain, not the shared store again.
        const fromShared = this.o.shared?.servedFromShared(rel) === true;
        this.o.shared?.askUpstream(rel);
        const fresh = await this.serve(req, true);
        if (!fresh.ok) {
            if (aside)
                await this.o.store.admit(aside, rel, true).catch(() => external_node_fs_.promises.unlink(aside).catch(() => undefined));
            const why = fresh.error instanceof Error ? fresh.error.message : String(fresh.error);
            return failed(new Refusal({
                module,
                version,
                rule: "unverifiable",
                violation: false,
                detail: `${what} is not locked yet and gopin has it only in its store, which is not an authority on its own; the upstream could not confirm it: ${why}`,
            }));
        }
        if (aside)
            await external_node_fs_.promises.unlink(aside).catch(() => undefined);
        const after = await this.fingerprint(req.kind, fresh);
        if (after !== before) {
            const reason = `the store's copy (${brief(before)}) is not the upstream's (${brief(after)}); the store's copy was evicted, and the upstream's served and judged`;
            this.o.logger.warn("store copy contradicted by the upstream: evicted", { module, version, kind: req.kind, stored: brief(before), upstream: brief(after) });
            p.journal.storeEvicted({ rel, reason });
            if (fromShared)
                this.o.shared.reject(rel, reason);
        }
        this.confirmed.add(rel);
        return fresh;
    }
    /** What a stored and a fresh copy are compared by: h1: for .mod and .zip, the text of an .info. */
    async fingerprint(kind, a) {
        if (kind === "zip")
            return this.zipHashOf(a);
        const b = await this.bytesOf(a);
        return kind === "mod" ? hashGoMod(b) : b.toString("utf8").trim();
    }
    // --------------------------------------------------------------- journal
    journal(req, a) {
        const p = this.o.policy;
        if (!p)
            return;
        const e = { module: req.module, kind: req.kind, source: "store" };
        if (req.version)
            e.version = req.version;
        if (a.ok) {
            e.source = a.cache === "miss" ? "upstream" : a.cache === "lockfile" ? "lockfile" : "store";
            e.bytes = a.file?.size ?? a.body?.length ?? 0;
        }
        else if (a.error instanceof Refusal) {
            const r = a.error;
            e.source = r.violation ? "refused" : "failed";
            e.reason = r.format(p.ctx.advice);
            Object.assign(e, { rule: r.rule, detail: r.detail }, r.remedy ? { remedy: r.remedy } : {});
            if (r.expected !== undefined)
                e.expected = r.expected;
            if (r.actual !== undefined)
                e.actual = r.actual;
            if (r.version && !e.version)
                e.version = r.version;
        }
        else {
            // "Not found" is an answer go expects while resolving import paths;
            // other failures are reported. Both are pinned as "no answer" for
            // queries: go moves past either on a path-prefix probe (a mirror's 403
            // for `golang.org/x/@v/list`), and where it does not the job failed and
            // its lock says it is partial.
            if (p.ctx.mode === "record" && (a.error instanceof NotFoundError || (a.error instanceof UpstreamFailure && req.kind !== "mod" && req.kind !== "zip"))) {
                p.journal.observeMissing(req.module, missingAnswer(req));
            }
            if (a.error instanceof NotFoundError)
                return;
            e.source = "failed";
            e.reason = errorResponse(a.error, p.ctx.advice).body.toString("utf8").trim();
        }
        p.journal.record(e);
    }
    // ----------------------------------------------------- store and upstream
    /** Answer from the store, or fetch through the upstream chain and admit. */
    async serve(req, internal = false) {
        // Internal reads (the judgement looking at a .info or go.mod) are not
        // client requests and do not count as hits or misses.
        const count = internal ? 0 : 1;
        const { store } = this.o;
        const immutable = req.kind !== "list" && req.kind !== "latest" && req.canonical;
        const rel = req.kind === "info" && !req.canonical ? undefined : (0,module_file/* modulePath */.M)(req);
        const contentType = CONTENT_TYPES[req.kind];
        try {
            // A read-ahead fetch answers as the miss it is; one that failed is retried.
            let got = immutable && rel && !internal ? await this.readAhead.claim(rel)?.catch(() => undefined) : undefined;
            if (!got && immutable && rel) {
                const stored = await this.storedCopy(req, rel);
                if (stored) {
                    this.o.stats.hits += count;
                    this.o.stats.bytesFromStore += stored.size * count;
                    return { ok: true, contentType, cache: "hit", file: { rel, size: stored.size }, ...(stored.bytes ? { body: stored.bytes } : {}) };
                }
            }
            const key = rel ?? `${req.module}@${req.version}.info?query`;
            got ??= await this.flights.do(key, () => this.fetchAndAdmit(req, rel, immutable));
            this.o.stats.misses += count;
            if (got.body) {
                const file = rel && immutable ? { rel, size: got.body.length } : undefined;
                return { ok: true, contentType, cache: "miss", body: got.body, upstream: got.upstream, ...(file ? { file } : {}) };
            }
            const st = await store.stat(rel);
            if (!st)
                throw new InternalError(`${rel} missing right after admission`);
            return { ok: true, contentType, cache: "miss", file: { rel: rel, size: st.size }, upstream: got.upstream };
        }
        catch (e) {
            return this.failure(req, rel, e);
        }
    }
    /**
     * A stored immutable file, once it passed the checks an upstream answer
     * passes (once per process: files this process stored were checked on the
     * way in). A file that fails them, a zip that is not the one the lock
     * names, or a symlink or directory in its place, is evicted so that it is
     * fetched again (and judged): undefined.
     */
    async storedCopy(req, rel) {
        const { store } = this.o;
        try {
            // Zips are checked and sent from the file (through small reused buffers), never read whole.
            const stored = await store.readImmutable(rel, req.kind === "zip" ? 0 : undefined);
            if (!stored || this.checkedStoreFiles.has(rel))
                return stored;
            return (await this.checkStored(req, rel, stored)) ? stored : undefined;
        }
        catch (e) {
            if (e instanceof StoreEntryError)
                await store.evict(e.rel, e.message);
            else
                throw e;
            this.zipHashes.delete(rel);
            return undefined;
        }
    }
    /**
     * Checks a stored file once; a request and the start-up check of the same
     * file share one check. True when it passed; one that failed was evicted
     * (and reported through the store's onEvict).
     */
    checkStored(req, rel, stored) {
        const under = this.storeChecks.get(rel);
        if (under)
            return under;
        const { store } = this.o;
        const check = (async () => {
            try {
                const checked = await admit(req, stored.bytes ? { body: stored.bytes } : { file: store.abs(rel) });
                // A restored store may hold other bytes than the lock names: they go
                // before anyone is served them, and the upstream's copy is fetched
                // and judged instead.
                const ctx = this.o.policy?.ctx;
                const mismatch = ctx && checked.zipHash ? lockMismatch(ctx, req.module, req.version, "zip", checked.zipHash) : undefined;
                if (mismatch) {
                    await store.evict(rel, `the store's copy hashes to ${mismatch.actual}, not the ${mismatch.expected} ${ctx.lockfileName} names; it was evicted, and the upstream's copy is fetched and judged instead`);
                    this.zipHashes.delete(rel);
                    return false;
                }
                if (checked.zipHash)
                    this.zipHashes.set(rel, Promise.resolve(checked.zipHash));
                this.checkedStoreFiles.add(rel);
                return true;
            }
            catch (e) {
                if (!(e instanceof AdmissionError))
                    throw e;
                await store.evict(rel, `the stored copy fails its checks: ${e.message}`);
                this.zipHashes.delete(rel);
                return false;
            }
            finally {
                this.storeChecks.delete(rel);
            }
        })();
        this.storeChecks.set(rel, check);
        return check;
    }
    /**
     * Verify mode: the lock names every zip the job may use, so the stored ones
     * are checked (and their hashes taken) now, a few at a time, beside go's
     * first requests rather than in series with each zip request. A request
     * finds its zip's check done or joins the one under way.
     */
    startStoreChecks(concurrency = 2) {
        const ctx = this.o.policy?.ctx;
        if (ctx?.mode !== "verify" || !ctx.lock || this.storeCheckRun)
            return;
        const todo = [];
        for (const [module, m] of ctx.lock.modules) {
            if (this.isPrivate(module))
                continue;
            for (const [version, v] of m.versions)
                if (v.zip !== undefined)
                    todo.push({ kind: "zip", module, version, canonical: true });
        }
        this.storeCheckRun = mapLimit(todo, concurrency, async (req) => {
            const rel = (0,module_file/* modulePath */.M)(req);
            if (this.closing || this.checkedStoreFiles.has(rel))
                return;
            // Errors are the request path's to report when go asks.
            await this.storedCopy(req, rel).catch(() => undefined);
        }).then(() => undefined);
    }
    async failure(req, rel, e) {
        // Mutable answers fall back to the last stored copy when upstreams fail
        // (but not when they say "not found": that is an answer, not a failure).
        if (!(e instanceof NotFoundError) && rel && (req.kind === "list" || req.kind === "latest")) {
            const old = await this.o.store.readCurrent(rel);
            if (old) {
                this.o.stats.stale++;
                this.o.stats.bytesFromStore += old.length;
                this.o.logger.warn("serving stale answer", { module: req.module, kind: req.kind, reason: e.message });
                return { ok: true, contentType: CONTENT_TYPES[req.kind], cache: "stale", body: old };
            }
        }
        if (e instanceof NotFoundError)
            return failed(e);
        this.o.stats.errors++;
        const what = `${req.module}${req.version ? "@" + req.version : ""}`;
        if (e instanceof AdmissionError) {
            return failed(new Refusal({ module: req.module, ...(req.version ? { version: req.version } : {}), rule: "inadmissible", detail: `refused the upstream's answer: ${e.message}` }));
        }
        if (isLocalDiskError(e)) {
            const code = e.code;
            return failed(new StoreDiskError(`gopin could not store ${what}: the store's disk ${code === "EROFS" ? "is read-only" : "is full"} (${code}); nothing was admitted`));
        }
        if (e instanceof UpstreamFailure || e instanceof Refusal)
            return failed(e);
        // Logged, with the original stack, by the HTTP front (every 500 is).
        return failed(new InternalError(`while serving ${what}: ${e?.message ?? String(e)}`, { cause: e }));
    }
    async fetchAndAdmit(req, rel, immutable) {
        const { store, stats } = this.o;
        const chain = this.isPrivate(req.module) ? this.o.privateChain : this.o.chain;
        // Small answers are fetched, checked, stored and served from memory;
        // zips go to a temp file in the store (they may be hundreds of MB), and
        // small zips are read back once so they are checked and served from memory.
        const tmp = req.kind === "zip" ? store.tempPath(req.kind) : undefined;
        let tmpLeft = tmp !== undefined; // false once the body stayed in memory or the file was admitted
        try {
            const r = await chain.fetch({ module: req.module, kind: req.kind, version: req.version }, tmp, limitFor(req.kind), (_u, ms, err) => stats.recordUpstream(ms, !err || err instanceof NotFoundError), { keepInMemoryUpTo: SMALL_ZIP });
            const fromShared = rel !== undefined && this.o.shared?.servedFromShared(rel);
            if (!fromShared)
                stats.bytesFromUpstream += r.bytes;
            if (r.body)
                tmpLeft = false;
            let body = r.body;
            if (!body && tmp && r.bytes <= SMALL_ZIP)
                body = await external_node_fs_.promises.readFile(tmp);
            const checked = await admit(req, body ? { body } : { file: tmp }).catch((e) => {
                if (e instanceof AdmissionError) {
                    if (fromShared) {
                        this.o.shared.reject(rel, e.message);
                        return undefined;
                    }
                    chain.reject(r.upstream, req, e.message);
                }
                throw e;
            });
            if (!checked)
                return this.fetchAndAdmit(req, rel, immutable);
            if (checked.zipHash && rel)
                this.zipHashes.set(rel, Promise.resolve(checked.zipHash));
            if (rel && immutable)
                this.checkedStoreFiles.add(rel);
            const out = { upstream: r.upstream, bytes: r.bytes, body: checked.normalised ?? body };
            if (!rel)
                return out;
            // Bytes from the upstream chain confirm themselves; the shared store's do not.
            if (immutable && !fromShared)
                this.confirmed.add(rel);
            if (r.body || !tmp) {
                // Checked bytes in memory are answered at once; the disk catches up.
                store.writeInBackground(rel, out.body, immutable, (e) => this.o.logger.error("store write failed", { module: req.module, kind: req.kind, error: e?.message ?? String(e) }));
            }
            else {
                await store.admit(tmp, rel, immutable);
                tmpLeft = false;
            }
            return out;
        }
        finally {
            if (tmpLeft)
                await external_node_fs_.promises.unlink(tmp).catch(() => undefined);
        }
    }
}
/** Content that cannot be judged is not served (nor locked). */
function unverifiable(req, e) {
    if (e instanceof Refusal)
        return e;
    const what = `${req.module}${req.version ? "@" + req.version : ""}`;
    return new Refusal({ module: req.module, ...(req.version ? { version: req.version } : {}), rule: "unverifiable", detail: `${what}: could not be checked: ${e?.message ?? String(e)}` });
}
/** A long value shortened for a message. */
function brief(s) {
    return s.length > 200 ? s.slice(0, 200) + "…" : s;
}
/** Who said what an answer holds: the upstream that served it, or the store. */
function sourceOf(a) {
    return a.upstream ?? "store";
}
/** A pseudo-version's .info time that is not its own timestamp is upstream drift, never a refusal. */
function notePseudoDrift(p, module, info, source) {
    const d = pseudoTimeDrift(module, info.Version, info.Time);
    if (d)
        p.journal.noteDrift({ ...d, source });
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
;// CONCATENATED MODULE: ./build/src/server/http-server.js
// The HTTP front: routes protocol paths to the proxy service, plus /healthz
// and /_gopin/stats. Binds to loopback only; every error is text/plain so
// `go` prints it as "server response:".






function isLoopbackHost(host) {
    const h = host.replace(/^\[|\]$/g, "");
    return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
/** Whether `ip` (an address as bound, never a name) is a loopback address. */
function isLoopbackAddress(ip) {
    const v4 = ip.replace(/^::ffff:/i, "");
    return ip === "::1" || ((0,external_node_net_.isIP)(v4) === 4 && v4.startsWith("127."));
}
/** Splits "HOST:PORT" / "[::1]:PORT" / ":PORT" / "PORT". */
function parseListen(addr) {
    let host = "127.0.0.1";
    let portText = addr;
    const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
    if (m) {
        host = m[1] ?? (m[2] || "127.0.0.1");
        portText = m[3];
    }
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
        throw new Error(`invalid --listen address "${addr}": expected HOST:PORT, e.g. 127.0.0.1:0`);
    if (!isLoopbackHost(host))
        throw new Error(`refusing to listen on "${host}": gopin binds to loopback addresses only (127.0.0.1, ::1, localhost)`);
    return { host, port };
}
class GopinHttpServer {
    o;
    server;
    sockets = new Set();
    inflight = 0;
    constructor(o) {
        this.o = o;
        this.server = (0,external_node_http_.createServer)((req, res) => void this.onRequest(req, res));
        this.server.keepAliveTimeout = 30_000;
        this.server.on("connection", (s) => {
            this.sockets.add(s);
            s.on("close", () => this.sockets.delete(s));
        });
    }
    async listen(host, port) {
        await new Promise((resolve, reject) => {
            this.server.once("error", reject);
            this.server.listen(port, host, () => resolve());
        });
        const a = this.server.address();
        // The name was checked (parseListen), but "localhost" resolves through
        // /etc/hosts or DNS: what counts is the address actually bound.
        if (!isLoopbackAddress(a.address)) {
            await new Promise((resolve) => this.server.close(() => resolve()));
            throw new Error(`refusing to serve: listening on "${host}" bound ${a.address}, which is not a loopback address; give --listen 127.0.0.1:PORT or [::1]:PORT`);
        }
        const h = a.family === "IPv6" ? `[${a.address}]` : a.address;
        return `http://${h}:${a.port}`;
    }
    /** Stop accepting, let in-flight requests and store writes finish, close. */
    async close() {
        const closed = new Promise((resolve) => this.server.close(() => resolve()));
        this.server.closeIdleConnections();
        await this.o.service.drain();
        const deadline = Date.now() + 30_000;
        while (this.inflight > 0 && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 20));
        for (const s of this.sockets)
            s.destroy();
        await closed;
    }
    async onRequest(req, res) {
        const start = performance.now();
        this.inflight++;
        const rawPath = (req.url ?? "/").split("?")[0];
        let answer;
        try {
            answer = await this.route(req.method ?? "GET", rawPath);
        }
        catch (e) {
            answer = failed(e instanceof request/* BadRequestError */.v7 ? new request/* BadRequestError */.v7(`gopin: bad request ${JSON.stringify(rawPath)}: ${e.message}`) : e);
        }
        // Record mode: what an answer recorded is in the lockfile on disk before go has the answer.
        if (this.o.beforeReply && answer.ok && answer.recorded)
            await this.o.beforeReply();
        const reply = this.reply(answer, rawPath);
        if (reply.status >= 400 && reply.status !== 404)
            this.o.stats.refused++;
        let bytes = 0;
        try {
            bytes = await this.send(req, res, reply);
        }
        catch (e) {
            res.destroy();
            this.o.logger.warn("response aborted", { path: rawPath, error: e.message });
        }
        finally {
            this.inflight--;
            this.o.logger.info("request", {
                method: req.method,
                path: rawPath,
                status: reply.status,
                cache: reply.cache,
                bytes,
                ms: Math.round((performance.now() - start) * 10) / 10,
                ...(reply.upstream ? { upstream: reply.upstream } : {}),
            });
        }
    }
    /** Content as it is, errors through the one response mapping. */
    reply(a, rawPath) {
        if (a.ok) {
            const { contentType, cache, body, file, upstream } = a;
            return { status: 200, contentType, cache, ...(body ? { body } : {}), ...(file ? { file } : {}), ...(upstream ? { upstream } : {}) };
        }
        const r = errorResponse(a.error, this.o.advice ?? "cli");
        if (r.status === 500) {
            const e = a.error;
            this.o.logger.error("internal error", { path: rawPath, error: e?.cause?.stack ?? e?.stack ?? String(e) });
        }
        return { status: r.status, contentType: r.contentType, cache: "none", body: r.body };
    }
    async route(method, rawPath) {
        if (method !== "GET" && method !== "HEAD")
            return failed(new MethodError(`gopin serves GET and HEAD only, not ${method}`));
        if (rawPath === "/healthz")
            return json({ ok: true });
        if (rawPath.startsWith("/_gopin/")) {
            const name = rawPath.slice("/_gopin/".length);
            if (name === "stats")
                return json({ ...this.o.stats.snapshot(), readAhead: this.o.service.readAhead.counts, inFlight: this.o.service.inFlight() });
            const extra = this.o.extraEndpoints?.[name];
            if (extra)
                return json(extra());
            return failed(new NotServedError(`gopin has no endpoint ${rawPath}`));
        }
        // Only module protocol requests count; health and stats probes do not.
        this.o.stats.requests++;
        if (rawPath.startsWith("/sumdb/")) {
            if (!this.o.sumdb)
                return failed(new NotServedError(`gopin does not proxy checksum databases`));
            return this.o.sumdb.handle(rawPath);
        }
        const req = (0,request/* parseModuleRequest */.F0)(rawPath);
        if (!req)
            return failed(new NotServedError(`gopin: ${rawPath} is not a module proxy path (expected MODULE/@v/list, MODULE/@v/VERSION.info|.mod|.zip or MODULE/@latest)`));
        return this.o.service.handle(req);
    }
    async send(req, res, a) {
        const size = a.body ? a.body.length : (a.file?.size ?? 0);
        res.writeHead(a.status, {
            "content-type": a.contentType,
            "content-length": String(size),
            "x-gopin-cache": a.cache,
            ...(a.status === 200 && a.cache !== "stale" && a.file ? { "cache-control": "public, max-age=31536000, immutable" } : {}),
        });
        if (req.method === "HEAD") {
            res.end();
            return 0;
        }
        if (a.body || !a.file) {
            res.end(a.body);
        }
        else {
            await sendFile(res, this.o.store.openFd(a.file.rel));
        }
        return size;
    }
}
/** Buffers for sending files, reused: a warm job streams every zip once, and fresh buffers per chunk pile up as garbage (memory) faster than V8 collects it. */
const SEND_BUFFER = 256 << 10;
const freeBuffers = [];
/**
 * Streams a file to the response through one reused buffer: read, write, wait
 * until written, read on. The reads are synchronous: a store file was just
 * restored or written, so it is in the page cache, and a 256 KiB read from
 * there costs less than the thread-pool round trip of an asynchronous one
 * (a warm job reads hundreds of MB this way). So is the close.
 */
async function sendFile(res, f) {
    const buf = freeBuffers.pop() ?? Buffer.allocUnsafe(SEND_BUFFER);
    let onClose;
    const gone = new Promise((_, reject) => (onClose = () => reject(new Error("the client went away"))));
    gone.catch(() => undefined);
    res.once("close", onClose);
    try {
        let pos = 0;
        while (pos < f.size) {
            const n = (0,external_node_fs_.readSync)(f.fd, buf, 0, Math.min(buf.length, f.size - pos), pos);
            if (n === 0)
                throw new Error(`the store file shrank while it was sent (${pos} of ${f.size} bytes)`);
            pos += n;
            if (res.destroyed)
                throw new Error("the client went away");
            // The callback fires once the chunk has been handed to the socket; only then is the buffer free.
            const written = new Promise((resolve, reject) => res.write(buf.subarray(0, n), (e) => (e ? reject(e) : resolve())));
            written.catch(() => undefined);
            await Promise.race([written, gone]);
        }
        res.end();
    }
    finally {
        res.off("close", onClose);
        (0,external_node_fs_.closeSync)(f.fd);
        // A buffer the socket may still hold (an aborted write) is not reused.
        if (!res.destroyed && freeBuffers.length < 8)
            freeBuffers.push(buf);
    }
}
function json(v) {
    return { ok: true, contentType: "application/json", cache: "none", body: Buffer.from(JSON.stringify(v, null, 2) + "\n") };
}

;// CONCATENATED MODULE: ./build/src/observe/stats.js
class Stats {
    started = Date.now();
    requests = 0;
    hits = 0;
    misses = 0;
    stale = 0;
    refused = 0;
    errors = 0;
    bytesFromStore = 0;
    bytesFromUpstream = 0;
    upstreamFetches = 0;
    upstreamErrors = 0;
    storeEvictions = 0;
    // A bounded reservoir is enough for percentiles over one CI job.
    latencies = [];
    latencyTotal = 0;
    latencyMax = 0;
    latencyCount = 0;
    /** Set when a shared tier runs: its counters join every snapshot. */
    sharedTier;
    recordUpstream(ms, ok) {
        this.upstreamFetches++;
        if (!ok)
            this.upstreamErrors++;
        this.latencyCount++;
        this.latencyTotal += ms;
        this.latencyMax = Math.max(this.latencyMax, ms);
        if (this.latencies.length < 10000)
            this.latencies.push(ms);
        else
            this.latencies[Math.floor(Math.random() * this.latencies.length)] = ms;
    }
    snapshot() {
        const sorted = [...this.latencies].sort((a, b) => a - b);
        const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
        return {
            startedAt: new Date(this.started).toISOString(),
            uptimeMs: Date.now() - this.started,
            requests: this.requests,
            hits: this.hits,
            misses: this.misses,
            stale: this.stale,
            refused: this.refused,
            errors: this.errors,
            bytesFromStore: this.bytesFromStore,
            bytesFromUpstream: this.bytesFromUpstream,
            upstreamFetches: this.upstreamFetches,
            upstreamErrors: this.upstreamErrors,
            storeEvictions: this.storeEvictions,
            upstreamLatencyMs: {
                count: this.latencyCount,
                total: Math.round(this.latencyTotal),
                max: Math.round(this.latencyMax),
                p50: Math.round(pct(0.5)),
                p99: Math.round(pct(0.99)),
            },
            ...(this.sharedTier ? { shared: this.sharedTier.snapshot() } : {}),
        };
    }
}

;// CONCATENATED MODULE: ./build/src/observe/log.js
// Structured logging: one JSON object per line. Every message and field is
// scrubbed of credentials here (observe/scrub.ts), so callers can pass
// upstream URLs and errors without thinking about it.


function createLogger(dest) {
    let stream;
    if (dest === "stderr")
        stream = process.stderr;
    else if (dest !== "none")
        stream = (0,external_node_fs_.createWriteStream)(dest, { flags: "a" });
    // Lines to a file are batched for a moment: one write per request would
    // cost a thread-pool round trip on every request.
    let corked = false;
    const uncork = () => {
        corked = false;
        stream?.uncork();
    };
    const write = (level, msg, fields) => {
        if (!stream)
            return;
        const rec = { t: new Date().toISOString(), level, msg: (0,scrub/* scrub */._I)(msg) };
        for (const [k, v] of Object.entries(fields ?? {}))
            rec[k] = (0,scrub/* scrubDeep */.wE)(v);
        if (stream !== process.stderr && !corked) {
            corked = true;
            stream.cork();
            setTimeout(uncork, 20).unref();
        }
        stream.write(JSON.stringify(rec) + "\n");
    };
    return {
        info: (m, f) => write("info", m, f),
        warn: (m, f) => write("warn", m, f),
        error: (m, f) => write("error", m, f),
        close: () => new Promise((resolve) => {
            if (corked)
                uncork();
            if (stream && stream !== process.stderr && "end" in stream)
                stream.end(() => resolve());
            else
                resolve();
        }),
    };
}

;// CONCATENATED MODULE: ./build/src/proxy/sumdb-proxy.js
// Serves the checksum-database proxy protocol (/sumdb/<name>/supported,
// /latest, /lookup/M@V, /tile/...) for the configured database, so that a go
// command behind gopin verifies go.sum lines through it.
//
//  - /supported: 200 for the configured database, 404 for any other name (go
//    then falls back as it would past any proxy).
//  - /latest: fetched, verified and merged into gopin's timeline each time.
//  - /lookup: private-pattern modules (GONOSUMDB/GOPRIVATE) are refused with
//    403 and never leave the machine; other answers are proven (signature,
//    inclusion, consistency) before they are served, and kept in the store.
//  - full tiles of height 8 (the go command's): authenticated against the
//    latest head, kept in the store; partial and data tiles are forwarded.









class SumdbProxy {
    o;
    constructor(o) {
        this.o = o;
    }
    async handle(rawPath) {
        const client = this.o.client;
        const rest = rawPath.slice("/sumdb/".length);
        if (!client || !rest.startsWith(client.name + "/")) {
            const name = rest.split("/")[0] ?? "";
            return failed(new NotServedError(`gopin does not proxy checksum database ${JSON.stringify(name)}${client ? ` (it proxies ${client.name})` : " (GOSUMDB is off)"}`));
        }
        const sub = rest.slice(client.name.length);
        try {
            if (sub === "/supported")
                return ok(Buffer.alloc(0), TEXT, "none");
            if (sub === "/latest") {
                const head = await client.refresh();
                return ok(head.note, TEXT, "miss");
            }
            if (sub.startsWith("/lookup/"))
                return await this.lookup(client, sub.slice("/lookup/".length));
            if (sub.startsWith("/tile/"))
                return await this.tile(client, sub.slice(1));
            return failed(new NotServedError(`gopin: ${rawPath} is not a checksum database path (supported, latest, lookup/MODULE@VERSION, tile/...)`));
        }
        catch (e) {
            if (e instanceof SumdbNotFound)
                return failed(e);
            if (e instanceof SumdbSecurityError) {
                this.o.journal?.sumdbProblem(e.message);
                return failed(new Refusal({ module: client.name, rule: "sumdb-security", detail: e.message }));
            }
            this.o.logger.warn("checksum database request failed", { path: rawPath, error: e.message });
            return failed(new UpstreamFailure(client.name, `gopin: checksum database ${client.name} unavailable: ${e.message}`));
        }
    }
    async lookup(client, mv) {
        const at = mv.lastIndexOf("@");
        let path;
        let version;
        try {
            if (at <= 0)
                throw new Error("expected MODULE@VERSION");
            path = (0,gomod_escape/* unescapePath */.a3)(decodeURIComponent(mv.slice(0, at)));
            version = (0,gomod_escape/* unescapeVersion */.Bt)(decodeURIComponent(mv.slice(at + 1)));
        }
        catch (e) {
            return failed(new request/* BadRequestError */.v7(`gopin: invalid checksum database lookup ${JSON.stringify(mv)}: ${e.message}`));
        }
        if (this.o.noSumDb && matchPrefixPatterns(this.o.noSumDb, path)) {
            return failed(new Refusal({
                module: path,
                version,
                rule: "private-lookup",
                violation: false,
                detail: `${path} matches the private patterns (GONOSUMDB/GOPRIVATE ${this.o.noSumDb}); its checksum database lookup is refused and was not sent anywhere`,
            }));
        }
        const r = await client.lookup(path, version);
        await this.o.verdictsSettled?.(path, version);
        // Answered once the lockfile holds the verdicts go's check stands for.
        return { ...ok(r.raw, TEXT, "miss"), recorded: true };
    }
    async tile(client, p) {
        let t;
        try {
            t = parseTilePath(p);
        }
        catch (e) {
            return failed(new request/* BadRequestError */.v7(`gopin: ${e.message}`));
        }
        if (t.l >= 0 && t.h === TILE_HEIGHT && t.w === fullTile(t).w) {
            return ok(await client.authenticatedTile(t), "application/octet-stream", "hit");
        }
        // Partial and data tiles change or are not needed by go; forward them (go checks them itself).
        return ok(await client.readTile(t), "application/octet-stream", "miss");
    }
}
function ok(body, contentType, cache) {
    return { ok: true, contentType, cache, body };
}

;// CONCATENATED MODULE: ./build/src/shared/tiered-chain.js
class TieredChain {
    tier;
    chain;
    constructor(tier, chain) {
        this.tier = tier;
        this.chain = chain;
    }
    fetch = async (t, dest, limit, onAttempt, opts) => (await this.tier.get(t, dest, limit, opts)) ?? this.chain.fetch(t, dest, limit, onAttempt, opts);
    // The shared tier's own refusals go through SharedTierHooks.reject; these are the chain's.
    reject(served, target, reason) {
        this.chain.reject(served, target, reason);
    }
    observeHash(served, target, hash) {
        this.chain.observeHash(served, target, hash);
    }
}

;// CONCATENATED MODULE: ./build/src/core/proxy-stack.js
// Builds and starts the whole proxy (store, upstream chains, service, HTTP
// front) from a resolved configuration. Every entry point (CLI serve, CLI
// run, the Action's daemon) goes through here.











/** The checksum-database client for a configuration (undefined when off). */
function createSumdbClient(cfg) {
    const db = cfg.sumdbConfig;
    if (!db)
        return undefined;
    const transport = new ProxiedSumdbTransport(db.name, expandMirrors(parseProxyList(cfg.upstream), cfg.mirrors), db.url);
    return new SumdbClient(db, transport, cfg.store);
}
async function startProxy(cfg, env = process.env, policy, sumdb = createSumdbClient(cfg), advice = "cli", beforeReply) {
    const { host, port } = parseListen(cfg.listen);
    const logger = createLogger(cfg.log);
    const stats = new Stats();
    const store = new Store(cfg.store, {
        onEvict: (e) => {
            stats.storeEvictions++;
            logger.warn("evicted a bad store entry; it is fetched again", { file: e.rel, reason: e.reason });
            policy?.journal.storeEvicted(e);
        },
    });
    await store.init();
    const direct = { goBinary: cfg.goBinary, modCache: cfg.directModCache, env, noSumDb: cfg.noSumDb, private: cfg.private };
    const chain = new UpstreamChain(parseProxyList(cfg.upstream), { direct, mirrors: cfg.mirrors });
    const privateChain = new UpstreamChain(parseProxyList("direct"), { direct });
    // The shared tier sits between the local store and the upstreams (private modules: only when allowed).
    // The S3 client (~20 MiB, a few hundred ms to load) only when a shared store is configured.
    const shared = cfg.shared ? new (await Promise.all(/* import() */[__nccwpck_require__.e(711), __nccwpck_require__.e(779)]).then(__nccwpck_require__.bind(__nccwpck_require__, 5779))).SharedTier(cfg.shared, store, logger, env) : undefined;
    if (shared)
        stats.sharedTier = shared;
    const service = new ProxyService({
        store,
        chain: shared ? new TieredChain(shared, chain) : chain,
        privateChain: shared && cfg.shared?.private ? new TieredChain(shared, privateChain) : privateChain,
        privatePatterns: cfg.private,
        stats,
        logger,
        policy,
        readAhead: cfg.readAhead,
        ...(shared ? { shared } : {}),
    });
    const sumdbProxy = new SumdbProxy({
        client: sumdb,
        noSumDb: cfg.noSumDb,
        logger,
        ...(policy ? { journal: policy.journal } : {}),
        verdictsSettled: (module, version) => service.verdictsSettled(module, version),
    });
    const server = new GopinHttpServer({ service, store, stats, logger, sumdb: sumdbProxy, advice, ...(beforeReply ? { beforeReply } : {}) });
    const url = await server.listen(host, port);
    // Verify mode: the locked zips in the store are checked while go starts.
    if (cfg.checkStoreAtStart)
        service.startStoreChecks(Math.min(4, (0,external_node_os_.availableParallelism)()));
    logger.info("gopin listening", { url, store: cfg.store, upstream: chain.describe(), private: cfg.private, sumdb: sumdb?.name ?? "off", ...(shared ? { shared: `${shared.cfg.url} (${shared.cfg.mode})` } : {}) });
    return {
        url,
        stats,
        logger,
        service,
        chain,
        sumdb,
        async close() {
            await server.close();
            // What the checksum-database clock learnt since its last write.
            await sumdb?.flush().catch((e) => logger.warn("cannot write the checksum database clock", { error: e.message }));
            // Uploads wait (bounded) for what the job admitted; then the client goes.
            await shared?.close();
            await chain.close();
            await logger.close();
        },
    };
}

;// CONCATENATED MODULE: ./build/src/journal/journal.js
class Journal {
    events = [];
    /** lockEntryKey strings of the locked entries the job used. */
    used = new Set();
    versions = new Map();
    lists = new Map();
    latest = new Map();
    missing = new Map();
    /** Time-window decisions and their evidence, one per version and outcome. */
    timeVerdicts = [];
    /** Checksum-database problems that are not about one request (forks, bad locked heads). */
    sumdbProblems = [];
    /** Hashes verified against the checksum database. */
    sumdbVerified = 0;
    /** .info metadata that differs from the lock (reported, never a violation). */
    drift = [];
    /** Stored files that were evicted (corrupt, poisoned or contradicted by an authority; reported, never a violation). */
    evicted = [];
    observers = [];
    /** Modules observed since the last takeChanged(), and the observed-version keys of each module. */
    changedModules = new Set();
    versionKeys = new Map();
    /** Calls `fn` whenever something new is observed for the lockfile (record mode writes it as the job runs). */
    onObserve(fn) {
        this.observers.push(fn);
    }
    observedSomething() {
        for (const fn of this.observers)
            fn();
    }
    noteDrift(d) {
        if (!this.drift.some((x) => x.module === d.module && x.version === d.version && x.field === d.field && x.upstream === d.upstream))
            this.drift.push(d);
    }
    storeEvicted(e) {
        this.evicted.push(e);
    }
    record(e) {
        this.events.push(e);
    }
    use(key) {
        if (key !== undefined)
            this.used.add(key);
    }
    /** Each observe method says whether it changed what the lockfile will hold. */
    observeVersion(module, version, patch) {
        const key = `${module}@${version}`;
        const cur = this.versions.get(key) ?? { path: module, version };
        const next = { ...cur, ...patch };
        this.versions.set(key, next);
        let keys = this.versionKeys.get(module);
        if (!keys)
            this.versionKeys.set(module, (keys = new Set()));
        keys.add(key);
        this.changedModules.add(module);
        const changed = JSON.stringify(next) !== JSON.stringify(cur);
        if (changed)
            this.observedSomething();
        return changed;
    }
    observeList(module, versions) {
        const same = this.lists.get(module)?.versions.join(" ") === versions.join(" ");
        this.lists.set(module, { path: module, versions });
        this.changedModules.add(module);
        if (!same)
            this.observedSomething();
        return !same;
    }
    observeLatest(module, version, time) {
        const cur = this.latest.get(module);
        this.latest.set(module, { path: module, version, ...(time !== undefined ? { time } : {}) });
        this.changedModules.add(module);
        const changed = cur?.version !== version || cur.time !== time;
        if (changed)
            this.observedSomething();
        return changed;
    }
    /** A not-found answer (see missingAnswer), pinned so verify can replay it. */
    observeMissing(module, answer) {
        this.missing.set(`${module} ${answer}`, { path: module, answer });
        this.changedModules.add(module);
    }
    timeVerdict(v) {
        // One per version and outcome (its .mod and .zip are judged alike).
        if (this.timeVerdicts.some((x) => x.module === v.module && x.version === v.version && x.verdict === v.verdict))
            return;
        this.timeVerdicts.push(v);
    }
    sumdbProblem(message) {
        if (!this.sumdbProblems.includes(message))
            this.sumdbProblems.push(message);
    }
    /** Refused requests (violations). */
    get refusals() {
        return this.events.filter((e) => e.source === "refused").length;
    }
    /** The modules observed since the last call (the lock's record of each may have changed). */
    takeChanged() {
        const c = this.changedModules;
        this.changedModules = new Set();
        return c;
    }
    /** Everything observed about `modules`, for mergeObserved (the merge is per module). */
    observedFor(modules, policy) {
        const versions = [];
        const lists = [];
        const latest = [];
        const missing = [];
        for (const m of modules) {
            for (const k of this.versionKeys.get(m) ?? [])
                versions.push(this.versions.get(k));
            const l = this.lists.get(m);
            if (l)
                lists.push(l);
            const t = this.latest.get(m);
            if (t)
                latest.push(t);
        }
        for (const o of this.missing.values())
            if (modules.has(o.path))
                missing.push(o);
        return { versions, lists, latest, missing, policy };
    }
    /** Everything observed, for mergeObserved. */
    observed(policy) {
        return { versions: [...this.versions.values()], lists: [...this.lists.values()], latest: [...this.latest.values()], missing: [...this.missing.values()], policy };
    }
}

;// CONCATENATED MODULE: ./build/src/core/live-lockfile.js
// Record mode keeps the lockfile on disk while the job runs, so a later step
// (or `go build && git commit gopin.lock` in one step) can commit it: the
// Action's post step runs after every user step. An answer that recorded
// something is sent only once the lockfile on disk holds it (caughtUp()), so
// by the time `go` exits the file is complete.
//
// The write an answer waits on is made there and then, synchronously: the
// text comes from the running lock (only the modules observed since the last
// write are printed again) and two system calls put it in place (temp file
// and rename, atomic for readers, no fsync). An asynchronous write cost each
// answer several event-loop turns and thread-pool round trips queued behind
// zip checks and store writes; this costs the event loop well under a
// millisecond. Answers in the same turn share one write, and a text equal to
// what the file holds is not written. What no answer waits for (a verdict
// journaled after its bytes went out) is written a moment later. flush()
// writes the final state once more, durably, when the session ends.


/** How soon a change no answer waits for is written. */
const UNWAITED_WRITE_MS = 10;
class LiveLockfile {
    opts;
    /** Changes seen so far, and how many of them the file on disk holds. */
    changes = 0;
    saved = 0;
    closed = false;
    later;
    /** What the file holds, as far as this writer knows (undefined: no file). */
    onDisk;
    /** Whether any write so far changed the file. */
    written = false;
    constructor(opts) {
        this.opts = opts;
        try {
            this.onDisk = (0,external_node_fs_.readFileSync)(opts.path, "utf8");
        }
        catch {
            this.onDisk = undefined;
        }
    }
    /** Something new was recorded: written when an answer waits for it, or shortly. */
    changed() {
        if (this.closed)
            return;
        this.changes++;
        this.later ??= setTimeout(() => {
            this.later = undefined;
            this.catchUp();
        }, UNWAITED_WRITE_MS).unref();
    }
    /** Resolves once the file on disk holds every change seen so far (or the session ended). */
    caughtUp() {
        this.catchUp();
        return Promise.resolve();
    }
    /** Stops writing as records arrive, writes `final` durably; resolves with whether the file changed during the session. */
    async flush(final) {
        this.closed = true;
        clearTimeout(this.later);
        if (await writeLockfileAtomic(this.opts.path, final))
            this.written = true;
        // Same bytes as the last write during the job: make those durable.
        else if (this.written)
            await syncLockfile(this.opts.path);
        return this.written;
    }
    /** Writes every change seen so far, unless the file already holds them. */
    catchUp() {
        if (this.closed || this.saved >= this.changes)
            return;
        const upTo = this.changes;
        try {
            const text = this.opts.text();
            if (text !== this.onDisk) {
                replaceFileNow(this.opts.path, text);
                this.onDisk = text;
                this.written = true;
            }
        }
        catch (e) {
            this.opts.onError?.(e);
        }
        this.saved = upTo;
    }
}

;// CONCATENATED MODULE: ./build/src/lock/running-lock.js
// Record mode's lock while the job runs, kept up to date module by module.
//
// The live lockfile is rewritten each time something new is recorded; with
// go asking one request after another that is once per record. Merging the
// whole journal into the whole lock and printing all of it each time made
// that quadratic (a hugo-sized graph spent over a second of the event loop
// on it). The merge works module by module (mergeObserved treats each module
// path on its own), so only the modules observed since the last write are
// merged and printed again; the other modules' text is kept. The result is
// the same text printLockfile gives for the whole merge (tested).




class RunningLock {
    start;
    pinHead;
    /** The starting lock with every module merged so far. */
    lock;
    /** Printed module blocks (undefined: nothing to print), by module path. */
    blocks = new Map();
    /** Module paths in lockfile order, rebuilt when a module is added. */
    order;
    /**
     * @param start the lock the job started from (left untouched)
     * @param policy the job's policy (the header's policy lines)
     * @param pinHead sets the checksum database's tree head on a lock whose `sumdb` is the starting lock's
     */
    constructor(start, policy, pinHead = () => undefined) {
        this.start = start;
        this.pinHead = pinHead;
        this.lock = start ? cloneLockfile(start) : emptyLockfile();
        this.lock.policy = { ...policy, exempt: sortExempt(policy.exempt) };
    }
    /** Merges what was observed about `modules` (everything the journal holds about each of them) into the lock. */
    update(modules, observed) {
        if (modules.size === 0)
            return;
        const base = emptyLockfile();
        for (const path of modules) {
            const m = this.start?.modules.get(path);
            if (m)
                base.modules.set(path, m);
        }
        const merged = mergeObserved(base, { ...observed, policy: undefined }).lock;
        for (const path of modules) {
            const m = merged.modules.get(path);
            if (!this.lock.modules.has(path))
                this.order = undefined;
            if (m)
                this.lock.modules.set(path, m);
            else
                this.lock.modules.delete(path);
            this.blocks.delete(path);
        }
    }
    /** The lockfile text of the lock as it stands. */
    text() {
        this.pinTreeHead();
        this.order ??= [...this.lock.modules.keys()].sort(semver/* compareStrings */.Kt);
        const out = [];
        for (const path of this.order) {
            const m = this.lock.modules.get(path);
            if (!m)
                continue;
            let b = this.blocks.get(path);
            if (!this.blocks.has(path))
                this.blocks.set(path, (b = printLockModule(path, m)));
            if (b !== undefined)
                out.push(b);
        }
        return assembleLockfile(printLockHeader(this.lock, hasMissingRecords(this.lock)), out);
    }
    pinTreeHead() {
        this.lock.sumdb = new Map([...(this.start?.sumdb ?? [])].map(([name, head]) => [name, { ...head }]));
        this.pinHead(this.lock);
    }
}

;// CONCATENATED MODULE: ./build/src/lock/index.js
// gopin.lock: model, text format, file I/O, record-mode merge and diff.





;// CONCATENATED MODULE: ./build/src/report/format.js
// Small text helpers for the report renderings.
const format_UNITS = [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
];
/**
 * Human-readable, approximate duration: the two most significant units,
 * `3d 4h`, `2h 5m`, `1m 3s`, `45s`, `850ms`; `0s` for zero. Values under a
 * minute show fractional seconds only under 10s (`2.5s`). Negative values get a
 * leading "-".
 */
function humanDuration(ms) {
    if (!Number.isFinite(ms))
        return String(ms);
    if (ms < 0)
        return "-" + humanDuration(-ms);
    if (ms === 0)
        return "0s";
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 10_000) {
        const s = Math.floor(ms / 100) / 10;
        return `${s}s`;
    }
    let rest = Math.floor(ms / 1000) * 1000;
    const parts = [];
    for (const [u, per] of format_UNITS) {
        const n = Math.floor(rest / per);
        rest -= n * per;
        if (n > 0 || parts.length > 0)
            parts.push(`${n}${u}`);
        if (parts.length === 2)
            break;
    }
    if (parts.length === 2 && parts[1].startsWith("0"))
        parts.pop();
    return parts.join(" ");
}
/** `0 B`, `999 B`, `1.5 KiB`, `12.3 MiB`, `1.02 GiB`. */
function humanBytes(n) {
    if (!Number.isFinite(n) || n < 1024)
        return `${n} B`;
    const units = ["KiB", "MiB", "GiB", "TiB"];
    let v = n;
    let u = -1;
    while (v >= 1024 && u < units.length - 1) {
        v /= 1024;
        u++;
    }
    const digits = v < 10 ? 2 : v < 100 ? 1 : 0;
    return `${v.toFixed(digits)} ${units[u]}`;
}
/**
 * Escapes text for a GitHub-flavoured Markdown table cell: backslash-escapes
 * `\`, `|` (which would end the cell), backticks and the inline markup
 * characters `* _ ~ [ ] < >`; newlines become spaces.
 */
function escapeCell(s) {
    return s.replace(/\r?\n|\r/g, " ").replace(/[\\|`*_~[\]<>]/g, (c) => "\\" + c);
}
/**
 * A code span for a table cell. Backticks inside are handled by a longer
 * fence (CommonMark), and `|` is escaped as `\|` (GFM strips that backslash
 * inside table cells, code spans included).
 */
function codeCell(s) {
    const t = s.replace(/\r?\n|\r/g, " ");
    let longest = 0;
    for (const m of t.matchAll(/`+/g))
        longest = Math.max(longest, m[0].length);
    const fence = "`".repeat(longest + 1);
    const pad = longest > 0 || t.startsWith(" ") || t.endsWith(" ") ? " " : "";
    return `${fence}${pad}${t.replace(/\|/g, "\\|")}${pad}${fence}`;
}
/** `h1:AQEBAQEBAQ…` — enough of a hash to tell two apart at a glance. */
function shortHash(h) {
    if (h.startsWith("h1:") && h.length > 13)
        return h.slice(0, 13) + "…";
    return h.length > 16 ? h.slice(0, 16) + "…" : h;
}
// Tokens that go into code spans in running text: module@version (which GFM
// would otherwise autolink as an e-mail address) and h1: hashes.
const CODE_TOKEN = /^(?:[^\s@]+@\S+|h1:\S+)$/;
/**
 * Running text for Markdown (a list item or a table cell): escaped like
 * escapeCell, with every `module@version` and `h1:` hash in a code span, so
 * nothing in it becomes a mailto: link or markup.
 */
function inlineText(s) {
    return s
        .replace(/\r?\n|\r/g, " ")
        .split(" ")
        .map((word) => {
        const m = /^([("']*)(.*?)([)"',;:.]*)$/.exec(word);
        const [, pre, core, post] = m;
        return CODE_TOKEN.test(core) ? `${escapeCell(pre)}${codeCell(core)}${escapeCell(post)}` : escapeCell(word);
    })
        .join(" ");
}

;// CONCATENATED MODULE: ./build/src/report/mirrors.js

/** The report's problem line for each disagreement (they count as violations). */
function mirrorProblems(m) {
    return (m?.disagreements ?? []).map((d) => `mirrors disagree on ${d.module}@${d.version}.${d.kind}: ${d.answers.map((a) => `${a.mirror} served ${a.hash}`).join(", ")}`);
}
function renderMirrorsMarkdown(m) {
    const out = ["### Mirror pool", ""];
    out.push("| Mirror | Requests | Answered first | As hedge | Failures | Time to first byte (EWMA) | Hedge after | State |", "|:---|---:|---:|---:|---:|---:|---:|:---|");
    for (const r of m.mirrors) {
        const ttfb = r.ttfbMs === undefined ? "–" : `${r.ttfbMs} ms`;
        const state = r.ejectedUntil ? `ejected until ${r.ejectedUntil}` : "in the pool";
        out.push(`| ${escapeCell(r.mirror)} | ${r.requests} | ${r.wins} | ${r.hedges} | ${r.failures} | ${ttfb} | ${r.hedgeAfterMs} ms | ${state} |`);
    }
    if (m.ejections.length) {
        out.push("", "**Ejections:**", "");
        for (const e of m.ejections)
            out.push(`- ${escapeCell(e.mirror)} at ${e.at} for ${humanDuration(e.forMs)}: ${escapeCell(e.reason)}`);
    }
    if (m.disagreements.length) {
        out.push("", "**Mirrors that answered one file with different bytes (security finding):**", "", "| Module | Version | File | Answers |", "|:---|:---|:---|:---|");
        for (const d of m.disagreements) {
            const answers = d.answers.map((a) => `${escapeCell(a.mirror)}: ${codeCell(shortHash(a.hash))}`).join("<br>");
            out.push(`| ${codeCell(d.module)} | ${codeCell(d.version)} | .${d.kind} | ${answers} |`);
        }
    }
    return out.join("\n") + "\n";
}

;// CONCATENATED MODULE: ./build/src/report/model.js
// The drift report model: built once from what the job did, rendered as JSON
// (renderJson) and as a GitHub job summary (renderMarkdown).
//
// JSON shape (renderJson; keys appear in this order, absent optional keys are
// omitted, arrays are sorted as described):
//
// {
//   "reportVersion": 1,
//   "mode": "record" | "verify",
//   "verdict": "pass" | "fail",          // fail iff counts.violations > 0
//   "headline": string,                  // e.g. "2 requests refused, 1 conflict"
//   "problems": string[],                // one line per reason for "fail"; [] on pass
//   "generatedAt": RFC 3339,             // the supplied "now"
//   "lockfile": { "path"?: string, "existed": boolean, "written"?: boolean, "error"?: string },
//   "policy": { "asOf"?: string, "minReleaseAge"?: string, "exempt": string[] },
//   "counts": { "added", "changed", "conflicts", "removed", "refused", "failed", "unused",
//               "violations", "drift", "servedFromStore", "servedFromUpstream", "servedFromLockfile": number },
//   "stats": { "requests", "hits", "misses", "bytesFromStore", "bytesFromUpstream", "durationMs": number },
//     (with a shared store also "upstreamFetches" and "shared": the shared tier's
//     hits, misses, bytes, errors, refused objects, uploads, privateShared, warnings),
//   "added":   Row[],   // lockfile order (policy, sumdb, then module path, list, latest, versions in semver order)
//   "changed": Row[],   // conflicts first (lockfile order), then other changes (lockfile order)
//   "removed": Row[],   // lockfile order
//   "refused": Row[],   // one row per distinct refusal, module path then version then request
//   "failed":  Row[],   // likewise, requests that could not be served (not violations)
//   "unused":  Row[],   // locked list/latest/version entries no request used; lockfile order
//   "sources": SourceRow[], // per module and version/query: requests and bytes by source
//   "drift": [{ "module", "version", "field": "time"|"origin"|"pseudo-time", "locked" (for pseudo-time: the version string's timestamp), "upstream", "source" }],
//                        // locked versions whose upstream .info says otherwise now (not violations)
//   "evicted": [{ "rel", "reason" }],
//                        // stored files that failed their checks or that an authority contradicted:
//                        // evicted and fetched again (not violations)
//   "sumdb"?: SumdbReport  // the checksum-database section (report/sumdb.ts)
//   "mirrors"?: MirrorPoolReport // the mirror pool's section (report/mirrors.ts); its disagreements are violations
// }
// Row = { "key", "module", "entry", "request"?, "previousVersion"?, "version"?,
//         "time"?, "ageMs"?, "changes": [{ "field", "before"?, "after"? }],
//         "listAdded"?, "listRemoved"?, "reason"?, "rule"?, "detail"?, "remedy"?,
//         "conflict"?, "count"? }
//   (rule/detail/remedy: refused and failed rows whose refusal gave them: the
//   policy rule, what happened without the remedy, and the structured remedy
//   the Markdown summary words for its own entry point)
//   (listAdded/listRemoved: list rows only, omitted when empty; changes: for
//   added rows every recorded field with "after", for removed rows every field
//   with "before", for changed rows only the fields that differ, for refused
//   rows [{ field: request kind, before: expected, after: actual }] when given)
// SourceRow = { "module", "target", "store": {"requests","bytes"}, "upstream": {...}, "lockfile": {...} }
//
// counts.refused counts refused requests (events); report.refused has one row
// per distinct refusal with its "count". counts.violations = refused +
// conflicts + checksum-database problems (+1 for an unwritable lockfile): the
// one number that fails a job, in the CLI and in the Action alike. counts.added/changed/removed/unused
// count rows. counts.conflicts counts changed rows with "conflict": true.




const REPORT_VERSION = 1;
function plural(n, one, many = one + "s") {
    return `${n} ${n === 1 ? one : many}`;
}
/** The lockEntryKey a request touches, or undefined for a non-canonical .info query. */
function eventEntryKey(e) {
    switch (e.kind) {
        case "list":
            return lockEntryKey({ kind: "list", path: e.module });
        case "latest":
            return lockEntryKey({ kind: "latest", path: e.module });
        default:
            return e.version !== undefined ? lockEntryKey({ kind: "version", path: e.module, version: e.version }) : undefined;
    }
}
function describeRequest(e) {
    switch (e.kind) {
        case "list":
            return `${e.module}/@v/list`;
        case "latest":
            return `${e.module}/@latest`;
        default:
            return `${e.module}@${e.version ?? "?"} (.${e.kind})`;
    }
}
function ageOf(time, now) {
    if (time === undefined)
        return undefined;
    try {
        return now.getTime() - parseInstant(time).getTime();
    }
    catch {
        return undefined;
    }
}
function withTime(row, time, now) {
    if (time === undefined)
        return;
    row.time = time;
    const age = ageOf(time, now);
    if (age !== undefined)
        row.ageMs = age;
}
/** Builds a row with keys in the documented order. */
function row(init, now) {
    const r = { key: init.key, module: init.module, entry: init.entry };
    if (init.request !== undefined)
        r.request = init.request;
    if (init.previousVersion !== undefined)
        r.previousVersion = init.previousVersion;
    if (init.version !== undefined)
        r.version = init.version;
    withTime(r, init.time, now);
    r.changes = init.changes ?? [];
    if (init.listAdded !== undefined && init.listAdded.length > 0)
        r.listAdded = init.listAdded;
    if (init.listRemoved !== undefined && init.listRemoved.length > 0)
        r.listRemoved = init.listRemoved;
    if (init.reason !== undefined)
        r.reason = init.reason;
    if (init.rule !== undefined)
        r.rule = init.rule;
    if (init.detail !== undefined)
        r.detail = init.detail;
    if (init.remedy !== undefined)
        r.remedy = init.remedy;
    if (init.conflict !== undefined)
        r.conflict = init.conflict;
    if (init.count !== undefined)
        r.count = init.count;
    return r;
}
function highestLower(lock, path, version) {
    const vs = lock?.modules.get(path)?.versions;
    if (!vs)
        return undefined;
    let best;
    for (const v of vs.keys()) {
        if ((0,semver/* compareVersion */.Gm)(v, version) < 0 && (best === undefined || (0,semver/* compareVersion */.Gm)(v, best) > 0))
            best = v;
    }
    return best;
}
function entryTime(lock, c) {
    if (!lock || c.path === undefined)
        return undefined;
    const m = lock.modules.get(c.path);
    if (c.kind === "version" && c.version !== undefined)
        return m?.versions.get(c.version)?.time;
    if (c.kind === "latest")
        return m?.latest?.time;
    return undefined;
}
function fieldValue(c, field, side) {
    return c.fields.find((f) => f.field === field)?.[side];
}
function changeReason(c) {
    if (c.kind === "version") {
        const filled = c.fields.filter((f) => f.before === undefined).map((f) => f.field);
        if (filled.length === c.fields.length)
            return `recorded ${filled.join(", ")} (first fetch)`;
        return undefined;
    }
    if (c.kind === "list") {
        const parts = [];
        if (c.listAdded?.length)
            parts.push(`${plural(c.listAdded.length, "new version")}`);
        if (c.listRemoved?.length)
            parts.push(`${plural(c.listRemoved.length, "version")} no longer listed`);
        return parts.join(", ") || undefined;
    }
    if (c.kind === "latest") {
        const b = fieldValue(c, "version", "before");
        const a = fieldValue(c, "version", "after");
        if (b !== a)
            return `@latest moved`;
        return undefined;
    }
    return undefined;
}
/** Builds the report model. Pure: the same input gives the same report. */
function buildReport(input) {
    const { mode, now, before, events } = input;
    const after = mode === "record" ? input.after : undefined;
    const policySrc = input.policy ?? after?.policy ?? before?.policy ?? { exempt: [] };
    const policy = {};
    if (policySrc.asOf !== undefined)
        policy.asOf = policySrc.asOf;
    if (policySrc.minReleaseAge !== undefined)
        policy.minReleaseAge = policySrc.minReleaseAge;
    policy.exempt = [...policySrc.exempt];
    const diff = after ? diffLockfiles(before, after) : { added: [], changed: [], removed: [] };
    // Added.
    const added = diff.added.map((c) => {
        const module = c.path ?? "";
        if (c.kind === "version") {
            return row({ key: c.key, module, entry: c.kind, previousVersion: highestLower(before, module, c.version), version: c.version, time: entryTime(after, c), changes: c.fields }, now);
        }
        if (c.kind === "latest") {
            return row({ key: c.key, module, entry: c.kind, version: fieldValue(c, "version", "after"), time: fieldValue(c, "time", "after"), changes: c.fields }, now);
        }
        return row({ key: c.key, module, entry: c.kind, changes: c.fields, listAdded: c.listAdded }, now);
    });
    // Changed: conflicts first, then the diff's changes.
    const conflicts = [...(input.conflicts ?? [])].sort((a, b) => (0,semver/* compareStrings */.Kt)(a.path, b.path) || (0,semver/* compareVersion */.Gm)(a.version, b.version) || (0,semver/* compareStrings */.Kt)(a.field, b.field));
    const changed = conflicts.map((k) => row({
        key: lockEntryKey({ kind: "version", path: k.path, version: k.version }),
        module: k.path,
        entry: "version",
        version: k.version,
        time: entryTime(before, { kind: "version", path: k.path, version: k.version }) ?? (k.field === "time" ? k.locked : undefined),
        changes: [{ field: k.field, before: k.locked, after: k.observed }],
        reason: `upstream ${k.field === "time" ? "time" : k.field === "origin" ? "origin" : k.field + " hash"} differs from the lockfile; the locked value was kept`,
        conflict: true,
    }, now));
    for (const c of diff.changed) {
        const module = c.path ?? "";
        if (c.kind === "latest") {
            const prev = fieldValue(c, "version", "before");
            const next = fieldValue(c, "version", "after");
            changed.push(row({ key: c.key, module, entry: c.kind, previousVersion: prev !== next ? prev : undefined, version: next ?? entryLatest(after, module), time: entryTime(after, c), changes: c.fields, reason: changeReason(c) }, now));
        }
        else if (c.kind === "version") {
            changed.push(row({ key: c.key, module, entry: c.kind, version: c.version, time: entryTime(after, c), changes: c.fields, reason: changeReason(c) }, now));
        }
        else {
            changed.push(row({ key: c.key, module, entry: c.kind, changes: c.fields, listAdded: c.listAdded, listRemoved: c.listRemoved, reason: changeReason(c) }, now));
        }
    }
    const removed = diff.removed.map((c) => row({ key: c.key, module: c.path ?? "", entry: c.kind, version: c.version, time: entryTime(before, c), changes: c.fields, listRemoved: c.listRemoved }, now));
    // Refused (violations) and failed requests: one row per distinct reason.
    const refusedEvents = events.filter((e) => e.source === "refused");
    const failedEvents = events.filter((e) => e.source === "failed");
    const refused = requestRows(refusedEvents, before, now);
    const failed = requestRows(failedEvents, before, now);
    // Unused locked entries (of the lock in force before the job).
    const used = new Set();
    if (input.used)
        for (const k of input.used)
            used.add(k);
    else
        for (const e of events) {
            if (e.source === "refused" || e.source === "failed")
                continue;
            const k = eventEntryKey(e);
            if (k !== undefined)
                used.add(k);
        }
    const unused = listLockEntries(before)
        .filter((r) => (r.kind === "version" || r.kind === "list" || r.kind === "latest") && !used.has(r.key))
        .map((r) => row({
        key: r.key,
        module: r.path ?? "",
        entry: r.kind,
        version: r.kind === "latest" ? entryLatest(before, r.path) : r.version,
        time: entryTime(before, r),
    }, now));
    // Store vs upstream, per module and version/query.
    const tallies = new Map();
    let fromStore = 0;
    let fromUpstream = 0;
    let fromLockfile = 0;
    for (const e of events) {
        if (e.source === "refused" || e.source === "failed")
            continue;
        if (e.source === "store")
            fromStore++;
        else if (e.source === "upstream")
            fromUpstream++;
        else
            fromLockfile++;
        const target = e.kind === "list" ? "@v/list" : e.kind === "latest" ? "@latest" : (e.version ?? "?");
        const k = `${e.module} ${target}`;
        let t = tallies.get(k);
        if (!t) {
            t = {
                module: e.module,
                target,
                store: { requests: 0, bytes: 0 },
                upstream: { requests: 0, bytes: 0 },
                lockfile: { requests: 0, bytes: 0 },
                order: [e.module, e.kind === "list" ? 0 : e.kind === "latest" ? 1 : 2, target],
            };
            tallies.set(k, t);
        }
        const src = e.source;
        t[src].requests++;
        t[src].bytes += e.bytes ?? 0;
    }
    const sources = [...tallies.values()]
        .sort((x, y) => (0,semver/* compareStrings */.Kt)(x.order[0], y.order[0]) || x.order[1] - y.order[1] || (0,semver/* compareVersion */.Gm)(x.order[2], y.order[2]) || (0,semver/* compareStrings */.Kt)(x.order[2], y.order[2]))
        .map(({ module, target, store, upstream, lockfile }) => ({ module, target, store, upstream, lockfile }));
    const counts = {
        added: added.length,
        changed: changed.length,
        conflicts: conflicts.length,
        removed: removed.length,
        refused: refusedEvents.length,
        failed: failedEvents.length,
        unused: unused.length,
        violations: refusedEvents.length + conflicts.length + (input.sumdb?.problems.length ?? 0) + (input.lockfileError ? 1 : 0) + mirrorProblems(input.mirrors).length,
        drift: input.drift?.length ?? 0,
        servedFromStore: fromStore,
        servedFromUpstream: fromUpstream,
        servedFromLockfile: fromLockfile,
    };
    const problems = [];
    if (counts.refused > 0)
        problems.push(`${plural(counts.refused, "request")} refused`);
    if (counts.conflicts > 0)
        problems.push(`${plural(counts.conflicts, "locked value")} contradicted by upstream (conflict)`);
    for (const p of input.sumdb?.problems ?? [])
        problems.push(`checksum database: ${p.split("\n")[0]}`);
    if (input.lockfileError)
        problems.push(input.lockfileError);
    problems.push(...mirrorProblems(input.mirrors));
    const verdict = problems.length > 0 ? "fail" : "pass";
    let headline;
    if (verdict === "fail") {
        headline = problems.join(", ");
    }
    else if (mode === "record") {
        const parts = [];
        if (counts.added)
            parts.push(`${counts.added} added`);
        if (counts.changed)
            parts.push(`${counts.changed} changed`);
        if (counts.removed)
            parts.push(`${counts.removed} removed`);
        headline = parts.length ? `lockfile updated: ${parts.join(", ")}` : "no drift: the lockfile is unchanged";
    }
    else {
        headline = `no drift: ${plural(counts.servedFromStore + counts.servedFromUpstream + counts.servedFromLockfile, "request")} matched the lockfile`;
    }
    const lockfile = {};
    if (input.lockfilePath !== undefined)
        lockfile.path = input.lockfilePath;
    lockfile.existed = before !== undefined;
    if (input.lockfileWritten !== undefined)
        lockfile.written = input.lockfileWritten;
    if (input.lockfileError)
        lockfile.error = input.lockfileError;
    const s = input.stats;
    return {
        reportVersion: REPORT_VERSION,
        mode,
        verdict,
        headline,
        problems,
        generatedAt: formatInstant(now),
        lockfile,
        policy,
        counts,
        stats: {
            requests: s.requests,
            hits: s.hits,
            misses: s.misses,
            bytesFromStore: s.bytesFromStore,
            bytesFromUpstream: s.bytesFromUpstream,
            durationMs: s.durationMs,
            ...(s.shared ? { upstreamFetches: s.upstreamFetches ?? 0, shared: s.shared } : {}),
        },
        added,
        changed,
        removed,
        refused,
        failed,
        unused,
        sources,
        drift: [...(input.drift ?? [])].sort((a, b) => (0,semver/* compareStrings */.Kt)(a.module, b.module) || (0,semver/* compareVersion */.Gm)(a.version, b.version) || (0,semver/* compareStrings */.Kt)(a.field, b.field)),
        evicted: [...(input.evicted ?? [])].sort((a, b) => (0,semver/* compareStrings */.Kt)(a.rel, b.rel) || (0,semver/* compareStrings */.Kt)(a.reason, b.reason)),
        ...(input.sumdb ? { sumdb: input.sumdb } : {}),
        ...(input.mirrors ? { mirrors: input.mirrors } : {}),
    };
}
/** One row per distinct request outcome (refused or failed), with its count. */
function requestRows(events, before, now) {
    const groups = new Map();
    for (const e of events) {
        const k = JSON.stringify([e.module, e.kind, e.version ?? "", e.reason ?? "", e.expected ?? "", e.actual ?? ""]);
        const g = groups.get(k);
        if (g) {
            g.count++;
            if (g.e.time === undefined && e.time !== undefined)
                g.e = { ...g.e, time: e.time };
        }
        else
            groups.set(k, { e, count: 1 });
    }
    const kindRank = { list: 0, latest: 1, info: 2, mod: 3, zip: 4 };
    return [...groups.values()]
        .sort((x, y) => (0,semver/* compareStrings */.Kt)(x.e.module, y.e.module) ||
        (0,semver/* compareVersion */.Gm)(x.e.version ?? "", y.e.version ?? "") ||
        (0,semver/* compareStrings */.Kt)(x.e.version ?? "", y.e.version ?? "") ||
        kindRank[x.e.kind] - kindRank[y.e.kind] ||
        (0,semver/* compareStrings */.Kt)(x.e.reason ?? "", y.e.reason ?? ""))
        .map(({ e, count }) => {
        const changes = [];
        if (e.expected !== undefined || e.actual !== undefined) {
            const fc = { field: e.kind };
            if (e.expected !== undefined)
                fc.before = e.expected;
            if (e.actual !== undefined)
                fc.after = e.actual;
            changes.push(fc);
        }
        const time = e.time ?? (e.version !== undefined ? before?.modules.get(e.module)?.versions.get(e.version)?.time : undefined);
        return row({
            key: describeRequest(e),
            module: e.module,
            entry: e.kind === "list" ? "list" : e.kind === "latest" ? "latest" : "version",
            request: e.kind,
            version: e.version,
            time,
            changes,
            reason: e.reason ?? "refused",
            rule: e.rule,
            detail: e.detail,
            remedy: e.remedy,
            count,
        }, now);
    });
}
function entryLatest(lock, path) {
    return lock?.modules.get(path)?.latest?.version;
}

;// CONCATENATED MODULE: ./build/src/report/findings.js
// What failed, one finding per module version (or version query): the
// refused requests and lockfile conflicts of a report grouped by what they are
// about (a version's .mod and .zip are one finding), with the cause when the
// lockfile at the base of the change tells it (the lockfile was edited, or the
// upstream now serves other bytes) and the next step, worded for the entry
// point the reader drives gopin through.



const WHAT = {
    "not-locked": "not in the lockfile",
    "no-locked-answer": "no locked answer for this query",
    "version-query": "a branch or commit query, not a locked version",
    "missing-hash": "locked without this file's hash",
    "lock-mismatch": "hash differs from the lockfile",
    "beyond-locked-head": "newer than the locked checksum-database tree head",
    "as-of": "published after as-of",
    "min-release-age": "younger than min-release-age",
    "latest-outside-window": "@latest is outside the time window",
    "list-dating-limit": "too many undated versions in the list to apply the time window",
    "sumdb-unknown": "unknown to the checksum database",
    "sumdb-mismatch": "hash differs from the checksum database",
    "sumdb-unavailable": "the checksum database could not be reached",
    "sumdb-security": "the checksum database misbehaved",
    inadmissible: "the upstream's answer breaks Go's rules",
    "private-lookup": "a private module asked of the checksum database",
    unverifiable: "could not be verified",
};
/** Rules without a remedy of their own: what to do about them. */
const DEFAULT_REMEDY = {
    "sumdb-mismatch": { kind: "other-upstream" },
    "sumdb-security": { kind: "other-upstream" },
    inadmissible: { kind: "other-upstream" },
    "sumdb-unavailable": { kind: "retry" },
    unverifiable: { kind: "retry" },
    "latest-outside-window": { kind: "re-record" },
};
/** What a row is about: `module@version`, `module/@v/list` or `module@latest`. */
function targetOf(r) {
    const kind = r.request ?? r.entry;
    if (kind === "list")
        return `${r.module}/@v/list`;
    if (kind === "latest")
        return `${r.module}@latest`;
    return `${r.module}@${r.version ?? "?"}`;
}
/** The hash field a row is about (`mod`/`zip`), when it is a hash mismatch with the lock. */
function hashField(r) {
    const f = r.conflict ? r.changes[0]?.field : r.rule === "lock-mismatch" ? r.request : undefined;
    return f === "mod" || f === "zip" ? f : undefined;
}
function whatOf(r) {
    const field = hashField(r);
    if (field)
        return `${field === "zip" ? "zip" : "go.mod"} hash differs from the lockfile`;
    if (r.conflict)
        return `upstream ${r.changes[0]?.field ?? "value"} contradicts the lockfile`;
    if (r.rule)
        return WHAT[r.rule];
    return r.reason ?? "refused";
}
function requestLabel(r) {
    if (r.conflict)
        return "lock merge";
    const k = r.request;
    const name = k === "list" ? "@v/list" : k === "latest" ? "@latest" : `.${k ?? "?"}`;
    return r.count && r.count > 1 ? `${name} ×${r.count}` : name;
}
function shortRev(rev) {
    return /^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 12) : rev;
}
function hashCause(rows, ctx, module, version) {
    const base = ctx.base;
    if (!base || "unavailable" in base)
        return { kind: "unknown", text: "lockfile edit or upstream change: cannot be told apart without the base lockfile" };
    const baseV = lockedVersion(base.lock, module, version);
    let edited = false;
    let same = false;
    for (const r of rows) {
        const field = hashField(r);
        if (!field)
            continue;
        const locked = lockedVersion(ctx.lock, module, version)?.[field] ?? r.changes[0]?.before;
        const atBase = baseV?.[field];
        if (atBase === undefined)
            continue;
        if (atBase === locked)
            same = true;
        else
            edited = true;
    }
    if (edited)
        return { kind: "lockfile-edited", text: "lockfile edited: the base locks another hash" };
    if (same)
        return { kind: "upstream-changed", text: "upstream changed: the base locks the same hash" };
    return { kind: "added-here", text: "locked since the base: an edit or an upstream change cannot be told apart" };
}
function lockedCause(ctx, module, version) {
    const base = ctx.base;
    if (!base || "unavailable" in base)
        return undefined;
    return lockedVersion(base.lock, module, version)
        ? { kind: "removed-here", text: "removed from the lockfile since the base" }
        : { kind: "new-version", text: "new: not locked at the base either" };
}
function nextStep(rows, cause, ctx, module) {
    const base = ctx.base && !("unavailable" in ctx.base) ? ctx.base : undefined;
    let remedy;
    if (cause?.kind === "lockfile-edited" && base?.rev !== undefined)
        remedy = { kind: "restore-lock", lockfile: ctx.lockfile, base: shortRev(base.rev) };
    else if (cause?.kind === "lockfile-edited")
        remedy = { kind: "re-record" };
    else if (rows.some((r) => hashField(r)))
        remedy = { kind: "other-upstream" };
    else if (rows.some((r) => r.rule === "version-query"))
        remedy = { kind: "canonical-version", module };
    else
        remedy = rows.find((r) => r.remedy)?.remedy ?? rows.map((r) => (r.rule ? DEFAULT_REMEDY[r.rule] : undefined)).find((x) => x);
    return remedy ? { next: remedyText(remedy, ctx.advice), nextBrief: remedyBrief(remedy, ctx.advice) } : { next: "", nextBrief: "See the reason below" };
}
/** One finding per module version or version query, in module then version order. */
function findings(report, ctx) {
    const groups = new Map();
    for (const r of [...report.refused, ...report.changed.filter((c) => c.conflict)]) {
        const t = targetOf(r);
        groups.set(t, [...(groups.get(t) ?? []), r]);
    }
    const out = [];
    for (const [target, rows] of groups) {
        const first = rows[0];
        const version = first.request === "list" || first.request === "latest" ? undefined : first.version;
        let cause;
        if (version !== undefined && rows.some((r) => hashField(r)))
            cause = hashCause(rows, ctx, first.module, version);
        else if (version !== undefined && rows.some((r) => r.rule === "not-locked"))
            cause = lockedCause(ctx, first.module, version);
        const f = {
            target,
            module: first.module,
            what: [...new Set(rows.map(whatOf))],
            ...nextStep(rows, cause, ctx, first.module),
            requests: rows.map(requestLabel),
            details: [...new Set(rows.map((r) => r.detail ?? r.reason ?? "refused"))],
        };
        if (version !== undefined)
            f.version = version;
        if (cause)
            f.cause = cause;
        out.push(f);
    }
    return out.sort((a, b) => (0,semver/* compareStrings */.Kt)(a.module, b.module) || (0,semver/* compareVersion */.Gm)(a.version ?? "", b.version ?? "") || (0,semver/* compareStrings */.Kt)(a.target, b.target));
}

;// CONCATENATED MODULE: ./build/src/report/sumdb.js

function renderSumdbMarkdown(s) {
    const out = [`### Checksum database ${codeCell(s.database)}`, ""];
    out.push(`Route: ${escapeCell(s.route)}. Hashes verified against it: ${s.verifiedHashes}.`);
    if (s.treeHead)
        out.push(`Newest verified tree head: size ${s.treeHead.size}, hash ${codeCell(s.treeHead.hash)}.`);
    if (s.lockedTreeHead)
        out.push(`Locked tree head: size ${s.lockedTreeHead.size}, hash ${codeCell(s.lockedTreeHead.hash)}.`);
    if (s.problems.length) {
        out.push("", "**Problems:**", "");
        for (const p of s.problems)
            out.push(`- ${inlineText(p)}`);
    }
    if (s.timeWindow.length) {
        out.push("", `<details><summary>Time-window decisions (${s.timeWindow.length})</summary>`, "", "| Module version | Verdict | Decided by |", "|:---|:---|:---|");
        for (const v of s.timeWindow) {
            const decidedBy = v.evidence === "sumdb" ? "checksum database record" : ".info time";
            out.push(`| ${codeCell(`${v.module}@${v.version}`)} | ${v.verdict}${v.rule ? ` (${v.rule})` : ""} | ${decidedBy}: ${inlineText(v.detail)} |`);
        }
        out.push("", "</details>");
    }
    return out.join("\n") + "\n";
}

;// CONCATENATED MODULE: ./build/src/report/shared.js

function renderSharedMarkdown(s, stats) {
    const u = s.uploads;
    const out = [`### Shared store ${codeCell(s.store)}${s.mode === "read" ? " (read-only)" : ""}`, ""];
    out.push("| Tier | Hits | Misses | Bytes served |", "|:---|---:|---:|---:|", `| local store | ${stats.hits} | ${stats.misses} | ${humanBytes(stats.bytesFromStore)} |`, `| shared store | ${s.hits} | ${s.misses}${s.errors ? ` (${s.errors} failed)` : ""} | ${humanBytes(s.bytes)} |`, `| upstream | ${stats.upstreamFetches ?? "—"} requests | | ${humanBytes(stats.bytesFromUpstream)} |`);
    if (s.mode === "read-write") {
        out.push("", `Uploaded: ${u.created} new (${humanBytes(u.bytes)}), ${u.existing} already there${u.failed ? `, ${u.failed} failed` : ""}${u.abandoned ? `, ${u.abandoned} abandoned at shutdown` : ""}.`);
    }
    if (s.privateShared.length) {
        out.push("", `Private modules written to the shared store (\`shared-store-private\`): ${s.privateShared.map(codeCell).join(", ")}.`);
    }
    if (s.refused.length) {
        out.push("", "**Refused objects** (altered or invalid in the bucket; not used, fetched from the upstream instead):", "");
        for (const r of s.refused)
            out.push(`- ${codeCell(r.file)}: ${escapeCell(r.reason)}`);
    }
    if (s.warnings.length) {
        out.push("", "**Warnings** (the job did not fail on them):", "");
        for (const w of s.warnings)
            out.push(`- ${escapeCell(w)}`);
    }
    return out.join("\n") + "\n";
}

;// CONCATENATED MODULE: ./build/src/report/render.js
// The two renderings of a DriftReport.





/**
 * The report as JSON: two-space indented, keys in the order documented in
 * model.ts, trailing newline. Stable: the same report gives the same bytes.
 */
function renderJson(report) {
    return JSON.stringify(report, null, 2) + "\n";
}
const DEFAULT_MAX_ROWS = 50;
/** How a drifted field is named; a pseudo-version's "locked" value is its own timestamp. */
const DRIFT_FIELD = { time: ".info time", origin: ".info origin", "pseudo-time": ".info time ≠ pseudo-version time" };
function table(header, align, rows, limit, what) {
    const out = [`| ${header.join(" | ")} |`, `|${align.map((a) => (a === "r" ? "---:" : ":---")).join("|")}|`];
    for (const r of rows.slice(0, limit.maxRows))
        out.push(`| ${r.join(" | ")} |`);
    if (rows.length > limit.maxRows) {
        out.push("", `…and ${rows.length - limit.maxRows} more ${what}${limit.fullReport ? ` (see ${limit.fullReport} for all)` : ""}.`);
    }
    return out;
}
function timeText(r) {
    if (r.time === undefined)
        return "";
    if (r.ageMs === undefined)
        return escapeCell(r.time);
    const age = r.ageMs < 0 ? `in ${humanDuration(-r.ageMs)}` : `${humanDuration(r.ageMs)} old`;
    return `${escapeCell(r.time)} (${age})`;
}
function valueText(field, v) {
    if (v === undefined)
        return "(none)";
    if (field === "mod" || field === "zip" || field === "hash" || v.startsWith("h1:"))
        return codeCell(shortHash(v));
    return codeCell(v.length > 60 ? v.slice(0, 59) + "…" : v);
}
function changeText(c) {
    const label = c.field === "mod" ? "go.mod hash" : c.field === "zip" ? "zip hash" : c.field;
    if (c.before === undefined)
        return `${escapeCell(label)}: ${valueText(c.field, c.after)}`;
    if (c.after === undefined)
        return `${escapeCell(label)}: ${valueText(c.field, c.before)} removed`;
    return `${escapeCell(label)}: ${valueText(c.field, c.before)} → ${valueText(c.field, c.after)}`;
}
function listText(r) {
    const show = (vs, sign) => vs.slice(0, 6).map((v) => `${sign}${codeCell(v)}`).join(" ") + (vs.length > 6 ? ` (+${vs.length - 6} more)` : "");
    const parts = [];
    if (r.listAdded?.length)
        parts.push(show(r.listAdded, "+"));
    if (r.listRemoved?.length)
        parts.push(show(r.listRemoved, "−"));
    return parts.join(" ");
}
/** `module@version`, `module/@v/list`, `module@latest`, or the key of a policy/sumdb entry. */
function entryText(r) {
    if (r.module === "")
        return escapeCell(r.key);
    if (r.entry === "list")
        return codeCell(`${r.module}/@v/list`);
    if (r.entry === "latest")
        return codeCell(`${r.module}@latest`);
    if (r.entry === "missing")
        return `${codeCell(r.key.replace(/ not found$/, ""))} (not found)`;
    return codeCell(`${r.module}@${r.version ?? "?"}`);
}
/** What a lockfile entry's change was, in a few words (hashes only in short form). */
function lockChangeText(r, how) {
    if (r.entry === "list")
        return listText(r) || r.changes.map(changeText).join("<br>");
    if (r.entry === "latest") {
        const moved = r.previousVersion !== undefined ? `${codeCell(r.previousVersion)} → ` : "";
        return `${how === "removed" ? "removed " : ""}${moved}${r.version !== undefined ? codeCell(r.version) : ""}`;
    }
    if (r.entry !== "version")
        return r.changes.map(changeText).join("<br>");
    const time = timeText(r);
    if (how === "added")
        return `added${r.previousVersion ? ` (locked before: ${codeCell(r.previousVersion)})` : ""}${time ? `, published ${time}` : ""}`;
    if (how === "removed")
        return "removed";
    return r.reason ? escapeCell(r.reason) : r.changes.map(changeText).join("<br>");
}
function render_plural(n, one, many = one + "s") {
    return `${n} ${n === 1 ? one : many}`;
}
function tally(t) {
    return t.requests === 0 ? "" : `${t.requests} (${humanBytes(t.bytes)})`;
}
function findingRows(fs) {
    return fs.map((f) => [
        codeCell(f.target),
        [...f.what.map(escapeCell), ...(f.cause ? [`*${inlineText(f.cause.text)}*`] : [])].join("<br>"),
        inlineText(f.nextBrief),
    ]);
}
/** A reason without the `target: ` it starts with (the list item names the target already). */
function reasonText(target, reason) {
    return inlineText(reason.startsWith(target + ": ") ? reason.slice(target.length + 2) : reason);
}
function findingList(fs, limit) {
    return capped(fs.map((f) => `- ${codeCell(f.target)} (${f.requests.map(escapeCell).join(", ")}): ${f.details.map((d) => reasonText(f.target, d)).join(" ")}${f.next ? ` **Next:** ${inlineText(f.next)}` : ""}`), limit);
}
/** List items, capped with an "…and N more" item. */
function capped(items, limit) {
    const more = items.length - limit.maxRows;
    return more > 0 ? [...items.slice(0, limit.maxRows), `- …and ${more} more${limit.fullReport ? ` (see ${limit.fullReport})` : ""}.`] : items;
}
/** Requests that could not be served, one line per module version (not violations). */
function failedList(report, limit) {
    const byTarget = new Map();
    for (const r of report.failed) {
        const t = targetOf(r);
        byTarget.set(t, [...(byTarget.get(t) ?? []), r]);
    }
    const lines = [...byTarget].map(([t, rows]) => {
        const reqs = rows.map((r) => `.${r.request}${r.count && r.count > 1 ? ` ×${r.count}` : ""}`).join(", ");
        return `- ${codeCell(t)} (${escapeCell(reqs)}): ${[...new Set(rows.map((r) => r.detail ?? r.reason ?? ""))].map((d) => reasonText(t, d)).join(" ")}`;
    });
    return capped(lines, limit);
}
function contextLine(report, o, needsBase) {
    const ctx = [];
    const path = o.lockfile ?? report.lockfile.path;
    if (path !== undefined) {
        const state = !report.lockfile.existed ? " (new)" : report.lockfile.written === true ? " (updated)" : report.lockfile.written === false ? " (unchanged)" : "";
        ctx.push(`lockfile ${codeCell(path)}${state}`);
    }
    else if (!report.lockfile.existed) {
        ctx.push("no lockfile before this job");
    }
    if (o.base && !("unavailable" in o.base))
        ctx.push(`compared with ${inlineText(o.base.label)}${o.base.lock ? "" : " (no lockfile there)"}`);
    else if (needsBase)
        ctx.push(o.base ? `no base lockfile: ${inlineText(o.base.unavailable)}` : "no base lockfile given, so a lockfile edit cannot be told from an upstream change");
    if (o.artifact)
        ctx.push(`lockfile and JSON report uploaded as the artifact ${codeCell(o.artifact)}`);
    return ctx.join(" · ");
}
/** Counts, policy, unused entries and store vs upstream: behind a collapsed <details>. */
function detailsBlock(report, o, limit) {
    const { maxRows } = limit;
    const c = report.counts;
    const st = report.stats;
    const pol = [];
    if (report.policy.asOf !== undefined)
        pol.push(`as of ${escapeCell(report.policy.asOf)}`);
    if (report.policy.minReleaseAge !== undefined)
        pol.push(`min release age ${escapeCell(report.policy.minReleaseAge)}`);
    if (report.policy.exempt.length > 0)
        pol.push(`exempt ${report.policy.exempt.map(codeCell).join(", ")}`);
    const out = [
        "<details><summary>Counts, store vs upstream, cache and timing</summary>",
        "",
        `- ${report.mode} mode; ${escapeCell(report.headline)}`,
        `- Violations: ${c.violations} (${render_plural(c.refused, "refused request")}, ${render_plural(c.conflicts, "conflict")}, ${render_plural(report.sumdb?.problems.length ?? 0, "checksum-database problem")}); not served: ${c.failed}`,
        `- Lockfile entries: ${c.added} added, ${c.changed} changed, ${c.removed} removed, ${c.unused} unused; upstream drift: ${c.drift}`,
        `- Requests: ${st.requests} (${st.hits} hits, ${st.misses} misses) in ${humanDuration(st.durationMs)}: ${c.servedFromStore} from the store (${humanBytes(st.bytesFromStore)}), ${c.servedFromUpstream} from upstream (${humanBytes(st.bytesFromUpstream)}), ${c.servedFromLockfile} from the lockfile`,
        `- Policy: ${pol.length ? pol.join(", ") : "no release-age policy"}`,
    ];
    if (report.unused.length > 0) {
        const shown = report.unused.slice(0, maxRows).map(entryText).join(", ");
        out.push(`- Unused locked entries: ${shown}${report.unused.length > maxRows ? `, …and ${report.unused.length - maxRows} more` : ""}`);
    }
    if (report.sources.length > 0) {
        out.push("", ...table(["Module version", "Store", "Upstream", "Lockfile"], ["l", "r", "r", "r"], report.sources.map((s) => [codeCell(s.target === "@v/list" ? `${s.module}/@v/list` : `${s.module}@${s.target.replace(/^@/, "")}`), tally(s.store), tally(s.upstream), tally(s.lockfile)]), limit, "modules"));
    }
    if (o.details)
        out.push("", o.details.trimEnd());
    out.push("", "</details>");
    return out;
}
/**
 * The report as a GitHub job summary. First screen: the verdict as the first
 * heading, then one row per module version that failed, saying what failed,
 * why when the base lockfile tells it, and the next step for the entry point
 * (`advice`), with the full reasons in a list under the table. Then requests
 * that could not be served, the lockfile's changes (record mode), upstream
 * drift and the checksum database; counts, store vs upstream and timing sit
 * in a collapsed <details>. Every module@version is in a code span.
 */
function renderMarkdown(report, options = {}) {
    const limit = { maxRows: Math.max(1, options.maxRows ?? DEFAULT_MAX_ROWS), ...(options.fullReport ? { fullReport: options.fullReport } : {}) };
    const c = report.counts;
    const pass = report.verdict === "pass";
    const fs = findings(report, { advice: options.advice ?? "cli", lockfile: options.lockfile ?? report.lockfile.path ?? "gopin.lock", lock: options.lock, base: options.base });
    const out = [];
    // A version's .mod and .zip are two refused requests but one row: say both numbers when they differ.
    const where = fs.length > 0 && fs.length !== c.violations ? ` in ${render_plural(fs.length, "module version")}` : "";
    out.push(`## ${pass ? "✅" : "❌"} gopin ${report.mode}: ${pass ? `PASS — ${escapeCell(report.headline)}` : `FAIL — ${render_plural(c.violations, "violation")}${where}`}`, "");
    const needsBase = fs.some((f) => f.cause?.kind === "unknown");
    const ctx = contextLine(report, options, needsBase);
    if (ctx)
        out.push(ctx, "");
    if (fs.length > 0) {
        out.push(...table(["Module version", "What failed", "Next step"], ["l", "l", "l"], findingRows(fs), limit, "module versions"), "", ...findingList(fs, limit));
    }
    for (const p of report.sumdb?.problems ?? [])
        out.push(`- Checksum database: ${inlineText(p.split("\n")[0])} (see below)`);
    // A block after one blank line (never two).
    const block = (...lines) => {
        if (out.at(-1) !== "")
            out.push("");
        out.push(...lines);
    };
    const section = (title, count, lines) => block(`### ${title} (${count})`, "", ...lines);
    if (report.failed.length > 0)
        section("Not served (upstream or disk failures; not violations)", c.failed, failedList(report, limit));
    const lockChanges = [
        ...report.added.map((r) => [entryText(r), lockChangeText(r, "added")]),
        ...report.changed.filter((r) => !r.conflict).map((r) => [entryText(r), lockChangeText(r, "changed")]),
        ...report.removed.map((r) => [entryText(r), lockChangeText(r, "removed")]),
    ];
    if (lockChanges.length > 0)
        section("Lockfile changes", lockChanges.length, table(["Entry", "Change"], ["l", "l"], lockChanges, limit, "lockfile changes"));
    if (report.drift.length > 0) {
        section("Upstream drift (metadata only, not a violation)", report.drift.length, [
            "The lock pins these versions' `.info`; go was served the locked values, and the hashes still match." +
                (report.drift.some((d) => d.field === "pseudo-time")
                    ? " For a pseudo-version, the locked value is the timestamp in its version string (what the checksum database authenticates, and what the time window judges)."
                    : ""),
            "",
            ...capped(report.drift.map((d) => `- ${codeCell(`${d.module}@${d.version}`)} ${DRIFT_FIELD[d.field]}: locked ${codeCell(d.locked)}, ${inlineText(d.source)} says ${codeCell(d.upstream)}`), limit),
        ]);
    }
    if (report.evicted.length > 0) {
        section("Store copies evicted (fetched again; not a violation)", report.evicted.length, [
            "A stored file (e.g. from a restored cache) was corrupt, or an authority (the upstream before first locking, the checksum database) contradicted it. It was removed from the store and go was served a checked copy.",
            "",
            ...capped(report.evicted.map((e) => `- ${codeCell(e.rel)}: ${inlineText(e.reason)}`), limit),
        ]);
    }
    if (report.sumdb)
        block(renderSumdbMarkdown(report.sumdb).trimEnd());
    if (report.mirrors)
        block(renderMirrorsMarkdown(report.mirrors).trimEnd());
    if (report.stats.shared)
        block(renderSharedMarkdown(report.stats.shared, report.stats).trimEnd());
    block(...detailsBlock(report, options, limit));
    return out.join("\n") + "\n";
}
/**
 * What record mode did to the lockfile, in one line. A lock written by a job
 * that failed (its command, or refused or failed requests) holds only what
 * was served before the failure, and says so.
 */
function lockfileLine(report, shownPath, commandStatus = 0) {
    if (report.lockfile.error)
        return `gopin: ${report.lockfile.error}`;
    if (!report.lockfile.written)
        return `gopin: unchanged: ${shownPath}`;
    const c = report.counts;
    const why = [
        commandStatus !== 0 ? `the command exited with status ${commandStatus}` : "",
        c.violations > 0 ? `${c.violations} violation${c.violations === 1 ? "" : "s"}` : "",
        c.failed > 0 ? `${c.failed} request${c.failed === 1 ? "" : "s"} could not be served` : "",
    ].filter(Boolean);
    if (why.length === 0)
        return `gopin: wrote ${shownPath}`;
    return `gopin: wrote ${shownPath}, partial (${why.join(", ")}): it holds only what was served; re-record once the job passes`;
}

;// CONCATENATED MODULE: ./build/src/core/child-env.js
const CHILD_ENV_NAMES = ["GOPROXY", "GONOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE"];
function childGoEnv(proxyUrl, cfg) {
    return {
        GOPROXY: proxyUrl,
        GONOPROXY: "none",
        GOSUMDB: cfg.sumdbConfig?.goValue ?? "off",
        GONOSUMDB: cfg.noSumDb,
        GOPRIVATE: cfg.goPrivate,
    };
}
/** `base` with the child variables set (empty ones removed, as go treats them alike). */
function withChildEnv(base, child) {
    const env = { ...base };
    for (const k of CHILD_ENV_NAMES) {
        if (child[k] === "")
            delete env[k];
        else
            env[k] = child[k];
    }
    return env;
}

;// CONCATENATED MODULE: ./build/src/core/session.js
// A gopin session: the proxy plus the lockfile policy for the length of a
// job, and its one outcome at the end (the lockfile merged and written in
// record mode, the drift report with every section, the verdict). `gopin
// run`, `gopin serve` and the Action's post step all reach their verdict from
// this outcome. In record mode the lockfile is also on disk while the job
// runs (live-lockfile.ts).















async function startSession(serve, policy, opts = {}) {
    const env = opts.env ?? process.env;
    const sumdb = createSumdbClient(serve);
    const lockfileName = (0,external_node_path_.basename)(policy.lockfilePath);
    const ctx = {
        mode: policy.mode,
        lock: policy.lock,
        lockfileName,
        window: policy.window,
        ...(sumdb ? { sumdbName: sumdb.name } : {}),
        noSumDb: serve.noSumDb,
        advice: opts.advice ?? "cli",
        now: () => new Date(),
    };
    const journal = new Journal();
    if (sumdb) {
        await sumdb.init();
        if (sumdb.stateProblem)
            process.stderr.write((0,scrub/* scrub */._I)(`gopin: ${sumdb.stateProblem}\n`));
        // The lock's signed tree head is checked offline in every mode.
        for (const p of lockedHeadProblems(sumdb, policy.lock, lockfileName))
            journal.sumdbProblem(p);
    }
    const lockPolicy = policyFromOptions({ asOf: policy.window.asOf, minReleaseAgeMs: policy.window.minReleaseAgeMs, exempt: policy.window.allow });
    /** Record mode: the starting lock with everything the job recorded so far. */
    const recorded = (prune = false) => {
        const observed = journal.observed(lockPolicy);
        const m = mergeObserved(policy.lock, observed);
        // Pruning needs the whole graph: only at the end of a complete `gopin lock`.
        const lock = prune ? pruneVersions(m.lock, observed) : m.lock;
        pinTreeHead(lock, sumdb, journal, ctx);
        return { ...m, lock };
    };
    // While the job runs, only the modules observed since the last write are merged again.
    const running = policy.mode === "record" ? new RunningLock(policy.lock, lockPolicy, (lock) => pinTreeHead(lock, sumdb, journal, ctx)) : undefined;
    const live = running
        ? new LiveLockfile({
            path: policy.lockfilePath,
            text: () => {
                const changed = journal.takeChanged();
                running.update(changed, journal.observedFor(changed, lockPolicy));
                return running.text();
            },
            onError: (e) => process.stderr.write((0,scrub/* scrub */._I)(`gopin: cannot write ${policy.lockfilePath} yet: ${e.message}\n`)),
        })
        : undefined;
    if (live)
        journal.onObserve(() => live.changed());
    const proxy = await startProxy(serve, env, { ctx, journal, ...(policy.mode === "record" && sumdb ? { sumdb } : {}) }, sumdb, ctx.advice, live ? () => live.caughtUp() : undefined);
    const goEnv = childGoEnv(proxy.url, serve);
    const started = Date.now();
    return {
        proxy,
        journal,
        policy,
        goEnv,
        async finish(options = {}) {
            await proxy.close();
            // After close: the shared store's uploads have been drained.
            const s = proxy.stats.snapshot();
            let after;
            let conflicts = [];
            let lockfileWritten = false;
            let lockfileError;
            if (live) {
                const m = recorded(options.prune);
                after = m.lock;
                conflicts = m.conflicts;
                for (const r of m.rejected)
                    journal.record(rejectedEvent(r, ctx));
                try {
                    lockfileWritten = await live.flush(after);
                }
                catch (e) {
                    // The report is still written: it is the only record of this job.
                    if (!(e instanceof LockfileIoError))
                        throw e;
                    lockfileError = e.message;
                }
            }
            // Scrubbed once here, the report is safe in every form it takes: the
            // JSON file, the Markdown summary, annotations and the CLI's stderr.
            const report = (0,scrub/* scrubJson */.Kl)(buildReport({
                mode: policy.mode,
                now: new Date(),
                before: policy.lock,
                after,
                events: journal.events,
                used: journal.used,
                conflicts,
                stats: { ...s, durationMs: Date.now() - started },
                policy: lockPolicy,
                lockfilePath: policy.lockfilePath,
                lockfileWritten,
                ...(lockfileError ? { lockfileError } : {}),
                drift: journal.drift,
                evicted: journal.evicted,
                ...(sumdb ? { sumdb: sumdbSection(sumdb, journal, after ?? policy.lock) } : {}),
                ...(proxy.chain.pool ? { mirrors: proxy.chain.pool.report() } : {}),
            }));
            return { report, lockfileWritten };
        },
    };
}
/** An observation the lockfile cannot hold: left out, and reported as a refusal of that module@version. */
function rejectedEvent(r, ctx) {
    const what = r.version !== undefined ? `${r.path}@${r.version}` : r.path;
    const refusal = new Refusal({
        module: r.path,
        ...(r.version !== undefined ? { version: r.version } : {}),
        rule: "inadmissible",
        mode: "record",
        detail: `${what}: its ${r.kind === "missing" ? `not-found (${r.answer})` : r.kind} record cannot be written to ${ctx.lockfileName} (${r.problem}); it was left out, and the rest of the lockfile was written.`,
    });
    return {
        module: r.path,
        kind: r.kind === "version" ? "info" : r.kind === "missing" ? (r.answer === "@v/list" ? "list" : r.answer === "@latest" ? "latest" : "info") : r.kind,
        ...(r.version !== undefined ? { version: r.version } : {}),
        source: "refused",
        reason: refusal.format(ctx.advice),
    };
}
/**
 * Checks the lock's tree head with no network: its signed note must verify
 * with the database's key and name the locked size and hash.
 */
function lockedHeadProblems(client, lock, lockfileName) {
    const head = lock?.sumdb.get(client.name);
    if (!head?.note)
        return [];
    try {
        const t = client.verifyHead(Buffer.from(head.note, "utf8"));
        if (t.n !== head.size || t.hash.toString("base64") !== head.hash) {
            return [`${lockfileName}: the sumdb ${client.name} record says size=${head.size} hash=${head.hash}, but its signed note says size ${t.n} hash ${t.hash.toString("base64")}`];
        }
    }
    catch (e) {
        if (!(e instanceof SumdbSecurityError))
            throw e;
        return [`${lockfileName}: the locked ${client.name} tree head does not verify: ${e.message}`];
    }
    return [];
}
/**
 * Record mode: pin the tree head the hashes were verified against; under the
 * lock's own as-of the locked head stays (it is the window's edge). A locked
 * head that already covers every locked record also stays, so the long
 * `sumdb` line changes only when a newer head is needed.
 */
function pinTreeHead(lock, client, journal, ctx) {
    if (!client || journal.sumdbVerified === 0)
        return;
    const old = lock.sumdb.get(client.name);
    const h = client.latestHead();
    if (old && !beyondHead(lock, old.size))
        return;
    if (h.tree.n > 0 && !(old && asOfPinned(ctx))) {
        lock.sumdb.set(client.name, { size: h.tree.n, hash: h.tree.hash.toString("base64"), note: h.note.toString("utf8") });
    }
}
/** Whether any locked version has a checksum-database record at or beyond `size`. */
function beyondHead(lock, size) {
    for (const m of lock.modules.values())
        for (const v of m.versions.values())
            if (v.sumdbRecord !== undefined && v.sumdbRecord >= size)
                return true;
    return false;
}
function sumdbSection(client, journal, lock) {
    const h = client.latestHead();
    const locked = lock?.sumdb.get(client.name);
    const r = { database: client.name, route: client.describeRoute(), verifiedHashes: journal.sumdbVerified, problems: [...journal.sumdbProblems], timeWindow: [...journal.timeVerdicts] };
    if (h.tree.n > 0)
        r.treeHead = { size: h.tree.n, hash: h.tree.hash.toString("base64") };
    if (locked)
        r.lockedTreeHead = { size: locked.size, hash: locked.hash };
    return r;
}
/** Writes the JSON report and appends the Markdown summary where asked. */
async function writeReportFiles(o, opts) {
    if (opts.reportJson) {
        await (0,external_node_fs_promises_.mkdir)((0,external_node_path_.dirname)(opts.reportJson), { recursive: true });
        await (0,external_node_fs_promises_.writeFile)(opts.reportJson, renderJson(o.report));
    }
    if (opts.summary)
        await (0,external_node_fs_promises_.appendFile)(opts.summary, renderMarkdown(o.report, { ...opts.markdown, ...(opts.reportJson ? { fullReport: `the JSON report ${opts.reportJson}` } : {}) }) + "\n");
}

;// CONCATENATED MODULE: ./build/src/core/handshake.js
// How a started `gopin serve` tells its starter it is ready: its base URL as
// the first line on stdout, and (with --ready-file) a JSON file written
// atomically once it accepts requests, holding the URL, its pid and the exact
// environment later `go` commands need. The Action's main step exports that
// environment as it is, instead of resolving the configuration again.

/** The URL on the first line of `serve`'s stdout, once the line is complete. */
function urlLine(stdout) {
    const nl = stdout.indexOf("\n");
    return nl >= 0 ? stdout.slice(0, nl).trim() : undefined;
}
function isBaseUrl(url) {
    return /^http:\/\/[^/]+$/.test(url);
}
function writeReadyFile(path, ready) {
    const tmp = `${path}.${process.pid}.tmp`;
    (0,external_node_fs_.writeFileSync)(tmp, JSON.stringify(ready) + "\n");
    (0,external_node_fs_.renameSync)(tmp, path);
}
/** The ready file's content, or undefined while it is not there yet. */
function readReadyFile(path) {
    let text;
    try {
        text = readFileSync(path, "utf8");
    }
    catch {
        return undefined;
    }
    const r = JSON.parse(text);
    if (!isBaseUrl(r.url) || typeof r.pid !== "number" || typeof r.env !== "object")
        throw new Error(`${path}: not a gopin ready file`);
    return r;
}

;// CONCATENATED MODULE: ./build/src/core/base-lockfile.js
// The lockfile at the base of the change under review, read from git (a
// revision) or from a file, so the summary can tell a lockfile edit from an
// upstream change. Never fatal: when it cannot be had, the BaseLock says why.





function git(args, cwd) {
    return new Promise((resolve, reject) => {
        (0,external_node_child_process_.execFile)("git", args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
            if (err)
                reject(new Error((stderr || err.message).trim().split("\n")[0]));
            else
                resolve(stdout);
        });
    });
}
/**
 * The lockfile as it is at `rev` in the git work tree that holds
 * `lockfilePath`. `missing` says what to do when the revision is not in the
 * clone (e.g. a shallow checkout).
 */
async function lockfileAtRevision(rev, lockfilePath, label, missing) {
    const dir = (0,external_node_path_.dirname)(lockfilePath);
    try {
        await git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], dir);
    }
    catch (e) {
        const why = e.message;
        if (/not a git repository/i.test(why))
            return { unavailable: `${dir} is not in a git work tree` };
        if (/ENOENT|spawn git/.test(why))
            return { unavailable: "git is not installed" };
        return { unavailable: `${label} is not in this clone; ${missing}` };
    }
    let text;
    try {
        // "REV:./NAME" is resolved against the current directory: the lockfile's own.
        text = await git(["show", `${rev}:./${(0,external_node_path_.basename)(lockfilePath)}`], dir);
    }
    catch {
        return { label, rev, lock: undefined };
    }
    try {
        return { label, rev, lock: parseLockfile(text, `${rev}:${(0,external_node_path_.basename)(lockfilePath)}`) };
    }
    catch (e) {
        return { unavailable: `${label} holds a lockfile gopin cannot read: ${(0,scrub/* scrub */._I)(e.message)}` };
    }
}
/** A base lockfile given as a file. */
async function lockfileFromFile(path) {
    try {
        const lock = await readLockfile(path);
        return lock ? { label: `the base lockfile ${path}`, lock } : { unavailable: `the base lockfile ${path} does not exist` };
    }
    catch (e) {
        return { unavailable: `cannot read the base lockfile ${path}: ${(0,scrub/* scrub */._I)(e.message)}` };
    }
}

;// CONCATENATED MODULE: ./build/src/cli/go-sum.js
// The go.sum entries of the module in the current directory, fetched through
// the proxy (`gopin lock`): each `/go.mod` line's .mod and each other line's
// .zip, so the lock covers every hash go.sum holds.


/** Fetches every go.sum entry from the proxy at `proxyUrl`; 0 when all were served, else 1 (each failure named on stderr). */
async function fetchGoSumEntries(proxyUrl, goSumFile) {
    if (!(0,external_node_fs_.existsSync)(goSumFile))
        return 0;
    let failures = 0;
    for (const line of (0,external_node_fs_.readFileSync)(goSumFile, "utf8").split("\n")) {
        const [path, ver] = line.trim().split(/\s+/);
        if (!path || !ver)
            continue;
        const isMod = ver.endsWith("/go.mod");
        const version = isMod ? ver.slice(0, -"/go.mod".length) : ver;
        const url = `${proxyUrl}/${(0,gomod_escape/* escapePath */.ft)(path)}/@v/${(0,gomod_escape/* escapeVersion */.av)(version)}.${isMod ? "mod" : "zip"}`;
        const r = await fetch(url);
        await r.arrayBuffer();
        if (r.status !== 200) {
            failures++;
            process.stderr.write(`gopin: ${goSumFile}: ${path} ${ver}: the proxy answered ${r.status}\n`);
        }
    }
    return failures ? 1 : 0;
}

;// CONCATENATED MODULE: ./build/src/report/mirror-check.js

function buildMirrorCheckReport(input) {
    const count = (f) => input.sections.reduce((n, s) => n + f(s).length, 0);
    const mismatches = count((s) => s.hashMismatches);
    const parts = [
        [mismatches, "different .mod/.zip hash", "different .mod/.zip hashes"],
        [count((s) => s.missing), "missing file", "missing files"],
        [count((s) => s.drift), ".info difference", ".info differences"],
        [count((s) => s.queries), "list/@latest difference", "list/@latest differences"],
        [count((s) => s.failures), "failed request", "failed requests"],
    ]
        .filter(([n]) => n > 0)
        .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
    const sorted = input.sections.map((s) => ({
        ...s,
        hashMismatches: [...s.hashMismatches].sort(byModule),
        missing: [...s.missing].sort(byModule),
        drift: [...s.drift].sort(byModule),
        queries: [...s.queries].sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : a.query < b.query ? -1 : 1)),
    }));
    return {
        reportVersion: 1,
        kind: "mirror-check",
        verdict: mismatches > 0 ? "fail" : "pass",
        headline: parts.length ? parts.join(", ") : `every mirror agrees with the lockfile on ${input.versions} version${input.versions === 1 ? "" : "s"}`,
        generatedAt: input.now.toISOString(),
        lockfile: input.lockfile,
        versions: input.versions,
        mirrors: sorted,
    };
}
function byModule(a, b) {
    return a.module < b.module ? -1 : a.module > b.module ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
}
function renderMirrorCheckJson(r) {
    return JSON.stringify(r, null, 2) + "\n";
}
function renderMirrorCheckMarkdown(r) {
    const out = [`## gopin check-mirrors: ${r.verdict === "pass" ? "pass" : "FAIL"}`, "", `${escapeCell(r.headline)}. Lockfile ${codeCell(r.lockfile)}, ${r.versions} locked versions asked of each mirror.`];
    for (const s of r.mirrors) {
        out.push("", `### ${escapeCell(s.mirror)}`, "");
        const clean = !s.hashMismatches.length && !s.missing.length && !s.drift.length && !s.queries.length && !s.failures.length;
        if (clean) {
            out.push("Agrees with the lockfile.");
            continue;
        }
        if (s.hashMismatches.length) {
            out.push("**Different bytes (security finding):**", "", "| Module | Version | File | Locked | This mirror |", "|:---|:---|:---|:---|:---|");
            for (const m of s.hashMismatches)
                out.push(`| ${codeCell(m.module)} | ${codeCell(m.version)} | .${m.file} | ${codeCell(shortHash(m.locked))} | ${codeCell(shortHash(m.mirror))} |`);
            out.push("");
        }
        if (s.missing.length)
            out.push(`**Missing:** ${s.missing.map((m) => codeCell(`${m.module}@${m.version}.${m.file}`)).join(", ")}`, "");
        if (s.drift.length) {
            out.push("**.info drift (metadata, not a violation):**", "", "| Module | Version | Field | Locked | This mirror |", "|:---|:---|:---|:---|:---|");
            for (const d of s.drift)
                out.push(`| ${codeCell(d.module)} | ${codeCell(d.version)} | ${d.field} | ${codeCell(d.locked)} | ${codeCell(d.upstream)} |`);
            out.push("");
        }
        for (const q of s.queries)
            out.push(`- ${codeCell(q.module)} ${q.query === "list" ? "@v/list" : "@latest"}: ${escapeCell(q.detail)}`);
        for (const f of s.failures)
            out.push(`- could not ask for ${codeCell(f.file)}: ${escapeCell(f.error)}`);
    }
    return out.join("\n").trimEnd() + "\n";
}

;// CONCATENATED MODULE: ./build/src/core/mirror-check.js
// `gopin check-mirrors`: asks every mirror for every version in the lockfile
// (.info, .mod, and .zip, hashed as go does) and for the locked list/@latest
// answers, and reports per mirror what differs from the lockfile. Only a
// different .mod/.zip hash is a security finding; .info times and origins
// are metadata (drift), as everywhere in gopin.












async function checkMirrors(o) {
    const tmp = await (0,external_node_fs_promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), "gopin-check-mirrors-"));
    try {
        const sections = await Promise.all(o.mirrors.map((url) => checkOne(new HttpUpstream(url), o.lock, tmp)));
        let versions = 0;
        for (const m of o.lock.modules.values())
            versions += m.versions.size;
        return buildMirrorCheckReport({ lockfile: o.lockfileName, versions, now: o.now ?? new Date(), sections });
    }
    finally {
        await (0,external_node_fs_promises_.rm)(tmp, { recursive: true, force: true });
    }
}
async function checkOne(mirror, lock, tmp) {
    const s = { mirror: mirror.name, hashMismatches: [], missing: [], drift: [], queries: [], failures: [] };
    let n = 0;
    /** The body (or a temp file for a zip); undefined when the mirror failed or lacks it (noted in `s`). */
    const get = async (module, kind, version) => {
        const dest = kind === "zip" ? (0,external_node_path_.join)(tmp, `${mirror.name.replace(/\W+/g, "_")}-${n++}.zip`) : undefined;
        try {
            const r = await mirror.fetch({ module, kind, ...(version ? { version } : {}) }, dest, limitFor(kind));
            return r.body ?? dest;
        }
        catch (e) {
            if (e instanceof NotFoundError && version && kind !== "list" && kind !== "latest")
                s.missing.push({ module, version, file: kind });
            else if (e instanceof NotFoundError)
                s.queries.push({ module, query: kind, detail: "not found at this mirror" });
            else
                s.failures.push({ module, file: (0,module_file/* describeFile */.C)({ module, kind, ...(version ? { version } : {}) }), error: e.message });
            return undefined;
        }
    };
    for (const [module, m] of lock.modules) {
        for (const [version, lv] of m.versions) {
            await Promise.all([
                get(module, "info", version).then((b) => {
                    if (b === undefined)
                        return;
                    try {
                        const info = parseInfo(b, `${module}@${version}.info`);
                        s.drift.push(...infoDrift({ lock }, module, version, info.Time, originFromInfo(info.Origin)));
                    }
                    catch (e) {
                        s.failures.push({ module, file: `${module}@${version}.info`, error: e.message });
                    }
                }),
                ...["mod", "zip"]
                    .filter((kind) => lv[kind] !== undefined)
                    .map(async (kind) => {
                    const b = await get(module, kind, version);
                    if (b === undefined)
                        return;
                    try {
                        const hash = kind === "mod" ? hashGoMod(b) : await hashZip(b);
                        if (hash !== lv[kind])
                            s.hashMismatches.push({ module, version, file: kind, locked: lv[kind], mirror: hash });
                    }
                    catch (e) {
                        s.hashMismatches.push({ module, version, file: kind, locked: lv[kind], mirror: `(unreadable: ${e.message})` });
                    }
                    finally {
                        if (typeof b === "string")
                            await (0,external_node_fs_promises_.rm)(b, { force: true });
                    }
                }),
            ]);
        }
        if (m.list) {
            const b = await get(module, "list");
            if (b !== undefined) {
                const have = new Set(b.toString("utf8").split("\n").filter(Boolean));
                const lacking = m.list.filter((v) => !have.has(v));
                if (lacking.length)
                    s.queries.push({ module, query: "list", detail: `lacks locked version${lacking.length === 1 ? "" : "s"} ${lacking.join(", ")}` });
            }
        }
        if (m.latest) {
            const b = await get(module, "latest");
            if (b !== undefined) {
                try {
                    const v = parseInfo(b, `${module}/@latest`).Version;
                    // A newer answer is expected (versions published since the lock); an older one is not.
                    if ((0,semver/* compareVersion */.Gm)(v, m.latest.version) < 0)
                        s.queries.push({ module, query: "latest", detail: `answers ${v}, older than the locked ${m.latest.version}` });
                }
                catch (e) {
                    s.failures.push({ module, file: `${module}/@latest`, error: e.message });
                }
            }
        }
    }
    return s;
}

;// CONCATENATED MODULE: ./build/src/core/modcache.js
// gopin owns the module cache of the go commands it serves. `go` asks its
// GOPROXY only for what its module cache (GOMODCACHE) lacks, so a cache that
// already holds a module (setup-go's restore, a laptop's warm ~/go/pkg/mod)
// lets that module skip gopin entirely: no lockfile check, no record. The
// Action and `gopin run` therefore point GOMODCACHE at a directory of their
// own that is empty when the job (or run) starts.


/**
 * Removes a module cache. go makes its directories read-only (unless
 * -modcacherw), and unlinking inside a read-only directory fails for anyone
 * but root, so directories are made writable first.
 */
async function removeModuleCache(dir) {
    try {
        await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
        return;
    }
    catch {
        // Read-only directories in the way: open them up and try once more.
    }
    await makeDirsWritable(dir);
    await (0,external_node_fs_promises_.rm)(dir, { recursive: true, force: true });
}
async function makeDirsWritable(dir) {
    let st;
    try {
        st = await (0,external_node_fs_promises_.lstat)(dir);
    }
    catch {
        return;
    }
    if (!st.isDirectory())
        return;
    await (0,external_node_fs_promises_.chmod)(dir, 0o755).catch(() => undefined);
    for (const name of await (0,external_node_fs_promises_.readdir)(dir).catch(() => []))
        await makeDirsWritable((0,external_node_path_.join)(dir, name));
}
/** An empty module cache at `dir` (whatever a previous job left there is removed). */
async function freshModuleCache(dir) {
    await removeModuleCache(dir);
    await mkdir(dir, { recursive: true });
    return dir;
}
/** A new, empty module cache for one `gopin run`, next to the store (same disk, and never the user's). */
function runModuleCache(store) {
    return (0,external_node_fs_promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_path_.dirname)((0,external_node_path_.resolve)(store)), "run-modcache-"));
}
/** Whether `dir` is a module cache that already holds something (a missing or empty directory does not). */
async function isPopulated(dir) {
    try {
        return (await readdir(dir)).length > 0;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __nccwpck_require__(5919);
;// CONCATENATED MODULE: ./build/src/modcache/layout.js
// One locked module version laid out in a module cache from its store zip,
// exactly as go leaves a download (cmd/go/internal/modfetch fetch.go unzip,
// DownloadDir; x/mod/zip Unzip):
//
//   GOMODCACHE/<escaped path>@<escaped version>/   the files, mode 0444; the
//       directories made read-only too unless the job runs with -modcacherw
//   GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.zip
//       the store's zip, hard-linked (copied where a link cannot be made):
//       `go mod download` wants the zip file itself, and without it would
//       fetch every zip through gopin again after the prefill
//   GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.ziphash
//       the h1: hash (go then checks it against go.sum before using the tree)
//   GOMODCACHE/cache/download/<escaped path>/@v/<escaped version>.info
//       when the job gives one: the answer gopin would give go for it
//   ...@v/<escaped version>.partial from before the tree's first file until
//       after its .ziphash: go treats a tree whose .partial is there as
//       unfinished, and removes it and extracts the zip itself.
//
// The zip passes the checks admission uses (zipcheck.ts, in the same pass as
// its extraction) and its hash must equal the lock's; otherwise its tree is
// removed. What is checked is the linked copy, read after the link was made,
// so the zip go finds is the one that was checked even if the store's entry
// is replaced meanwhile. This module runs in the prefill's worker threads
// (layout-pool.ts) as well as in-process: its input and output are plain data.






/** Go's modfetch paths for one module version below a module cache. */
function cachePaths(modCache, module, version) {
    const ep = (0,gomod_escape/* escapePath */.ft)(module);
    const ev = (0,gomod_escape/* escapeVersion */.av)(version);
    return { dir: (0,external_node_path_.join)(modCache, ...`${ep}@${ev}`.split("/")), dl: (0,external_node_path_.join)(modCache, "cache", "download", ...ep.split("/"), "@v"), ev };
}
/** A zip of up to this many bytes is read at once: one read instead of one per file. */
const IN_MEMORY_ZIP = 64 << 20;
/** One version: undefined when laid out, else why not (its tree removed). Never throws. */
async function layout_layOutVersion(j) {
    const skip = (reason, detail) => ({ module: j.module, version: j.version, reason, ...(detail ? { detail } : {}) });
    let paths;
    try {
        paths = cachePaths(j.modCache, j.module, j.version);
    }
    catch (e) {
        return skip("cannot write", e.message);
    }
    const { dir, dl, ev } = paths;
    const partial = (0,external_node_path_.join)(dl, `${ev}.partial`);
    // go's own temporary-zip pattern (<version>.zip.tmp-*): go removes leftovers of it.
    const zipTmp = (0,external_node_path_.join)(dl, `${ev}.zip.tmp-gopin`);
    try {
        await (0,external_node_fs_promises_.stat)(dir);
        // A tree with its .partial still there was left unfinished (a worker
        // that died, say): it is laid out again, as go would extract it again.
        if (!(await exists(partial)))
            return skip("already in the module cache");
        await removeTree(dir, partial);
    }
    catch {
        // the usual case: no tree yet
    }
    const tree = new TreeWriter(dir);
    try {
        await (0,external_node_fs_promises_.mkdir)(dl, { recursive: true });
        await (0,external_node_fs_promises_.writeFile)(partial, "");
        await (0,external_node_fs_promises_.mkdir)(dir, { recursive: true });
        await placeZip(j.zip, zipTmp);
        let got;
        try {
            got = await checkModuleZip(j.size <= IN_MEMORY_ZIP ? await (0,external_node_fs_promises_.readFile)(zipTmp) : zipTmp, j.module, j.version, tree);
        }
        catch (e) {
            await removeTree(dir, partial, zipTmp);
            if (e instanceof gomod_escape/* GoModError */.j1)
                return skip("zip refused", e.message.split("\n")[0]);
            throw e;
        }
        if (got !== j.h1) {
            await removeTree(dir, partial, zipTmp);
            return skip("zip differs from the lockfile", got ? `${got}, locked ${j.h1}` : "it has no h1: hash");
        }
        // As go's downloadZip leaves them: the zip, then its .ziphash.
        await (0,external_node_fs_promises_.rename)(zipTmp, (0,external_node_path_.join)(dl, `${ev}.zip`));
        await (0,external_node_fs_promises_.writeFile)((0,external_node_path_.join)(dl, `${ev}.ziphash`), got);
        if (j.info !== undefined)
            await (0,external_node_fs_promises_.writeFile)((0,external_node_path_.join)(dl, `${ev}.info`), j.info);
        await (0,external_node_fs_promises_.rm)(partial);
        if (!j.modCacheRW)
            await tree.makeReadOnly();
        return undefined;
    }
    catch (e) {
        await removeTree(dir, partial, zipTmp).catch(() => undefined);
        return skip("cannot write", e.message);
    }
}
/** The store's zip at `to`: a hard link (free, on the same file system), else a copy. Never through a symbolic link. */
async function placeZip(from, to) {
    if (!(await (0,external_node_fs_promises_.lstat)(from)).isFile())
        throw new Error(`${from} is not a regular file`);
    await (0,external_node_fs_promises_.rm)(to, { force: true });
    try {
        await (0,external_node_fs_promises_.link)(from, to);
    }
    catch {
        await (0,external_node_fs_promises_.copyFile)(from, to);
    }
}
async function exists(p) {
    try {
        await (0,external_node_fs_promises_.stat)(p);
        return true;
    }
    catch {
        return false;
    }
}
/** Removes a version's tree, its .partial and its zip not yet in place. */
async function removeTree(dir, partial, zipTmp) {
    await removeModuleCache(dir);
    if (zipTmp)
        await (0,external_node_fs_promises_.rm)(zipTmp, { force: true });
    await (0,external_node_fs_promises_.rm)(partial, { force: true });
}
/**
 * Writes the files of one module version below its directory, as x/mod/zip
 * Unzip does (O_EXCL, mode 0444). A file whose content comes in one chunk
 * (every small one) is written with one synchronous call, open, write and
 * close together: on a fast disk three thread-pool round trips per file cost
 * more than the file system does (the hugo graph's 40,658 files: 5.3 s
 * laid out asynchronously, 8 at a time per tree, against 3.0 s this way, on
 * a RAM disk). Directories are made as they are first needed.
 */
class TreeWriter {
    root;
    /** Directories known to exist (the tree's own: makeReadOnly). */
    dirs = new Set();
    constructor(root) {
        this.root = root;
        this.dirs.add(root);
    }
    open(name) {
        return new FileWriter(this, (0,external_node_path_.join)(this.root, ...name.split("/")));
    }
    ensureDir(d) {
        if (this.dirs.has(d))
            return;
        (0,external_node_fs_.mkdirSync)(d, { recursive: true });
        for (let q = d; !this.dirs.has(q); q = (0,external_node_path_.dirname)(q))
            this.dirs.add(q);
    }
    /** go's makeDirsReadOnly: every directory of the tree loses its write bits, children first. */
    async makeReadOnly() {
        const byDepth = [...this.dirs].sort((a, b) => b.length - a.length);
        for (const d of byDepth)
            await (0,external_node_fs_promises_.chmod)(d, 0o555);
    }
}
/** One file: one synchronous write when its content comes in one chunk, else through a handle. */
class FileWriter {
    tree;
    path;
    first;
    fh;
    constructor(tree, path) {
        this.tree = tree;
        this.path = path;
    }
    write(chunk) {
        if (!this.fh && !this.first) {
            this.first = chunk;
            return;
        }
        return this.more(chunk);
    }
    async more(chunk) {
        if (!this.fh) {
            this.tree.ensureDir((0,external_node_path_.dirname)(this.path));
            this.fh = await (0,external_node_fs_promises_.open)(this.path, "wx", 0o444);
            const first = this.first;
            this.first = undefined;
            await writeAll(this.fh, first);
        }
        await writeAll(this.fh, chunk);
    }
    async end() {
        if (this.fh) {
            const fh = this.fh;
            this.fh = undefined;
            await fh.close();
            return;
        }
        const data = this.first ?? Buffer.alloc(0);
        this.first = undefined;
        this.tree.ensureDir((0,external_node_path_.dirname)(this.path));
        (0,external_node_fs_.writeFileSync)(this.path, data, { flag: "wx", mode: 0o444 });
    }
    async abort() {
        this.first = undefined;
        await this.fh?.close().catch(() => undefined);
        this.fh = undefined;
    }
}
async function writeAll(fh, b) {
    for (let off = 0; off < b.length;)
        off += (await fh.write(b, off, b.length - off)).bytesWritten;
}

;// CONCATENATED MODULE: ./build/src/modcache/layout-pool.js
// Worker threads that lay versions out (layout.ts) side by side. Laying out
// is CPU work (inflate, SHA-256, the zip checks) and one file write per file,
// so one thread keeps one core busy: the hugo graph's 40,658 files took
// 1.8 s on one thread of a 2-core machine. The worker script is the bundle
// dist/prefill-worker (or its compiled entry when run unbundled), found next
// to this module's own file, as the Action finds gopin's command line.






/** The worker script: dist/prefill-worker/index.js beside a bundle, build/src/entries/prefill-worker.js beside compiled sources. */
function layoutWorkerFile() {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
    for (const p of [(0,external_node_path_.join)(here, "..", "prefill-worker", "index.js"), (0,external_node_path_.join)(here, "..", "entries", "prefill-worker.js")])
        if ((0,external_node_fs_.existsSync)(p))
            return p;
    return undefined;
}
/**
 * Versions per worker thread before one is worth starting. A worker costs
 * its start-up and its own cold compile of the layout code, about 0.1 s of
 * CPU: fzf's 11 versions, 2 workers against this thread on 2 cores, took
 * 1.3-1.6 s of the machine's CPU for the whole restore instead of 1.1-1.3 s,
 * and finished later (bench ci).
 */
const VERSIONS_PER_THREAD = 24;
/** Threads worth starting for `jobs` versions: one per core, at most 4, and none (this thread) unless two or more are worth it. */
function layoutThreads(jobs, cores = (0,external_node_os_.availableParallelism)()) {
    const n = Math.min(4, cores, Math.floor(jobs / VERSIONS_PER_THREAD));
    return n < 2 ? 0 : n;
}
/**
 * Lays versions out on worker threads. A job whose worker dies (or cannot
 * start) is laid out on this thread instead: layOutVersion redoes a tree
 * left with its .partial.
 */
class LayoutPool {
    workers = [];
    pending = new Map();
    load = new Map();
    nextId = 0;
    constructor(threads, file = layoutWorkerFile()) {
        if (!file)
            return;
        for (let i = 0; i < threads; i++) {
            const w = new external_node_worker_threads_.Worker(file);
            w.on("message", (m) => this.settle(m.id, m.skip));
            // A worker that fails takes its jobs with it: they run here instead.
            const lost = () => this.reclaim(w);
            w.on("error", lost);
            w.on("exit", lost);
            this.workers.push(w);
            this.load.set(w, 0);
        }
    }
    get threads() {
        return this.workers.length;
    }
    /** Lays one version out; never rejects. */
    run(job) {
        if (this.workers.length === 0)
            return layout_layOutVersion(job);
        // The least busy worker: zips differ a lot in size.
        const worker = this.workers.reduce((a, b) => (this.load.get(b) < this.load.get(a) ? b : a));
        this.load.set(worker, this.load.get(worker) + 1);
        const id = this.nextId++;
        return new Promise((resolve) => {
            this.pending.set(id, { job, worker, resolve });
            worker.postMessage({ id, job });
        });
    }
    settle(id, skip) {
        const p = this.pending.get(id);
        if (!p)
            return;
        this.pending.delete(id);
        this.load.set(p.worker, (this.load.get(p.worker) ?? 1) - 1);
        p.resolve(skip);
    }
    reclaim(w) {
        const i = this.workers.indexOf(w);
        if (i >= 0)
            this.workers.splice(i, 1);
        for (const [id, p] of this.pending) {
            if (p.worker !== w)
                continue;
            this.pending.delete(id);
            void layout_layOutVersion(p.job).then(p.resolve);
        }
    }
    async close() {
        const ws = this.workers.splice(0);
        await Promise.all(ws.map((w) => w.terminate()));
    }
}
/** The worker's side: lays out each job it is sent, one at a time, and answers with the outcome. */
function serveLayoutJobs() {
    const port = parentPort;
    if (!port)
        throw new Error("the prefill worker must run in a worker thread");
    let queue = Promise.resolve();
    port.on("message", (m) => {
        queue = queue.then(async () => port.postMessage({ id: m.id, skip: await layOutVersion(m.job) }));
    });
}

;// CONCATENATED MODULE: ./build/src/modcache/prefill.js
// Prefill: in verify mode the lockfile names every module version the job
// may use with its zip's h1: hash, so the locked zips already in the store
// are extracted into gopin's own module cache before any go command runs,
// laid out exactly as go leaves a download (layout.ts), on worker threads
// (layout-pool.ts).
//
// Each version gets its tree, its .ziphash, its zip (`go mod download` wants
// the file) and, where the lock pins its time, its .info: the very answer
// verify mode gives from the lockfile (go build asks for the .info of every
// module that provides a package). The .mod is not written: go still asks
// gopin for every .mod it loads, so gopin sees (and the report and the store
// pruning count) each version the job used, and a version the lock does not
// hold still reaches gopin and its refusal. A zip that fails its checks or
// differs from the lock leaves nothing behind, and go asks gopin for it.







/** Whether a GOFLAGS value turns -modcacherw on (the last mention wins, as go's flag parsing does). */
function hasModCacheRW(goflags) {
    let on = false;
    for (const f of (goflags ?? "").split(/\s+/)) {
        const m = /^--?modcacherw(?:=(.*))?$/.exec(f);
        if (m)
            on = m[1] === undefined || ["1", "t", "T", "true", "TRUE", "True"].includes(m[1]);
    }
    return on;
}
/** Lays out the locked versions whose zip is in the store; never throws for one version's problem. */
function prefillModuleCache(o) {
    return new ModuleCachePrefill(o).finish();
}
/**
 * The prefill of one module cache. A zip can be offered as soon as it lands
 * in the store (a streamed restore, store-cache.ts) and is laid out at once;
 * finish() lays out every locked zip of the store not offered yet, largest
 * first, and resolves with the outcome once all are done.
 */
class ModuleCachePrefill {
    o;
    ready;
    byZip = new Map();
    started = new Set();
    queue = [];
    pool;
    limit;
    skipped = [];
    active = 0;
    laidOut = 0;
    zipBytes = 0;
    t0;
    whenIdle;
    /** `ready`: the module cache may be written once it resolves (main empties it first). */
    constructor(o, ready = Promise.resolve()) {
        this.o = o;
        this.ready = ready;
        for (const [module, m] of o.lock.modules) {
            for (const [version, lv] of m.versions) {
                if (lv.zip === undefined)
                    continue;
                const zip = (0,external_node_path_.resolve)(o.store, ...(0,module_file/* modulePath */.M)({ module, kind: "zip", version }).split("/"));
                this.byZip.set(zip, { module, version, h1: lv.zip, zip, ...(lv.time !== undefined ? { info: lockedInfo(version, lv).toString("utf8") } : {}) });
            }
        }
        this.pool = new LayoutPool(o.threads ?? layoutThreads(this.byZip.size));
        // Two per thread keep each worker busy between jobs; four at once in-process overlap the reads.
        this.limit = this.pool.threads ? 2 * this.pool.threads : 4;
    }
    /** A file landed in the store: a locked zip is laid out now. */
    offer(file) {
        const c = this.byZip.get((0,external_node_path_.resolve)(file));
        if (!c || this.started.has(c))
            return;
        let size;
        try {
            const st = (0,external_node_fs_.statSync)(c.zip);
            if (!st.isFile())
                return;
            size = st.size;
        }
        catch {
            return; // finish() looks again
        }
        this.started.add(c);
        this.enqueue({ ...c, size });
    }
    /** The store is complete: lays out the locked zips not offered yet and resolves once every one is done. */
    async finish() {
        const rest = [];
        await Promise.all([...this.byZip.values()]
            .filter((c) => !this.started.has(c))
            .map(async (c) => {
            this.started.add(c);
            try {
                const st = await (0,external_node_fs_promises_.stat)(c.zip);
                if (st.isFile())
                    return void rest.push({ ...c, size: st.size });
            }
            catch {
                // missing
            }
            this.skipped.push({ module: c.module, version: c.version, reason: "not in the store" });
        }));
        // Largest first, so one big zip does not finish alone at the end.
        for (const j of rest.sort((a, b) => b.size - a.size))
            this.enqueue(j);
        if (this.active > 0 || this.queue.length > 0)
            await new Promise((r) => (this.whenIdle = r));
        const threads = this.pool.threads;
        await this.pool.close();
        const skipped = this.skipped.sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
        return { locked: this.byZip.size, laidOut: this.laidOut, zipBytes: this.zipBytes, skipped, ms: Math.round(this.t0 === undefined ? 0 : performance.now() - this.t0), threads };
    }
    enqueue(j) {
        this.queue.push({ ...j, modCache: this.o.modCache, modCacheRW: this.o.modCacheRW });
        this.pump();
    }
    pump() {
        while (this.active < this.limit && this.queue.length > 0) {
            const job = this.queue.shift();
            this.active++;
            this.t0 ??= performance.now();
            void this.ready
                .then(() => this.pool.run(job))
                .then((skip) => {
                if (skip)
                    this.skipped.push(skip);
                else {
                    this.laidOut++;
                    this.zipBytes += job.size;
                }
            }, (e) => void this.skipped.push({ module: job.module, version: job.version, reason: "cannot write", detail: e.message }))
                .finally(() => {
                this.active--;
                this.pump();
                if (this.active === 0 && this.queue.length === 0)
                    this.whenIdle?.();
            });
        }
    }
}
/** The skip reasons with their counts, most frequent first: "3 not in the store, 1 zip differs from the lockfile". */
function skipCounts(skipped) {
    const n = new Map();
    for (const s of skipped)
        n.set(s.reason, (n.get(s.reason) ?? 0) + 1);
    return [...n]
        .sort((a, b) => b[1] - a[1])
        .map(([r, c]) => `${c} ${r}`)
        .join(", ");
}
/** One line for the summary and the log: "laid out 12 of 14 locked module versions (3.1 MiB of zips) in 850ms; 2 skipped: ...". */
function prefillText(r) {
    const skipped = typeof r.skipped === "string" ? r.skipped : skipCounts(r.skipped);
    const n = typeof r.skipped === "string" ? r.locked - r.laidOut : r.skipped.length;
    return (`laid out ${r.laidOut} of ${r.locked} locked module versions from the store (${humanBytes(r.zipBytes)} of zips) in ${humanDuration(r.ms)}` +
        (n > 0 ? `; ${n} skipped: ${skipped}` : ""));
}

;// CONCATENATED MODULE: ./build/src/cli/cli.js
// `gopin` command line: a thin layer over the shared core. runCli() is the
// whole command; src/entries/cli.ts only calls it and exits with its code.














/** Everything gopin says on stderr, scrubbed of credentials. */
function say(text) {
    process.stderr.write((0,scrub/* scrub */._I)(text));
}








const USAGE = `gopin — a pinned-state Go module proxy for CI

Usage:
  gopin run   [flags] -- COMMAND [ARGS...]
  gopin lock  [flags]
  gopin serve [flags]
  gopin check-mirrors --mirrors "URL URL ..." [--lockfile FILE] [--report FILE] [--summary FILE]
  gopin help | version

run    starts the proxy, runs COMMAND with GOPROXY pointing at gopin alone,
       writes the lockfile (record mode), prints the drift report, and exits
       non-zero when COMMAND failed or anything was refused.
lock   records what the module in the current directory needs to build and
       test, whatever the command: go mod download all (every module of
       go list -m all with its .mod and .zip), then every go.sum entry.
serve  prints its base URL (http://127.0.0.1:PORT) as the first line on stdout
       once it accepts requests, and serves until SIGINT/SIGTERM (exit 0).
       The lockfile policy applies when --mode or --lockfile is given.
check-mirrors  asks every mirror for every locked version (.info, .mod, .zip)
       and the locked list/@latest answers, and reports per mirror what differs
       from the lockfile; exits 1 only when a mirror serves a different hash.

Proxy flags:
  --listen ADDR           loopback address (default 127.0.0.1:0)
  --store DIR             module store (default ~/.cache/gopin/store)
  --upstream LIST         GOPROXY-style chain (default: go env GOPROXY)
  --mirrors "URL URL"     equivalent mirrors pooled in place of the chain's first HTTP entry
  --private PATTERNS      fetched direct only (default: go env GONOPROXY/GOPRIVATE)
  --log FILE|stderr|none  one JSON line per request
  --sumdb GOSUMDB         checksum database: off, NAME, NAME+HASH+KEY or "KEY URL" (default: go env GOSUMDB)
  --nosumdb PATTERNS      never looked up in the checksum database (default: go env GONOSUMDB/GOPRIVATE)
  --read-ahead on|off     fetch a version's .mod and .zip as soon as its .info is asked for (default on)
  --check-store-at-start on|off  verify mode: check the store's locked zips as gopin starts, not each on first use (default on;
                          off when something else writes the store meanwhile, as the Action's cache restore does;
                          run: off by default when it prefills its module cache, which checks those zips itself)
  --shared-store s3://BUCKET/PREFIX  org-wide shared store behind the local one (AWS env/profile credentials)
  --shared-store-mode read-write|read  read: never upload (untrusted contexts such as fork pull requests)
  --shared-store-private on|off       private modules use the shared store too (default off)
  --shared-store-path-style on|off    path-style bucket addressing (default: on when AWS_ENDPOINT_URL(_S3) is set)
  --ready-file FILE       serve: once ready, write {url, pid, env} there as JSON (env: what go commands need)
Lockfile flags:
  --mode auto|verify|record   auto: verify when the lockfile exists (default)
  --lockfile FILE             default gopin.lock
  --as-of TIME                version queries see only versions published by TIME
  --min-release-age DURATION  refuse versions younger than this (e.g. 7d)
  --allow MODULE@VERSION      exempt one version from --min-release-age (repeatable)
  --report FILE               write the drift report as JSON
  --summary FILE              append the drift report as Markdown (e.g. $GITHUB_STEP_SUMMARY)
  --base REV                  compare refusals with the lockfile at this git revision (e.g. origin/main):
                              tells a lockfile edit from an upstream change in the report
  --base-lockfile FILE        the same, with the base lockfile given as a file
  --quiet                     do not print the report on stderr
  --prune                     lock: drop locked versions no longer in the build graph

Run flags:
  --own-modcache on|off       give COMMAND an empty module cache of this run's own, removed
                              afterwards (default: on in verify mode, off in record mode). With
                              off, go uses your GOMODCACHE, and modules already there never reach
                              gopin: verify cannot refuse them and record does not lock them.
  --prefill-modcache on|off   verify mode, own module cache: first extract the locked zips of the
                              store into it, each checked against the lockfile, so go need not
                              download and unzip them (it still asks gopin for every go.mod).
                              Default on.

Precedence: flags > GOPIN_* environment (GOPIN_UPSTREAM, GOPIN_PRIVATE,
GOPIN_STORE, GOPIN_MIRRORS, GOPIN_SUMDB, GOPIN_NOSUMDB, GOPIN_READ_AHEAD, GOPIN_CHECK_STORE_AT_START, GOPIN_SHARED_STORE(_MODE|_PRIVATE|_PATH_STYLE), GOPIN_MODE, GOPIN_LOCKFILE, GOPIN_AS_OF, GOPIN_MIN_RELEASE_AGE,
GOPIN_ALLOW, GOPIN_OWN_MODCACHE) > the lockfile's recorded policy > go env > defaults.`;
const options = {
    listen: { type: "string" },
    store: { type: "string" },
    upstream: { type: "string" },
    mirrors: { type: "string" },
    private: { type: "string" },
    log: { type: "string" },
    sumdb: { type: "string" },
    nosumdb: { type: "string" },
    "read-ahead": { type: "string" },
    "check-store-at-start": { type: "string" },
    "shared-store": { type: "string" },
    "shared-store-mode": { type: "string" },
    "shared-store-private": { type: "string" },
    "shared-store-path-style": { type: "string" },
    mode: { type: "string" },
    lockfile: { type: "string" },
    "as-of": { type: "string" },
    "min-release-age": { type: "string" },
    allow: { type: "string", multiple: true },
    report: { type: "string" },
    summary: { type: "string" },
    base: { type: "string" },
    "base-lockfile": { type: "string" },
    quiet: { type: "boolean" },
    prune: { type: "boolean" },
    "ready-file": { type: "string" },
    "own-modcache": { type: "string" },
    "prefill-modcache": { type: "string" },
    // Whose knobs refusals advise: the CLI's flags (default) or the Action's inputs.
    advice: { type: "string" },
    help: { type: "boolean", short: "h" },
};
class UsageError extends Error {
}
function parse(args) {
    try {
        return (0,external_node_util_.parseArgs)({ args, options, allowPositionals: true, strict: true });
    }
    catch (e) {
        throw new UsageError(e.message);
    }
}
function serveFlags(v) {
    return { listen: v.listen, store: v.store, upstream: v.upstream, mirrors: v.mirrors, private: v.private, log: v.log, sumdb: v.sumdb, noSumDb: v.nosumdb, readAhead: v["read-ahead"], checkStoreAtStart: v["check-store-at-start"],
        sharedStore: v["shared-store"], sharedStoreMode: v["shared-store-mode"], sharedStorePrivate: v["shared-store-private"], sharedStorePathStyle: v["shared-store-path-style"] };
}
function policyFlags(v) {
    return { mode: v.mode, lockfile: v.lockfile, asOf: v["as-of"], minReleaseAge: v["min-release-age"], allow: v.allow };
}
function adviceOf(v) {
    if (v.advice === undefined || v.advice === "cli")
        return "cli";
    if (v.advice === "action")
        return "action";
    throw new UsageError(`--advice must be cli or action, got "${v.advice}"`);
}
/** How the Markdown report words its advice and where it finds the base lockfile (looked for only when something failed). */
async function markdownOptions(o, session, v) {
    const base = o.report.verdict !== "fail" ? undefined
        : v["base-lockfile"] !== undefined ? await lockfileFromFile(v["base-lockfile"])
            : v.base !== undefined ? await lockfileAtRevision(v.base, (0,external_node_path_.resolve)(session.policy.lockfilePath), `the lockfile at ${v.base}`, "fetch it first")
                : undefined;
    return { advice: adviceOf(v), lock: session.policy.lock, base, lockfile: (0,external_node_path_.relative)(process.cwd(), (0,external_node_path_.resolve)(session.policy.lockfilePath)) || session.policy.lockfilePath };
}
/** Whether `run` gives its command a module cache of its own: --own-modcache > GOPIN_OWN_MODCACHE > on in verify mode. */
function ownModCache(v, env, mode) {
    const [text, from] = v["own-modcache"] !== undefined ? [v["own-modcache"], "--own-modcache"] : [env.GOPIN_OWN_MODCACHE, "GOPIN_OWN_MODCACHE"];
    if (text === undefined)
        return mode === "verify";
    const t = text.trim().toLowerCase();
    if (["on", "true", "1", "yes"].includes(t))
        return true;
    if (["off", "false", "0", "no"].includes(t))
        return false;
    throw new ConfigError(`${from} must be on or off, got ${JSON.stringify(text)}`);
}
/** Whether `run` prefills its own module cache: --prefill-modcache, on by default where it applies (verify mode, own module cache). */
function prefillWanted(v, mode, own) {
    const text = v["prefill-modcache"];
    if (text === undefined)
        return mode === "verify" && own;
    const t = text.trim().toLowerCase();
    if (["off", "false", "0", "no"].includes(t))
        return false;
    if (!["on", "true", "1", "yes"].includes(t))
        throw new ConfigError(`--prefill-modcache must be on or off, got ${JSON.stringify(text)}`);
    if (mode !== "verify")
        throw new ConfigError("--prefill-modcache on is for verify mode: record mode must see every module go fetches");
    if (!own)
        throw new ConfigError("--prefill-modcache on fills the run's own module cache: drop --own-modcache off");
    return true;
}
/** Reports the outcome; returns its violations (the one number that fails a job). */
async function finishSession(session, v, commandStatus = 0, prune = false) {
    const o = await session.finish({ prune });
    const markdown = await markdownOptions(o, session, v);
    await writeReportFiles(o, { reportJson: v.report, summary: v.summary, markdown });
    if (!v.quiet)
        say("\n" + renderMarkdown(o.report, markdown) + "\n");
    if (session.policy.mode === "record" || o.report.lockfile.error)
        say(lockfileLine(o.report, session.policy.lockfilePath, commandStatus) + "\n");
    return o.report.counts.violations;
}
async function serve(args) {
    const { values, positionals } = parse(args);
    if (values.help)
        return printUsage(0);
    if (positionals.length)
        throw new UsageError(`serve takes no arguments, got "${positionals.join(" ")}"`);
    const advice = adviceOf(values);
    const cfg = await resolveServeConfig(serveFlags(values));
    const withPolicy = values.mode !== undefined || values.lockfile !== undefined || process.env.GOPIN_MODE !== undefined || process.env.GOPIN_LOCKFILE !== undefined;
    const stopped = new Promise((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
    });
    const ready = (url) => {
        if (values["ready-file"])
            writeReadyFile(values["ready-file"], { url, pid: process.pid, env: childGoEnv(url, cfg) });
        process.stdout.write(url + "\n");
    };
    if (!withPolicy) {
        const proxy = await startProxy(cfg, process.env, undefined, undefined, advice);
        ready(proxy.url);
        await stopped;
        await proxy.close();
        return 0;
    }
    const session = await startSession(cfg, await resolvePolicyConfig(policyFlags(values)), { advice });
    ready(session.proxy.url);
    await stopped;
    await finishSession(session, values);
    return 0;
}
/** Starts the proxy session for `run` and `lock`, and the environment its commands get. */
async function startRunSession(values) {
    const cfg = await resolveServeConfig({ log: "none", ...stripUndefined(serveFlags(values)) });
    const policy = await resolvePolicyConfig(policyFlags(values));
    const own = ownModCache(values, process.env, policy.mode);
    const prefill = prefillWanted(values, policy.mode, own);
    // The prefill checks every locked zip it lays out: unless asked to, the
    // proxy does not inflate and hash them all a second time as it starts.
    const checkStoreAtStart = prefill && own && policy.lock && cfg.sources.checkStoreAtStart === "default" ? false : cfg.checkStoreAtStart;
    const session = await startSession({ ...cfg, checkStoreAtStart }, policy, { advice: adviceOf(values) });
    const env = withChildEnv(process.env, session.goEnv);
    const modCache = own ? await runModuleCache(cfg.store) : undefined;
    if (modCache)
        env.GOMODCACHE = modCache;
    if (modCache && prefill && policy.lock) {
        const r = await prefillModuleCache({ lock: policy.lock, store: cfg.store, modCache, modCacheRW: hasModCacheRW(env.GOFLAGS) });
        say(`gopin: module cache: ${prefillText(r)}${r.skipped.length ? ` (${r.skipped.slice(0, 3).map((k) => `${k.module}@${k.version}: ${k.reason}`).join("; ")}${r.skipped.length > 3 ? "; …" : ""})` : ""}\n`);
    }
    say(`gopin: ${policy.mode} mode (${policy.lockfilePath}), proxy ${session.proxy.url}, store ${cfg.store}, upstream ${cfg.upstream}${cfg.mirrors.length ? ` (mirror pool: ${cfg.mirrors.join(" ")})` : ""}, sumdb ${cfg.sumdbConfig?.name ?? "off"}, ` +
        `module cache ${modCache ? `${modCache} (this run's own)` : "yours (--own-modcache off)"}\n`);
    return { session, env, ...(modCache ? { modCache } : {}) };
}
function runChild(argv, env) {
    return new Promise((resolve) => {
        const child = (0,external_node_child_process_.spawn)(argv[0], argv.slice(1), { stdio: "inherit", env });
        child.on("error", (e) => {
            say(`gopin: cannot run ${argv[0]}: ${e.message}\n`);
            resolve(127);
        });
        child.on("exit", (c, sig) => resolve(c ?? (sig ? 128 : 1)));
    });
}
async function run(args) {
    const { values, positionals } = parse(args);
    if (values.help)
        return printUsage(0);
    if (positionals.length === 0)
        throw new UsageError("run needs a command after --, e.g. gopin run -- go build ./...");
    if (values.prune)
        throw new UsageError("--prune is for gopin lock (a run records one command, not the whole graph)");
    const rs = await startRunSession(values);
    return conclude(rs, values, positionals.join(" "), await runChild(positionals, rs.env));
}
/**
 * `gopin lock`: records what the module's complete build graph needs, not
 * what one command happened to fetch: `go mod download all` (every module of
 * `go list -m all`, tests included, with its .info, .mod and .zip), then every
 * go.sum entry (its .mod or .zip) fetched through the proxy.
 */
async function lock(args) {
    const { values, positionals } = parse(args);
    if (values.help)
        return printUsage(0);
    if (positionals.length)
        throw new UsageError(`lock takes no arguments, got "${positionals.join(" ")}"`);
    if (values.mode !== undefined && values.mode !== "record")
        throw new UsageError(`lock always records; drop --mode ${values.mode}`);
    const rs = await startRunSession({ ...values, mode: "record" });
    let code = await runChild([goBinary(rs.env), "mod", "download", "all"], rs.env);
    if (code === 0)
        code = await fetchGoSumEntries(rs.session.proxy.url, "go.sum");
    // Pruning needs the whole graph: never after a failure.
    return conclude(rs, values, "gopin lock (go mod download all, then fetching the go.sum entries)", code, values.prune === true && code === 0);
}
/** Reports the outcome of `run` or `lock` and picks the exit code. */
async function conclude(rs, values, what, code, prune = false) {
    if (rs.modCache)
        await removeModuleCache(rs.modCache);
    const violations = await finishSession(rs.session, values, code, prune);
    if (code !== 0) {
        say(`gopin: ${what} exited with status ${code}\n`);
        return code;
    }
    if (violations > 0) {
        say(`gopin: ${violations} violation${violations === 1 ? "" : "s"} (see the report above)\n`);
        return 1;
    }
    return 0;
}
async function checkMirrorsCommand(args) {
    const { values, positionals } = parse(args);
    if (values.help)
        return printUsage(0);
    if (positionals.length)
        throw new UsageError(`check-mirrors takes no arguments, got "${positionals.join(" ")}"`);
    const mirrors = parseMirrors(values.mirrors ?? process.env.GOPIN_MIRRORS ?? "");
    if (mirrors.length === 0)
        throw new UsageError(`check-mirrors needs the mirrors to compare: --mirrors "URL URL ..." (or GOPIN_MIRRORS)`);
    const lockfile = (0,external_node_path_.resolve)(values.lockfile ?? process.env.GOPIN_LOCKFILE ?? "gopin.lock");
    const lock = await readLockfile(lockfile);
    if (!lock)
        throw new ConfigError(`check-mirrors compares mirrors with a lockfile, but ${lockfile} does not exist`);
    const report = await checkMirrors({ lock, lockfileName: (0,external_node_path_.basename)(lockfile), mirrors });
    if (values.report)
        await (0,external_node_fs_promises_.writeFile)(values.report, renderMirrorCheckJson(report));
    if (values.summary)
        await (0,external_node_fs_promises_.appendFile)(values.summary, renderMirrorCheckMarkdown(report) + "\n");
    if (!values.quiet)
        say(renderMirrorCheckMarkdown(report));
    return report.verdict === "fail" ? 1 : 0;
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
function printUsage(code) {
    (code === 0 ? process.stdout : process.stderr).write(USAGE + "\n");
    return code;
}
async function dispatch(argv) {
    const [cmd, ...rest] = argv;
    switch (cmd) {
        case "serve":
            return serve(rest);
        case "run":
            return run(rest);
        case "lock":
            return lock(rest);
        case "check-mirrors":
            return checkMirrorsCommand(rest);
        case "version":
        case "--version":
            process.stdout.write("gopin 0.1.0\n");
            return 0;
        case undefined:
        case "help":
        case "--help":
        case "-h":
            return printUsage(cmd === undefined ? 2 : 0);
        default:
            throw new UsageError(`unknown command "${cmd}"`);
    }
}
/** The whole command line: runs `argv` (without node and the script) and resolves with the exit code. */
async function runCli(argv) {
    try {
        return await dispatch(argv);
    }
    catch (e) {
        if (e instanceof ConfigError) {
            say(`gopin: ${e.message}\n`);
            return 2;
        }
        if (e instanceof UsageError) {
            say(`gopin: ${e.message}\n\n${USAGE}\n`);
            return 2;
        }
        say(`gopin: ${e?.message ?? String(e)}\n`);
        return 1;
    }
}

;// CONCATENATED MODULE: ./build/src/entries/cli.js
// Entry point of the `gopin` command (bundled as dist/cli).

runCli(process.argv.slice(2)).then((code) => process.exit(code));

