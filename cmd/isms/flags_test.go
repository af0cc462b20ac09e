package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMissingDatabase: the commands that read records refuse a data directory without a database,
// naming the file, and create nothing there.
func TestMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	t.Setenv("ISMS_DATA", data)
	for _, args := range [][]string{
		{"audit", "verify"},
		{"backup", filepath.Join(dir, "copy.db")},
		{"export", "attendance", "-o", filepath.Join(dir, "out.xlsx")},
	} {
		_, err := capture(t, args...)
		if err == nil || !strings.Contains(err.Error(), filepath.Join(data, "tracker.db")+" がありません") {
			t.Errorf("%v: got %v", args, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
}
