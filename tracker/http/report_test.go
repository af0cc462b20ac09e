package http_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"isms/internal/app"
	"isms/quiz"
	"isms/tracker"
)

// reportRoster is baseRoster with two names a spreadsheet would take for formulas.
var reportRoster = strings.Replace(strings.Replace(baseRoster, "1006,伊藤 四郎,", "1006,=1+2 伊藤,", 1),
	"1003,鈴木 一郎,", "1003,@SUM(A1) 鈴木,", 1)

// reportEnv is a tracker with reportRoster and these attempts in 2026, made through the store:
//
//	1001 general pass; 1002 general pass, manager fail; 1003 general fail then pass;
//	1005 general, manager and executive pass; 1004 and 1006 nothing.
//
// So: six targets, 合格 1001 1003 1005, 受講中 1002, 未受講 1004 1006.
type reportEnv struct {
	*env
	temps    map[string]string
	units    map[string]int64 // section or department name → unit ID
	attempts map[string]int64 // "staffNo/module" → the ID of the person's latest attempt
}

func newReportEnv(t *testing.T, configure ...func(*app.App)) *reportEnv {
	t.Helper()
	e := newEnv(t, configure...)
	re := &reportEnv{env: e, temps: e.importRoster(reportRoster), units: map[string]int64{}, attempts: map[string]int64{}}
	units, err := e.db.FindUnits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		switch u.Level() {
		case tracker.LevelSection:
			re.units[u.Section] = u.ID()
		case tracker.LevelDepartment:
			re.units[u.Department] = u.ID()
		}
	}
	re.attempt("1001", "general", true)
	re.attempt("1002", "general", true)
	re.attempt("1002", "manager", false)
	re.attempt("1003", "general", false)
	re.attempt("1003", "general", true)
	re.attempt("1005", "general", true)
	re.attempt("1005", "manager", true)
	re.attempt("1005", "executive", true)
	return re
}

// attemptSeq numbers the attempts of every environment: tests that build one run in parallel.
var attemptSeq atomic.Int64

// attempt records a graded attempt for a person through the store, as the quiz pages would:
// the bank's first three questions, all right or all wrong.
func (e *reportEnv) attempt(staffNo, module string, pass bool) {
	e.t.Helper()
	ctx := context.Background()
	p, err := e.db.FindPersonByStaffNo(ctx, staffNo)
	if err != nil {
		e.t.Fatal(err)
	}
	b := quiz.Find(e.banks, module)
	a := &tracker.Attempt{Key: "report-" + strconv.FormatInt(attemptSeq.Add(1), 10), Module: module, PolicyVersion: "2026.1", BankVersion: b.Version,
		Paper: json.RawMessage(`{}`), Answers: map[string][]string{}, StartedAt: e.clock.Now().Add(-10 * time.Minute)}
	for _, q := range b.Questions[:3] {
		a.Items = append(a.Items, tracker.AttemptItem{QuestionID: q.ID, Competency: q.Competency, Right: pass})
	}
	a.Total = 3
	if pass {
		a.Correct, a.Percent, a.Passed = 3, 100, true
	}
	uctx := tracker.NewContext(ctx, &tracker.Principal{Account: &tracker.Account{Login: staffNo, Kind: tracker.KindStaff}, Person: p})
	if _, err := e.db.CreateAttempt(uctx, a); err != nil {
		e.t.Fatal(err)
	}
	e.attempts[staffNo+"/"+module] = a.ID
	e.clock.Add(time.Minute)
}

func (e *reportEnv) admin() *client { return e.staff(e.env.admin.Login, e.env.admin.Password) }

var hrefPattern = regexp.MustCompile(`href="([^"]+)"`)

// link finds the href of the first link whose text contains text, unescaped.
func link(t *testing.T, body, text string) string {
	t.Helper()
	re := regexp.MustCompile(`<a href="([^"]+)"[^>]*>(?:<strong>)?` + regexp.QuoteMeta(text))
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link %q in %.3000s", text, body)
	}
	return html.UnescapeString(m[1])
}

// TestReportTwoClicks: a 課長 signs in and reaches the section's 未受講者 with two clicks: the
// menu's 受講状況レポート, then the 未受講者 figure.
func TestReportTwoClicks(t *testing.T) {
	e := newReportEnv(t)
	mgr := e.staff("1002", e.temps["1002"])
	landing := mgr.get("/app/")
	wantStatus(t, landing, http.StatusSeeOther)
	page := mgr.get(landing.location) // where sign-in leaves the manager
	wantStatus(t, page, http.StatusOK)

	dash := mgr.get(link(t, page.body, "受講状況レポート")) // click 1
	wantStatus(t, dash, http.StatusOK)
	wantBody(t, dash, "総務局 情報管理部 情報企画課", "対象者")
	list := mgr.get(link(t, dash.body, "2</strong>人")) // click 1's page shows 対象者 2, 合格者 1, 未受講者 1
	wantStatus(t, list, http.StatusOK)

	outstanding := mgr.get(link(t, dash.body, "1</strong>人</a>（うち受講中")) // click 2: the 未受講者 figure
	wantStatus(t, outstanding, http.StatusOK)
	wantBody(t, outstanding, "情報企画課の未受講者", "佐藤 花子", "受講中")
	if strings.Contains(outstanding.body, "山田 太郎") || strings.Contains(outstanding.body, "高橋 次郎") {
		t.Fatalf("the list shows people who passed or belong elsewhere: %.2000s", outstanding.body)
	}
}

func TestReportDashboardPage(t *testing.T) {
	e := newReportEnv(t)
	admin := e.admin()
	r := admin.get("/app/reports/")
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "全庁", "重要性分類A", `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-units"`, "局ごとの受講状況",
		"修了率の推移", "受講期限", "セキュリティ管理者", "会計年度任用職員", "研修の有効性評価")
	figures := regexp.MustCompile(`(対象者|合格者|未受講者) <a href="[^"]+"><strong>(\d+)</strong>`).FindAllStringSubmatch(r.body, -1)
	got := map[string]string{}
	for _, f := range figures {
		got[f[1]] = f[2]
	}
	if got["対象者"] != "6" || got["合格者"] != "3" || got["未受講者"] != "3" {
		t.Fatalf("figures: got %v, want 6 / 3 / 3", got)
	}
	if !strings.Contains(r.body, "修了率 <strong>50%</strong>") {
		t.Fatalf("no completion rate 50%%: %.3000s", r.body)
	}

	t.Run("DrillDownToDepartmentThenSection", func(t *testing.T) {
		bureau := admin.get(link(t, r.body, "総務局"))
		wantStatus(t, bureau, http.StatusOK)
		wantBody(t, bureau, "部・課ごとの受講状況", "情報管理部")
		dept := admin.get(link(t, bureau.body, "情報管理部"))
		wantStatus(t, dept, http.StatusOK)
		wantBody(t, dept, "課ごとの受講状況", "情報企画課", "情報システム課")
		// 情報システム課: 2 targets, 1 passed (1003) of whom 0 late, 1 未受講 (1004).
		row := regexp.MustCompile(`(?s)<th scope="row" class="keep">情報システム課</th>(.*?)</tr>`).FindStringSubmatch(dept.body)
		if row == nil {
			t.Fatalf("no row for 情報システム課: %.3000s", dept.body)
		}
		nums := regexp.MustCompile(`>(\d+%?)<`).FindAllStringSubmatch(row[1], -1)
		var vals []string
		for _, n := range nums {
			vals = append(vals, n[1])
		}
		if strings.Join(vals, ",") != "2,1,0,0,1,1,50%" {
			t.Fatalf("情報システム課: got %v, want 2,1,0,0,1,1,50%%", vals)
		}
		notStarted := admin.get(html.UnescapeString(regexp.MustCompile(`<a href="([^"]+state=notstarted[^"]*)">1</a>`).FindStringSubmatch(row[1])[1]))
		wantStatus(t, notStarted, http.StatusOK)
		wantBody(t, notStarted, "高橋 次郎")
		if strings.Contains(notStarted.body, "鈴木") {
			t.Fatal("a passed person is in the 未受講 list")
		}
	})
	t.Run("RoleFigure", func(t *testing.T) {
		list := admin.get("/app/reports/people?fy=2026&role=manager&state=outstanding")
		wantStatus(t, list, http.StatusOK)
		wantBody(t, list, "佐藤 花子", "高橋 次郎", "2</strong>人")
	})
	t.Run("FormulaNamesEscapedOnPage", func(t *testing.T) {
		list := admin.get("/app/reports/people?fy=2026")
		list.body = html.UnescapeString(list.body) // html/template writes + as &#43;
		wantBody(t, list, "=1+2 伊藤", "@SUM(A1) 鈴木")
	})
	t.Run("ErrBadFilter", func(t *testing.T) {
		for _, q := range []string{"fy=abc", "unit=x", "state=late", "role=boss", "page=0", "module=nope"} {
			r := admin.get("/app/reports/people?" + q)
			if r.status != http.StatusBadRequest {
				t.Errorf("%s: got %d, want 400", q, r.status)
			}
		}
	})
	t.Run("API", func(t *testing.T) {
		var d tracker.Dashboard
		wantStatus(t, admin.api("GET", "/api/reports/dashboard?fy=2026", nil, &d), http.StatusOK)
		if d.Total != (tracker.Counts{Targets: 6, Passed: 3, InProgress: 1, NotStarted: 2}) || d.Scope != "全庁" {
			t.Fatalf("got %+v", d.Total)
		}
		var people struct {
			Total  int
			People []struct {
				Person tracker.Person
				State  tracker.PersonState
			}
		}
		wantStatus(t, admin.api("GET", "/api/reports/people?fy=2026&state=notstarted", nil, &people), http.StatusOK)
		if people.Total != 2 || people.People[0].Person.StaffNo != "1004" || people.People[1].State != tracker.PersonNotStarted {
			t.Fatalf("got %+v", people)
		}
	})
}

func TestReportHistoryAndEffectivenessPages(t *testing.T) {
	e := newReportEnv(t)
	admin := e.admin()
	h := admin.get("/app/reports/history/1003/")
	wantStatus(t, h, http.StatusOK)
	wantText(t, h, "@SUM(A1) 鈴木さんの受講歴", "2026年度（令和8年度）", "不合格", "合格", "異動の履歴")

	eff := admin.get("/app/reports/effectiveness?fy=2026")
	wantStatus(t, eff, http.StatusOK)
	wantBody(t, eff, "研修の有効性評価", quiz.Find(e.banks, "general").Title, "得点分布", "力量ごとの正答率", "設問分析",
		"2025年度（令和7年度）", `id="dist-general"`)
	// general: five attempts, four people, three passed at the first attempt (75.0%).
	if !regexp.MustCompile(`<th scope="row">受験数</th><td class="num"[^>]*>5</td>`).MatchString(eff.body) {
		t.Fatalf("no 受験数 5: %.3000s", eff.body)
	}
	wantBody(t, eff, "75.0%")

	var got tracker.Effectiveness
	wantStatus(t, admin.api("GET", "/api/reports/effectiveness?fy=2026&module=general", nil, &got), http.StatusOK)
	if len(got.Modules) != 1 || got.Modules[0].Current.Attempts != 5 || len(got.Modules[0].Current.Items.Items) != len(quiz.Find(e.banks, "general").Questions) {
		t.Fatalf("got %+v", got.Modules)
	}
}

// TestReportScopeOverHTTP proves every boundary of the reports over HTTP.
func TestReportScopeOverHTTP(t *testing.T) {
	e := newReportEnv(t)
	staff := e.staff("1001", e.temps["1001"])
	mgr := e.staff("1002", e.temps["1002"])
	director := e.staff("1005", e.temps["1005"])
	other := strconv.FormatInt(e.units["情報システム課"], 10)
	own := strconv.FormatInt(e.units["情報企画課"], 10)
	citizen := strconv.FormatInt(e.units["市民課"], 10)
	dept := strconv.FormatInt(e.units["情報管理部"], 10)

	tests := []struct {
		name   string
		c      *client
		path   string
		status int
	}{
		{"ManagerOwnSection", mgr, "/app/reports/people?unit=" + own, http.StatusOK},
		{"ManagerOtherSectionList403", mgr, "/app/reports/people?unit=" + other, http.StatusForbidden},
		{"ManagerOtherSectionDashboard403", mgr, "/app/reports/?unit=" + other, http.StatusForbidden},
		{"ManagerDepartment403", mgr, "/app/reports/?unit=" + dept, http.StatusForbidden},
		{"ManagerOtherSectionAPI403", mgr, "/api/reports/people?unit=" + other, http.StatusForbidden},
		{"ManagerEffectiveness403", mgr, "/app/reports/effectiveness", http.StatusForbidden},
		{"ManagerExports403", mgr, "/app/reports/exports", http.StatusForbidden},
		{"ManagerOwnSectionHistory", mgr, "/app/reports/history/1001/", http.StatusOK},
		{"ManagerOtherSectionHistory404", mgr, "/app/reports/history/1003/", http.StatusNotFound},
		{"StaffDashboard403", staff, "/app/reports/", http.StatusForbidden},
		{"StaffList403", staff, "/app/reports/people", http.StatusForbidden},
		{"StaffOwnHistory", staff, "/app/reports/history/1001/", http.StatusOK},
		{"StaffOtherHistory404", staff, "/app/reports/history/1003/", http.StatusNotFound},
		{"StaffUnknownHistory404", staff, "/app/reports/history/9999/", http.StatusNotFound},
		{"StaffOtherHistoryAPI404", staff, "/api/reports/history/1003", http.StatusNotFound},
		{"DirectorDepartment", director, "/app/reports/?unit=" + dept, http.StatusOK},
		{"DirectorSection", director, "/app/reports/people?unit=" + other, http.StatusOK},
		{"DirectorOtherBureau403", director, "/app/reports/?unit=" + citizen, http.StatusForbidden},
		{"DirectorEffectiveness403", director, "/app/reports/effectiveness", http.StatusForbidden},
		{"UnknownUnit404", director, "/app/reports/?unit=99999", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.get(tt.path)
			if r.status != tt.status {
				t.Fatalf("got %d, want %d: %.500s", r.status, tt.status, r.body)
			}
		})
	}
	t.Run("SignedOutRedirected", func(t *testing.T) {
		r := e.client().get("/app/reports/")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, "/app/login") {
			t.Fatalf("got %d %q", r.status, r.location)
		}
	})
	t.Run("ExportOutsideScopeRefusedAndNotRecorded", func(t *testing.T) {
		mgr.get("/app/reports/")
		r := mgr.post("/app/reports/export", url.Values{"report": {"attendance"}, "format": {"csv"}, "fy": {"2026"}, "unit": {other}})
		wantStatus(t, r, http.StatusForbidden)
		r = staff.post("/app/reports/export", url.Values{"report": {"history"}, "format": {"csv"}, "staff": {"1003"}})
		wantStatus(t, r, http.StatusNotFound)
		list, total, err := e.db.FindExports(context.Background(), tracker.ExportFilter{})
		if err != nil || total != 0 {
			t.Fatalf("got %d records %+v, %v; want none", total, list, err)
		}
	})
	t.Run("ManagerListShowsOnlyOwnSection", func(t *testing.T) {
		r := mgr.get("/app/reports/people")
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "山田 太郎", "佐藤 花子")
		for _, name := range []string{"鈴木", "高橋", "田中", "伊藤"} {
			if strings.Contains(r.body, name) {
				t.Errorf("%s is outside the 課長's section", name)
			}
		}
	})
}

// download posts an export form and returns the body and headers.
func download(t *testing.T, c *client, form url.Values) *response {
	t.Helper()
	r := c.post("/app/reports/export", form)
	wantStatus(t, r, http.StatusOK)
	return r
}

func TestReportExports(t *testing.T) {
	e := newReportEnv(t)
	admin := e.admin()
	admin.get("/app/reports/")
	sum := func(b string) string { s := sha256.Sum256([]byte(b)); return hex.EncodeToString(s[:]) }

	t.Run("AttendanceXLSX", func(t *testing.T) {
		r := download(t, admin, url.Values{"report": {"attendance"}, "format": {"xlsx"}, "fy": {"2026"}, "purpose": {"委員会報告"}})
		cd := r.header.Get("Content-Disposition")
		if !strings.Contains(cd, "filename*=UTF-8''") || !strings.Contains(cd, url.PathEscape("【重要性分類A】受講状況一覧_2026年度")) ||
			!strings.Contains(cd, `filename=classA_attendance_2026_`) {
			t.Fatalf("Content-Disposition: %q", cd)
		}
		f, err := excelize.OpenReader(strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("受講状況一覧")
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "受講状況一覧（重要性分類A）" || rows[6][1] != "職員番号" {
			t.Fatalf("title and header: got %q %q", rows[0], rows[6])
		}
		data := rows[7:]
		// One row per person and required module: 1 + 2 + 1 + 2 + 3 + 1 = 10.
		if len(data) != 10 {
			t.Fatalf("got %d rows, want 10: %q", len(data), data)
		}
		byKey := map[string][]string{}
		for _, row := range data {
			byKey[row[1]+"/"+row[8]] = row
		}
		general := quiz.Find(e.banks, "general").Title
		if row := byKey["1003/"+general]; row == nil || row[2] != "@SUM(A1) 鈴木" || row[9] != "合格" || row[11] != "100" || row[12] != "2" ||
			row[13] != "令和8年4月改正版（令和8年4月1日施行）" || row[14] != "2026.1" {
			t.Errorf("1003: got %q", row)
		}
		if row := byKey["1006/"+general]; row == nil || row[2] != "=1+2 伊藤" || row[9] != "未受講" {
			t.Errorf("1006: got %q", row)
		}
		// The formula-like names are text cells in the quoted style, not formulas.
		for i, row := range data {
			if strings.HasPrefix(row[2], "=") || strings.HasPrefix(row[2], "@") {
				cell, _ := excelize.CoordinatesToCellName(3, 8+i)
				if fm, _ := f.GetCellFormula("受講状況一覧", cell); fm != "" {
					t.Errorf("%s: formula %q", cell, fm)
				}
				style, _ := f.GetCellStyle("受講状況一覧", cell)
				if qp := f.Styles.CellXfs.Xf[style].QuotePrefix; qp == nil || !*qp {
					t.Errorf("%s: not in the quoted style", cell)
				}
			}
		}
		list, _, err := e.db.FindExports(context.Background(), tracker.ExportFilter{})
		if err != nil || len(list) == 0 {
			t.Fatal(err)
		}
		rec := list[0]
		if rec.Report != tracker.ReportAttendance || rec.Rows != 10 || rec.Scope != "全庁" || rec.FileSHA256 != sum(r.body) ||
			rec.Purpose != "委員会報告" || rec.Actor != e.env.admin.Login || rec.Classification != "重要性分類A" || rec.Source != "127.0.0.1" {
			t.Fatalf("record: got %+v", rec)
		}
		if r.header.Get("X-Export-Id") != strconv.FormatInt(rec.ID, 10) {
			t.Fatalf("X-Export-Id %q, record %d", r.header.Get("X-Export-Id"), rec.ID)
		}
	})
	t.Run("OutstandingCSV", func(t *testing.T) {
		r := download(t, admin, url.Values{"report": {"outstanding"}, "format": {"csv"}, "fy": {"2026"}, "unit": {strconv.FormatInt(e.units["情報管理部"], 10)}})
		if !strings.HasPrefix(r.body, "\ufeff") || !strings.Contains(r.body, "\r\n") {
			t.Fatal("CSV without BOM or CRLF")
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff")))
		cr.FieldsPerRecord = -1
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if recs[0][0] != "年度" || recs[0][len(recs[0])-1] != "取扱区分" {
			t.Fatalf("header: got %q, want it on the first line", recs[0])
		}
		data := recs[1:]
		var nos []string
		for _, row := range data {
			nos = append(nos, row[1])
		}
		// In 情報管理部: 1002 受講中 and 1004 未受講; 1006 is in another bureau.
		if strings.Join(nos, ",") != "1002,1004" {
			t.Fatalf("got %v", nos)
		}
		list, _, _ := e.db.FindExports(context.Background(), tracker.ExportFilter{})
		if list[0].Scope != "総務局 情報管理部" || list[0].Rows != 2 || list[0].Format != tracker.FormatCSV {
			t.Fatalf("record: got %+v", list[0])
		}
	})
	t.Run("FormulaNameInertInCSV", func(t *testing.T) {
		r := download(t, admin, url.Values{"report": {"attendance"}, "format": {"csv"}, "fy": {"2026"}, "state": {"notstarted"}})
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff")))
		cr.FieldsPerRecord = -1
		recs, _ := cr.ReadAll()
		found := false
		for _, row := range recs[1:] {
			if row[1] == "1006" {
				found = true
				if row[2] != "'=1+2 伊藤" {
					t.Fatalf("got %q, want the apostrophe that keeps it text", row[2])
				}
			}
		}
		if !found {
			t.Fatal("1006 not exported")
		}
	})
	t.Run("AttemptsXAPI", func(t *testing.T) {
		r := download(t, admin, url.Values{"report": {"attempts"}, "format": {"xapi"}, "fy": {"2026"}})
		var statements []map[string]any
		if err := json.Unmarshal([]byte(r.body), &statements); err != nil {
			t.Fatal(err)
		}
		// Eight attempts and five first passes (1001, 1002 and 1003 general; 1005 three modules… minus
		// 1002's failed manager): 8 + 6 completed.
		verbs := map[string]int{}
		for _, s := range statements {
			verbs[s["verb"].(map[string]any)["id"].(string)]++
			actor := s["actor"].(map[string]any)["account"].(map[string]any)
			if actor["homePage"] != e.srv.URL() || actor["name"] == "" {
				t.Fatalf("actor: got %v", actor)
			}
		}
		if verbs["http://adlnet.gov/expapi/verbs/passed"] != 6 || verbs["http://adlnet.gov/expapi/verbs/failed"] != 2 ||
			verbs["http://adlnet.gov/expapi/verbs/completed"] != 6 {
			t.Fatalf("got verbs %v", verbs)
		}
		if !strings.Contains(r.header.Get("Content-Type"), "application/json") {
			t.Fatalf("Content-Type %q", r.header.Get("Content-Type"))
		}
	})
	t.Run("EffectivenessXLSX", func(t *testing.T) {
		r := download(t, admin, url.Values{"report": {"effectiveness"}, "format": {"xlsx"}, "fy": {"2026"}})
		f, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.GetSheetList(), ","); got != "概要,得点分布,力量別の正答率,設問分析,アンケートの感想" {
			t.Fatalf("got sheets %s", got)
		}
	})
	t.Run("HistoryByStaffOwn", func(t *testing.T) {
		staff := e.staff("1003", e.temps["1003"])
		staff.get("/app/reports/history/1003/")
		r := download(t, staff, url.Values{"report": {"history"}, "format": {"csv"}, "staff": {"1003"}})
		zr, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
		if err != nil || len(zr.File) != 4 || zr.File[1].Name != "1_年度別の状況.csv" || zr.File[3].Name != "3_集合研修・訓練の出席.csv" || r.header.Get("Content-Type") != "application/zip" ||
			!strings.Contains(r.header.Get("Content-Disposition"), ".zip") {
			t.Fatalf("got %v, %v, %q; want a ZIP of the title and the three tables", err, r.header, r.body[:min(len(r.body), 100)])
		}
		list, _, _ := e.db.FindExports(context.Background(), tracker.ExportFilter{})
		if list[0].Actor != "1003" || list[0].Scope != "職員番号 1003" || list[0].Report != tracker.ReportHistory {
			t.Fatalf("record: got %+v", list[0])
		}
	})
	t.Run("API", func(t *testing.T) {
		r := admin.api("POST", "/api/reports/export", map[string]any{"report": "outstanding", "format": "csv", "fiscalYear": 2026}, nil)
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "\ufeff年度,職員番号,", ",重要性分類A\r\n")
		var exports struct {
			Total   int
			Exports []tracker.Export
		}
		wantStatus(t, admin.api("GET", "/api/reports/exports", nil, &exports), http.StatusOK)
		if exports.Total < 6 {
			t.Fatalf("got %d records", exports.Total)
		}
	})
	t.Run("ExportsPage", func(t *testing.T) {
		r := admin.get("/app/reports/exports")
		wantStatus(t, r, http.StatusOK)
		wantBody(t, r, "持ち出しの記録", "委員会報告", "受講状況一覧", "総務局 情報管理部")
	})
	t.Run("AuditLogged", func(t *testing.T) {
		events, _, err := e.db.FindEvents(context.Background(), tracker.AuditFilter{Action: tracker.ActionExport})
		if err != nil || len(events) < 6 {
			t.Fatalf("got %d export events, %v", len(events), err)
		}
	})
	for _, tt := range []struct {
		name string
		form url.Values
		want string
	}{
		{"ErrReport", url.Values{"report": {"salaries"}, "format": {"csv"}, "fy": {"2026"}}, "帳票"},
		{"ErrFormat", url.Values{"report": {"attendance"}, "format": {"pdf"}, "fy": {"2026"}}, "出力形式"},
		{"ErrXAPIForAggregate", url.Values{"report": {"outstanding"}, "format": {"xapi"}, "fy": {"2026"}}, "xAPI"},
		{"ErrYear", url.Values{"report": {"attendance"}, "format": {"csv"}, "fy": {"26"}}, "年度"},
		{"ErrPurpose", url.Values{"report": {"attendance"}, "format": {"csv"}, "fy": {"2026"}, "purpose": {strings.Repeat("長", 201)}}, "200字以内"},
		{"ErrHistoryWithoutStaff", url.Values{"report": {"history"}, "format": {"csv"}}, "職員番号"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, before, _ := e.db.FindExports(context.Background(), tracker.ExportFilter{})
			r := admin.post("/app/reports/export", tt.form)
			wantStatus(t, r, http.StatusBadRequest)
			wantBody(t, r, tt.want)
			if _, after, _ := e.db.FindExports(context.Background(), tracker.ExportFilter{}); after != before {
				t.Fatalf("a refused export was recorded (%d → %d)", before, after)
			}
		})
	}
	t.Run("ErrNoCSRF", func(t *testing.T) {
		r := admin.post("/app/reports/export", url.Values{"csrf": {"wrong"}, "report": {"attendance"}, "format": {"csv"}, "fy": {"2026"}})
		wantStatus(t, r, http.StatusForbidden)
	})
}
