package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"isms/handbook"
	"isms/policy/history"
)

const diffUsage = "使い方: isms diff <旧版> <新版> [-o file.html] [-order new-old|old-new] [-format html|text]\n" +
	"  版は versions.toml の id（r02-08）、current（作業中の content/）、またはコミットかタグです"

// runDiff writes the 新旧対照表 from one version of the handbook to another: a standalone HTML file that
// prints on A4 landscape (or plain text with the changes in [brackets], for a terminal).
func runDiff(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	root := fs.String("root", envOr("ISMS_ROOT", "."), "repository root with versions.toml, .git and content/ (ISMS_ROOT)")
	out := fs.String("o", "", "file to write; standard output when empty")
	order := fs.String("order", "new-old", "columns: new-old (改正後 | 改正前, the usual order) or old-new")
	format := fs.String("format", "html", "html (a file to print) or text (changes in [brackets])")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), diffUsage)
		fs.PrintDefaults()
	}
	// The two versions may stand before, between or after the flags.
	var versions []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		versions = append(versions, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(versions) != 2 {
		return errors.New("旧版と新版の 2 つを指定してください\n" + diffUsage)
	}
	if *order != "new-old" && *order != "old-new" {
		return fmt.Errorf("-order %q: new-old か old-new を指定してください", *order)
	}
	if *format != "html" && *format != "text" {
		return fmt.Errorf("-format %q: html か text を指定してください", *format)
	}
	file := filepath.Join(*root, history.FileName)
	old, oldName, err := history.Load(*root, file, versions[0])
	if err != nil {
		return err
	}
	new, newName, err := history.Load(*root, file, versions[1])
	if err != nil {
		return err
	}
	c := history.Compare(old, new)
	var text string
	if *format == "text" {
		text = c.Text()
	} else {
		text = handbook.ComparisonDocument(c, handbook.TableOptions{OldName: oldName, NewName: newName, OldFirst: *order == "old-new"})
	}
	if *out == "" {
		_, err := os.Stdout.WriteString(text)
		return err
	}
	if err := writeFileAtomic(*out, []byte(text)); err != nil {
		return err
	}
	var labels []string
	changes := 0
	for _, s := range c.Changed() {
		labels = append(labels, s.Label()+s.Title)
		for _, r := range s.Rows {
			if r.Change != 0 {
				changes++
			}
		}
	}
	summary := "改正なし"
	if changes > 0 {
		summary = fmt.Sprintf("改正 %d か所（%s）", changes, strings.Join(labels, "、"))
	}
	fmt.Fprintf(os.Stderr, "isms: 新旧対照表 %s → %s: %s → %s\n", oldName, newName, summary, *out)
	return nil
}

// writeFileAtomic writes a file through a temporary one beside it, so that a failed write leaves what
// was there before.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".isms-diff-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
