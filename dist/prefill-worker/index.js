import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./build/src/gomod/semver.js
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

;// CONCATENATED MODULE: ./build/src/gomod/escape.js
// Port of the path/version checking and escaping parts of golang.org/x/mod/module.
//
// Module paths appear in file system paths and proxy URLs, which cannot be relied
// upon to be case-sensitive, so every uppercase letter is escaped as "!" followed
// by the lowercase letter (github.com/Azure/x -> github.com/!azure/x).

/** Error thrown by the gomod package; messages follow Go's x/mod wording. */
class escape_GoModError extends Error {
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
        throw new escape_GoModError(`malformed module path ${goQuote(path)}: ${err}`);
}
/** module.CheckImportPath: throws GoModError if path is not a valid import path. */
function checkImportPath(path) {
    const err = checkPathKind(path, "import");
    if (err !== undefined)
        throw new escape_GoModError(`malformed import path ${goQuote(path)}: ${err}`);
}
/** module.CheckFilePath: throws GoModError if path is not a valid slash-separated file path. */
function checkFilePath(path) {
    const err = checkPathKind(path, "file");
    if (err !== undefined)
        throw new escape_GoModError(`malformed file path ${goQuote(path)}: ${err}`);
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
    const m = major(v);
    if (pathMajor === "") {
        if (m === "v0" || m === "v1" || build(v) === "+incompatible")
            return;
        pathMajor = "v0 or v1";
    }
    else if (pathMajor[0] === "/" || pathMajor[0] === ".") {
        if (m === pathMajor.slice(1))
            return;
        pathMajor = pathMajor.slice(1);
    }
    throw new escape_GoModError(`version ${goQuote(v)} invalid: should be ${pathMajor}, not ${m}`);
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
    if (!isValid(version)) {
        throw new escape_GoModError(`${path}@${version}: invalid version: not a semantic version`);
    }
    const { pathMajor } = splitPathVersion(path);
    try {
        checkPathMajor(version, pathMajor);
    }
    catch (e) {
        throw new escape_GoModError(`module ${path}: ${e.message}`);
    }
}
function escapeString(s) {
    let haveUpper = false;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 0x21 || c >= 0x80)
            throw new escape_GoModError("internal error: inconsistency in EscapePath");
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
        throw new escape_GoModError(`version ${goQuote(v)} invalid: disallowed version string`);
    }
    return escapeString(v);
}
/** module.UnescapePath: inverse of escapePath; validates the result. */
function unescapePath(escaped) {
    const path = unescapeString(escaped);
    if (path === undefined)
        throw new escape_GoModError(`invalid escaped module path ${goQuote(escaped)}`);
    const err = modulePathError(path);
    if (err !== undefined) {
        throw new escape_GoModError(`invalid escaped module path ${goQuote(escaped)}: malformed module path ${goQuote(path)}: ${err}`);
    }
    return path;
}
/** module.UnescapeVersion: inverse of escapeVersion; validates the result. */
function unescapeVersion(escaped) {
    const v = unescapeString(escaped);
    if (v === undefined)
        throw new escape_GoModError(`invalid escaped version ${goQuote(escaped)}`);
    const err = checkElem(v, "file");
    if (err !== undefined)
        throw new escape_GoModError(`invalid escaped version ${goQuote(v)}: ${err}`);
    return v;
}

;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
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
    return new escape_GoModError(`zip: ${what}`);
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







function describeSource(src) {
    return typeof src === "string" ? src : `(${src.length}-byte zip in memory)`;
}
/** Size in bytes of a zip source. */
async function zipSize(src) {
    return typeof src === "string" ? (await (0,promises_namespaceObject.stat)(src)).size : src.length;
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
    const fh = await (0,promises_namespaceObject.open)(src, "r");
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
            throw new escape_GoModError(`zip ${describeSource(src)}: ${err.message}`);
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
        throw new escape_GoModError(`${e.name}: invalid local file header signature`);
    const skip = 30 + got.readUInt16LE(26) + got.readUInt16LE(28);
    return { start: off + skip, head: got.subarray(Math.min(skip, got.length), skip + want) };
}
/** Whole compressed bytes of a small entry, read from `start`. */
async function smallEntryData(z, e, start, head) {
    const size = e.entry.compressedSize;
    const data = head.length === size ? head : await z.readShort(start, size);
    if (data.length < size)
        throw new escape_GoModError(`${e.name}: unexpected EOF`);
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
            out = (0,external_node_zlib_namespaceObject.inflateRawSync)(data, { maxOutputLength: declared + 1, chunkSize: Math.max(external_node_zlib_namespaceObject.constants.Z_MIN_CHUNK, declared + 1) });
        }
        catch (err) {
            const code = err.code;
            if (code === "ERR_BUFFER_TOO_LARGE") {
                throw new escape_GoModError(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
            }
            throw new escape_GoModError(`${e.name}: ${err.message}`);
        }
    }
    if (out.length > declared)
        throw new escape_GoModError(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
    return out;
}
/** The compressed bytes of a large entry, in slices of at most BIG_SLICE. */
async function* compressedSlices(z, e, start) {
    let pos = start;
    let left = e.entry.compressedSize;
    while (left > 0) {
        const b = await z.read(pos, Math.min(BIG_SLICE, left));
        if (b.length === 0)
            throw new escape_GoModError(`${e.name}: unexpected EOF`);
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
        throw new escape_GoModError(`${e.name}: zip: unsupported compression algorithm`);
    const inflater = (0,external_node_zlib_namespaceObject.createInflateRaw)({ chunkSize: BIG_SLICE });
    const feeding = (0,external_node_stream_promises_namespaceObject.pipeline)(external_node_stream_namespaceObject.Readable.from(compressedSlices(z, e, start)), inflater);
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
        await finishEntry(z, e, start, content.length, (0,external_node_zlib_namespaceObject.crc32)(content));
        return;
    }
    let n = 0;
    let crc = 0;
    try {
        for await (const chunk of contentSlices(z, e, start)) {
            n += chunk.length;
            if (n > declared)
                throw new escape_GoModError(`${e.name}: uncompressed size is larger than declared size (${declared} bytes)`);
            crc = (0,external_node_zlib_namespaceObject.crc32)(chunk, crc);
            await onData(chunk);
        }
    }
    catch (err) {
        throw err instanceof escape_GoModError ? err : new escape_GoModError(`${e.name}: ${err.message}`);
    }
    await finishEntry(z, e, start, n, crc);
}
/** Go's checks once an entry's content (from `start`) has been read: exact size, CRC-32. */
async function finishEntry(z, e, start, n, crc) {
    const entry = e.entry;
    const declared = entry.uncompressedSize;
    if (n !== declared) {
        throw new escape_GoModError(`${e.name}: uncompressed size ${n} does not match declared size ${declared} bytes`);
    }
    if (entry.generalPurposeBitFlag & 0x8) {
        // Data descriptor: its CRC must match the central directory's.
        const desc = await z.read(start + entry.compressedSize, 16);
        let off = 0;
        if (desc.length >= 4 && desc.readUInt32LE(0) === 0x08074b50)
            off = 4;
        if (desc.length < off + 4)
            throw new escape_GoModError(`${e.name}: unexpected EOF reading data descriptor`);
        if (desc.readUInt32LE(off) >>> 0 !== entry.crc32 >>> 0)
            throw new escape_GoModError(`${e.name}: zip: checksum error`);
        if (crc >>> 0 !== entry.crc32 >>> 0)
            throw new escape_GoModError(`${e.name}: zip: checksum error`);
    }
    else if (entry.crc32 !== 0 && crc >>> 0 !== entry.crc32 >>> 0) {
        throw new escape_GoModError(`${e.name}: zip: checksum error`);
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
    const h = (0,external_node_crypto_namespaceObject.createHash)("sha256");
    for (const f of [...files].sort((a, b) => Buffer.compare(a.name, b.name))) {
        if (f.name.includes(0x0a))
            throw new escape_GoModError("dirhash: filenames with newlines are not supported");
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
            this.h = (0,external_node_crypto_namespaceObject.createHash)("sha256").update(this.first).update(chunk);
            this.first = undefined;
        }
    }
    digest() {
        return this.h ? this.h.digest() : (0,external_node_crypto_namespaceObject.hash)("sha256", this.first ?? EMPTY, "buffer");
    }
}
const EMPTY = Buffer.alloc(0);
/** dirhash.Hash1 over an in-memory list of files (names as given, content as bytes). */
function hash1(files) {
    return hash1OfDigests(files.map((f) => ({ name: typeof f.name === "string" ? Buffer.from(f.name) : f.name, digest: oneShotHash("sha256", f.content, "buffer") })));
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
        const h = createHash("sha256");
        for (const name of names) {
            if (name.includes(0x0a))
                throw new GoModError("dirhash: filenames with newlines are not supported");
            const e = byName.get(name.toString("latin1"));
            const hf = new FileDigest();
            if (name.length > 0 && name[name.length - 1] === 0x2f) {
                // Go's archive/zip opens directory entries as empty, unless they claim content.
                if (e.entry.uncompressedSize !== 0)
                    throw new GoModError(`${e.name}: zip: not a valid zip file`);
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
class BadPattern extends (/* unused pure expression or super */ null && (Error)) {
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
class ZipCheckError extends escape_GoModError {
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
                    return `case-insensitive file name collision: ${goQuote(other.path)} and ${goQuote(p)}`;
                if (isDir !== other.isDir)
                    return `entry ${goQuote(p)} is both a file and a directory`;
                if (!isDir)
                    return `multiple entries for file ${goQuote(p)}`;
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
            addError(e, `path does not have prefix ${goQuote(prefix.toString("utf8"))}`);
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
            addError(e, `malformed file path ${goQuote(name)}: invalid UTF-8`);
            continue;
        }
        try {
            checkFilePath(name);
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
    const vers = canonicalVersion(version);
    if (vers !== version) {
        throw new escape_GoModError(`version ${goQuote(version)} is not canonical (should be ${goQuote(vers)})`);
    }
    checkModuleVersion(modulePath, version);
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
        await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
        return;
    }
    catch {
        // Read-only directories in the way: open them up and try once more.
    }
    await makeDirsWritable(dir);
    await (0,promises_namespaceObject.rm)(dir, { recursive: true, force: true });
}
async function makeDirsWritable(dir) {
    let st;
    try {
        st = await (0,promises_namespaceObject.lstat)(dir);
    }
    catch {
        return;
    }
    if (!st.isDirectory())
        return;
    await (0,promises_namespaceObject.chmod)(dir, 0o755).catch(() => undefined);
    for (const name of await (0,promises_namespaceObject.readdir)(dir).catch(() => []))
        await makeDirsWritable((0,external_node_path_namespaceObject.join)(dir, name));
}
/** An empty module cache at `dir` (whatever a previous job left there is removed). */
async function freshModuleCache(dir) {
    await removeModuleCache(dir);
    await mkdir(dir, { recursive: true });
    return dir;
}
/** A new, empty module cache for one `gopin run`, next to the store (same disk, and never the user's). */
function runModuleCache(store) {
    return mkdtemp(join(dirname(resolve(store)), "run-modcache-"));
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
    const ep = escapePath(module);
    const ev = escapeVersion(version);
    return { dir: (0,external_node_path_namespaceObject.join)(modCache, ...`${ep}@${ev}`.split("/")), dl: (0,external_node_path_namespaceObject.join)(modCache, "cache", "download", ...ep.split("/"), "@v"), ev };
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
    const partial = (0,external_node_path_namespaceObject.join)(dl, `${ev}.partial`);
    // go's own temporary-zip pattern (<version>.zip.tmp-*): go removes leftovers of it.
    const zipTmp = (0,external_node_path_namespaceObject.join)(dl, `${ev}.zip.tmp-gopin`);
    try {
        await (0,promises_namespaceObject.stat)(dir);
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
        await (0,promises_namespaceObject.mkdir)(dl, { recursive: true });
        await (0,promises_namespaceObject.writeFile)(partial, "");
        await (0,promises_namespaceObject.mkdir)(dir, { recursive: true });
        await placeZip(j.zip, zipTmp);
        let got;
        try {
            got = await checkModuleZip(j.size <= IN_MEMORY_ZIP ? await (0,promises_namespaceObject.readFile)(zipTmp) : zipTmp, j.module, j.version, tree);
        }
        catch (e) {
            await removeTree(dir, partial, zipTmp);
            if (e instanceof escape_GoModError)
                return skip("zip refused", e.message.split("\n")[0]);
            throw e;
        }
        if (got !== j.h1) {
            await removeTree(dir, partial, zipTmp);
            return skip("zip differs from the lockfile", got ? `${got}, locked ${j.h1}` : "it has no h1: hash");
        }
        // As go's downloadZip leaves them: the zip, then its .ziphash.
        await (0,promises_namespaceObject.rename)(zipTmp, (0,external_node_path_namespaceObject.join)(dl, `${ev}.zip`));
        await (0,promises_namespaceObject.writeFile)((0,external_node_path_namespaceObject.join)(dl, `${ev}.ziphash`), got);
        if (j.info !== undefined)
            await (0,promises_namespaceObject.writeFile)((0,external_node_path_namespaceObject.join)(dl, `${ev}.info`), j.info);
        await (0,promises_namespaceObject.rm)(partial);
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
    if (!(await (0,promises_namespaceObject.lstat)(from)).isFile())
        throw new Error(`${from} is not a regular file`);
    await (0,promises_namespaceObject.rm)(to, { force: true });
    try {
        await (0,promises_namespaceObject.link)(from, to);
    }
    catch {
        await (0,promises_namespaceObject.copyFile)(from, to);
    }
}
async function exists(p) {
    try {
        await (0,promises_namespaceObject.stat)(p);
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
        await (0,promises_namespaceObject.rm)(zipTmp, { force: true });
    await (0,promises_namespaceObject.rm)(partial, { force: true });
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
        return new FileWriter(this, (0,external_node_path_namespaceObject.join)(this.root, ...name.split("/")));
    }
    ensureDir(d) {
        if (this.dirs.has(d))
            return;
        (0,external_node_fs_namespaceObject.mkdirSync)(d, { recursive: true });
        for (let q = d; !this.dirs.has(q); q = (0,external_node_path_namespaceObject.dirname)(q))
            this.dirs.add(q);
    }
    /** go's makeDirsReadOnly: every directory of the tree loses its write bits, children first. */
    async makeReadOnly() {
        const byDepth = [...this.dirs].sort((a, b) => b.length - a.length);
        for (const d of byDepth)
            await (0,promises_namespaceObject.chmod)(d, 0o555);
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
            this.tree.ensureDir((0,external_node_path_namespaceObject.dirname)(this.path));
            this.fh = await (0,promises_namespaceObject.open)(this.path, "wx", 0o444);
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
        this.tree.ensureDir((0,external_node_path_namespaceObject.dirname)(this.path));
        (0,external_node_fs_namespaceObject.writeFileSync)(this.path, data, { flag: "wx", mode: 0o444 });
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
    const here = dirname(fileURLToPath(import.meta.url));
    for (const p of [join(here, "..", "prefill-worker", "index.js"), join(here, "..", "entries", "prefill-worker.js")])
        if (existsSync(p))
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
function layoutThreads(jobs, cores = availableParallelism()) {
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
            const w = new Worker(file);
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
            return layOutVersion(job);
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
            void layOutVersion(p.job).then(p.resolve);
        }
    }
    async close() {
        const ws = this.workers.splice(0);
        await Promise.all(ws.map((w) => w.terminate()));
    }
}
/** The worker's side: lays out each job it is sent, one at a time, and answers with the outcome. */
function serveLayoutJobs() {
    const port = external_node_worker_threads_namespaceObject.parentPort;
    if (!port)
        throw new Error("the prefill worker must run in a worker thread");
    let queue = Promise.resolve();
    port.on("message", (m) => {
        queue = queue.then(async () => port.postMessage({ id: m.id, skip: await layout_layOutVersion(m.job) }));
    });
}

;// CONCATENATED MODULE: ./build/src/entries/prefill-worker.js
// Entry point of the prefill's worker threads (bundled as dist/prefill-worker).

serveLayoutJobs();

