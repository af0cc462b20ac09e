package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"isms/policy"
	"isms/policy/history"
	"isms/quiz"
	"isms/site"
)

// runQuizCheck validates every question bank against the handbook text and prints its coverage.
func runQuizCheck(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("quiz check", flag.ContinueOnError)
	root := fs.String("root", envOr("ISMS_ROOT", "."), "repository root (ISMS_ROOT)")
	since := fs.String("since", "", "list the questions citing articles changed since this version (versions.toml id)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	doc, err := policy.Load(os.DirFS(filepath.Join(*root, "content")))
	if err != nil {
		return err
	}
	banks, err := site.CheckBanks(*root, doc)
	if err != nil {
		return err
	}
	if *since == "" {
		quiz.WriteCoverage(os.Stdout, banks)
		return nil
	}
	changed, err := history.ChangedSince(*root, filepath.Join(*root, "versions.toml"), *since)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	for _, id := range changed {
		set[id] = true
	}
	n := quiz.WriteCiting(os.Stdout, banks, func(id string) bool { return set[id] })
	fmt.Printf("%s 以降に改正された条文 %d 条、見直しが必要な問題 %d 問\n", *since, len(changed), n)
	return nil
}
