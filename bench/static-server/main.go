// A plain net/http file server over a GOPROXY tree: the reference for what
// serving the store over HTTP costs at all, before any proxy logic.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	fmt.Println("http://" + l.Addr().String())
	http.Serve(l, http.FileServer(http.Dir(os.Args[1])))
}
