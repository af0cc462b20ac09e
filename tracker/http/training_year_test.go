package http_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"isms/internal/app"
	"isms/internal/smtptest"
	"isms/tracker"
	"isms/tracker/export"
)

const yearRoster = rosterHeader +
	"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,yamada@city.example.jp\n" +
	"1002,佐藤 花子,サトウ ハナコ,総務局,情報管理部,情報企画課,課長,職員,,sato@city.example.jp\n" +
	"1003,鈴木 一郎,スズキ イチロウ,総務局,情報管理部,情報システム課,主任,職員,,suzuki@city.example.jp\n" +
	"1004,高橋 次郎,タカハシ ジロウ,総務局,情報管理部,情報システム課,課長,職員,,takahashi@city.example.jp\n" +
	"1005,田中 三郎,タナカ サブロウ,総務局,情報管理部,,部長,職員,,\n" +
	"1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n"

// relayEnv is a running tracker whose reminders go through a real SMTP server with STARTTLS and
// AUTH, started for the test.
func relayEnv(t *testing.T, configure ...func(*app.App)) (*env, *smtptest.Server) {
	t.Helper()
	relay, err := smtptest.Start("isms", "relay-secret", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relay.Close() })
	ca := filepath.Join(t.TempDir(), "relay-ca.pem")
	if err := os.WriteFile(ca, relay.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, append([]func(*app.App){func(a *app.App) {
		c := &a.Config
		c.SMTPHost, c.SMTPPort, c.SMTPFrom, c.SMTPUser, c.SMTPPassword, c.SMTPCA = relay.Host, relay.Port, "isms@city.example.jp", relay.User,
			relay.Password, ca
		c.PortalURL = "https://isms.city.example.jp"
		c.RemindDays = []int{14, 3}
		c.AdminPasswordMaxAge = 0 // the year spans more than the admin password's 90 days
	}}, configure...)...)
	return e, relay
}

var (
	sessionLocation = regexp.MustCompile(`^/app/sessions/(\d+)/`)
	hiddenField     = func(name string) *regexp.Regexp { return regexp.MustCompile(`name="` + name + `" value="([^"]*)"`) }
)

func field(t *testing.T, body, name string) string {
	t.Helper()
	m := hiddenField(name).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no field %s in %.800s", name, body)
	}
	return m[1]
}

// createSession records a session through the page and returns its ID.
func createSession(t *testing.T, admin *client, form url.Values) string {
	t.Helper()
	admin.get("/app/sessions/")
	r := admin.post("/app/sessions/", form)
	wantStatus(t, r, http.StatusSeeOther)
	m := sessionLocation.FindStringSubmatch(r.location)
	if m == nil {
		t.Fatalf("redirected to %q", r.location)
	}
	return m[1]
}

// confirm posts a preview page's confirmation form.
func confirm(t *testing.T, c *client, preview *response, action string, fields ...string) {
	t.Helper()
	form := url.Values{}
	for _, f := range fields {
		form.Set(f, field(t, preview.body, f))
	}
	wantStatus(t, c.post(action, form), http.StatusSeeOther)
}

// TestTrainingYear is a whole fiscal year: a plan with a quiz and a 集合研修 whose attendance counts
// for 課長; attendance from a file; a new hire in October with a deadline of their own; a promotion
// in November; a 標的型メール訓練 imported from Gophish; reminders previewed and sent to exactly the
// right people through a real SMTP server, then on a schedule; and the dashboard, the 未受講者
// list, the 受講歴 and every export agree.
func TestTrainingYear(t *testing.T) {
	e, relay := relayEnv(t)
	temps := e.importRoster(yearRoster)
	admin := e.client()
	admin.signInAndChange(e.admin.Login, e.admin.Password)

	// June: the 事務局 records the 課長 session, and the plan credits it for 課長.
	id := createSession(t, admin, url.Values{"kind": {"集合研修"}, "title": {"課長級情報セキュリティ研修"}, "start": {"2026-07-10"},
		"place": {"本庁舎8階"}, "roles": {"manager"}, "modules": {"manager"}})
	admin.get("/app/admin/plans/2026")
	plan := url.Values{"start": {"2026-05-01"}, "end": {"2027-02-28"}, "deadline": {"2027-01-31"}, "approved_on": {"2026-04-20"},
		"approver": {"情報セキュリティ委員会"}, "confirmed": {"1"}, "joiner_days": {"30"}, "role_change_days": {"60"}, "credit." + id + ".manager": {"manager"}}
	for _, r := range tracker.Roles() {
		plan["modules."+string(r)] = tracker.RequiredModules(r)
	}
	wantStatus(t, admin.post("/app/admin/plans/2026", plan), http.StatusSeeOther)

	staff1001 := e.staff("1001", temps["1001"])
	passedAttempt(t, e, staff1001)
	staff1002 := e.staff("1002", temps["1002"])
	passedAttempt(t, e, staff1002)

	// later moves the clock and signs the clients in again (sessions end after 12 hours).
	later := func(d time.Duration) {
		e.clock.Add(d)
		admin.signIn(e.admin.Login, newPassword)
		staff1001.signIn("1001", newPassword)
		staff1002.signIn("1002", newPassword)
	}

	// July: attendance from a file of 職員番号.
	later(40 * 24 * time.Hour)
	admin.get("/app/sessions/" + id + "/")
	pv := admin.upload("/app/sessions/"+id+"/attendance", "file", "出席者.csv", []byte("職員番号,氏名\n1002,佐藤 花子\n1004,高橋 次郎\n"))
	wantStatus(t, pv, http.StatusOK)
	wantBody(t, pv, "記録する <strong>2</strong>人")
	confirm(t, admin, pv, "/app/sessions/"+id+"/attendance/apply", "pending", "digest", "method")

	// October: a new hire; November: 1001 promoted to 課長.
	later(90 * 24 * time.Hour) // 9 October 2026
	temps = e.importRoster(yearRoster + "1007,渡辺 五郎,ワタナベ ゴロウ,市民局,市民部,市民課,主事,職員,,watanabe@city.example.jp\n")
	later(32 * 24 * time.Hour) // 10 November 2026
	e.importRoster(strings.Replace(yearRoster, "情報企画課,主事,職員,,yamada", "情報企画課,課長,職員,,yamada", 1) +
		"1007,渡辺 五郎,ワタナベ ゴロウ,市民局,市民部,市民課,主事,職員,,watanabe@city.example.jp\n")

	// A 標的型メール訓練 from Gophish's results export.
	drill := createSession(t, admin, url.Values{"kind": {"訓練"}, "title": {"標的型メール訓練（第1回）"}, "start": {"2026-11-12"}})
	admin.get("/app/sessions/" + drill + "/")
	pv = admin.upload("/app/sessions/"+drill+"/drill", "file", "results.csv", []byte(
		"id,status,ip,latitude,longitude,send_date,reported,modified_date,email,first_name,last_name,position\n"+
			"r1,Clicked Link,192.0.2.1,0,0,2026-11-12T09:00:00Z,false,2026-11-12T09:10:00Z,yamada@city.example.jp,太郎,山田,\n"+
			"r2,Email Opened,192.0.2.2,0,0,2026-11-12T09:00:00Z,true,2026-11-12T09:11:00Z,sato@city.example.jp,花子,佐藤,\n"+
			"r3,Email Sent,,0,0,2026-11-12T09:00:00Z,false,2026-11-12T09:00:00Z,watanabe@city.example.jp,五郎,渡辺,\n"))
	wantStatus(t, pv, http.StatusOK)
	confirm(t, admin, pv, "/app/sessions/"+drill+"/drill/apply", "pending", "digest")
	later(10 * 24 * time.Hour) // 20 November 2026

	t.Run("OwnDeadlines", func(t *testing.T) {
		c := e.staff("1007", temps["1007"])
		wantBody(t, c.get("/app/training/"), "2026年11月8日", "入所された日から数えた期限")
		wantBody(t, staff1001.get("/app/training/"), "2027年1月9日", "役割が変わった日から数えた期限")
	})
	t.Run("AttendancePassesForManagers", func(t *testing.T) {
		wantBody(t, staff1002.get("/app/training/"), "集合研修に出席", "今年度の研修はすべて合格しています")
	})

	var outstanding struct {
		Total  int `json:"total"`
		People []struct {
			Person  tracker.Person         `json:"person"`
			Modules []tracker.ModuleStatus `json:"modules"`
		} `json:"people"`
	}
	wantStatus(t, admin.api("GET", "/api/reports/people?fy=2026&state=outstanding", nil, &outstanding), http.StatusOK)
	var pending []string
	for _, p := range outstanding.People {
		pending = append(pending, p.Person.StaffNo)
	}
	slices.Sort(pending)
	t.Run("Outstanding", func(t *testing.T) {
		if got, want := strings.Join(pending, ","), "1001,1003,1004,1005,1006,1007"; got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
		var d tracker.Dashboard
		wantStatus(t, admin.api("GET", "/api/reports/dashboard?fy=2026", nil, &d), http.StatusOK)
		if d.Total.Targets != 7 || d.Total.Passed != 1 || d.Total.Outstanding() != len(pending) {
			t.Fatalf("dashboard %+v disagrees with the list of %d", d.Total, len(pending))
		}
	})

	// Reminders: the preview, then the send, read back from the relay.
	page := admin.get("/app/admin/reminders")
	wantBody(t, page, "未受講者へ <strong>6</strong>通", "セキュリティ管理者へ <strong>2</strong>通", "メールアドレスなし <strong>2</strong>人")
	r := admin.post("/app/admin/reminders/send", url.Values{"fy": {"2026"}, "digest": {field(t, page.body, "digest")}})
	wantStatus(t, r, http.StatusOK)
	wantBody(t, r, "送信 6件", "メールアドレスなし 2件")
	msgs, err := relay.Wait(6, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("RemindersReachExactlyTheOutstanding", func(t *testing.T) {
		got := map[string]string{}
		for _, m := range msgs {
			d, err := m.Decode()
			if err != nil {
				t.Fatal(err)
			}
			if !m.TLS || m.User != "isms" || len(m.To) != 1 {
				t.Errorf("message to %v: TLS %v, user %q", m.To, m.TLS, m.User)
			}
			got[m.To[0]] = d.Subject + "\n" + d.Body
		}
		want := []string{"yamada@city.example.jp", "suzuki@city.example.jp", "takahashi@city.example.jp", "watanabe@city.example.jp",
			"sato@city.example.jp"}
		for _, to := range want {
			if got[to] == "" {
				t.Errorf("no reminder to %s", to)
			}
		}
		if len(got) != 5 || len(msgs) != 6 {
			t.Fatalf("got %d messages to %d addresses, want 6 to 5 (takahashi as 未受講者 and as 課長)", len(msgs), len(got))
		}
		if !strings.Contains(got["watanabe@city.example.jp"], "2026年11月8日（令和8年11月8日）") ||
			!strings.Contains(got["watanabe@city.example.jp"], "https://isms.city.example.jp/app/login") {
			t.Errorf("the new hire's reminder: %s", got["watanabe@city.example.jp"])
		}
		if m := got["yamada@city.example.jp"]; !strings.Contains(m, "2027年1月9日") || strings.Contains(m, "一般職員") && !strings.Contains(m, "セキュリティ管理者") {
			t.Errorf("the promoted 課長's reminder: %s", m)
		}
		if m := got["sato@city.example.jp"]; !strings.Contains(m, "情報企画課の未受講者（1人）") || !strings.Contains(m, "1001 山田 太郎") {
			t.Errorf("the 課長's list: %s", m)
		}
	})
	t.Run("EverySendLogged", func(t *testing.T) {
		logs, err := e.db.FindReminders(context.Background(), 2026, 0)
		if err != nil || len(logs) != 8 {
			t.Fatalf("got %d records, %v; want 8 (6 sent, 2 without an address)", len(logs), err)
		}
		if v, err := e.db.VerifyChain(context.Background()); err != nil || !v.OK() {
			t.Fatalf("audit chain: %+v, %v", v, err)
		}
	})
	t.Run("ErrStalePreviewSendsNothing", func(t *testing.T) {
		before := relay.Count()
		r := admin.post("/app/admin/reminders/send", url.Values{"fy": {"2026"}, "digest": {"0123"}})
		wantStatus(t, r, http.StatusConflict)
		if relay.Count() != before {
			t.Fatal("a stale preview sent mail")
		}
	})

	t.Run("Exports", func(t *testing.T) {
		exportCSV := func(report string, extra ...string) []string {
			t.Helper()
			form := url.Values{"report": {report}, "format": {"csv"}, "fy": {"2026"}}
			for i := 0; i+1 < len(extra); i += 2 {
				form.Set(extra[i], extra[i+1])
			}
			admin.get("/app/reports/")
			r := admin.post("/app/reports/export", form)
			wantStatus(t, r, http.StatusOK)
			if r.header.Get("X-Export-Classification") != "A" {
				t.Fatalf("%s: not labelled 分類A", report)
			}
			return csvLines(t, r.body)
		}
		lines := exportCSV("outstanding")
		for _, no := range pending {
			if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, ","+no+",") }) {
				t.Errorf("outstanding export lacks %s", no)
			}
		}
		if slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, ",1002,") }) {
			t.Error("the outstanding export lists 1002, who passed")
		}
		if sessions := exportCSV("sessions"); !slices.ContainsFunc(sessions, func(l string) bool {
			return strings.Contains(l, "課長級情報セキュリティ研修") && strings.Contains(l, ",1004,")
		}) {
			t.Errorf("sessions export: %q", sessions)
		}
		if drills := exportCSV("drills"); !slices.ContainsFunc(drills, func(l string) bool { return strings.Contains(l, ",1001,") }) {
			t.Errorf("drills export: %q", drills)
		}
		if h := exportCSV("history", "staff", "1002"); !slices.ContainsFunc(h, func(l string) bool { return strings.Contains(l, "課長級情報セキュリティ研修") }) {
			t.Errorf("history export: %q", h)
		}
		if rem := exportCSV("reminders"); len(rem) < 8 {
			t.Errorf("reminders export: %q", rem)
		}
		r := admin.post("/app/reports/export", url.Values{"report": {"sessions"}, "format": {"xapi"}, "fy": {"2026"}})
		var statements []export.Statement
		if err := json.Unmarshal([]byte(r.body), &statements); err != nil || len(statements) != 2 || statements[0].Verb.ID != export.VerbAttended {
			t.Fatalf("xAPI: %v, %.300s", err, r.body)
		}
		var h tracker.History
		wantStatus(t, admin.api("GET", "/api/reports/history/1002", nil, &h), http.StatusOK)
		if len(h.Years[0].Attendance) != 1 || !h.Years[0].Report.Complete {
			t.Fatalf("受講歴: %+v", h.Years[0])
		}
	})

	t.Run("Schedule", func(t *testing.T) {
		// 26 December is 14 days before 1001's deadline for the manager module (9 January): the
		// schedule reminds 1001 alone (and their 課長), once that day.
		later(36 * 24 * time.Hour)
		before := relay.Count()
		res, err := e.app.RemindDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if res.Sent != 2 {
			t.Fatalf("sent %d, want 2 (1001 and the list to their 課長): %+v", res.Sent, res.Logs)
		}
		msgs, err := relay.Wait(before+2, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		to := []string{msgs[before].To[0], msgs[before+1].To[0]}
		slices.Sort(to)
		if strings.Join(to, ",") != "sato@city.example.jp,yamada@city.example.jp" {
			t.Fatalf("scheduled reminders went to %v", to)
		}
		res, err = e.app.RemindDue(context.Background())
		if err != nil || res.Sent != 0 || relay.Count() != before+2 {
			t.Fatalf("the same day again sent %+v, %v", res, err)
		}
	})
	_ = strconv.Itoa
}

// csvLines reads a CSV export as lines; an export of several tables comes as a ZIP of one CSV
// each, read here in order.
func csvLines(t *testing.T, body string) []string {
	t.Helper()
	if !strings.HasPrefix(body, "PK") {
		return strings.Split(strings.TrimSpace(body), "\r\n")
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(strings.TrimSpace(string(b)), "\r\n")...)
	}
	return lines
}
