// Package sitetest gives tests the real handbook site: built once per test binary from the
// repository (content/, layouts/, config.toml) and served over HTTP on 127.0.0.1.
//
// The build outlives any one test, so a test binary that calls Build removes it after its
// tests, from TestMain:
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		sitetest.Close()
//		os.Exit(code)
//	}
package sitetest

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"isms/handbook"
	"isms/internal/testdir"
	"isms/site"
)

// built is the one build of the test binary.
var built struct {
	mu     sync.Mutex
	done   bool
	tmp    string // holds public/ and the builder's staging directory; removed by Close
	public string
	err    error
}

// Build builds the site from the repository the test runs in, once per test binary, and
// returns the directory holding it. Every caller gets the same directory, so tests must not
// change it. A failed build fails every test that calls Build, with the builder's message.
func Build(t testing.TB) string {
	t.Helper()
	built.mu.Lock()
	defer built.mu.Unlock()
	if !built.done {
		built.done = true
		built.public, built.err = build()
	}
	if built.err != nil {
		t.Fatalf("sitetest: building the site: %v", built.err)
	}
	return built.public
}

// build runs the build of `isms build` (package site): the handbook with its frozen versions
// (versions.toml, read from .git) and the search index.
func build() (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	// Not a t.TempDir: the site is shared by all tests of the binary, and the first caller's
	// directory would be removed when that test ends.
	built.tmp, err = testdir.New(sitePrefix)
	if err != nil {
		return "", err
	}
	public := filepath.Join(built.tmp, "public")
	_, err = site.Build(context.Background(), root, public, os.Stderr)
	return public, err
}

// Close removes the built site. Call it from TestMain after m.Run; Build builds again if it is
// called after Close.
func Close() {
	built.mu.Lock()
	defer built.mu.Unlock()
	if built.tmp != "" {
		os.RemoveAll(built.tmp)
	}
	built.done, built.tmp, built.public, built.err = false, "", "", nil
}

// Serve serves the site in dir over HTTP on 127.0.0.1 until the test ends, with the handler
// `isms serve` uses for public/ (its Content-Security-Policy and gzipped copies included, so a
// browser test sees what staff will), and returns its base URL (http://127.0.0.1:port, no
// trailing slash).
func Serve(t testing.TB, dir string) string {
	t.Helper()
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("sitetest: %s is not a built site directory", dir)
	}
	srv := httptest.NewServer(handbook.Static(dir))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Root returns the repository's root (see testdir.RepoRoot).
func Root() (string, error) { return testdir.RepoRoot() }

// sitePrefix starts the name of each build directory; the test binary's process ID follows it.
const sitePrefix = "isms-site-"
