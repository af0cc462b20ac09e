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
	"isms/policy/iso"
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
				if err := CheckControls(doc); err != nil {
					return err
				}
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

// CheckControls refuses an article that cites a control ISO/IEC 27001:2013 does not have: it is a
// typing error, and its 2022 number could not be shown.
func CheckControls(doc *policy.Document) error {
	var errs policy.Errors
	for _, std := range doc.Standards {
		for _, ch := range std.Chapters {
			for _, a := range ch.Articles {
				for _, c := range a.Controls {
					if _, ok := iso.From2013(c); !ok {
						errs = append(errs, &policy.Error{File: std.File, Line: a.Line,
							Msg: fmt.Sprintf("管理策 %s は ISO/IEC 27001:2013 附属書A にありません（2022年版の番号を示せません）", c)})
					}
				}
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
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
