package sitetest_test

import (
	"fmt"
	"reflect"
	"testing"

	"isms/internal/sitetest"
)

// page writes a page as the handbook's templates do: the header's navigation, the version bar,
// the breadcrumbs and the text.
func page(current, version, text string) string {
	return fmt.Sprintf(`<!DOCTYPE html><html lang="ja"><head><title>t</title></head><body>
<nav class="site-nav"><a href="/standards/"%s>対策基準</a></nav>
<section class="version-bar" aria-label="条文の版"><div class="version-banner">%s</div>
<nav class="version-menu" data-edition="%s"><a href="/standards/04/">現行版</a></nav></section>
<nav class="breadcrumbs"><ol><li><a href="/versions/">版の一覧</a></li><li><span aria-current="page">%s</span></li></ol></nav>
<main>%s</main></body></html>`, current, version, version, version, text)
}

func TestBrowserPages(t *testing.T) {
	const (
		text04  = `<p>第4条 <a href="%s/glossary/#term-1">職員等</a></p>`
		text06  = `<p>第6条（改正後）</p>`
		old06   = `<p>第6条（改正前）</p>`
		navHere = ` aria-current="true"`
	)
	dir := writeSite(t, map[string]string{
		"index.html":                                 page("", "", "トップ"),
		"standards/04/index.html":                    page(navHere, "現行版", fmt.Sprintf(text04, "")),
		"standards/05/index.html":                    page(navHere, "現行版", "第5条"),
		"standards/06/index.html":                    page(navHere, "現行版", text06),
		"versions/index.html":                        page("", "", "版の一覧"),
		"versions/r02-08..r03-04/index.html":         page("", "", "新旧対照表"),
		"versions/r02-08/standards/04/index.html":    page("", "令和2年8月版", fmt.Sprintf(text04, "/versions/r02-08")),
		"versions/r02-08/standards/05/index.html":    page("", "令和2年8月版", "第5条"),
		"versions/r02-08/standards/06/index.html":    page("", "令和2年8月版", old06),
		"versions/r03-04/index.html":                 page("", "令和3年4月版", "令和3年4月版"),
		"versions/r03-04/standards/04/index.html":    page("", "令和3年4月版", fmt.Sprintf(text04, "/versions/r03-04")),
		"versions/r03-04/standards/06/index.html":    page("", "令和3年4月版", old06),
		"versions/r03-04/controls/a9-4-2/index.html": page("", "令和3年4月版", "A9.4.2"),
	})
	check, same, err := sitetest.BrowserPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantCheck := []string{
		"/", "/standards/04/", "/standards/05/", "/standards/06/", "/versions/", "/versions/r02-08..r03-04/",
		"/versions/r02-08/standards/04/",    // the first frozen standard, although the same as the current one
		"/versions/r02-08/standards/06/",    // amended since
		"/versions/r03-04/",                 // the first version home
		"/versions/r03-04/controls/a9-4-2/", // the first frozen control, with nothing to stand in for it
	}
	wantSame := []sitetest.Same{
		{Page: "/versions/r02-08/standards/05/", Checked: "/standards/05/"},
		{Page: "/versions/r03-04/standards/04/", Checked: "/standards/04/"},
		{Page: "/versions/r03-04/standards/06/", Checked: "/versions/r02-08/standards/06/"},
	}
	if !reflect.DeepEqual(check, wantCheck) {
		t.Errorf("check:\n got %q\nwant %q", check, wantCheck)
	}
	if !reflect.DeepEqual(same, wantSame) {
		t.Errorf("same:\n got %v\nwant %v", same, wantSame)
	}
}

// Every page of the real site is either checked or the same as one that is checked.
func TestBrowserPagesOfTheSite(t *testing.T) {
	public := sitetest.Build(t)
	all, err := sitetest.Pages(public)
	if err != nil {
		t.Fatal(err)
	}
	check, same, err := sitetest.BrowserPages(public)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(check)+len(same), len(all); got != want {
		t.Errorf("%d checked + %d the same = %d, want every one of the %d pages", len(check), len(same), got, want)
	}
	listed := map[string]bool{}
	for _, p := range check {
		listed[p] = true
	}
	for _, s := range same {
		if !listed[s.Checked] {
			t.Errorf("%s stands in for %s but is not checked", s.Checked, s.Page)
		}
	}
}
