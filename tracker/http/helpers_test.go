package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"isms/internal/app"
	"isms/quiz"
	"isms/tracker"
	"isms/tracker/auth"
	trackerhttp "isms/tracker/http"
	"isms/tracker/roster"
	"isms/tracker/sqlite"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a running tracker, assembled as isms serve assembles it (internal/app): a real SQLite
// file and a real HTTP server on 127.0.0.1:0, with a test clock and a cheap password hash.
type env struct {
	t     *testing.T
	app   *app.App
	db    *sqlite.DB
	srv   *trackerhttp.Server
	clock *clock
	banks []*quiz.Bank
	admin *tracker.TempPassword
}

func newEnv(t *testing.T, configure ...func(*app.App)) *env {
	t.Helper()
	c := &clock{t: time.Date(2026, 6, 1, 10, 0, 0, 0, tracker.Japan)}
	cfg := app.DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.Data = filepath.Join(t.TempDir(), "data")
	cfg.PolicyVersion = "2026.1"
	cfg.HashConcurrency = 4
	a := app.New(cfg)
	// The edition the attempts record, as versions.toml would name it.
	edition, _ := tracker.ParseDate("2026-04-01")
	a.Editions = tracker.Editions{{ID: cfg.PolicyVersion, Name: "令和8年4月改正版", Effective: edition}}
	a.Now = c.Now
	a.HashParams = &auth.Params{Memory: 64, Time: 1, Threads: 1}
	a.Static = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "handbook:"+r.URL.Path) })
	for _, f := range configure {
		f(a)
	}
	if err := a.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	admin, err := a.Listen(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, app: a, db: a.DB, srv: a.HTTP, clock: c, banks: a.Banks, admin: admin}
}

// client is a browser without JavaScript: a cookie jar, no automatic redirects.
type client struct {
	t    *testing.T
	e    *env
	hc   *http.Client
	csrf string // the last CSRF token seen on a page
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, e: e, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// clientFrom is a browser whose connections come from a loopback address of its own (127.x.y.z),
// as people on different machines of the city's network.
func (e *env) clientFrom(address string) *client {
	c := e.client()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(address)}}
	c.hc.Transport = &http.Transport{DialContext: d.DialContext}
	return c
}

type response struct {
	status   int
	location string
	body     string
	header   http.Header
}

var csrfPattern = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &response{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b), header: res.Header}
	if m := csrfPattern.FindStringSubmatch(r.body); m != nil {
		c.csrf = m[1]
	}
	return r
}

func (c *client) get(path string) *response {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.e.srv.URL()+path, nil)
	return c.do(req)
}

// post sends a form with the current CSRF token unless the form sets csrf itself.
func (c *client) post(path string, form url.Values) *response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	req, _ := http.NewRequest("POST", c.e.srv.URL()+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) upload(path, field, name string, data []byte) *response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.srv.URL()+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// api sends JSON with the session's CSRF header and decodes the answer into out (if not nil).
func (c *client) api(method, path string, body any, out any) *response {
	c.t.Helper()
	var rd io.Reader
	if s, ok := body.(string); ok {
		rd = strings.NewReader(s)
	} else if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL()+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	r := c.do(req)
	if out != nil && r.status < 300 {
		if err := json.Unmarshal([]byte(r.body), out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, r.body)
		}
	}
	return r
}

// signIn signs in through the form and returns the response to the POST.
func (c *client) signIn(login, password string) *response {
	c.t.Helper()
	c.get("/app/login")
	return c.post("/app/login", url.Values{"login": {login}, "password": {password}})
}

// signInAndChange signs in with a temporary password and changes it to newPassword.
func (c *client) signInAndChange(login, temp string) {
	c.t.Helper()
	r := c.signIn(login, temp)
	if r.status != http.StatusSeeOther || r.location != "/app/password" {
		c.t.Fatalf("sign in %s: got %d → %q, want 303 → /app/password; %s", login, r.status, r.location, r.body)
	}
	c.get("/app/password")
	r = c.post("/app/password", url.Values{"current": {temp}, "new": {newPassword}, "confirm": {newPassword}})
	if r.status != http.StatusSeeOther {
		c.t.Fatalf("change password %s: got %d; %s", login, r.status, r.body)
	}
}

const newPassword = "kamome-umi-hashiru"

func wantStatus(t *testing.T, r *response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("got status %d, want %d; location %q; body: %.600s", r.status, want, r.location, r.body)
	}
}

// wantText checks the page's text as a person reads it: tags removed, entities decoded.
func wantText(t *testing.T, r *response, parts ...string) {
	t.Helper()
	text := pageText(r.body)
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Fatalf("page text does not contain %q: %.1500s", p, text)
		}
	}
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// pageText is the text of a page without its tags.
func pageText(body string) string { return html.UnescapeString(tagPattern.ReplaceAllString(body, "")) }

func wantBody(t *testing.T, r *response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.body, p) {
			t.Fatalf("body does not contain %q: %.1500s", p, r.body)
		}
	}
}

const rosterHeader = "職員番号,氏名,氏名カナ,局,部,課,職位,区分,監査委員,メール\n"

const baseRoster = rosterHeader +
	"1001,山田 太郎,ヤマダ タロウ,総務局,情報管理部,情報企画課,主事,職員,,yamada@city.example.jp\n" +
	"1002,佐藤 花子,サトウ ハナコ,総務局,情報管理部,情報企画課,課長,職員,,\n" +
	"1003,鈴木 一郎,スズキ イチロウ,総務局,情報管理部,情報システム課,主任,職員,,\n" +
	"1004,高橋 次郎,タカハシ ジロウ,総務局,情報管理部,情報システム課,課長,職員,,\n" +
	"1005,田中 三郎,タナカ サブロウ,総務局,情報管理部,,部長,職員,,\n" +
	"1006,伊藤 四郎,イトウ シロウ,市民局,市民部,市民課,主事,会計年度任用職員,,\n"

// importRoster loads the roster straight through the store (for tests that are not about import)
// and returns the temporary passwords.
func (e *env) importRoster(src string) map[string]string {
	e.t.Helper()
	r, err := (&roster.Parser{Roles: tracker.DefaultRoleMap()}).Parse("roster.csv", []byte(src))
	if err != nil {
		e.t.Fatal(err)
	}
	d, err := e.db.PreviewRoster(context.Background(), r)
	if err != nil {
		e.t.Fatal(err)
	}
	res, err := e.db.ApplyRoster(context.Background(), r, d.Digest)
	if err != nil {
		e.t.Fatal(err)
	}
	pw := map[string]string{}
	for _, p := range res.Passwords {
		pw[p.Login] = p.Password
	}
	return pw
}

// staff returns a signed-in client for a person whose temporary password has been changed.
func (e *env) staff(login, temp string) *client {
	c := e.client()
	c.signInAndChange(login, temp)
	return c
}

var questionPattern = regexp.MustCompile(`name="q\.([^"]+)" value="([^"]+)"`)
var paperPattern = regexp.MustCompile(`name="paper" value="([^"]+)"`)

// answerForm reads a quiz form and returns the answers: right ones when correct, else the first
// wrong choice of every question.
func (e *env) answerForm(module, page string, correct bool) url.Values {
	e.t.Helper()
	b := quiz.Find(e.banks, module)
	m := paperPattern.FindStringSubmatch(page)
	if m == nil {
		e.t.Fatalf("no paper in %.500s", page)
	}
	form := url.Values{"paper": {m[1]}}
	seen := map[string]bool{}
	for _, q := range questionPattern.FindAllStringSubmatch(page, -1) {
		id := q[1]
		if seen[id] {
			continue
		}
		seen[id] = true
		question := b.Question(id)
		if question == nil {
			e.t.Fatalf("question %s not in bank %s", id, module)
		}
		if correct {
			form["q."+id] = question.CorrectIDs()
			continue
		}
		for _, c := range question.Choices {
			if !c.Correct {
				form["q."+id] = []string{c.ID}
				break
			}
		}
	}
	return form
}
