package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"isms/tracker"
	"isms/tracker/evidencepack"
)

// runEvidencePack makes the year's 監査証跡パック for the internal auditors and records it as a 持ち出し:
//
//	isms evidence pack -year 2026 -o 監査証跡_2026.zip [-names] [-purpose 内部監査]
func runEvidencePack(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("evidence pack", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	year := fs.String("year", "", "fiscal year, e.g. 2026 (default: the current one)")
	out := fs.String("o", "", "the ZIP file to write (never overwritten)")
	names := fs.Bool("names", false, "add the roster with names (氏名) of the year's staff; the 持ち出し record says so")
	purpose := fs.String("purpose", "内部監査", "持ち出しの目的, recorded with the pack")
	if err := e.parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("出力先のファイルを -o で1つ指定してください（例: isms evidence pack -year 2026 -o 監査証跡_2026.zip）")
	}
	fy, err := fiscalYearFlag(*year)
	if err != nil {
		return err
	}
	a, err := openApp(cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	tuneGC()
	ctx = operatorContext(ctx)
	var res *evidencepack.Result
	err = writeStaged(*out, func(f *os.File) error {
		var err error
		res, err = a.PackSource().Build(ctx, evidencepack.Options{FiscalYear: fy, MadeBy: tracker.PrincipalFrom(ctx).Source, Purpose: *purpose,
			Names: *names}, f)
		return userError(err)
	})
	if err != nil {
		return err
	}
	m := res.Manifest
	fmt.Printf("%s に%sの監査証跡パックを出力しました（%d件のファイル、監査ログ番号 %d〜%d）。\n", *out, fy, len(m.Files), m.Chain.First, m.Chain.Head)
	fmt.Printf("持ち出し記録 #%d（目録の SHA-256 %s）。このファイルは重要性分類Aです。保存・送付は【03】第9条に従ってください。\n", res.Record.ID, res.ManifestSHA256)
	fmt.Printf("封印 %s\n", res.Seal)
	fmt.Fprintln(os.Stderr, "封印（監査ログの番号-ハッシュ）を委員会の記録などパックの外に控えてください。isms evidence verify -anchor で照合すると、作り直されたパックと区別できます。")
	return nil
}

// runEvidenceVerify checks a pack without the database; it fails naming everything that differs.
//
//	isms evidence verify FILE.zip [-anchor 12345-9f2c1b7e4a5d6c3b ...] [-anchors FILE]
func runEvidenceVerify(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("evidence verify", flag.ContinueOnError)
	var anchors anchorList
	fs.Var(&anchors, "anchor", "the pack's seal or a head written down with `isms audit head` (番号-ハッシュ); may be repeated")
	file := fs.String("anchors", "", "a file of anchors, one per line")
	var path string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		path, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if path == "" && fs.NArg() == 1 {
		path = fs.Arg(0)
	} else if fs.NArg() > 0 || path == "" {
		return errors.New("確かめる監査証跡パック（.zip）を1つ指定してください（例: isms evidence verify 監査証跡_2026.zip -anchor 封印）")
	}
	if err := anchors.readFile(*file); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	v, err := evidencepack.Verify(f, info.Size(), anchors...)
	if err != nil {
		return fmt.Errorf("%s: %w", path, userError(err))
	}
	if !v.OK() {
		for _, p := range v.Problems {
			fmt.Println("不一致: " + p)
		}
		return fmt.Errorf("%s は改ざんされているか壊れています（%d件の不一致）。情報セキュリティインシデントとして報告してください", path, len(v.Problems))
	}
	fmt.Printf("%s: %sの監査証跡パック。ファイル %d件、監査ログ %d件（番号 %d〜%d）、記録 %d件、出力 %d件を照合しました。改ざんなし。\n",
		path, v.FiscalYear, v.Files, v.Events, v.First, v.Head, v.Records, v.Exports)
	fmt.Printf("封印 %s（目録の SHA-256 %s）\n", v.Seal, v.ManifestSHA256)
	if len(anchors) > 0 {
		fmt.Printf("控え %d件と一致しました。\n", v.Anchors)
	} else {
		fmt.Println("パックの外に控えた封印と照合するには -anchor を指定してください。控えがなければ、パックが自分自身と矛盾しないことだけが分かります。")
	}
	return nil
}
