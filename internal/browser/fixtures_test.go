package browser_test

import (
	"net/http"
	"net/http/httptest"
	"os"
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

	// Its icon is inline, so that every request the tab records is the page's own: without one,
	// Chromium asks for /favicon.ico by itself, at a moment of its choosing.
	"/requests.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>要求</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/style.css"></head>
<body><main><h1>要求</h1>
<img alt="同じオリジン" src="/missing.png">
<img alt="別のオリジン" src="OTHER/pixel.gif">
<img alt="データ" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<img alt="外部" src="http://example.invalid/pixel.gif">
</main></body></html>`,

	// The barrier: a page that requests nothing but itself.
	"/barrier.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>区切り</title><link rel="icon" href="data:,"></head>
<body><main><h1>区切り</h1></main></body></html>`,

	"/script.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>スクリプト</title></head>
<body><main><h1 id="h">スクリプトなし</h1></main>
<script>document.getElementById("h").textContent = "スクリプトあり";</script></body></html>`,

	"/later.html": `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>あとで</title></head>
<body><main><h1 id="h">読込み中</h1></main>
<script>setTimeout(() => { document.getElementById("h").textContent = "読込み完了" }, 300);</script></body></html>`,

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

// pixel is a 1×1 GIF.
var pixel = []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x00;")

// serve starts the tiny site and, for the cross-origin case, a second server standing in for
// another host; both listen on 127.0.0.1.
func serve(t *testing.T) (site, other string) {
	t.Helper()
	o := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		w.Write(pixel)
	}))
	t.Cleanup(o.Close)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" {
			// Chromium asks for it by itself, at a moment of its choosing; a 404 would show
			// among the errors of whichever page the test is on.
			w.Header().Set("Content-Type", "image/gif")
			w.Write(pixel)
			return
		}
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
