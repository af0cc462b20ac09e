package http_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"isms/internal/browser"
)

// A stop is one page of the tour: a page reached by its address, or by sending a form on the page
// at path (the result of a roster upload, a refused quiz, a temporary password …).
type stop struct {
	name   string
	path   string
	status int // 0: 200
	// submit, when set, is the form (a CSS selector) to send from path; fields are filled in
	// first (name → value), upload names a file for the form's file field.
	submit string
	fields map[string]string
	upload string
	want   string // what the page must say (the answer to a form, chiefly)
}

// A leg is the stops one person visits, signed in as login (empty: not signed in).
type leg struct {
	role  string
	login string
	stops []stop
}

// tour is every page of the tracker as each kind of user meets it, on the reportEnv world:
// staff (1001), a 課長 (1002, who failed the manager quiz), a 部長 (1005) and the 事務局.
func tour(t *testing.T, e *reportEnv) []leg {
	t.Helper()
	ctx := context.Background()
	p1001, err := e.db.FindPersonByStaffNo(ctx, "1001")
	if err != nil {
		t.Fatal(err)
	}
	p1006, _ := e.db.FindPersonByStaffNo(ctx, "1006")
	section := "/app/units/" + strconv.FormatInt(p1001.Unit.SectionID, 10) + "/"
	department := "/app/units/" + strconv.FormatInt(p1001.Unit.DepartmentID, 10) + "/"
	bureau := strconv.FormatInt(p1001.Unit.BureauID, 10)
	otherSection := strconv.FormatInt(p1006.Unit.SectionID, 10)
	attempt := func(id int64) string { return "/app/attempts/" + strconv.FormatInt(id, 10) }
	rosterFile := filepath.Join(t.TempDir(), "名簿.csv")
	if err := os.WriteFile(rosterFile, []byte(reportRoster+
		"1007,長谷川 美智子,ハセガワ ミチコ,総務局,情報管理部,情報企画課,主事補,職員,,hasegawa.michiko@city.example.jp\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []leg{
		{"Anonymous", "", []stop{
			{name: "Login", path: "/app/login"},
			{name: "LoginRefused", path: "/app/login", submit: `form[action="/app/login"]`,
				fields: map[string]string{"login": "1001", "password": "wrong-password-1"}, status: 401, want: "ログインできませんでした"},
		}},
		{"Staff", "1001", []stop{
			{name: "Training", path: "/app/training/"},
			{name: "Quiz", path: "/app/training/general/quiz"},
			{name: "QuizUnanswered", path: "/app/training/general/quiz", submit: `form[action$="/quiz"]`, status: 400, want: "未回答の問題が"},
			{name: "Result", path: attempt(e.attempts["1001/general"])},
			{name: "History", path: "/app/history/"},
			{name: "ReportHistory", path: "/app/reports/history/1001/"},
			{name: "Password", path: "/app/password"},
			{name: "NotFound", path: "/app/attempts/999999", status: 404},
			{name: "PasswordRefused", path: "/app/password", submit: `form[action="/app/password"]`,
				fields: map[string]string{"current": newPassword, "new": "short", "confirm": "short"}, status: 400, want: "12文字以上"},
		}},
		{"Manager", "1002", []stop{
			{name: "Training", path: "/app/training/"},
			{name: "FailedResult", path: attempt(e.attempts["1002/manager"])},
			{name: "SurveyRefused", path: attempt(e.attempts["1002/manager"]), submit: `form[action$="/survey"]`, status: 400, want: "理解度"},
			{name: "Units", path: "/app/units/"},
			{name: "Section", path: section},
			{name: "SectionPending", path: section + "?show=pending"},
			{name: "Person", path: "/app/people/1001/"},
			{name: "StaffResult", path: attempt(e.attempts["1001/general"])},
			{name: "Dashboard", path: "/app/reports/"},
			{name: "Outstanding", path: "/app/reports/people?state=outstanding"},
			{name: "ReportHistory", path: "/app/reports/history/1001/"},
			{name: "Forbidden", path: "/app/reports/?unit=" + otherSection, status: 403},
		}},
		{"Director", "1005", []stop{
			{name: "Training", path: "/app/training/"},
			{name: "Units", path: "/app/units/"},
			{name: "Department", path: department},
			{name: "Dashboard", path: "/app/reports/"},
			{name: "SectionDashboard", path: "/app/reports/?unit=" + strconv.FormatInt(p1001.Unit.SectionID, 10)},
			{name: "Outstanding", path: "/app/reports/people?state=outstanding"},
			{name: "ReportHistory", path: "/app/reports/history/1003/"},
		}},
		{"Admin", e.env.admin.Login, []stop{
			{name: "Menu", path: "/app/admin/"},
			{name: "Training", path: "/app/training/"},
			{name: "Roster", path: "/app/admin/roster"},
			{name: "RosterPreview", path: "/app/admin/roster", submit: `form[action="/app/admin/roster"]`, upload: rosterFile, want: "まだ何も変更していません"},
			{name: "RosterResult", path: "", submit: `form[action="/app/admin/roster/apply"]`, fields: map[string]string{"confirmed": "1"},
				want: "職員名簿を取り込みました"},
			{name: "Plans", path: "/app/admin/plans/"},
			{name: "Plan", path: "/app/admin/plans/2026"},
			{name: "PlanRefused", path: "/app/admin/plans/2027", submit: `form[action="/app/admin/plans/2027"]`,
				fields: map[string]string{"start": "2027-05-01", "end": "2027-04-01", "deadline": "2027-03-01"}, status: 400, want: "実施期間の終了日が開始日より前です"},
			{name: "People", path: "/app/admin/people"},
			{name: "TemporaryPassword", path: "/app/people/1003/", submit: `form[action$="/password"]`, fields: map[string]string{"confirmed": "1"},
				want: "仮パスワードを発行しました"},
			{name: "Person", path: "/app/people/1001/"},
			{name: "Units", path: "/app/units/"},
			{name: "Section", path: section},
			{name: "Audit", path: "/app/admin/audit"},
			{name: "AuditFailures", path: "/app/admin/audit?outcome=failure"},
			{name: "AuditVerify", path: "/app/admin/audit?verify=1"},
			{name: "Dashboard", path: "/app/reports/"},
			{name: "BureauDashboard", path: "/app/reports/?unit=" + bureau},
			{name: "People", path: "/app/reports/people?fy=2026"},
			{name: "BadFilter", path: "/app/reports/people?state=late", status: 400},
			{name: "ReportHistory", path: "/app/reports/history/1003/"},
			{name: "Effectiveness", path: "/app/reports/effectiveness?fy=2026"},
			{name: "Exports", path: "/app/reports/exports"},
			{name: "Roles", path: "/app/admin/roles"},
			{name: "Annual", path: "/app/reports/annual?fy=2026"},
			{name: "AnnualPrint", path: "/app/reports/annual/print?fy=2026"},
			{name: "Result", path: attempt(e.attempts["1003/general"])},
			{name: "Password", path: "/app/password"},
		}},
	}
}

// visit brings the tab of ctx to the stop's page: it navigates to path (unless empty: the page
// already shown), then sends the form when the stop has one and waits for the answer.
func visit(ctx context.Context, base string, s stop) error {
	if s.path != "" {
		err := browser.Navigate(ctx, base+s.path)
		if s.submit == "" && (err == nil) != (s.status == 0 || s.status < 400) {
			return fmt.Errorf("got %v, want status %d", err, s.status)
		}
		if s.submit == "" {
			return nil
		}
		if err != nil {
			return err
		}
	}
	if s.upload != "" {
		if _, err := chromedp.Run(ctx, chromedp.SetUploadFiles(s.submit+` input[type=file]`, []string{s.upload})); err != nil {
			return err
		}
	}
	var fill strings.Builder
	for k, v := range s.fields {
		// A box is ticked; any other field takes the value.
		fmt.Fprintf(&fill, "{ const el = f.elements[%q]; if (el.type === 'checkbox') el.checked = true; else el.value = %q; }", k, v)
	}
	// The form is sent from a timer so that the evaluation returns before the page goes; the
	// browser's own checks are off, as they are for anyone who sends the form without them.
	js := fmt.Sprintf(`(() => { window.leaving = true; const f = document.querySelector(%q); if (!f) return false; %s
		f.noValidate = true; setTimeout(() => f.submit(), 0); return true })()`, s.submit, fill.String())
	ok, err := browser.Eval[bool](ctx, js)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no form %s", s.submit)
	}
	if !awaitNewDocument(ctx) {
		return fmt.Errorf("no answer to %s", s.submit)
	}
	return nil
}

// awaitNewDocument waits for the document that replaces one marked window.leaving (a form sent), and
// reports whether it came and loaded.
func awaitNewDocument(ctx context.Context) bool {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		done, err := browser.Eval[bool](ctx, `new Promise(r => setTimeout(() => r(!window.leaving && document.readyState === 'complete'), 20))`)
		if err == nil && done {
			return true
		}
	}
	return false
}

// tab opens a tab width CSS pixels wide (a phone below 600), signed in as login unless it is empty.
func tab(t *testing.T, base string, width int64, login string) context.Context {
	t.Helper()
	ctx := browser.New(t)
	if err := browser.SetViewport(ctx, width, 800, width < 600); err != nil {
		t.Fatal(err)
	}
	if login != "" {
		browserSignIn(t, ctx, base, login, newPassword)
	}
	return ctx
}

// signInAll changes the temporary password of everyone on the tour to newPassword.
func signInAll(e *reportEnv, legs []leg) {
	for _, l := range legs {
		switch {
		case l.login == "":
		case l.login == e.env.admin.Login:
			e.admin()
		default:
			e.staff(l.login, e.temps[l.login])
		}
	}
}
