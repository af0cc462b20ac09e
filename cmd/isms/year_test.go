package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"isms/internal/browser"
)

// TestYearCommands makes the year report and the evidence pack from the command line, as the
// 事務局 would at the end of the year, and verifies the pack as an auditor would, without the database.
func TestYearCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("ISMS_DATA", filepath.Join(dir, "data"))
	csv := filepath.Join(dir, "roster.csv")
	os.WriteFile(csv, []byte(cmdRoster), 0o644)
	for _, args := range [][]string{
		{"roster", "import", "-apply", "-passwords", filepath.Join(dir, "pw.csv"), csv},
		{"plan", "set", "-year", "2026", "-start", "2026-05-01", "-end", "2027-02-28", "-deadline", "2027-01-31"},
		{"plan", "approve", "-year", "2026", "-date", "2026-04-20", "-approver", "情報セキュリティ委員会"},
	} {
		if out, err := capture(t, args...); err != nil {
			t.Fatalf("%v: %q, %v", args, out, err)
		}
	}
	proposal := filepath.Join(dir, "proposal.txt")
	os.WriteFile(proposal, []byte("標的型メール訓練を年2回とする。\n"), 0o644)
	t.Run("Propose", func(t *testing.T) {
		if out, err := capture(t, "report", "propose", "-year", "2026", "-file", proposal); err != nil || !strings.Contains(out, "記録しました") {
			t.Fatalf("got %q, %v", out, err)
		}
	})
	t.Run("Report", func(t *testing.T) {
		html := filepath.Join(dir, "年度報告.html")
		out, err := capture(t, "report", "-year", "2026", "-o", html)
		if err != nil || !strings.Contains(out, "持ち出し記録 #") {
			t.Fatalf("got %q, %v", out, err)
		}
		b, _ := os.ReadFile(html)
		b = regexp.MustCompile(`<[^>]*>`).ReplaceAll(b, nil) // the text, without the spans that keep dates whole
		for _, want := range []string{"2026年4月20日（令和8年4月20日）に情報セキュリティ委員会が承認した", "標的型メール訓練を年2回とする。", "重要性分類A"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		if _, err := capture(t, "report", "-year", "2026", "-o", html); err == nil || !strings.Contains(err.Error(), "すでにあります") {
			t.Errorf("got %v, want an existing file refused", err)
		}
		if _, err := capture(t, "report", "-year", "2026", "-o", filepath.Join(dir, "report.doc")); err == nil {
			t.Error("wrote a .doc")
		}
	})
	t.Run("ReportPDF", func(t *testing.T) {
		pdf := filepath.Join(dir, "年度報告.pdf")
		if out, err := capture(t, "report", "-year", "2026", "-o", pdf); err != nil {
			t.Fatalf("got %q, %v", out, err)
		}
		b, _ := os.ReadFile(pdf)
		sizes := browser.PDFPageSizes(b)
		if len(sizes) < 3 {
			t.Fatalf("printed %d pages", len(sizes))
		}
		for i, s := range sizes {
			if !s.Is(browser.A4) {
				t.Errorf("page %d is %.0f × %.0f pt, want A4", i+1, s.Width, s.Height)
			}
		}
	})
	t.Run("Pack", func(t *testing.T) {
		pack := filepath.Join(dir, "監査証跡.zip")
		out, err := capture(t, "evidence", "pack", "-year", "2026", "-o", pack)
		seal := regexp.MustCompile(`封印 (\d+-[0-9a-f]{16})`).FindStringSubmatch(out)
		if err != nil || seal == nil {
			t.Fatalf("got %q, %v", out, err)
		}
		if out, err := capture(t, "evidence", "verify", pack, "-anchor", seal[1]); err != nil || !strings.Contains(out, "改ざんなし") ||
			!strings.Contains(out, "控え 1件と一致しました") {
			t.Fatalf("verify: %q, %v", out, err)
		}
		if out, err := capture(t, "audit", "verify", "-anchor", seal[1]); err != nil {
			t.Fatalf("the database with the seal: %q, %v", out, err)
		}
		tampered := filepath.Join(dir, "tampered.zip")
		copyChanged(t, pack, tampered, "exports/attempts.csv")
		out, err = capture(t, "evidence", "verify", tampered)
		if err == nil || !strings.Contains(out, "exports/attempts.csv の SHA-256 が目録と一致しません") {
			t.Fatalf("tampered: %q, %v", out, err)
		}
	})
}

// copyChanged copies a ZIP with one byte of one file changed.
func copyChanged(t *testing.T, from, to, name string) {
	t.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, _ := os.Create(to)
	defer f.Close()
	zw := zip.NewWriter(f)
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b := make([]byte, zf.UncompressedSize64)
		if _, err := io.ReadFull(rc, b); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		if zf.Name == name {
			b[len(b)-3] ^= 1
		}
		w, _ := zw.Create(zf.Name)
		w.Write(b)
	}
	zw.Close()
}
