// A small program whose dependencies gopin fetches, locks and verifies in
// the README's quick start.
package main

import (
	"fmt"

	"github.com/google/uuid"
	"golang.org/x/mod/semver"
)

func main() {
	fmt.Println(uuid.NewSHA1(uuid.NameSpaceURL, []byte("gopin")), semver.Compare("v1.2.0", "v1.10.0"))
}
