// Checksum-database ops for the oracle (tlog and note from the vendored
// golang.org/x/mod/sumdb), and a checksum-database test server:
//
//	oracle sumdb-server -skey SKEY -gosum FILE
//
// runs sumdb.NewServer(sumdb.NewTestServer(SKEY, gosum)) on 127.0.0.1 and
// prints its base URL on the first line of stdout. gosum reads FILE (a JSON
// object "path@version" -> go.sum lines) on every lookup, so tests can add
// modules while it runs; a missing entry is "not found". GET /_fault/NAME
// switches a fault on ("none" switches all off):
//
//	tile  flips one byte in every hash tile served
//	sig   flips one byte of the signature in /latest and /lookup answers
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func num(a []json.RawMessage, i int) int64 {
	n, err := strconv.ParseInt(str(a, i), 10, 64)
	if err != nil {
		panic(fmt.Sprintf("argument %d: %v", i, err))
	}
	return n
}

func hashArg(a []json.RawMessage, i int) tlog.Hash {
	var h tlog.Hash
	copy(h[:], data(a, i))
	return h
}

type tileJSON struct {
	H int   `json:"h"`
	L int   `json:"l"`
	N int64 `json:"n"`
	W int   `json:"w"`
}

func sumdbDo(op string, a []json.RawMessage) (any, error) {
	switch op {
	case "tlog.RecordHash":
		h := tlog.RecordHash(data(a, 0))
		return b64(h[:]), nil
	case "tlog.NodeHash":
		h := tlog.NodeHash(hashArg(a, 0), hashArg(a, 1))
		return b64(h[:]), nil
	case "tlog.StoredHashIndex":
		return strconv.FormatInt(tlog.StoredHashIndex(int(num(a, 0)), num(a, 1)), 10), nil
	case "tlog.SplitStoredHashIndex":
		l, n := tlog.SplitStoredHashIndex(num(a, 0))
		return []string{strconv.Itoa(l), strconv.FormatInt(n, 10)}, nil
	case "tlog.StoredHashCount":
		return strconv.FormatInt(tlog.StoredHashCount(num(a, 0)), 10), nil
	case "tlog.TileForIndex":
		t := tlog.TileForIndex(int(num(a, 0)), num(a, 1))
		return tileJSON{t.H, t.L, t.N, t.W}, nil
	case "tlog.TilePath":
		return tlog.Tile{H: int(num(a, 0)), L: int(num(a, 1)), N: num(a, 2), W: int(num(a, 3))}.Path(), nil
	case "tlog.ParseTilePath":
		t, err := tlog.ParseTilePath(str(a, 0))
		if err != nil {
			return nil, err
		}
		return tileJSON{t.H, t.L, t.N, t.W}, nil
	case "tlog.ParseTree":
		t, err := tlog.ParseTree(data(a, 0))
		if err != nil {
			return nil, err
		}
		return map[string]string{"n": strconv.FormatInt(t.N, 10), "hash": b64(t.Hash[:])}, nil
	case "tlog.ParseRecord":
		id, text, rest, err := tlog.ParseRecord(data(a, 0))
		if err != nil {
			return nil, err
		}
		return map[string]string{"id": strconv.FormatInt(id, 10), "text": b64(text), "rest": b64(rest)}, nil
	case "tlog.Build":
		// Args: records (base64 list), tile height. Out: the tree hash of
		// every prefix, and every tile of the whole tree (path -> base64),
		// including the partial tiles of every prefix.
		var recs []string
		if err := json.Unmarshal(a[0], &recs); err != nil {
			panic(err)
		}
		h := int(num(a, 1))
		var hashes []tlog.Hash
		hr := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
			out := make([]tlog.Hash, len(idx))
			for i, x := range idx {
				out[i] = hashes[x]
			}
			return out, nil
		})
		roots := []string{}
		tiles := map[string]string{}
		add := func(n int64) {
			th, err := tlog.TreeHash(n, hr)
			if err != nil {
				panic(err)
			}
			roots = append(roots, b64(th[:]))
			for _, t := range tlog.NewTiles(h, 0, n) {
				d, err := tlog.ReadTileData(t, hr)
				if err != nil {
					panic(err)
				}
				tiles[t.Path()] = b64(d)
			}
		}
		add(0)
		for i, r := range recs {
			rec, _ := base64.StdEncoding.DecodeString(r)
			sh, err := tlog.StoredHashes(int64(i), rec, hr)
			if err != nil {
				panic(err)
			}
			hashes = append(hashes, sh...)
			add(int64(i + 1))
		}
		return map[string]any{"roots": roots, "tiles": tiles}, nil
	case "note.GenerateKey":
		skey, vkey, err := note.GenerateKey(rand.Reader, str(a, 0))
		if err != nil {
			return nil, err
		}
		return map[string]string{"skey": skey, "vkey": vkey}, nil
	case "note.Sign":
		var signers []note.Signer
		for _, k := range strs(a, 1) {
			s, err := note.NewSigner(k)
			if err != nil {
				return nil, err
			}
			signers = append(signers, s)
		}
		msg, err := note.Sign(&note.Note{Text: str(a, 0)}, signers...)
		if err != nil {
			return nil, err
		}
		return b64(msg), nil
	case "note.NewVerifier":
		v, err := note.NewVerifier(str(a, 0))
		if err != nil {
			return nil, err
		}
		return map[string]any{"name": v.Name(), "hash": v.KeyHash()}, nil
	case "note.Open":
		var vs []note.Verifier
		for _, k := range strs(a, 1) {
			v, err := note.NewVerifier(k)
			if err != nil {
				return nil, err
			}
			vs = append(vs, v)
		}
		n, err := note.Open(data(a, 0), note.VerifierList(vs...))
		if err != nil {
			return nil, err
		}
		type sig struct {
			Name string `json:"name"`
			Hash uint32 `json:"hash"`
		}
		var sigs, unv []sig
		for _, s := range n.Sigs {
			sigs = append(sigs, sig{s.Name, s.Hash})
		}
		for _, s := range n.UnverifiedSigs {
			unv = append(unv, sig{s.Name, s.Hash})
		}
		return map[string]any{"text": n.Text, "sigs": sigs, "unverified": unv}, nil
	}
	return nil, fmt.Errorf("oracle: unknown op %s", op)
}

// ---------------------------------------------------------------------------
// The test server

func runSumdbServer(args []string) {
	fs := flag.NewFlagSet("sumdb-server", flag.ExitOnError)
	skey := fs.String("skey", "", "signer key")
	gosumFile := fs.String("gosum", "", "JSON file: path@version -> go.sum lines")
	fs.Parse(args)

	gosum := func(path, vers string) ([]byte, error) {
		b, err := os.ReadFile(*gosumFile)
		if err != nil {
			return nil, err
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		lines, ok := m[path+"@"+vers]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(lines), nil
	}
	srv := sumdb.NewServer(sumdb.NewTestServer(*skey, gosum))

	var mu sync.Mutex
	faults := map[string]bool{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if name, ok := strings.CutPrefix(r.URL.Path, "/_fault/"); ok {
			mu.Lock()
			if name == "none" {
				faults = map[string]bool{}
			} else {
				faults[name] = true
			}
			mu.Unlock()
			fmt.Fprintln(w, "ok")
			return
		}
		mu.Lock()
		tile, sig := faults["tile"], faults["sig"]
		mu.Unlock()
		rec := &recorder{header: http.Header{}, code: 200}
		srv.ServeHTTP(rec, r.WithContext(context.Background()))
		body := rec.body.Bytes()
		if rec.code == 200 && tile && strings.HasPrefix(r.URL.Path, "/tile/") && !strings.Contains(r.URL.Path, "/data/") && len(body) > 0 {
			body = append([]byte(nil), body...)
			body[len(body)-1] ^= 0x55
		}
		if rec.code == 200 && sig && (r.URL.Path == "/latest" || strings.HasPrefix(r.URL.Path, "/lookup/")) {
			// The signature line is the last line: "— name base64". Flip a bit
			// in the signature bytes (after the 4-byte key hash).
			i := bytes.LastIndex(body[:len(body)-1], []byte(" "))
			raw, err := base64.StdEncoding.DecodeString(string(body[i+1 : len(body)-1]))
			if err == nil && len(raw) > 8 {
				raw[8] ^= 1
				body = append(append(append([]byte(nil), body[:i+1]...), b64(raw)...), '\n')
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.code)
		w.Write(body)
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	os.Stdout.Sync()
	http.Serve(ln, handler)
}

type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.code = code }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
