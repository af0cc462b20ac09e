package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"isms/site"
)

// runBuild builds the handbook into public/.
func runBuild(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	root := fs.String("root", envOr("ISMS_ROOT", "."), "repository root with config.toml, content/ and layouts/ (ISMS_ROOT)")
	public := fs.String("public", envOr("ISMS_PUBLIC", "public"), "where to write the site (ISMS_PUBLIC)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := site.Build(ctx, *root, *public, os.Stderr)
	if err != nil {
		return fmt.Errorf("ビルドに失敗しました（公開中のサイトは変更していません）:\n%w", err)
	}
	fmt.Fprintf(os.Stderr, "isms: built %d generated pages, %d articles in %s → %s\n",
		res.Pages, len(res.Doc.Articles()), res.Duration.Round(1e6), *public)
	return nil
}
