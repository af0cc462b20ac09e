package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"isms/policy/convert"
)

// runImportSource converts the city's source text into content/ and writes the errata page.
func runImportSource(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import-source", flag.ContinueOnError)
	src := fs.String("src", "../shared/policy/source.md", "the source text (PDF converted to Markdown)")
	out := fs.String("content", "content", "content directory to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := os.ReadFile(*src)
	if err != nil {
		return err
	}
	res, err := convert.Convert(string(data))
	if err != nil {
		return err
	}
	for name, text := range res.Files {
		path := filepath.Join(*out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "isms: wrote %d files, %d corrections\n", len(res.Files), len(res.Errata))
	return nil
}
