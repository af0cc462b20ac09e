package e2e_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"isms/internal/browser"
	"isms/internal/sitetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	sitetest.Close()
	browser.Close()
	os.Exit(code)
}

// serve returns the base URL of the real handbook, built as isms build builds it (with the search index)
// and served on 127.0.0.1.
func serve(t *testing.T) string {
	t.Helper()
	return sitetest.Serve(t, sitetest.Build(t))
}

func run(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := browser.Eval[T](ctx, expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func navigate(t *testing.T, ctx context.Context, u string) {
	t.Helper()
	if err := browser.Navigate(ctx, u); err != nil {
		t.Fatal(err)
	}
}

// waitFor waits until a condition holds in the page: the search runs after the index has loaded and after
// a pause in typing, and no test asserts how long that takes.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	if err := browser.WaitFor(ctx, cond); err != nil {
		t.Fatal(err)
	}
}

// results lists the hrefs of the results shown.
const results = `Array.from(document.querySelectorAll('#search-results li h2 a')).map(a => a.getAttribute('href'))`

func query(s string) string { return "/search/?q=" + url.QueryEscape(s) }

func TestTypeQueryAndOpenResult(t *testing.T) {
	base := serve(t)
	ctx := browser.New(t)
	navigate(t, ctx, base+"/search/")
	// a query with no exact occurrence, found by its parts in 【04】第14条
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#search-q"), "添付ファイル"))
	// Results for a part of the word may show while typing; the address takes the query in the same step
	// that renders its results, so waiting for it waits for the results of the whole word.
	waitFor(t, ctx, `location.search === '?q=`+url.QueryEscape("添付ファイル")+`' && document.querySelector('#search-results li h2 a')`)
	hrefs := eval[[]string](t, ctx, results)
	if got, want := hrefs[0], "/standards/04/#art-14"; got != want {
		t.Fatalf("first result %q, want %q (all: %v)", got, want, hrefs)
	}
	if got := eval[string](t, ctx, `location.search`); got != "?q="+url.QueryEscape("添付ファイル") {
		t.Errorf("address %q does not hold the query", got)
	}
	snippet := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results li:first-child .search-result-snippet mark')).map(m => m.textContent)`)
	if strings.Join(snippet, " ") != "添付 ファイル" {
		t.Errorf("snippet highlights %q, want 添付 and ファイル", snippet)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#search-results li:first-child h2 a")))
	waitFor(t, ctx, `location.pathname === '/standards/04/'`)
	if got := eval[string](t, ctx, `location.hash`); got != "#art-14" {
		t.Errorf("landed on %q, want #art-14", got)
	}
	waitFor(t, ctx, `document.readyState === 'complete'`)
	if !eval[bool](t, ctx, `(() => { const r = document.getElementById('art-14').getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight; })()`) {
		t.Error("article 14 is not scrolled into view")
	}
}

func TestSharedLink(t *testing.T) {
	base := serve(t)
	for _, c := range []struct{ name, query, want string }{
		{"Okurigana", "持出し", "/standards/03/#art-9"},
		{"FullWidth", "ＵＳＢメモリ", "/standards/03/#art-5"},
		{"Hiragana", "ぱすわーど", "/standards/04/#art-13"},
		{"ArticleNumber", "第16条", "/standards/01/#art-16"},
		{"Control", "A9.4.2", "/standards/07/#art-9"},
		{"Policy", "情報セキュリティ委員会を設置", "/policy/#art-1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := browser.New(t)
			navigate(t, ctx, base+query(c.query))
			waitFor(t, ctx, `document.querySelector('#search-results li')`)
			if got := eval[string](t, ctx, `document.getElementById('search-q').value`); got != c.query {
				t.Errorf("search box holds %q, want %q", got, c.query)
			}
			if hrefs := eval[[]string](t, ctx, results); !contains(hrefs[:min(5, len(hrefs))], c.want) {
				t.Errorf("%s not in the top 5: %v", c.want, hrefs)
			}
			if status := eval[string](t, ctx, `document.getElementById('search-status').textContent`); !strings.Contains(status, "件") {
				t.Errorf("status %q does not count the results", status)
			}
		})
	}
}

// status is the sentence above the results.
const status = `document.getElementById('search-status').textContent`

// waitStatus waits for the search to have run on the address's query.
func waitStatus(t *testing.T, ctx context.Context) string {
	t.Helper()
	waitFor(t, ctx, status+` !== '索引を読み込んでいます…' && `+status+` !== ''`)
	return eval[string](t, ctx, status)
}

// A loanword finds the articles that have it, and no article for kana that its letters make in other words.
func TestLoanwordsFindOnlyThemselves(t *testing.T) {
	base := serve(t)
	for _, c := range []struct{ name, query, want string }{
		{"Mail", "メール", "メール"},
		{"Key", "キー", "キー"},
		{"Router", "ルーター", "ルータ"},
		{"Hiragana", "めーる", "メール"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := browser.New(t)
			navigate(t, ctx, base+query(c.query))
			waitFor(t, ctx, `document.querySelector('#search-results li')`)
			texts := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results li')).map(li => li.textContent)`)
			for i, text := range texts {
				if !strings.Contains(text, c.want) {
					t.Errorf("result %d does not show %s: %s", i+1, c.want, text)
				}
			}
		})
	}
}

// Whenever no article has the query as typed, the status says so first, then what is shown instead.
func TestFallbackSaysSo(t *testing.T) {
	base := serve(t)
	for _, c := range []struct{ name, query, want string }{
		{"MissingTerm", "標的型 メール", "「標的型」を含む条文はないため"},
		{"Parts", "添付ファイル", "「添付ファイル」は、「添付」「ファイル」に分けて探しました。"},
		{"Synonym", "PC", "「PC」は、同じ意味の別の言葉で探しました。"},
		{"TermsApart", "ファイアウォール 懲戒", "をすべて含む条文はないため、どれかを含む条文を表示しています。"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := browser.New(t)
			navigate(t, ctx, base+query(c.query))
			got := waitStatus(t, ctx)
			if head := "「" + c.query + "」と一致する条文はありません。"; !strings.HasPrefix(got, head) {
				t.Errorf("status %q does not begin with %q", got, head)
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("status %q does not say %q", got, c.want)
			}
		})
	}
	t.Run("Exact", func(t *testing.T) {
		ctx := browser.New(t)
		navigate(t, ctx, base+query("パスワード"))
		if got := waitStatus(t, ctx); !strings.HasPrefix(got, "「パスワード」の検索結果: ") {
			t.Errorf("status %q", got)
		}
	})
}

// Articles with only some of the words are shown on request, under their own heading.
func TestPartialOnRequest(t *testing.T) {
	base := serve(t)
	ctx := browser.New(t)
	navigate(t, ctx, base+query("パスワード 変更"))
	waitFor(t, ctx, `document.querySelector('#search-results li')`)
	full := len(eval[[]string](t, ctx, results))
	label := eval[string](t, ctx, `(b => b.hidden ? '' : b.textContent)(document.getElementById('search-partial'))`)
	if !strings.HasPrefix(label, "一部の言葉だけを含む条文も表示する（") {
		t.Fatalf("no button for the articles with some of the words: %q", label)
	}
	run(t, ctx, chromedp.Click(chromedp.CSS("#search-partial")))
	waitFor(t, ctx, `document.querySelector('#search-results .search-partial-title')`)
	if got := len(eval[[]string](t, ctx, results)); got <= full {
		t.Errorf("%d results after the click, %d before", got, full)
	}
	if eval[bool](t, ctx, `!document.getElementById('search-partial').hidden`) {
		t.Error("the button is still shown")
	}
	// the focus moves to the first article added, after the heading
	if got := eval[string](t, ctx, `document.activeElement.closest('li').previousElementSibling.className`); got != "search-partial-title" {
		t.Errorf("the focus is not on the first article added (the item before it: %q)", got)
	}
	report, err := browser.Axe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range report.Violations {
		t.Errorf("axe: %s", v)
	}
}

// A 2022 control number finds the articles citing its 2013 control, and results name both.
func TestControl2022(t *testing.T) {
	base := serve(t)
	for _, q := range []string{"8.5", "A.8.5"} {
		t.Run(q, func(t *testing.T) {
			ctx := browser.New(t)
			navigate(t, ctx, base+query(q))
			waitFor(t, ctx, `document.querySelector('#search-results li')`)
			if hrefs := eval[[]string](t, ctx, results); !contains(hrefs, "/standards/07/#art-9") {
				t.Errorf("【07】第9条 (A9.4.2) not found: %v", hrefs)
			}
			meta := eval[string](t, ctx, `document.querySelector('#search-results li .search-result-controls').textContent`)
			if !strings.Contains(meta, "A9.4.2") || !strings.Contains(meta, "2022年版 8.5") {
				t.Errorf("the result names its controls as %q", meta)
			}
		})
	}
}

func TestFilters(t *testing.T) {
	base := serve(t)
	t.Run("StandardFromAddress", func(t *testing.T) {
		ctx := browser.New(t)
		navigate(t, ctx, base+query("パスワード")+"&std=07")
		waitFor(t, ctx, `document.querySelector('#search-results li')`)
		for _, h := range eval[[]string](t, ctx, results) {
			if !strings.HasPrefix(h, "/standards/07/") {
				t.Errorf("result %s is outside 【07】", h)
			}
		}
		if got := eval[string](t, ctx, `document.getElementById('search-std').value`); got != "07" {
			t.Errorf("standard filter shows %q", got)
		}
	})
	t.Run("ControlChosenUpdatesAddress", func(t *testing.T) {
		ctx := browser.New(t)
		navigate(t, ctx, base+"/search/")
		waitFor(t, ctx, `document.getElementById('search-ctl').options.length > 1`)
		run(t, ctx, chromedp.SetValue(chromedp.CSS("#search-ctl"), "A9.4.2"))
		eval[bool](t, ctx, `document.getElementById('search-ctl').dispatchEvent(new Event('change'))`)
		waitFor(t, ctx, `document.querySelectorAll('#search-results li').length === 4`)
		if got := eval[string](t, ctx, `location.search`); got != "?ctl=A9.4.2" {
			t.Errorf("address %q", got)
		}
	})
}

func TestKeyboard(t *testing.T) {
	base := serve(t)
	ctx := browser.New(t)
	navigate(t, ctx, base+query("パスワード"))
	waitFor(t, ctx, `document.querySelectorAll('#search-results li').length > 2`)
	run(t, ctx, chromedp.Focus(chromedp.CSS("#search-q")), chromedp.KeyEvent(kb.ArrowDown))
	if got := eval[string](t, ctx, `document.activeElement.getAttribute('href')`); got != "/standards/04/#art-13" {
		t.Errorf("ArrowDown from the box focused %q, want the first result", got)
	}
	run(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	second := eval[[]string](t, ctx, results)[1]
	if got := eval[string](t, ctx, `document.activeElement.getAttribute('href')`); got != second {
		t.Errorf("ArrowDown focused %q, want the second result %q", got, second)
	}
	run(t, ctx, chromedp.KeyEvent(kb.Escape))
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "search-q" {
		t.Errorf("Escape focused %q, want the search box", got)
	}
	// Enter in the box submits without leaving the page, and moves to the first result
	run(t, ctx, chromedp.KeyEvent(kb.Enter))
	if got := eval[string](t, ctx, `document.activeElement.getAttribute('href')`); got != "/standards/04/#art-13" {
		t.Errorf("Enter focused %q, want the first result", got)
	}
}

func TestNotFound(t *testing.T) {
	base := serve(t)
	ctx := browser.New(t)
	navigate(t, ctx, base+query("テレビ会議の録画"))
	waitFor(t, ctx, `document.getElementById('search-status').textContent !== '索引を読み込んでいます…' && document.getElementById('search-status').textContent !== ''`)
	if status := eval[string](t, ctx, `document.getElementById('search-status').textContent`); !strings.Contains(status, "見つかりませんでした") {
		t.Errorf("status %q", status)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#search-results li').length`); n != 0 {
		t.Errorf("%d results shown", n)
	}
	if hint := eval[string](t, ctx, `document.getElementById('search-suggest').textContent`); !strings.Contains(hint, "送り仮名") {
		t.Errorf("no advice on how to search: %q", hint)
	}
}

func TestHeaderSearchBox(t *testing.T) {
	base := serve(t)
	ctx := browser.New(t)
	navigate(t, ctx, base+"/standards/04/")
	run(t, ctx, chromedp.SendKeys(chromedp.CSS("#site-search-q"), "サーバー"), chromedp.Submit(chromedp.CSS("#site-search-q")))
	waitFor(t, ctx, `location.pathname === '/search/' && document.querySelector('#search-results li')`)
	if got, want := eval[string](t, ctx, `location.search`), "?q="+url.QueryEscape("サーバー"); got != want {
		t.Errorf("address %q, want %q", got, want)
	}
}

func TestWithoutJavaScript(t *testing.T) {
	base := serve(t)
	ctx := browser.New(t)
	if err := browser.DisableScripts(ctx); err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, base+query("パスワード"))
	text := eval[string](t, ctx, `document.querySelector('main').innerText`)
	if !strings.Contains(text, "JavaScript") {
		t.Errorf("the page does not say that search needs JavaScript: %q", text)
	}
	if got := eval[string](t, ctx, `new URL(document.getElementById('search-form').action).pathname + ' ' + document.getElementById('search-q').name`); got != "/search/ q" {
		t.Errorf("the form submits to %q", got)
	}
}

func TestAccessibleAndLocal(t *testing.T) {
	base := serve(t)
	for _, c := range []struct{ name, path string }{
		{"Results", query("パスワード")},
		{"NotFound", query("テレビ会議")},
		{"Fallback", query("標的型 メール")},
		{"Empty", "/search/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := browser.New(t)
			navigate(t, ctx, base+c.path)
			waitFor(t, ctx, `!document.getElementById('search-filters').hidden`)
			waitFor(t, ctx, `document.getElementById('search-status').textContent !== '索引を読み込んでいます…'`)
			report, err := browser.Axe(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range report.Violations {
				t.Errorf("axe: %s", v)
			}
			for _, r := range browser.TakeRequests(ctx) {
				if !r.Local(base) {
					t.Errorf("request off the site's origin: %s", r)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
