package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"isms/policy"
	"isms/quiz"
)

// runQuizCheck validates every question bank against the handbook text and prints its coverage.
func runQuizCheck(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("quiz check", flag.ContinueOnError)
	root := fs.String("root", envOr("ISMS_ROOT", "."), "repository root (ISMS_ROOT)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	doc, err := policy.Load(os.DirFS(filepath.Join(*root, "content")))
	if err != nil {
		return err
	}
	banks, err := checkBanks(*root, doc)
	if err != nil {
		return err
	}
	quiz.WriteCoverage(os.Stdout, banks)
	return nil
}

// checkBanks loads the banks under root/quiz and validates them against doc: every problem as file:line.
func checkBanks(root string, doc *policy.Document) ([]*quiz.Bank, error) {
	banks, err := quiz.LoadDir(filepath.Join(root, "quiz"))
	if err != nil {
		return nil, err
	}
	if err := quiz.Validate(banks, func(id string) bool { return doc.Article(id) != nil }); err != nil {
		return nil, fmt.Errorf("問題集に誤りがあります:\n%w", err)
	}
	return banks, nil
}
