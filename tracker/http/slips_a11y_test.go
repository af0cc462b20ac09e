package http_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"isms/internal/browser"
)

// waitForText waits until the tab shows a page containing text: a form's answer has loaded.
func waitForText(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	if err := browser.WaitFor(ctx, fmt.Sprintf(`document.readyState === 'complete' && document.body.innerText.includes(%q)`, text)); err != nil {
		body, _ := browser.Eval[string](ctx, `document.body.innerText`)
		t.Fatalf("%v; the page shows %.500q", err, body)
	}
}

// focus moves the keyboard focus to the element matched by a CSS selector.
func focus(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	if ok, err := browser.Eval[bool](ctx, fmt.Sprintf(`(e => (e.focus(), document.activeElement === e))(document.querySelector(%q))`, selector)); err != nil || !ok {
		t.Fatalf("focus %s: %v %v", selector, ok, err)
	}
}

// checkPage runs axe-core on the page at 1280 and 360 px and checks that nothing loads from
// elsewhere and nothing scrolls sideways at 360 px.
func checkPage(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	for _, width := range []int64{1280, 360} {
		if err := browser.SetViewport(ctx, width, 800, width < 600); err != nil {
			t.Fatal(err)
		}
		report, err := browser.Axe(ctx, browser.WCAG...)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range report.Violations {
			t.Errorf("%s at %d px:\n%s", name, width, v)
		}
		if wide, _ := browser.Eval[bool](ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
			t.Errorf("%s at %d px scrolls sideways", name, width)
		}
	}
	for _, r := range browser.TakeRequests(ctx) {
		if !r.Local(base) {
			t.Errorf("%s loads from another origin: %s", name, r)
		}
	}
	if err := browser.SetViewport(ctx, 1280, 800, false); err != nil {
		t.Fatal(err)
	}
}

// TestTempPasswordSlips imports a roster in the browser, ticking the box and pressing the button
// with the keyboard, and prints the temporary passwords in each of the three forms: one A4 page per
// person, 通知書 two to a page with nothing cut off, or the list.
func TestTempPasswordSlips(t *testing.T) {
	t.Parallel() // a browser test: it waits on Chromium, so it runs beside the others
	e := newEnv(t, siteCSS)
	base := e.srv.URL()
	e.staff(e.admin.Login, e.admin.Password)
	file := filepath.Join(t.TempDir(), "名簿.csv")
	if err := os.WriteFile(file, []byte(cityRoster), 0o600); err != nil {
		t.Fatal(err)
	}
	const people = 9

	ctx := browser.New(t)
	browserSignIn(t, ctx, base, e.admin.Login, newPassword)
	if err := browser.Navigate(ctx, base+"/app/admin/roster"); err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, base, "roster form")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("file"), []string{file})); err != nil {
		t.Fatal(err)
	}
	focus(t, ctx, `form[action="/app/admin/roster"] button[type=submit]`)
	press(t, ctx, kb.Enter)
	waitForText(t, ctx, "まだ何も変更していません")
	checkPage(t, ctx, base, "roster preview")

	t.Run("KeyboardConfirm", func(t *testing.T) {
		focus(t, ctx, `input[name=confirmed]`)
		press(t, ctx, " ")
		if ticked, _ := browser.Eval[bool](ctx, `document.querySelector('input[name=confirmed]').checked`); !ticked {
			t.Fatal("the space bar did not tick the box")
		}
		focus(t, ctx, `form[action="/app/admin/roster/apply"] button[type=submit]`)
		press(t, ctx, kb.Enter)
		waitForText(t, ctx, "職員名簿を取り込みました")
	})
	checkPage(t, ctx, base, "temporary passwords")

	print := func(t *testing.T, choice string) []browser.PageSize {
		t.Helper()
		if _, err := browser.Eval[bool](ctx, fmt.Sprintf(`(document.getElementById(%q).click(), true)`, choice)); err != nil {
			t.Fatal(err)
		}
		pdf, err := browser.PrintToPDF(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sizes := browser.PDFPageSizes(pdf)
		for i, s := range sizes {
			if !s.Is(browser.A4) {
				t.Errorf("page %d: %+v, want A4", i+1, s)
			}
		}
		return sizes
	}
	// Laid out for print at the width of an A4 page inside its margins (180 mm at 96 px per inch).
	inPrint := func(t *testing.T, js string) string {
		t.Helper()
		if err := browser.SetViewport(ctx, 680, 1000, false); err != nil {
			t.Fatal(err)
		}
		if err := browser.EmulateMedia(ctx, "print"); err != nil {
			t.Fatal(err)
		}
		defer browser.EmulateMedia(ctx, "")
		defer browser.SetViewport(ctx, 1280, 800, false)
		got, err := browser.Eval[string](ctx, js)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	t.Run("OnePagePerPerson", func(t *testing.T) {
		if got := len(print(t, "print-slips")); got != people {
			t.Fatalf("got %d pages, want one per person (%d)", got, people)
		}
		// Each slip says who, where, how to sign in and what to do first, and fits its page
		// (267 mm inside the margins is 1009 px).
		got := inPrint(t, `(() => {
			const slips = [...document.querySelectorAll('.slip')].filter(s => s.offsetParent !== null);
			const bad = slips.filter(s => s.getBoundingClientRect().height > 1009 || !/重要性分類A/.test(s.innerText) ||
				!/ログインして、仮パスワードを変更してください/.test(s.innerText) || !s.innerText.includes(location.origin + '/app/login') ||
				!/[A-Za-z0-9]{4}-[A-Za-z0-9]{4}/.test(s.querySelector('.password').innerText));
			const list = getComputedStyle(document.querySelector('.password-list')).display;
			return slips.length + ' slips, ' + bad.length + ' bad, list ' + list;
		})()`)
		if want := fmt.Sprintf("%d slips, 0 bad, list none", people); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
		if got := inPrint(t, `[...document.querySelectorAll('.slip')].map(s => s.querySelector('.slip-to').innerText.split('\n')[0]).join(',')`); !strings.Contains(got, "委託 三 様") || !strings.Contains(got, "総務 一 様") {
			t.Fatalf("got %q", got)
		}
	})
	t.Run("CutAndFold", func(t *testing.T) {
		if got, want := len(print(t, "print-cards")), (people+1)/2; got != want {
			t.Fatalf("got %d pages, want two 通知書 a page (%d)", got, want)
		}
		got := inPrint(t, `(() => {
			const cards = [...document.querySelectorAll('.card')].filter(c => c.offsetParent !== null);
			const cut = cards.filter(c => [c, ...c.querySelectorAll('.card-panel')].some(e => e.scrollHeight > e.clientHeight + 1));
			return cards.length + ' cards, ' + cut.length + ' cut';
		})()`)
		if want := fmt.Sprintf("%d cards, 0 cut", people); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	})
	t.Run("List", func(t *testing.T) {
		if got := len(print(t, "print-list")); got != 1 {
			t.Fatalf("got %d pages, want the list of %d on one", got, people)
		}
		got := inPrint(t, `document.querySelectorAll('.password-list tbody tr').length + ' rows, slips ' + getComputedStyle(document.querySelector('.slips')).display`)
		if want := fmt.Sprintf("%d rows, slips none", people); got != want {
			t.Fatalf("got %s, want %s", got, want)
		}
	})
}

// TestRoleMapAccessibility runs axe-core on the mapping page as it first shows and with a change
// previewed, at 1280 and 360 px, and on the pages whose forms ask for a confirmation.
func TestRoleMapAccessibility(t *testing.T) {
	t.Parallel() // a browser test: it waits on Chromium, so it runs beside the others
	e := newEnv(t, siteCSS)
	base := e.srv.URL()
	e.importRoster(cityRoster)
	e.staff(e.admin.Login, e.admin.Password)
	ctx := browser.New(t)
	browserSignIn(t, ctx, base, e.admin.Login, newPassword)
	for _, path := range []string{"/app/admin/roles", "/app/people/1008/", "/app/admin/plans/2026", "/app/admin/"} {
		if err := browser.Navigate(ctx, base+path); err != nil {
			t.Fatal(err)
		}
		checkPage(t, ctx, base, path)
	}
	if err := browser.Navigate(ctx, base+"/app/admin/roles"); err != nil {
		t.Fatal(err)
	}
	js := fmt.Sprintf(`(document.getElementById('text').value = %q, true)`, mapWithSupervisor+"市民局/主事 = セキュリティ管理者\n")
	if _, err := browser.Eval[bool](ctx, js); err != nil {
		t.Fatal(err)
	}
	focus(t, ctx, `button[value=preview]`)
	press(t, ctx, kb.Enter)
	waitForText(t, ctx, "変更後の対応表（まだ保存していません）")
	checkPage(t, ctx, base, "role map preview")
	if _, err := browser.Eval[bool](ctx, `(document.getElementById('text').value = '課長\n', true)`); err != nil {
		t.Fatal(err)
	}
	focus(t, ctx, `button[value=preview]`)
	press(t, ctx, kb.Enter)
	waitForText(t, ctx, "職位の対応表に誤りがあります")
	checkPage(t, ctx, base, "role map with a bad line")
}
