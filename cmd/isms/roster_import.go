package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"isms/tracker"
)

// runRosterImport reads a 職員名簿 CSV and shows who is added, changed and leaving; with -apply it
// applies the roster and writes the new accounts' temporary passwords.
func runRosterImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("roster import", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	apply := fs.Bool("apply", false, "apply the roster after showing the preview (without it nothing changes)")
	passwords := fs.String("passwords", "", "write the temporary passwords as CSV to this file (mode 0600) instead of the terminal")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: isms roster import [flags] FILE.csv")
		fs.PrintDefaults()
	}
	if err := e.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("名簿ファイルを1つ指定してください")
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if *passwords != "" {
		if _, err := os.Stat(*passwords); err == nil {
			return fmt.Errorf("%s はすでにあります。仮パスワードを上書きしないよう、別のファイル名を指定してください", *passwords)
		}
	}
	a, err := openApp(cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	db := a.DB
	ctx = operatorContext(ctx)
	parser, err := a.RosterParser(ctx)
	if err != nil {
		return err
	}
	r, err := parser.Parse(filepath.Base(file), data)
	if err != nil {
		return userError(err)
	}
	d, err := db.PreviewRoster(ctx, r)
	if err != nil {
		return userError(err)
	}
	printDiff(os.Stdout, r, d)
	if !*apply {
		fmt.Println("\nまだ何も変更していません。取り込むには -apply を付けてもう一度実行してください。")
		return nil
	}
	res, err := db.ApplyRoster(ctx, r, d.Digest)
	if err != nil {
		return userError(err)
	}
	fmt.Printf("\n取り込みました（取り込み番号 %d）。\n", res.ImportID)
	if len(res.Passwords) == 0 {
		return nil
	}
	out := io.Writer(os.Stdout)
	if *passwords != "" {
		f, err := os.OpenFile(*passwords, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		out = f
		fmt.Printf("%d人分の仮パスワードを %s に書きました。本人以外に知られない方法で配付し、配付後はファイルを削除してください。\n", len(res.Passwords), *passwords)
	} else {
		fmt.Println("\n仮パスワード（一度だけ表示します。本人以外に知られない方法で配付してください）:")
	}
	return writePasswords(out, res.Passwords)
}

func writePasswords(w io.Writer, ps []*tracker.TempPassword) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"職員番号", "氏名", "所属", "仮パスワード"})
	for _, p := range ps {
		cw.Write([]string{p.Login, p.Name, p.Unit, p.Password})
	}
	cw.Flush()
	return cw.Error()
}

func printDiff(w io.Writer, r *tracker.Roster, d *tracker.RosterDiff) {
	fmt.Fprintf(w, "%s（%s、%d人）: 追加 %d人、変更 %d人、退職扱い %d人、変更なし %d人\n", r.FileName, r.Encoding, len(r.Entries),
		len(d.Added), len(d.Changed), len(d.Leaving), d.Unchanged)
	for _, warn := range d.Warnings {
		fmt.Fprintln(w, "注意:", warn)
	}
	for _, a := range d.Added {
		fmt.Fprintf(w, "  追加  %s %s（%s・%s・%s）\n", a.StaffNo, a.Name, a.UnitName(), a.Position, a.Role.Name())
	}
	for _, c := range d.Changed {
		fmt.Fprintf(w, "  変更  %s %s: %v（%s・%s → %s・%s）\n", c.Entry.StaffNo, c.Entry.Name, c.Fields, c.Before.Unit.Name(),
			c.Before.Position, c.Entry.UnitName(), c.Entry.Position)
	}
	for _, p := range d.Leaving {
		fmt.Fprintf(w, "  退職  %s %s（%s）\n", p.StaffNo, p.Name, p.Unit.Name())
	}
}
