// Command testreport reads `go test -json` on standard input and writes what `go test` would
// print (a line per package, the output of what failed), then the slowest packages and tests.
// It exits 1 when a package failed, so that a pipeline fails with the tests:
//
//	set -o pipefail
//	go test -json ./... | go run ./cmd/testreport
package main

import (
	"flag"
	"fmt"
	"os"

	"isms/internal/testreport"
)

func main() {
	slowest := flag.Int("slowest", 10, "how many of the slowest packages and tests to list")
	flag.Parse()
	sum, err := testreport.Read(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(2)
	}
	sum.WriteSlowest(os.Stdout, *slowest)
	if len(sum.Failed) > 0 {
		os.Exit(1)
	}
}
