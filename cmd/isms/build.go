package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"isms/handbook"
	"isms/policy"
	"isms/search"
)

// runBuild builds the handbook into public/.
func runBuild(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	root := fs.String("root", envOr("ISMS_ROOT", "."), "repository root with config.toml, content/ and layouts/ (ISMS_ROOT)")
	public := fs.String("public", envOr("ISMS_PUBLIC", "public"), "where to write the site (ISMS_PUBLIC)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	versions := &handbook.Versions{Root: *root, Log: os.Stderr}
	res, err := handbook.Build(ctx, handbook.Options{
		Root:    *root,
		Content: filepath.Join(*root, "content"),
		Public:  *public,
		Before:  []handbook.Step{checkBanksStep(*root), versions.Stage},
		After:   append(buildSteps(), versions.Publish),
	})
	if err != nil {
		return fmt.Errorf("ビルドに失敗しました（公開中のサイトは変更していません）:\n%w", err)
	}
	fmt.Fprintf(os.Stderr, "isms: built %d generated pages, %d articles in %s → %s\n",
		res.Pages, len(res.Doc.Articles()), res.Duration.Round(1e6), *public)
	return nil
}

// checkBanksStep fails the build on an invalid question bank, before anything is published.
func checkBanksStep(root string) handbook.Step {
	return func(doc *policy.Document, _ string) error {
		_, err := checkBanks(root, doc)
		return err
	}
}

// buildSteps are the additions to the site after Hugo has run.
func buildSteps() []handbook.Step {
	return []handbook.Step{
		func(doc *policy.Document, dir string) error {
			return search.WriteIndex(filepath.Join(dir, "search"), doc)
		},
	}
}
