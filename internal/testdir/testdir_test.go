package testdir_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"isms/internal/testdir"
)

// TestNew: a new directory carries this process's ID; directories of test binaries that have
// died are removed, those of live processes and names without a process ID are kept.
func TestTempDir(t *testing.T) {
	const prefix = "isms-testdir-test-"
	// A process that has ended stands for a test binary that died before Close.
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(os.TempDir(), fmt.Sprintf("%s%d-1", prefix, done.Process.Pid))
	live := filepath.Join(os.TempDir(), fmt.Sprintf("%s%d-2", prefix, os.Getppid()))
	other := filepath.Join(os.TempDir(), prefix+"not-a-pid")
	for _, d := range []string{dead, live, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
	}
	made, err := testdir.New(prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(made) })
	if want := fmt.Sprintf("%s%d-", prefix, os.Getpid()); !strings.HasPrefix(filepath.Base(made), want) {
		t.Errorf("made %s, want a name starting %s", made, want)
	}
	tests := []struct {
		name string
		dir  string
		kept bool
	}{
		{"DeadProcess", dead, false},
		{"LiveProcess", live, true},
		{"NoProcessID", other, true},
		{"New", made, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := os.Stat(tt.dir)
			if kept := err == nil; kept != tt.kept {
				t.Errorf("%s kept = %v, want %v", tt.dir, kept, tt.kept)
			}
		})
	}
}
