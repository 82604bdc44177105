// Command oracle answers JSON requests using the real golang.org/x/mod, so
// that the TypeScript ports in src/gomod can be tested differentially.
//
// Protocol: one JSON object per line on stdin,
//
//	{"id": 1, "op": "escapePath", "args": ["github.com/Foo/bar"]}
//
// and one JSON object per line on stdout,
//
//	{"id": 1, "ok": true, "out": "github.com/!foo/bar"}
//	{"id": 1, "ok": false, "err": "..."}
//
// Arguments named "data" are base64 so that arbitrary bytes can be passed.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/zip"
)

type request struct {
	ID   int64             `json:"id"`
	Op   string            `json:"op"`
	Args []json.RawMessage `json:"args"`
}

type response struct {
	ID  int64  `json:"id"`
	OK  bool   `json:"ok"`
	Out any    `json:"out,omitempty"`
	Err string `json:"err,omitempty"`
	// Panic is set when the request itself was malformed (a test bug).
	Panic bool `json:"panic,omitempty"`
}

func str(args []json.RawMessage, i int) string {
	if i >= len(args) {
		panic(fmt.Sprintf("missing argument %d", i))
	}
	var s string
	if err := json.Unmarshal(args[i], &s); err != nil {
		panic(fmt.Sprintf("argument %d: %v", i, err))
	}
	return s
}

func data(args []json.RawMessage, i int) []byte {
	b, err := base64.StdEncoding.DecodeString(str(args, i))
	if err != nil {
		panic(fmt.Sprintf("argument %d: %v", i, err))
	}
	return b
}

func strs(args []json.RawMessage, i int) []string {
	var s []string
	if err := json.Unmarshal(args[i], &s); err != nil {
		panic(fmt.Sprintf("argument %d: %v", i, err))
	}
	return s
}

// strToFold is copied verbatim from x/mod/zip (unexported there).
func strToFold(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			goto Slow
		}
	}
	return s

Slow:
	var buf bytes.Buffer
	for _, r := range s {
		for {
			r0 := r
			r = unicode.SimpleFold(r0)
			if r <= r0 {
				break
			}
		}
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		buf.WriteRune(r)
	}
	return buf.String()
}

// runs lists the maximal runs [lo, hi] of non-ASCII runes satisfying pred.
func runs(pred func(rune) bool) [][2]rune {
	var out [][2]rune
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !pred(r) {
			continue
		}
		if n := len(out); n > 0 && out[n-1][1] == r-1 {
			out[n-1][1] = r
		} else {
			out = append(out, [2]rune{r, r})
		}
	}
	return out
}

func b36(n rune) string { return strconv.FormatInt(int64(n), 36) }

// encodeRuns writes runs as comma-separated base-36 "gap[+len]" items, where
// gap is the distance from the previous run's end (from 0 for the first) and
// len is hi-lo (omitted when zero).
func encodeRuns(rs [][2]rune) string {
	var sb strings.Builder
	prev := rune(0)
	for i, r := range rs {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(b36(r[0] - prev))
		if r[1] != r[0] {
			sb.WriteString("+" + b36(r[1]-r[0]))
		}
		prev = r[1]
	}
	return sb.String()
}

// encodeFold writes the non-ASCII runes whose fold key differs from themselves
// as comma-separated base-36 items "gap:delta[*count[/stride]]": starting gap
// from the previous item's last rune, key-rune delta (possibly negative), and
// a run of count runes stride apart sharing that delta.
func encodeFold() string {
	type ent struct{ r, d rune }
	var ents []ent
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		s := string(r)
		if f := strToFold(s); f != s {
			fr, _ := utf8.DecodeRuneInString(f)
			ents = append(ents, ent{r, fr - r})
		}
	}
	var out []string
	prev := rune(0)
	for i := 0; i < len(ents); {
		j := i + 1
		stride := rune(1)
		if j < len(ents) && ents[j].d == ents[i].d {
			stride = ents[j].r - ents[i].r
		}
		for j < len(ents) && ents[j].d == ents[i].d && ents[j].r-ents[j-1].r == stride {
			j++
		}
		tok := b36(ents[i].r-prev) + ":" + b36(ents[i].d)
		if n := j - i; n > 1 {
			tok += "*" + b36(rune(n))
			if stride != 1 {
				tok += "/" + b36(stride)
			}
		}
		out = append(out, tok)
		prev = ents[j-1].r
		i = j
	}
	return strings.Join(out, ",")
}

type retract struct {
	Low       string `json:"low"`
	High      string `json:"high"`
	Rationale string `json:"rationale"`
}

type require struct {
	Path     string `json:"path"`
	Version  string `json:"version"`
	Indirect bool   `json:"indirect"`
}

type laxFile struct {
	Module     *string   `json:"module"`
	Deprecated string    `json:"deprecated"`
	Go         *string   `json:"go"`
	Require    []require `json:"require"`
	Retract    []retract `json:"retract"`
}

func do(op string, a []json.RawMessage) (any, error) {
	switch op {
	// semver
	case "semver.IsValid":
		return semver.IsValid(str(a, 0)), nil
	case "semver.Canonical":
		return semver.Canonical(str(a, 0)), nil
	case "semver.Major":
		return semver.Major(str(a, 0)), nil
	case "semver.MajorMinor":
		return semver.MajorMinor(str(a, 0)), nil
	case "semver.Prerelease":
		return semver.Prerelease(str(a, 0)), nil
	case "semver.Build":
		return semver.Build(str(a, 0)), nil
	case "semver.Compare":
		return semver.Compare(str(a, 0), str(a, 1)), nil
	case "semver.Max":
		return semver.Max(str(a, 0), str(a, 1)), nil
	case "semver.Sort":
		l := strs(a, 0)
		semver.Sort(l)
		return l, nil
	case "module.CanonicalVersion":
		return module.CanonicalVersion(str(a, 0)), nil

	// module paths
	case "module.CheckPath":
		return nil, module.CheckPath(str(a, 0))
	case "module.CheckImportPath":
		return nil, module.CheckImportPath(str(a, 0))
	case "module.CheckFilePath":
		return nil, module.CheckFilePath(str(a, 0))
	case "module.Check":
		return nil, module.Check(str(a, 0), str(a, 1))
	case "module.EscapePath":
		return module.EscapePath(str(a, 0))
	case "module.UnescapePath":
		return module.UnescapePath(str(a, 0))
	case "module.EscapeVersion":
		return module.EscapeVersion(str(a, 0))
	case "module.UnescapeVersion":
		return module.UnescapeVersion(str(a, 0))
	case "module.SplitPathVersion":
		p, m, ok := module.SplitPathVersion(str(a, 0))
		return map[string]any{"prefix": p, "pathMajor": m, "ok": ok}, nil
	case "module.CheckPathMajor":
		return nil, module.CheckPathMajor(str(a, 0), str(a, 1))

	// pseudo-versions
	case "module.IsPseudoVersion":
		return module.IsPseudoVersion(str(a, 0)), nil
	case "module.IsZeroPseudoVersion":
		return module.IsZeroPseudoVersion(str(a, 0)), nil
	case "module.PseudoVersionTime":
		t, err := module.PseudoVersionTime(str(a, 0))
		if err != nil {
			return nil, err
		}
		return t.UnixMilli(), nil
	case "module.PseudoVersionRev":
		return module.PseudoVersionRev(str(a, 0))
	case "module.PseudoVersionBase":
		return module.PseudoVersionBase(str(a, 0))

	case "module.PseudoVersion":
		var ms int64
		if err := json.Unmarshal(a[2], &ms); err != nil {
			panic(err)
		}
		return module.PseudoVersion(str(a, 0), str(a, 1), time.UnixMilli(ms), str(a, 3)), nil
	case "module.ZeroPseudoVersion":
		return module.ZeroPseudoVersion(str(a, 0)), nil

	// patterns
	case "module.MatchPrefixPatterns":
		return module.MatchPrefixPatterns(str(a, 0), str(a, 1)), nil
	case "path.Match":
		return path.Match(str(a, 0), str(a, 1))
	case "path.Clean":
		return path.Clean(str(a, 0)), nil
	case "foldTable":
		// Every rune whose fold key (as used by zip's collision checker) is not itself.
		var out [][2]rune
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			s := string(r)
			if f := strToFold(s); f != s {
				fr, _ := utf8.DecodeRuneInString(f)
				out = append(out, [2]rune{r, fr})
			}
		}
		return out, nil
	case "unicode.LetterRuns":
		return runs(unicode.IsLetter), nil
	case "unicode.PrintRuns":
		return runs(unicode.IsPrint), nil
	case "unicode.Encoded":
		// The compact tables embedded in src/gomod (regenerate from here when Go's Unicode version changes).
		return map[string]string{
			"letters": encodeRuns(runs(unicode.IsLetter)),
			"print":   encodeRuns(runs(unicode.IsPrint)),
			"fold":    encodeFold(),
		}, nil
	case "strings.EqualFold":
		return strToFold(str(a, 0)) == strToFold(str(a, 1)), nil

	// dirhash
	case "dirhash.HashZip":
		return dirhash.HashZip(str(a, 0), dirhash.Hash1)
	case "dirhash.HashGoMod":
		b := data(a, 0)
		return dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(b)), nil
		})

	// zip
	case "zip.CheckZip":
		_, err := zip.CheckZip(module.Version{Path: str(a, 0), Version: str(a, 1)}, str(a, 2))
		return nil, err
	case "zip.Unzip":
		dir, err := os.MkdirTemp("", "oracle-unzip-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		return nil, zip.Unzip(dir+"/out", module.Version{Path: str(a, 0), Version: str(a, 1)}, str(a, 2))

	// modfile
	case "modfile.ModulePath":
		return modfile.ModulePath(data(a, 0)), nil
	case "modfile.ParseLax":
		f, err := modfile.ParseLax("go.mod", data(a, 0), nil)
		if err != nil {
			return nil, err
		}
		out := laxFile{Require: []require{}, Retract: []retract{}}
		if f.Module != nil {
			p := f.Module.Mod.Path
			out.Module = &p
			out.Deprecated = f.Module.Deprecated
		}
		if f.Go != nil {
			v := f.Go.Version
			out.Go = &v
		}
		for _, r := range f.Require {
			out.Require = append(out.Require, require{r.Mod.Path, r.Mod.Version, r.Indirect})
		}
		for _, r := range f.Retract {
			out.Retract = append(out.Retract, retract{r.Low, r.High, r.Rationale})
		}
		return out, nil
	}
	if strings.HasPrefix(op, "tlog.") || strings.HasPrefix(op, "note.") {
		return sumdbDo(op, a)
	}
	return nil, errors.New("oracle: unknown op " + op)
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "sumdb-server" {
		runSumdbServer(os.Args[2:])
		return
	}
	r := bufio.NewReaderSize(os.Stdin, 1<<20)
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var req request
			if err := json.Unmarshal(line, &req); err != nil {
				fmt.Fprintln(os.Stderr, "oracle: bad request:", err)
				os.Exit(2)
			}
			if err := enc.Encode(answer(req)); err != nil {
				os.Exit(3)
			}
		}
		if err != nil {
			break // EOF
		}
		// Flush once every request already received has been answered.
		if r.Buffered() == 0 {
			w.Flush()
		}
	}
	w.Flush()
}

func answer(req request) (resp response) {
	resp.ID = req.ID
	defer func() {
		if e := recover(); e != nil {
			resp = response{ID: req.ID, Panic: true, Err: fmt.Sprintf("oracle panic: %v", e)}
		}
	}()
	out, err := do(req.Op, req.Args)
	if err != nil {
		resp.Err = err.Error()
		return
	}
	resp.OK = true
	resp.Out = out
	return
}
