package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"isms/internal/app"
	"isms/tracker"
	"isms/tracker/sqlite"
)

const exportRoster = "職員番号,氏名,氏名カナ,局,部,課,職位,区分,監査委員,メール\n" +
	"2001,=1+1 山田,ヤマダ,総務局,情報管理部,情報企画課,主事,職員,,\n" +
	"2002,佐藤 花子,サトウ,総務局,情報管理部,情報企画課,課長,職員,,\n" +
	"2003,鈴木 一郎,スズキ,市民局,市民部,市民課,主事,外部委託,,\n"

// openStore opens the store in a data directory as the commands do (internal/app).
func openStore(t *testing.T, data string) *sqlite.DB {
	t.Helper()
	cfg := app.DefaultConfig()
	cfg.Data = data
	a := app.New(cfg)
	if err := a.OpenExisting(); err != nil {
		t.Fatal(err)
	}
	return a.DB
}

// TestExportCommand runs `isms export` against a data directory filled by `isms roster import`
// and attempts recorded through the store, and reads every file back.
func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	t.Setenv("ISMS_DATA", data)
	rosterFile := filepath.Join(dir, "roster.csv")
	os.WriteFile(rosterFile, []byte(exportRoster), 0o644)
	if _, err := capture(t, "roster", "import", "-apply", "-passwords", filepath.Join(dir, "pw.csv"), rosterFile); err != nil {
		t.Fatal(err)
	}
	db := openStore(t, data)
	ctx := context.Background()
	for i, a := range []struct {
		staffNo string
		passed  bool
	}{{"2001", false}, {"2001", true}, {"2003", true}} {
		p, err := db.FindPersonByStaffNo(ctx, a.staffNo)
		if err != nil {
			t.Fatal(err)
		}
		at := &tracker.Attempt{Key: "cmd-" + strconv.Itoa(i), Module: "general", PolicyVersion: "current", BankVersion: "b",
			Paper: json.RawMessage(`{}`), Total: 10, Correct: 5, Percent: 50, StartedAt: time.Now().Add(-time.Minute),
			Items: []tracker.AttemptItem{{QuestionID: "general-001", Competency: "duty", Right: a.passed}}}
		if a.passed {
			at.Correct, at.Percent, at.Passed = 10, 100, true
		}
		pctx := tracker.NewContext(ctx, &tracker.Principal{Account: &tracker.Account{Login: a.staffNo, Kind: tracker.KindStaff}, Person: p})
		if _, err := db.CreateAttempt(pctx, at); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	year := strconv.Itoa(int(tracker.FiscalYearOf(time.Now())))

	t.Run("AttendanceXLSX", func(t *testing.T) {
		file := filepath.Join(dir, "attendance.xlsx")
		out, err := capture(t, "export", "attendance", "-year", year, "-format", "xlsx", "-o", file, "-purpose", "委員会報告")
		if err != nil || !strings.Contains(out, "を4行出力しました") || !strings.Contains(out, "重要性分類A") {
			t.Fatalf("got %q, %v", out, err)
		}
		info, err := os.Stat(file)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("file: %v %v; want it readable by its owner only", info, err)
		}
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("受講状況一覧")
		if rows[0][0] != "受講状況一覧（重要性分類A）" || len(rows) != 7+4 {
			t.Fatalf("got %q", rows)
		}
		// Kana order in the section: サトウ (two modules) before ヤマダ.
		if rows[9][1] != "2001" || rows[9][2] != "=1+1 山田" || rows[9][9] != "合格" || rows[9][12] != "2" {
			t.Fatalf("2001's row: got %q", rows[9])
		}
		if fm, _ := f.GetCellFormula("受講状況一覧", "C10"); fm != "" {
			t.Fatalf("formula %q in a name cell", fm)
		}
		// No temporary file is left beside it.
		if m, _ := filepath.Glob(filepath.Join(dir, ".isms-export-*")); len(m) != 0 {
			t.Fatalf("left behind: %v", m)
		}
	})
	t.Run("OutstandingCSVForUnit", func(t *testing.T) {
		file := filepath.Join(dir, "outstanding.csv")
		if _, err := capture(t, "export", "outstanding", "-year", year, "-format", "csv", "-unit", "総務局 情報管理部 情報企画課", "-o", file); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(file)
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil || len(recs) != 2 || recs[1][1] != "2002" || recs[0][0] != "年度" || recs[1][len(recs[1])-1] != "重要性分類A" {
			t.Fatalf("got %q, %v", recs, err)
		}
	})
	t.Run("AttemptsXAPI", func(t *testing.T) {
		file := filepath.Join(dir, "attempts.json")
		if _, err := capture(t, "export", "attempts", "-year", year, "-format", "xapi", "-homepage", "https://isms.city.example.lg.jp", "-o", file); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(file)
		var statements []map[string]any
		if err := json.Unmarshal(b, &statements); err != nil || len(statements) != 5 {
			t.Fatalf("got %d statements, %v; want 3 attempts and 2 completions", len(statements), err)
		}
	})
	t.Run("Recorded", func(t *testing.T) {
		db := openStore(t, data)
		defer db.Close()
		list, total, err := db.FindExports(ctx, tracker.ExportFilter{})
		if err != nil || total != 3 {
			t.Fatalf("got %d records, %v", total, err)
		}
		last := list[2] // newest first: the attendance export is the oldest
		if last.Report != tracker.ReportAttendance || last.Rows != 4 || last.Purpose != "委員会報告" || !strings.HasPrefix(last.Actor, "cli:") {
			t.Fatalf("got %+v", last)
		}
	})
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"ErrNoReport", []string{"export"}, "帳票を指定"},
		{"ErrUnknownReport", []string{"export", "salaries", "-o", filepath.Join(dir, "x.csv")}, "帳票「salaries」"},
		{"ErrNoFile", []string{"export", "attendance"}, "-o"},
		{"ErrExists", []string{"export", "attendance", "-o", filepath.Join(dir, "attendance.xlsx")}, "すでにあります"},
		{"ErrUnit", []string{"export", "attendance", "-unit", "存在しない課", "-o", filepath.Join(dir, "y.csv")}, "所属「存在しない課」"},
		{"ErrFormat", []string{"export", "attendance", "-format", "pdf", "-o", filepath.Join(dir, "z.pdf")}, "出力形式"},
		{"ErrYear", []string{"export", "attendance", "-year", "26", "-o", filepath.Join(dir, "w.csv")}, "年度"},
		{"ErrHomePage", []string{"export", "attempts", "-format", "xapi", "-homepage", "isms", "-o", filepath.Join(dir, "v.json")}, "ホームページ"},
		{"ErrZipName", []string{"export", "effectiveness", "-format", "csv", "-o", filepath.Join(dir, "u.csv")}, ".zip で終わる"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := capture(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error mentioning %q", err, tt.want)
			}
		})
	}
	t.Run("RefusalsLeaveNoFileAndNoRecord", func(t *testing.T) {
		for _, name := range []string{"x.csv", "y.csv", "z.pdf", "w.csv", "v.json", "u.csv"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				t.Errorf("%s was written", name)
			}
		}
		db := openStore(t, data)
		defer db.Close()
		if _, total, _ := db.FindExports(ctx, tracker.ExportFilter{}); total != 3 {
			t.Fatalf("got %d records, want 3", total)
		}
	})
}
