package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeStaged writes a file that leaves the system (a 持ち出し) beside its destination under a
// temporary name, readable by its owner only, and gives it its name only when fill, which records
// the 持ち出し, has succeeded. An existing file is never overwritten.
func writeStaged(out string, fill func(f *os.File) error) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s はすでにあります。別のファイル名を指定してください", out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".isms-export-*")
	if err != nil {
		return err
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), out); err != nil {
		return fmt.Errorf("%s に書けません: %w（持ち出しの記録は残ります）", out, err)
	}
	return nil
}
