// Package site is the whole published site as `isms build` makes it: the question banks checked
// against the text, the handbook with its frozen versions, and the search index. The command and the
// tests that need the real site both build it here, so they cannot drift apart.
package site

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"isms/handbook"
	"isms/policy"
	"isms/quiz"
	"isms/search"
)

// Build builds the repository at root into public, which is replaced only if every step succeeds.
// Notices (a shallow clone that cannot build the versions) go to log.
func Build(ctx context.Context, root, public string, log io.Writer) (*handbook.Result, error) {
	versions := &handbook.Versions{Root: root, Log: log}
	return handbook.Build(ctx, handbook.Options{
		Root:    root,
		Content: filepath.Join(root, "content"),
		Public:  public,
		Before: []handbook.Step{
			func(doc *policy.Document, _ string) error {
				_, err := CheckBanks(root, doc)
				return err
			},
			versions.Stage,
		},
		After: []handbook.Step{
			func(doc *policy.Document, dir string) error {
				return search.WriteIndex(filepath.Join(dir, "search"), doc)
			},
			versions.Publish,
		},
	})
}

// CheckBanks loads the banks under root/quiz and validates them against doc: every problem as file:line.
func CheckBanks(root string, doc *policy.Document) ([]*quiz.Bank, error) {
	banks, err := quiz.LoadDir(filepath.Join(root, "quiz"))
	if err != nil {
		return nil, err
	}
	if err := quiz.Validate(banks, func(id string) bool { return doc.Article(id) != nil }); err != nil {
		return nil, fmt.Errorf("問題集に誤りがあります:\n%w", err)
	}
	return banks, nil
}
