module gopin.test/oracle

go 1.22

require golang.org/x/mod v0.0.0

// The test helper copies this directory to a temporary location and places a
// copy of the x/mod vendored inside the installed Go distribution
// ($(go env GOROOT)/src/cmd/vendor/golang.org/x/mod) at ./xmod.
replace golang.org/x/mod => ./xmod
