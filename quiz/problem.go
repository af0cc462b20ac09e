package quiz

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong in a bank file. Message is Japanese: the 情報セキュリティ事務局 who edits the banks
// reads it from `isms quiz check` and from a failed `isms build`.
type Problem struct {
	File    string
	Line    int
	Message string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message) }

// Problems is every problem found in one pass, so the editor can fix them all at once. Parse, Load and
// Validate return it as their error; use errors.As to get the list.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// err returns the problems ordered by file and line, or nil when there are none (so that an empty
// Problems never becomes a non-nil error interface).
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return ps
}

// problems collects Problems for one file.
type problems struct {
	file string
	list Problems
}

func (p *problems) add(line int, format string, args ...any) {
	p.list = append(p.list, Problem{File: p.file, Line: line, Message: fmt.Sprintf(format, args...)})
}
