package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"isms/tracker"
	"isms/tracker/export"
)

var madeAt = time.Date(2026, 6, 1, 10, 30, 0, 0, tracker.Japan)

// tricky are names a spreadsheet would evaluate if they were written as they are.
var tricky = []string{"=HYPERLINK(\"http://evil.example/\",\"x\")", "+81-798-35-3151", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR", "\nLF",
	"＝１＋１", "普通の名前"}

func trickyTable() *export.Table {
	return &export.Table{Title: "受講状況一覧", FiscalYear: 2026, Scope: "全庁", MadeAt: madeAt, MadeBy: "admin（事務局）",
		Sections: []*export.Section{{Name: "受講状況一覧", Columns: []export.Column{{Name: "氏名", Width: 30}, {Name: "得点", Width: 6},
			{Name: "合格日", Width: 12}, {Name: "率", Width: 8}},
			Rows: func(emit func(...any) error) error {
				for i, name := range tricky {
					if err := emit(name, i*10, tracker.DateOf(madeAt), export.Ratio(0.5)); err != nil {
						return err
					}
				}
				return nil
			}}}}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	n, err := export.WriteCSV(&buf, trickyTable())
	if err != nil {
		t.Fatal(err)
	}
	if n != len(tricky) {
		t.Fatalf("got %d rows, want %d", n, len(tricky))
	}
	raw := buf.Bytes()
	if !bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		t.Fatal("no UTF-8 byte-order mark")
	}
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) && !bytes.Contains(raw, []byte("\r\n")) {
		t.Fatal("lines do not end in CRLF")
	}
	// Every line break outside a quoted field is CRLF: no bare LF before a record starts.
	if regexp.MustCompile(`[^\r]\n[^"]`).Match(stripQuoted(raw)) {
		t.Fatalf("bare LF in %q", raw)
	}
	r := csv.NewReader(bytes.NewReader(raw[3:]))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The header row first and nothing above it, so Excel's filter and any CSV reader see one table;
	// the classification is a column of every row.
	header := records[0]
	if strings.Join(header, ",") != "氏名,得点,合格日,率,取扱区分" || len(records) != 1+len(tricky) {
		t.Fatalf("got header %q and %d lines, want the header first and one line per row", header, len(records))
	}
	for i, name := range tricky {
		rec := records[1+i]
		if rec[4] != "重要性分類A" {
			t.Errorf("row %d: got classification %q", i, rec[4])
		}
		want := name
		if name != "普通の名前" {
			want = "'" + name // inert: Excel shows the text and never evaluates it
		}
		if name == "\rCR" {
			want = "'CR" // CRLF files carry no lone CR: encoding/csv drops it, as Excel would
		}
		if rec[0] != want {
			t.Errorf("row %d: got %q, want %q", i, rec[0], want)
		}
		if rec[2] != "2026-06-01" || rec[3] != "50.0%" {
			t.Errorf("row %d: got %q", i, rec)
		}
	}
}

// stripQuoted removes quoted fields, whose line breaks are data.
func stripQuoted(b []byte) []byte {
	return regexp.MustCompile(`"(?:[^"]|"")*"`).ReplaceAll(b, []byte(`""`))
}

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	n, err := export.WriteXLSX(&buf, trickyTable())
	if err != nil {
		t.Fatal(err)
	}
	if n != len(tricky) {
		t.Fatalf("got %d rows, want %d", n, len(tricky))
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 1 || sheets[0] != "受講状況一覧" {
		t.Fatalf("sheets: got %v", sheets)
	}
	sheet := sheets[0]
	get := func(cell string) string {
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := get("A1"); got != "受講状況一覧（重要性分類A）" {
		t.Fatalf("A1: got %q", got)
	}
	if get("A2") != "年度" || get("B2") != "2026年度（令和8年度）" || !strings.Contains(get("B5"), "重要性分類A") {
		t.Fatalf("title block: got %q %q %q", get("A2"), get("B2"), get("B5"))
	}
	if get("A7") != "氏名" || get("D7") != "率" {
		t.Fatalf("header row 7: got %q … %q", get("A7"), get("D7"))
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 7 || panes.TopLeftCell != "A8" {
		t.Fatalf("panes: got %+v, %v; want frozen below row 7", panes, err)
	}
	if w, _ := f.GetColWidth(sheet, "A"); w != 30 {
		t.Fatalf("column A width: got %v, want 30", w)
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil || !strings.Contains(hf.OddHeader, "重要性分類A") {
		t.Fatalf("print header: got %+v, %v", hf, err)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Category != "重要性分類A" || !strings.Contains(props.Title, "重要性分類A") {
		t.Fatalf("document properties: got %+v, %v", props, err)
	}
	for i, name := range tricky {
		cell, _ := excelize.CoordinatesToCellName(1, 8+i)
		if got := get(cell); got != name {
			t.Errorf("%s: got %q, want %q unchanged", cell, got, name)
		}
		if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
			t.Errorf("%s: got formula %q", cell, formula)
		}
		style, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		quoted := f.Styles.CellXfs.Xf[style].QuotePrefix != nil && *f.Styles.CellXfs.Xf[style].QuotePrefix
		if want := name != "普通の名前"; quoted != want {
			t.Errorf("%s (%q): got quotePrefix %v, want %v", cell, name, quoted, want)
		}
		if typ, _ := f.GetCellType(sheet, cell); typ == excelize.CellTypeFormula {
			t.Errorf("%s: cell type is formula", cell)
		}
	}
	if got := get("C8"); got != "2026-06-01" {
		t.Errorf("date cell: got %q, want 2026-06-01", got)
	}
	if got := get("D8"); got != "50.0%" {
		t.Errorf("ratio cell: got %q, want 50.0%%", got)
	}
	if got := get("B9"); got != "10" {
		t.Errorf("number cell: got %q, want 10", got)
	}
}

func TestWriteXLSXSections(t *testing.T) {
	section := func(name string) *export.Section {
		return &export.Section{Name: name, Columns: []export.Column{{Name: "a"}},
			Rows: func(emit func(...any) error) error { return emit("x") }}
	}
	tbl := &export.Table{Title: "研修の有効性評価", MadeAt: madeAt, Scope: "全庁",
		Sections: []*export.Section{section("概要"), section("概要"), section("a:b/c*[d]?" + strings.Repeat("長", 40))}}
	var buf bytes.Buffer
	n, err := export.WriteXLSX(&buf, tbl)
	if err != nil || n != 3 {
		t.Fatalf("got %d, %v", n, err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	list := f.GetSheetList()
	if len(list) != 3 || list[0] != "概要" || list[1] != "概要(2)" || len([]rune(list[2])) != 31 || strings.ContainsAny(list[2], ":/*[]?") {
		t.Fatalf("got sheets %q", list)
	}
	// Without a fiscal year the title block is one line shorter: the header is on row 6.
	if v, _ := f.GetCellValue("概要", "A6"); v != "a" {
		t.Fatalf("header: got %q", v)
	}
}

func TestFileName(t *testing.T) {
	name, ascii := export.FileName(tracker.ReportOutstanding, 2026, tracker.FormatXLSX, madeAt)
	if name != "【重要性分類A】未受講者一覧_2026年度_20260601-1030.xlsx" || ascii != "classA_outstanding_2026_20260601-1030.xlsx" {
		t.Fatalf("got %q %q", name, ascii)
	}
	if name, _ := export.FileName(tracker.ReportHistory, 0, tracker.FormatXAPI, madeAt); name != "【重要性分類A】受講歴_20260601-1030.json" {
		t.Fatalf("got %q", name)
	}
	// A report of several tables is a ZIP of CSV files.
	if name, ascii := export.FileName(tracker.ReportEffectiveness, 2026, tracker.FormatCSV, madeAt); name != "【重要性分類A】研修の有効性評価_2026年度_20260601-1030.zip" ||
		ascii != "classA_effectiveness_2026_20260601-1030.zip" || export.ContentType(tracker.ReportEffectiveness, tracker.FormatCSV) != "application/zip" {
		t.Fatalf("got %q %q", name, ascii)
	}
	if name, _ := export.FileName(tracker.ReportAttendance, 2026, tracker.FormatCSV, madeAt); !strings.HasSuffix(name, ".csv") {
		t.Fatalf("got %q", name)
	}
}

func TestArticles(t *testing.T) {
	if got := export.Articles([]string{"04-13", "00-2", "x"}); got != "【04】第13条、方針 取組み2、x" {
		t.Fatalf("got %q", got)
	}
}

func attemptFixture() []*tracker.Attempt {
	at := func(id int64, person int64, staffNo, module string, correct int, passed bool, minute int) *tracker.Attempt {
		sub := time.Date(2026, 6, 1, 10, minute, 0, 0, tracker.Japan)
		return &tracker.Attempt{ID: id, PersonID: person, StaffNo: staffNo, Name: "=cmd|' /C calc'!A0", Module: module, FiscalYear: 2026,
			PolicyVersion: "v2026", BankVersion: "b1", Correct: correct, Total: 10, Percent: correct * 10, Passed: passed,
			StartedAt: sub.Add(-5*time.Minute - 3*time.Second), SubmittedAt: sub, Role: tracker.RoleGeneral,
			Unit: tracker.Unit{Bureau: "総務局", Department: "情報管理部", Section: "情報企画課"}}
	}
	late := at(4, 11, "1002", "manager", 8, true, 30)
	late.Late = true // submitted after the deadline
	return []*tracker.Attempt{
		at(1, 10, "1001", "general", 6, false, 0),
		at(2, 10, "1001", "general", 9, true, 10),
		at(3, 10, "1001", "general", 10, true, 20), // a second pass completes nothing new
		late,
	}
}

func eachAttempt(list []*tracker.Attempt) export.Each[*tracker.Attempt] {
	return func(fn func(*tracker.Attempt) error) error {
		for _, a := range list {
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestXAPI(t *testing.T) {
	x := &export.XAPI{HomePage: "https://isms.city.example.lg.jp", Titles: map[string]string{"general": "一般職員"}}
	var buf bytes.Buffer
	n, err := x.Write(&buf, eachAttempt(attemptFixture()))
	if err != nil {
		t.Fatal(err)
	}
	var got []export.Statement
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("not a JSON array of statements: %v\n%s", err, buf.String())
	}
	if n != 6 || len(got) != 6 {
		t.Fatalf("got %d statements (%d reported), want 6: four attempts and two completions", len(got), n)
	}
	verbs := []string{}
	for _, s := range got {
		verbs = append(verbs, strings.TrimPrefix(s.Verb.ID, "http://adlnet.gov/expapi/verbs/"))
	}
	if strings.Join(verbs, ",") != "failed,passed,completed,passed,passed,completed" {
		t.Fatalf("got verbs %v", verbs)
	}
	first := got[0]
	if first.Actor.Account.HomePage != x.HomePage || first.Actor.Account.Name != "1001" || first.Actor.ObjectType != "Agent" {
		t.Errorf("actor: got %+v", first.Actor)
	}
	if first.Object.ID != "https://isms.city.example.lg.jp/modules/general/" || first.Object.Definition.Name["ja-JP"] != "一般職員" {
		t.Errorf("object: got %+v", first.Object)
	}
	if s := first.Result.Score; s == nil || s.Scaled != 0.6 || s.Raw != 6 || s.Min != 0 || s.Max != 10 || *first.Result.Success ||
		first.Result.Duration != "PT5M3S" {
		t.Errorf("result: got %+v %+v", first.Result, first.Result.Score)
	}
	if first.Timestamp != "2026-06-01T10:00:00+09:00" || first.Version != "1.0.3" {
		t.Errorf("timestamp: got %q", first.Timestamp)
	}
	ext := first.Context.Extensions
	if ext["https://isms.city.example.lg.jp/xapi/extensions/fiscal-year"] != float64(2026) ||
		ext["https://isms.city.example.lg.jp/xapi/extensions/policy-version"] != "v2026" {
		t.Errorf("extensions: got %v", ext)
	}
	if got[4].Object.ID != "https://isms.city.example.lg.jp/modules/manager/" {
		t.Errorf("one activity per module: got %s", got[4].Object.ID)
	}
	const late = "https://isms.city.example.lg.jp/xapi/extensions/late"
	if _, ok := ext[late]; ok || got[4].Context.Extensions[late] != true {
		t.Errorf("late: got %v on an attempt in time and %v on a late one, want absent and true", ext[late], got[4].Context.Extensions[late])
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for _, s := range got {
		if !uuid.MatchString(s.ID) || seen[s.ID] {
			t.Errorf("statement id %q: not a fresh version 5 UUID", s.ID)
		}
		seen[s.ID] = true
		if strings.Contains(buf.String(), "calc") {
			t.Fatal("the person's name must not be exported in xAPI")
		}
	}
	t.Run("SameIDsAgain", func(t *testing.T) {
		var again bytes.Buffer
		x.Write(&again, eachAttempt(attemptFixture()))
		if again.String() != buf.String() {
			t.Fatal("a second export differs; statement IDs must be stable")
		}
	})
	t.Run("ErrHomePage", func(t *testing.T) {
		for _, hp := range []string{"", "isms.example", "ftp://x", "https://x/?q=1"} {
			_, err := (&export.XAPI{HomePage: hp}).Write(&bytes.Buffer{}, eachAttempt(nil))
			if tracker.ErrorCode(err) != tracker.EINVALID {
				t.Errorf("%q: got %v, want EINVALID", hp, err)
			}
		}
	})
	t.Run("Empty", func(t *testing.T) {
		var b bytes.Buffer
		if _, err := x.Write(&b, eachAttempt(nil)); err != nil {
			t.Fatal(err)
		}
		var v []any
		if err := json.Unmarshal(b.Bytes(), &v); err != nil || len(v) != 0 {
			t.Fatalf("got %q, %v", b.String(), err)
		}
	})
}

func readCSV(t *testing.T, tbl *export.Table) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := export.WriteCSV(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	return parseCSV(t, buf.Bytes())
}

func parseCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// readZippedCSV writes a table of several sections as CSV and returns each file of the ZIP by name.
func readZippedCSV(t *testing.T, tbl *export.Table) (map[string][][]string, []string) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := export.WriteCSV(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files, names := map[string][][]string{}, []string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = parseCSV(t, b)
		names = append(names, f.Name)
	}
	return files, names
}

func TestReportTables(t *testing.T) {
	plan := tracker.DefaultPlan(2026)
	passed := time.Date(2026, 6, 3, 9, 0, 0, 0, tracker.Japan)
	unit := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部", SectionID: 3, Section: "情報企画課"}
	reports := []*tracker.PersonReport{
		tracker.NewPersonReport(plan, &tracker.Person{StaffNo: "1001", Name: "@山田", Unit: unit, Role: tracker.RoleGeneral, Category: tracker.CategoryStaff},
			map[string]*tracker.ModuleResult{"general": {Attempts: 2, PassedAt: &passed, PassPercent: 90, BestPercent: 90}}, map[string]string{"general": "v1"}),
		tracker.NewPersonReport(plan, &tracker.Person{StaffNo: "1002", Name: "佐藤", Unit: unit, Role: tracker.RoleManager, Category: tracker.CategoryStaff, Mail: "sato@example.jp"},
			map[string]*tracker.ModuleResult{"general": {Attempts: 1, BestPercent: 40}}, nil),
	}
	each := func(fn func(*tracker.PersonReport) error) error {
		for _, r := range reports {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	effective, _ := tracker.ParseDate("2026-04-01")
	meta := export.Meta{FiscalYear: 2026, Scope: "総務局 情報管理部 情報企画課", MadeAt: madeAt, MadeBy: "1002", Titles: map[string]string{"general": "一般職員編"},
		Competencies: map[string]map[string]string{"general": {"duty": "責任"}},
		Edition:      tracker.Editions{{ID: "v1", Name: "令和8年4月改正版", Effective: effective}}.Label}

	t.Run("Attendance", func(t *testing.T) {
		rec := readCSV(t, export.Attendance(meta, each))
		rows := rec[1:]
		want := [][]string{
			{"2026", "1001", "'@山田", "総務局", "情報管理部", "情報企画課", "職員", "一般職員", "一般職員編", "合格", "2026-06-03", "90", "2", "令和8年4月改正版（令和8年4月1日施行）", "v1", "重要性分類A"},
			{"2026", "1002", "佐藤", "総務局", "情報管理部", "情報企画課", "職員", "セキュリティ管理者", "一般職員編", "不合格（再受講が必要）", "", "40", "1", "", "", "重要性分類A"},
			{"2026", "1002", "佐藤", "総務局", "情報管理部", "情報企画課", "職員", "セキュリティ管理者", "manager", "未受講", "", "", "0", "", "", "重要性分類A"},
		}
		if rec[0][0] != "年度" || len(rows) != len(want) {
			t.Fatalf("got %q", rec)
		}
		for i := range want {
			if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], want[i])
			}
		}
	})
	t.Run("DualRole", func(t *testing.T) {
		// A 部長 who is also 監査委員: both roles, in every report over people.
		p := &tracker.Person{StaffNo: "1005", Name: "田中", Unit: unit, Role: tracker.RoleExecutive, Auditor: true, Category: tracker.CategoryStaff}
		one := func(fn func(*tracker.PersonReport) error) error {
			return fn(tracker.NewPersonReport(plan, p, nil, nil))
		}
		h := &tracker.History{Years: []*tracker.HistoryYear{{FiscalYear: 2026, Report: tracker.NewPersonReport(plan, p, nil, nil)}}}
		years, _ := readZippedCSV(t, export.History(meta, h))
		for name, cell := range map[string]string{
			"Attendance":  readCSV(t, export.Attendance(meta, one))[1][7],
			"Outstanding": readCSV(t, export.Outstanding(meta, plan, one))[1][7],
			"History":     years["1_年度別の状況.csv"][1][2],
		} {
			if cell != "局長級・部長級職員・セキュリティ内部監査委員" {
				t.Errorf("%s: got %q, want both roles", name, cell)
			}
		}
	})
	t.Run("Outstanding", func(t *testing.T) {
		rec := readCSV(t, export.Outstanding(meta, plan, each))
		rows := rec[1:]
		if len(rows) != 1 || rows[0][1] != "1002" || rows[0][9] != "一般職員編: 不合格（再受講が必要）、manager: 未受講" || rows[0][10] != "2027-03-31" ||
			rows[0][11] != "sato@example.jp" {
			t.Fatalf("got %q", rows)
		}
	})
	t.Run("Attempts", func(t *testing.T) {
		rec := readCSV(t, export.Attempts(meta, eachAttempt(attemptFixture())))
		rows := rec[1:]
		if len(rows) != 4 || rows[0][3] != "'=cmd|' /C calc'!A0" || rows[0][13] != "不合格" || rows[0][14] != "期限内" ||
			rows[0][16] != "2026-06-01 10:00:00" || rows[3][13] != "合格" || rows[3][14] != "期限後" {
			t.Fatalf("got %q", rows)
		}
	})
	t.Run("History", func(t *testing.T) {
		h := &tracker.History{Years: []*tracker.HistoryYear{{FiscalYear: 2026, Report: reports[0], Attempts: attemptFixture()[:2]}}}
		tbl := export.History(meta, h)
		files, names := readZippedCSV(t, tbl)
		if got := strings.Join(names, ","); got != "0_表題.csv,1_年度別の状況.csv,2_受験記録.csv,3_集合研修・訓練の出席.csv" || !export.Zipped(tracker.ReportHistory, tracker.FormatCSV) {
			t.Fatalf("got files %s", got)
		}
		if title := files["0_表題.csv"]; title[1][0] != "帳票" || title[1][1] != "受講歴" || !strings.Contains(title[len(title)-1][1], "重要性分類A") {
			t.Fatalf("title: got %q", title)
		}
		if years := files["1_年度別の状況.csv"]; len(years) != 2 || years[0][0] != "年度" || years[1][2] != "一般職員" {
			t.Fatalf("years: got %q", years)
		}
		if attempts := files["2_受験記録.csv"]; len(attempts) != 3 || attempts[0][len(attempts[0])-1] != "取扱区分" {
			t.Fatalf("attempts: got %q", attempts)
		}
		var buf bytes.Buffer
		n, err := export.WriteXLSX(&buf, tbl)
		if err != nil || n != 3 {
			t.Fatalf("got %d rows, %v; want 1 status and 2 attempts", n, err)
		}
	})
	t.Run("Effectiveness", func(t *testing.T) {
		cur := &tracker.ModuleEffectiveness{Module: "general", FiscalYear: 2026, Attempts: 5, People: 4, FirstPassed: 3, MeanPercent: 86.6,
			Distribution: tracker.ScoreBuckets(), Competencies: []tracker.CompetencyResult{{Competency: "duty", Name: "責任", Correct: 9, Total: 10}},
			Items: &tracker.ItemAnalysis{Alpha: 0.75, HasAlpha: true, Items: []*tracker.ItemResult{{QuestionID: "g1", Competency: "duty", Stem: "正しいものはどれか。", N: 4, Facility: 1,
				Cites: []string{"04-13"}, Flags: []tracker.ReviewFlag{{Code: "too_easy", Label: "易しすぎる"}}}}},
			Survey: tracker.SurveySummary{Comments: []tracker.SurveyComment{{At: madeAt, Text: "=1+1 わかりやすい"}}}}
		prev := &tracker.ModuleEffectiveness{Module: "general", FiscalYear: 2025, Distribution: tracker.ScoreBuckets(), Items: &tracker.ItemAnalysis{}}
		e := &tracker.Effectiveness{FiscalYear: 2026, Modules: []*tracker.ModuleComparison{{Module: "general", Current: cur, Previous: prev}}}
		files, names := readZippedCSV(t, export.Effectiveness(meta, e))
		if got := strings.Join(names, ","); got != "0_表題.csv,1_概要.csv,2_得点分布.csv,3_力量別の正答率.csv,4_設問分析.csv,5_アンケートの感想.csv" || !export.Zipped(tracker.ReportEffectiveness, tracker.FormatCSV) {
			t.Fatalf("CSV: got files %s", got)
		}
		if rows := files["4_設問分析.csv"]; rows[len(rows)-1][9] != "g1" || rows[0][len(rows[0])-1] != "取扱区分" {
			t.Fatalf("CSV: got %q", rows)
		}
		var buf bytes.Buffer
		n, err := export.WriteXLSX(&buf, export.Effectiveness(meta, e))
		if err != nil {
			t.Fatal(err)
		}
		// 11 summary lines, 11 score classes, 1 competency, 1 question, 1 comment.
		if n != 25 {
			t.Fatalf("got %d rows, want 25", n)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.GetSheetList(), ","); got != "概要,得点分布,力量別の正答率,設問分析,アンケートの感想" {
			t.Fatalf("got sheets %s", got)
		}
		rows, _ := f.GetRows("設問分析")
		last := rows[len(rows)-1]
		if last[1] != "正しいものはどれか。" || last[2] != "責任" || last[4] != "1.00" || last[7] != "易しすぎる" || last[8] != "【04】第13条" || last[9] != "g1" {
			t.Fatalf("item row: got %q", last)
		}
		rows, _ = f.GetRows("概要")
		if rows[7][1] != "受験数" || rows[7][2] != "5" || rows[10][2] != "75.0%" {
			t.Fatalf("summary: got %q %q", rows[7], rows[10])
		}
		if v, _ := f.GetCellValue("アンケートの感想", "C8"); v != "=1+1 わかりやすい" {
			t.Fatalf("comment: got %q", v)
		}
	})
}
