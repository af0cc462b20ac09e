package quiz

import (
	"cmp"
	"embed"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// builtin holds the bank files shipped with the binary. FORMAT.md is embedded by the pattern too and is
// skipped like any documentation file.
//
//go:embed *.md
var builtin embed.FS

// Builtin parses the banks shipped with the binary. It does not check cited articles: run Validate with
// the policy for that (`isms quiz check`, `isms build`).
func Builtin() ([]*Bank, error) { return load(builtin, "quiz") }

// Load parses every bank file (*.md at the top of fsys, except documentation: FORMAT.md, README.md),
// ordered as the 第16条 table lists the modules. Problems in any file are all returned together.
func Load(fsys fs.FS) ([]*Bank, error) { return load(fsys, "") }

// LoadDir is Load on a directory, with the directory in every message so that file:line opens the file.
func LoadDir(dir string) ([]*Bank, error) { return load(os.DirFS(dir), dir) }

func load(fsys fs.FS, prefix string) ([]*Bank, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	var banks []*Bank
	var all Problems
	for _, name := range names {
		if isDocumentation(name) {
			continue
		}
		shown := name
		if prefix != "" {
			shown = filepath.ToSlash(path.Join(filepath.ToSlash(prefix), name))
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			all = append(all, Problem{File: shown, Line: 1, Message: "読み込めません: " + err.Error()})
			continue
		}
		b, err := Parse(shown, src)
		var ps Problems
		if errors.As(err, &ps) {
			all = append(all, ps...)
			continue
		}
		banks = append(banks, b)
	}
	if err := all.err(); err != nil {
		return nil, err
	}
	if len(banks) == 0 {
		return nil, Problems{{File: cmp.Or(prefix, "."), Line: 1, Message: "問題集（*.md）が 1 つもありません"}}
	}
	sortBanks(banks)
	return banks, nil
}

func isDocumentation(name string) bool {
	return strings.EqualFold(name, "FORMAT.md") || strings.EqualFold(name, "README.md")
}

// sortBanks orders banks as the 第16条 table lists the modules, any others after them by name.
func sortBanks(banks []*Bank) {
	rank := func(b *Bank) int {
		if i := slices.Index(ModuleOrder(), b.Module); i >= 0 {
			return i
		}
		return len(ModuleOrder())
	}
	slices.SortStableFunc(banks, func(a, b *Bank) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Module, b.Module))
	})
}
