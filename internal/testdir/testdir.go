// Package testdir finds the repository a test runs in and makes temporary directories shared by
// all the tests of one test binary.
package testdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// New makes a directory named prefix<pid>-… under the system's temporary directory, after
// removing those that earlier test binaries left behind when they died before Close (a timeout
// or a panic): their process no longer runs.
func New(prefix string) (string, error) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), prefix+"*"))
	for _, dir := range old {
		pid, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(dir), prefix), "-")
		n, err := strconv.Atoi(pid)
		if !ok || err != nil || processExists(n) {
			continue
		}
		os.RemoveAll(dir)
	}
	return os.MkdirTemp("", fmt.Sprintf("%s%d-", prefix, os.Getpid()))
}

// processExists reports whether a process with the ID pid exists (whoever owns it).
func processExists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
