package browser_test

import (
	"strings"
	"testing"

	"isms/internal/browser"
)

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
	// What was taken is gone: after a barrier (a page that makes one request, its own), the
	// tab holds that one request and nothing of the page before, which had finished before the
	// barrier's navigation began.
	t.Run("Drained", func(t *testing.T) {
		if err := browser.Navigate(ctx, site+"/barrier.html"); err != nil {
			t.Fatal(err)
		}
		again := browser.TakeRequests(ctx)
		if len(again) != 1 || again[0].URL != site+"/barrier.html" {
			t.Errorf("TakeRequests after the barrier = %v, want only the barrier's own", again)
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
