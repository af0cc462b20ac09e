package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"isms/internal/browser"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

// pages is a tiny site: one page that meets WCAG AA, one that does not, and pages that exercise
// requests, scripts, print styles and narrow screens.
var pages = map[string]string{
	"/good.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>よい例</title><link rel="stylesheet" href="/style.css"></head>
<body><header><nav aria-label="サイト"><a href="/good.html">ホーム</a></nav></header>
<main><h1>情報セキュリティ</h1><p>本文です。</p></main></body></html>`,

	"/bad.html": `<!doctype html>
<html><head><meta charset="utf-8"><title>悪い例</title></head>
<body><main><h1>見出し</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#ccc;background:#fff">読みにくい文字</p></main></body></html>`,

	"/requests.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>要求</title>
<link rel="stylesheet" href="/style.css"></head>
<body><main><h1>要求</h1>
<img alt="同じオリジン" src="/missing.png">
<img alt="別のオリジン" src="OTHER/pixel.gif">
<img alt="データ" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<img alt="外部" src="http://example.invalid/pixel.gif">
</main></body></html>`,

	"/script.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>スクリプト</title></head>
<body><main><h1 id="h">スクリプトなし</h1></main>
<script>document.getElementById("h").textContent = "スクリプトあり";</script></body></html>`,

	"/print.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>印刷</title>
<style>@media print { nav { display: none } }</style></head>
<body><nav aria-label="サイト"><a href="/good.html">ホーム</a></nav><main><h1>印刷</h1></main></body></html>`,

	"/a5.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>A5</title>
<style>@page { size: A5 } p { break-after: page }</style></head>
<body><main><h1>A5</h1><p>1 ページ目</p><p>2 ページ目</p></main></body></html>`,

	"/errors.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>エラー</title></head>
<body><main><h1>エラー</h1></main>
<script>console.error("壊れた", 42); noSuchFunction();</script></body></html>`,

	"/csp.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>CSP</title></head>
<body><main><h1>CSP</h1></main><script>document.title = "実行された";</script></body></html>`,

	"/wide.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>幅</title></head>
<body style="margin:0"><main><h1>幅</h1><div style="width:500px">広い箱</div></main></body></html>`,

	"/style.css": `body { font-family: sans-serif; color: #222; background: #fff }`,
}

// serve starts the tiny site and, for the cross-origin case, a second server standing in for
// another host; both listen on 127.0.0.1.
func serve(t *testing.T) (site, other string) {
	t.Helper()
	o := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;"))
	}))
	t.Cleanup(o.Close)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == "/csp.html" {
			w.Header().Set("Content-Security-Policy", "default-src 'self'")
		}
		if strings.HasSuffix(r.URL.Path, ".css") {
			w.Header().Set("Content-Type", "text/css")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Write([]byte(strings.ReplaceAll(body, "OTHER", o.URL)))
	}))
	t.Cleanup(s.Close)
	return s.URL, o.URL
}

func TestAxe(t *testing.T) {
	site, _ := serve(t)
	t.Run("Accessible", func(t *testing.T) {
		ctx := browser.New(t)
		if err := browser.Navigate(ctx, site+"/good.html"); err != nil {
			t.Fatal(err)
		}
		report, err := browser.Axe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range report.Violations {
			t.Errorf("violation on an accessible page:\n%s", v)
		}
		if got, want := report.URL, site+"/good.html"; got != want {
			t.Errorf("report URL = %q, want %q", got, want)
		}
	})
	t.Run("Violations", func(t *testing.T) {
		ctx := browser.New(t)
		if err := browser.Navigate(ctx, site+"/bad.html"); err != nil {
			t.Fatal(err)
		}
		report, err := browser.Axe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range report.Violations {
			got = append(got, v.ID)
		}
		for _, want := range []string{"html-has-lang", "image-alt", "color-contrast"} {
			if !slices.Contains(got, want) {
				t.Errorf("violations = %v, want %s among them", got, want)
			}
		}
		for _, v := range report.Violations {
			if v.ID != "image-alt" {
				continue
			}
			s := v.String()
			for _, want := range []string{"image-alt (critical)", "at img", "<img src="} {
				if !strings.Contains(s, want) {
					t.Errorf("printed violation lacks %q:\n%s", want, s)
				}
			}
		}
	})
	t.Run("SecondRunSamePage", func(t *testing.T) {
		// axe-core is injected once per document; a second run must reuse it.
		ctx := browser.New(t)
		if err := browser.Navigate(ctx, site+"/bad.html"); err != nil {
			t.Fatal(err)
		}
		first, err := browser.Axe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		second, err := browser.Axe(ctx, "wcag2a")
		if err != nil {
			t.Fatal(err)
		}
		if len(second.Violations) == 0 || len(second.Violations) > len(first.Violations) {
			t.Errorf("wcag2a alone found %d rules, all tags %d", len(second.Violations), len(first.Violations))
		}
	})
}

func TestTakeRequests(t *testing.T) {
	site, other := serve(t)
	ctx := browser.New(t)
	if err := browser.Navigate(ctx, site+"/requests.html"); err != nil {
		t.Fatal(err)
	}
	// Images may still be in flight after the load event of a page that has them all
	// above the fold; wait until every one has an answer.
	if _, err := browser.Eval[bool](ctx, `Promise.all([...document.images].map(i => i.decode().catch(() => 0))).then(() => true)`); err != nil {
		t.Fatal(err)
	}
	got := browser.TakeRequests(ctx)
	find := func(url string) (browser.Request, bool) {
		for _, r := range got {
			if r.URL == url {
				return r, true
			}
		}
		return browser.Request{}, false
	}
	tests := []struct {
		name   string
		url    string
		local  bool
		status int64
		failed string // a part of the failure text
	}{
		{"Document", site + "/requests.html", true, 200, ""},
		{"Stylesheet", site + "/style.css", true, 200, ""},
		{"NotFound", site + "/missing.png", true, 404, ""},
		{"OtherOrigin", other + "/pixel.gif", false, 200, ""},
		{"OffMachineBlocked", "http://example.invalid/pixel.gif", false, 0, "blocked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := find(tt.url)
			if !ok {
				t.Fatalf("no request for %s among %v", tt.url, got)
			}
			if r.Local(site) != tt.local {
				t.Errorf("%s: Local = %v, want %v", r, !tt.local, tt.local)
			}
			if r.Status != tt.status {
				t.Errorf("%s: status = %d, want %d", r, r.Status, tt.status)
			}
			if !strings.Contains(r.Failure, tt.failed) || (tt.failed == "") != (r.Failure == "") {
				t.Errorf("%s: failure = %q, want %q", r, r.Failure, tt.failed)
			}
			if r.Document != site+"/requests.html" {
				t.Errorf("%s: document = %q", r, r.Document)
			}
		})
	}
	t.Run("Drained", func(t *testing.T) {
		if again := browser.TakeRequests(ctx); len(again) != 0 {
			t.Errorf("second TakeRequests = %v, want none", again)
		}
	})
}

func TestRequestLocal(t *testing.T) {
	const base = "http://127.0.0.1:8080"
	tests := []struct {
		name string
		url  string
		want bool
	}{
		{"SameOrigin", "http://127.0.0.1:8080/standards/04/", true},
		{"Data", "data:image/png;base64,AAAA", true},
		{"Blob", "blob:http://127.0.0.1:8080/1234", true},
		{"AboutBlank", "about:blank", true},
		{"OtherPort", "http://127.0.0.1:9090/", false},
		{"OtherScheme", "https://127.0.0.1:8080/", false},
		{"OtherHost", "https://fonts.example.com/a.woff2", false},
		{"WebSocketElsewhere", "ws://example.com/socket", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (browser.Request{URL: tt.url}).Local(base); got != tt.want {
				t.Errorf("Local(%q) = %v, want %v", tt.url, got, tt.want)
			}
		})
	}
}

func TestDisableScripts(t *testing.T) {
	site, _ := serve(t)
	tests := []struct {
		name    string
		disable bool
		want    string
	}{
		{"Enabled", false, "スクリプトあり"},
		{"Disabled", true, "スクリプトなし"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := browser.New(t)
			if tt.disable {
				if err := browser.DisableScripts(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if err := browser.Navigate(ctx, site+"/script.html"); err != nil {
				t.Fatal(err)
			}
			got, err := browser.Eval[string](ctx, `document.getElementById("h").textContent`)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("heading = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEmulateMedia(t *testing.T) {
	site, _ := serve(t)
	tests := []struct {
		media string
		shown bool
	}{
		{"screen", true},
		{"print", false},
	}
	for _, tt := range tests {
		t.Run(tt.media, func(t *testing.T) {
			ctx := browser.New(t)
			if err := browser.EmulateMedia(ctx, tt.media); err != nil {
				t.Fatal(err)
			}
			if err := browser.Navigate(ctx, site+"/print.html"); err != nil {
				t.Fatal(err)
			}
			shown, err := browser.Eval[bool](ctx, `document.querySelector("nav").getClientRects().length > 0`)
			if err != nil {
				t.Fatal(err)
			}
			if shown != tt.shown {
				t.Errorf("nav shown = %v, want %v", shown, tt.shown)
			}
		})
	}
}

func TestSetViewport(t *testing.T) {
	site, _ := serve(t)
	type size struct{ Client, Scroll int }
	measure := func(t *testing.T, ctx context.Context) size {
		t.Helper()
		got, err := browser.Eval[size](ctx, `({client: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth})`)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	t.Run("BeforeNavigation", func(t *testing.T) {
		ctx := browser.New(t)
		if err := browser.SetViewport(ctx, 360, 640, true); err != nil {
			t.Fatal(err)
		}
		if err := browser.Navigate(ctx, site+"/wide.html"); err != nil {
			t.Fatal(err)
		}
		if got, want := measure(t, ctx), (size{Client: 360, Scroll: 500}); got != want {
			t.Errorf("widths = %+v, want %+v", got, want)
		}
	})
	t.Run("OnLoadedPage", func(t *testing.T) {
		// A page loaded at desktop size and then narrowed lays itself out again, honouring its
		// viewport meta, as a test that checks both sizes in one navigation relies on.
		ctx := browser.New(t)
		if err := browser.SetViewport(ctx, 1280, 800, false); err != nil {
			t.Fatal(err)
		}
		if err := browser.Navigate(ctx, site+"/wide.html"); err != nil {
			t.Fatal(err)
		}
		if got := measure(t, ctx); got.Client < 1200 || got.Scroll != got.Client {
			t.Errorf("desktop widths = %+v, want a 1280 px page that fits", got)
		}
		if err := browser.SetViewport(ctx, 360, 640, true); err != nil {
			t.Fatal(err)
		}
		if got, want := measure(t, ctx), (size{Client: 360, Scroll: 500}); got != want {
			t.Errorf("phone widths = %+v, want %+v", got, want)
		}
	})
}

func TestNavigate(t *testing.T) {
	site, _ := serve(t)
	ctx := browser.New(t)
	t.Run("OK", func(t *testing.T) {
		if err := browser.Navigate(ctx, site+"/good.html"); err != nil {
			t.Error(err)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		err := browser.Navigate(ctx, site+"/nothing.html")
		if err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("err = %v, want HTTP 404", err)
		}
	})
}

func TestInstalled(t *testing.T) {
	t.Run("Present", func(t *testing.T) {
		if err := browser.Installed(browser.ChromiumPath); err != nil {
			t.Error(err)
		}
	})
	t.Run("Missing", func(t *testing.T) {
		err := browser.Installed(t.TempDir() + "/chromium")
		if err == nil || !strings.Contains(err.Error(), "apt-get install -y chromium") {
			t.Errorf("err = %v, want the install command", err)
		}
	})
}

func TestReadAxe(t *testing.T) {
	t.Run("Installed", func(t *testing.T) {
		src, err := browser.ReadAxe("../..")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src, "axe") || len(src) < 100000 {
			t.Errorf("axe.min.js is %d bytes", len(src))
		}
	})
	t.Run("Missing", func(t *testing.T) {
		_, err := browser.ReadAxe(t.TempDir())
		if err == nil || !strings.Contains(err.Error(), "npm ci") || !strings.Contains(err.Error(), ".ci/deps") {
			t.Errorf("err = %v, want the install commands", err)
		}
	})
}

func TestPrintToPDF(t *testing.T) {
	site, _ := serve(t)
	a5 := browser.PageSize{Width: 419.53, Height: 595.28}
	tests := []struct {
		page  string
		size  browser.PageSize
		pages int
	}{
		{"/a5.html", a5, 2},
		{"/good.html", browser.PageSize{Width: 612, Height: 792}, 1}, // no @page: Chromium's default, US Letter
	}
	for _, tt := range tests {
		t.Run(strings.Trim(tt.page, "/"), func(t *testing.T) {
			ctx := browser.New(t)
			if err := browser.Navigate(ctx, site+tt.page); err != nil {
				t.Fatal(err)
			}
			pdf, err := browser.PrintToPDF(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sizes := browser.PDFPageSizes(pdf)
			if len(sizes) != tt.pages {
				t.Fatalf("%d pages (%v), want %d", len(sizes), sizes, tt.pages)
			}
			for i, s := range sizes {
				if !s.Is(tt.size) {
					t.Errorf("page %d is %v, want %v", i+1, s, tt.size)
				}
			}
			if sizes[0].Is(browser.A4) {
				t.Errorf("page size %v taken for A4", sizes[0])
			}
		})
	}
}

func TestTakeErrors(t *testing.T) {
	site, _ := serve(t)
	tests := []struct {
		page string
		want []string // a part of each error, in order
	}{
		{"/good.html", nil},
		{"/errors.html", []string{"console.error: 壊れた 42", "uncaught exception: Uncaught ReferenceError: noSuchFunction is not defined"}},
		{"/csp.html", []string{"Content Security Policy"}},
		{"/requests.html", []string{"404 (Not Found) (" + site + "/missing.png"}}, // the blocked request is no console error
	}
	for _, tt := range tests {
		t.Run(strings.Trim(tt.page, "/"), func(t *testing.T) {
			ctx := browser.New(t)
			if err := browser.Navigate(ctx, site+tt.page); err != nil {
				t.Fatal(err)
			}
			// The console's messages travel separately from the load event; a round trip
			// through the page lets them arrive first.
			if _, err := browser.Eval[bool](ctx, `new Promise(r => setTimeout(() => r(true), 0))`); err != nil {
				t.Fatal(err)
			}
			got := browser.TakeErrors(ctx)
			if len(got) != len(tt.want) {
				t.Fatalf("errors = %q, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("error %d = %q, want it to contain %q", i, got[i], w)
				}
			}
			if again := browser.TakeErrors(ctx); len(again) != 0 {
				t.Errorf("second TakeErrors = %q, want none", again)
			}
		})
	}
}

func TestTempDir(t *testing.T) {
	const prefix = "isms-browser-test-"
	// A process that has ended stands for a test binary that died before Close.
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(os.TempDir(), fmt.Sprintf("%s%d-1", prefix, done.Process.Pid))
	live := filepath.Join(os.TempDir(), fmt.Sprintf("%s%d-2", prefix, os.Getppid()))
	other := filepath.Join(os.TempDir(), prefix+"not-a-pid")
	for _, d := range []string{dead, live, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
	}
	made, err := browser.TempDir(prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(made) })
	if want := fmt.Sprintf("%s%d-", prefix, os.Getpid()); !strings.HasPrefix(filepath.Base(made), want) {
		t.Errorf("made %s, want a name starting %s", made, want)
	}
	tests := []struct {
		name string
		dir  string
		kept bool
	}{
		{"DeadProcess", dead, false},
		{"LiveProcess", live, true},
		{"NoProcessID", other, true},
		{"New", made, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := os.Stat(tt.dir)
			if kept := err == nil; kept != tt.kept {
				t.Errorf("%s kept = %v, want %v", tt.dir, kept, tt.kept)
			}
		})
	}
}
