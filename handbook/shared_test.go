package handbook_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"isms/handbook"
	"isms/internal/testdir"
)

// A shared is something several tests only read, made once per test binary: a build of the
// handbook takes seconds, more under the race detector. It lives in a directory that outlives the
// test that happened to make it; TestMain removes it (closeShared).
type shared[T any] struct {
	once  sync.Once
	value T
	ok    bool
}

// get makes the value on the first call, with create given a testing.TB whose TempDir lasts, and
// returns it. A failure fails the test that made it, and every later caller with a pointer to it.
func (s *shared[T]) get(t *testing.T, create func(tb testing.TB) T) T {
	t.Helper()
	s.once.Do(func() {
		dir := sharedDir(t)
		s.value = create(lasting{TB: t, dir: dir})
		s.ok = true
	})
	if !s.ok {
		t.Fatal("the shared build failed in an earlier test, which says why")
	}
	return s.value
}

// lasting is a testing.TB whose TempDir is removed by closeShared rather than at the end of the
// test.
type lasting struct {
	testing.TB
	dir string
}

func (l lasting) TempDir() string {
	l.Helper()
	dir, err := os.MkdirTemp(l.dir, "")
	if err != nil {
		l.Fatal(err)
	}
	return dir
}

var sharedRoot struct {
	sync.Mutex
	dir string
}

// sharedDir returns the directory of the binary's shared builds, making it on first use.
func sharedDir(t testing.TB) string {
	t.Helper()
	sharedRoot.Lock()
	defer sharedRoot.Unlock()
	if sharedRoot.dir == "" {
		dir, err := testdir.New("isms-handbook-test-")
		if err != nil {
			t.Fatal(err)
		}
		sharedRoot.dir = dir
	}
	return sharedRoot.dir
}

// closeShared removes the shared builds. Call it from TestMain after m.Run.
func closeShared() {
	sharedRoot.Lock()
	defer sharedRoot.Unlock()
	if sharedRoot.dir != "" {
		os.RemoveAll(sharedRoot.dir)
	}
	sharedRoot.dir = ""
}

// A site is a built handbook: where it was published, what the build returned and logged.
type site struct {
	public string
	res    *handbook.Result
	log    string
}

var current, amended shared[site]

// currentSite is the repository's content built without versions, once per test binary; tests
// must not change it.
func currentSite(t *testing.T) site {
	t.Helper()
	return current.get(t, func(tb testing.TB) site {
		public := filepath.Join(tb.TempDir(), "public")
		res, err := build(tb, filepath.Join(root, "content"), public)
		if err != nil {
			tb.Fatal(err)
		}
		return site{public: public, res: res}
	})
}

// amendedSite is amendedRepo's site built with its versions (buildVersions), once per test
// binary; tests must not change it.
func amendedSite(t *testing.T) site {
	t.Helper()
	return amended.get(t, func(tb testing.TB) site {
		r, _ := amendedRepo(tb)
		public, log := buildVersions(tb, r.dir)
		return site{public: public, log: log}
	})
}
