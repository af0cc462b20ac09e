package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"isms/tracker"
	"isms/tracker/annual"
)

// runReport writes the year report for the committee (【01】第17条) and records it as a 持ち出し:
//
//	isms report -year 2026 -o 年度報告.pdf|.html|.xlsx [-purpose 委員会報告]
//	isms report propose -year 2026 -file 提案.txt
func runReport(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "propose" {
		return runReportPropose(ctx, args[1:])
	}
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	year := fs.String("year", "", "fiscal year, e.g. 2026 (default: the current one)")
	out := fs.String("o", "", "file to write: .pdf (printed by Chromium), .html (a document to print) or .xlsx (the tables); never overwritten")
	purpose := fs.String("purpose", "委員会報告", "持ち出しの目的, recorded with the report")
	chromium := e.String("chromium", "ISMS_CHROMIUM", "/usr/bin/chromium", "the Chromium that prints a .pdf")
	if err := e.parse(args); err != nil {
		return err
	}
	format := tracker.ExportFormat(strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."))
	if *out == "" || fs.NArg() > 0 || (format != tracker.FormatPDF && format != tracker.FormatHTML && format != tracker.FormatXLSX) {
		fs.Usage()
		return errors.New("出力先のファイルを -o で1つ指定してください（拡張子は .pdf・.html・.xlsx のいずれか）")
	}
	a, err := openApp(cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	tuneGC()
	ctx = operatorContext(ctx)
	fy, err := fiscalYearFlag(*year)
	if err != nil {
		return err
	}
	r, err := a.AnnualSource().Build(ctx, fy, tracker.PrincipalFrom(ctx).Source)
	if err != nil {
		return userError(err)
	}
	rec := &tracker.Export{Report: tracker.ReportAnnual, Format: format, FiscalYear: fy, Scope: "全庁", Purpose: *purpose}
	for _, s := range r.Sections {
		for _, t := range s.Tables {
			rec.Rows += len(t.Rows)
		}
	}
	err = writeStaged(*out, func(f *os.File) error {
		h := sha256.New()
		w := io.MultiWriter(f, h)
		var err error
		switch format {
		case tracker.FormatHTML:
			err = annual.WriteHTML(w, r, annual.Document{})
		case tracker.FormatXLSX:
			_, err = annual.WriteXLSX(w, r)
		case tracker.FormatPDF:
			err = printPDF(ctx, *chromium, r, w)
		}
		if err != nil {
			return err
		}
		rec.FileSHA256 = hex.EncodeToString(h.Sum(nil))
		return userError(a.DB.RecordExport(ctx, rec))
	})
	if err != nil {
		return err
	}
	fmt.Printf("%s に%s（%s）を出力しました。\n持ち出し記録 #%d（SHA-256 %s）。このファイルは重要性分類Aです。保存・送付は【03】第9条に従ってください。\n",
		*out, r.Title, fy, rec.ID, rec.FileSHA256)
	return nil
}

// printPDF prints the report's document on A4 with headless Chromium, in a private directory that
// is removed afterwards; nothing is fetched from elsewhere (the document holds its own stylesheet).
func printPDF(ctx context.Context, chromium string, r *annual.Report, w io.Writer) error {
	if _, err := os.Stat(chromium); err != nil {
		return fmt.Errorf("PDF の印刷には Chromium が必要です（%s がありません。-chromium で指定するか、-o を .html にして印刷してください）", chromium)
	}
	dir, err := os.MkdirTemp("", "isms-report-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	doc := filepath.Join(dir, "report.html")
	f, err := os.OpenFile(doc, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if err := annual.WriteHTML(f, r, annual.Document{}); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	pdf := filepath.Join(dir, "report.pdf")
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+doc)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("Chromium で PDF を印刷できませんでした: %v: %.500s", err, stderr.String())
	}
	in, err := os.Open(pdf)
	if err != nil {
		return fmt.Errorf("Chromium が PDF を書きませんでした: %.500s", stderr.String())
	}
	defer in.Close()
	_, err = io.Copy(w, in)
	return err
}

// runReportPropose records the 事務局's proposal for next year's plan, shown in the year report.
func runReportPropose(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("report propose", flag.ContinueOnError)
	e := &envFlags{fs: fs}
	cfg := trackerFlags(e, false)
	year := fs.String("year", "", "the fiscal year reported on, e.g. 2026 (default: the current one)")
	file := fs.String("file", "", "a UTF-8 text file with the proposal (- for standard input)")
	if err := e.parse(args); err != nil {
		return err
	}
	if *file == "" {
		fs.Usage()
		return errors.New("提案の本文を -file で指定してください")
	}
	var text []byte
	var err error
	if *file == "-" {
		text, err = io.ReadAll(io.LimitReader(os.Stdin, 1<<20))
	} else {
		text, err = os.ReadFile(*file)
	}
	if err != nil {
		return err
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
	p := &tracker.PlanProposal{FiscalYear: fy, Text: strings.TrimPrefix(string(text), "\ufeff")}
	if err := a.DB.SaveProposal(operatorContext(ctx), p); err != nil {
		return userError(err)
	}
	fmt.Printf("%sの次年度計画への提案を記録しました（記録 #%d）。\n", fy, p.ID)
	return nil
}

// fiscalYearFlag reads -year, the current fiscal year when empty.
func fiscalYearFlag(s string) (tracker.FiscalYear, error) {
	if s == "" {
		return tracker.FiscalYearOf(time.Now()), nil
	}
	fy, err := tracker.ParseFiscalYear(s)
	return fy, userError(err)
}
