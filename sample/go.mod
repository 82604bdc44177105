module example.com/gopin-sample

go 1.22

require (
	github.com/google/uuid v1.6.0
	golang.org/x/mod v0.20.0
)
