package sitetest_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"isms/internal/sitetest"
)

func TestExternalURLs(t *testing.T) {
	tests := []struct {
		name string
		file string
		body string
		want []sitetest.Ref // File is filled in from file
	}{
		{"RelativeOnly", "a.html",
			`<a href="/standards/04/#art-13">x</a><img src="../img/a.png" srcset="a.png 1x, /b.png 2x" alt="">` +
				`<form action="/search/"></form><a href="#top">上へ</a><a href="mailto:jimukyoku@example.jp">連絡</a>` +
				`<img alt="" src="data:image/png;base64,AAAA"><svg xmlns="http://www.w3.org/2000/svg"></svg>`,
			nil},
		{"Href", "a.html", "<p>\n<a href=\"https://www.city.nishinomiya.lg.jp/\">市</a></p>",
			[]sitetest.Ref{{Line: 2, Attr: "href", URL: "https://www.city.nishinomiya.lg.jp/"}}},
		{"ProtocolRelativeScript", "a.html", `<script src="//cdn.example.com/x.js"></script>`,
			[]sitetest.Ref{{Line: 1, Attr: "src", URL: "//cdn.example.com/x.js"}}},
		{"BackslashHost", "a.html", `<img alt="" src="\\cdn.example.com\x.png">`,
			[]sitetest.Ref{{Line: 1, Attr: "src", URL: `\\cdn.example.com\x.png`}}},
		{"UppercaseScheme", "a.html", `<link rel="stylesheet" HREF="HTTP://fonts.example.com/css">`,
			[]sitetest.Ref{{Line: 1, Attr: "href", URL: "HTTP://fonts.example.com/css"}}},
		{"Srcset", "a.html", "<img alt=\"\" src=\"/a.png\"\n srcset=\"/a.png 1x, http://img.example.com/a@2x.png 2x\">",
			[]sitetest.Ref{{Line: 2, Attr: "srcset", URL: "http://img.example.com/a@2x.png"}}},
		{"FormAction", "a.html", `<form action="https://forms.example.com/post"><button formaction="http://x.example/">送信</button></form>`,
			[]sitetest.Ref{{Line: 1, Attr: "action", URL: "https://forms.example.com/post"}, {Line: 1, Attr: "formaction", URL: "http://x.example/"}}},
		{"EscapedAmpersand", "a.html", `<a href="https://example.com/?a=1&amp;b=2">x</a>`,
			[]sitetest.Ref{{Line: 1, Attr: "href", URL: "https://example.com/?a=1&b=2"}}},
		{"InlineStyle", "a.html", `<div style="background: url('https://img.example.com/bg.png')"></div>`,
			[]sitetest.Ref{{Line: 1, Attr: "url()", URL: "https://img.example.com/bg.png"}}},
		{"StyleElement", "a.html", "<style>\nbody{}\n@import \"//fonts.example.com/a.css\";\n.x{background:url(/ok.png)}</style>",
			[]sitetest.Ref{{Line: 3, Attr: "@import", URL: "//fonts.example.com/a.css"}}},
		{"ScriptTextIgnored", "a.html", `<script>const ns = "http://www.w3.org/2000/svg";</script>`, nil},
		{"MetaRefresh", "a.html", `<meta http-equiv="refresh" content="0; url=http://example.org/standards/04/">`,
			[]sitetest.Ref{{Line: 1, Attr: "refresh", URL: "http://example.org/standards/04/"}}},
		{"MetaRefreshRelative", "a.html", `<meta http-equiv="refresh" content="0; url=/standards/04/">`, nil},
		{"Stylesheet", "css/site.css", "body { font-family: sans-serif }\n/* url(https://commented.example/) */\n" +
			"@font-face { src: url(\"https://fonts.example.com/n.woff2\") format(\"woff2\") }\n.a { background: url(/img/a.png) }",
			[]sitetest.Ref{{Line: 3, Attr: "url()", URL: "https://fonts.example.com/n.woff2"}}},
		{"SVGFile", "img/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://img.example.com/a.png"/></svg>`,
			[]sitetest.Ref{{Line: 1, Attr: "xlink:href", URL: "https://img.example.com/a.png"}}},
		{"ScriptFileNotRead", "js/app.js", `fetch("https://api.example.com/")`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, filepath.FromSlash(tt.file))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := sitetest.ExternalURLs(dir)
			if err != nil {
				t.Fatal(err)
			}
			var want []sitetest.Ref
			for _, r := range tt.want {
				r.File = tt.file
				want = append(want, r)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
	}
}

func TestExternalURLsMissingDir(t *testing.T) {
	if _, err := sitetest.ExternalURLs(filepath.Join(t.TempDir(), "public")); err == nil {
		t.Error("no error for a missing site directory")
	}
}
