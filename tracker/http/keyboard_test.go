package http_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"isms/internal/browser"
	"isms/tracker"
)

// press sends keys to the focused element of the tab, as a keyboard would.
func press(t *testing.T, ctx context.Context, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatal(err)
		}
	}
}

// focused describes the focused element: "name=value" for a form field, else its tag and text.
func focused(t *testing.T, ctx context.Context) string {
	t.Helper()
	got, err := browser.Eval[string](ctx, `(() => { const e = document.activeElement; if (!e) return '';
		return e.name ? e.name + '=' + e.value : e.tagName.toLowerCase() + ' ' + (e.textContent || '').trim() })()`)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// tabTo presses Tab until the focused element is want, as someone without a mouse moves through
// the page; it fails when want is not reached within the page's fields and links.
func tabTo(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	var seen []string
	for range 120 {
		if got := focused(t, ctx); got == want {
			return
		} else {
			seen = append(seen, got)
		}
		press(t, ctx, kb.Tab)
	}
	t.Fatalf("Tab never reached %q; focus went through %q", want, seen)
}

// send presses Enter on the focused button and waits for the page the form goes to.
func send(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := browser.Eval[bool](ctx, `(window.leaving = true)`); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Enter)
	if !awaitNewDocument(ctx) {
		t.Fatal("the form was not sent")
	}
}

// TestKeyboardForms fills in the survey and the plan with the keyboard alone (Tab, arrow keys,
// Space, Enter), on a phone and on a desk, and checks what was recorded.
func TestKeyboardForms(t *testing.T) {
	t.Parallel() // a browser test: it waits on Chromium, so it runs beside the others
	e := newReportEnv(t, siteCSS)
	e.staff("1002", e.temps["1002"])
	e.admin()
	base := e.srv.URL()
	for i, width := range []int64{360, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			t.Run("Survey", func(t *testing.T) {
				attempt := []int64{e.attempts["1002/manager"], e.attempts["1002/general"]}[i]
				ctx := tab(t, base, width, "1002")
				if err := browser.Navigate(ctx, base+"/app/attempts/"+strconv.FormatInt(attempt, 10)); err != nil {
					t.Fatal(err)
				}
				// Each scale is one row of five numbers, its ends named.
				rows, err := browser.Eval[[]int](ctx, `[...document.querySelectorAll('.scale-options')].map(s =>
					new Set([...s.querySelectorAll('label')].map(l => Math.round(l.getBoundingClientRect().top))).size)`)
				if err != nil || fmt.Sprint(rows) != "[1 1]" {
					t.Fatalf("lines taken by each scale: got %v (%v), want [1 1]", rows, err)
				}
				wantText := func(want string) {
					t.Helper()
					if got, _ := browser.Eval[string](ctx, `document.querySelector('main').innerText`); !strings.Contains(got, want) {
						t.Fatalf("the page does not say %q", want)
					}
				}
				wantText("1 = まったく理解できなかった")
				wantText("5 = とても役立つ")
				// Into the first scale: its first point takes the focus; the arrows move along the
				// scale and choose as they go.
				tabTo(t, ctx, "understanding=1")
				press(t, ctx, kb.ArrowRight, kb.ArrowRight, kb.ArrowRight)
				if got := focused(t, ctx); got != "understanding=4" {
					t.Fatalf("after three right arrows: got %q", got)
				}
				press(t, ctx, kb.Tab)
				if got := focused(t, ctx); got != "usefulness=1" {
					t.Fatalf("Tab from the first scale: got %q, want the second", got)
				}
				press(t, ctx, kb.ArrowRight, kb.ArrowRight, kb.ArrowRight, kb.ArrowRight, kb.ArrowLeft)
				press(t, ctx, kb.Tab)
				if got := focused(t, ctx); got != "comment=" {
					t.Fatalf("Tab from the second scale: got %q, want the comment", got)
				}
				press(t, ctx, "clear")
				tabTo(t, ctx, "button アンケートを送信する")
				send(t, ctx)
				a, err := e.db.FindAttemptByID(context.Background(), attempt)
				if err != nil {
					t.Fatal(err)
				}
				if s := a.Survey; s == nil || s.Understanding != 4 || s.Usefulness != 4 || s.Comment != "clear" {
					t.Fatalf("got survey %+v, want 4, 4, clear", s)
				}
			})
			t.Run("PasswordHiddenField", func(t *testing.T) {
				// The ID is in the form for password managers only; nobody sees or edits it.
				ctx := tab(t, base, width, "1002")
				if err := browser.Navigate(ctx, base+"/app/password"); err != nil {
					t.Fatal(err)
				}
				shown, err := browser.Eval[int](ctx, `document.querySelector('input[name=username]').getClientRects().length`)
				if err != nil || shown != 0 {
					t.Fatalf("the hidden ID field is shown (%d boxes, %v)", shown, err)
				}
				tabTo(t, ctx, "current=")
			})
			t.Run("Plan", func(t *testing.T) {
				fy := tracker.FiscalYear(2027 + i)
				ctx := tab(t, base, width, e.env.admin.Login)
				if err := browser.Navigate(ctx, base+"/app/admin/plans/"+strconv.Itoa(int(fy))); err != nil {
					t.Fatal(err)
				}
				// On a desk, the plan is a table of roles by modules, one row of boxes per role.
				if width > 600 {
					rows, err := browser.Eval[[]int](ctx, `[...document.querySelectorAll('table.matrix tbody tr')].map(r =>
						new Set([...r.querySelectorAll('input')].map(i => Math.round(i.getBoundingClientRect().top))).size)`)
					if err != nil || fmt.Sprint(rows) != "[1 1 1 1 1]" {
						t.Fatalf("lines taken by each role's boxes: got %v (%v)", rows, err)
					}
				}
				// A 一般職員 also takes the manager module; a 部長 no longer takes it.
				tabTo(t, ctx, "modules.general=manager")
				press(t, ctx, " ")
				tabTo(t, ctx, "modules.executive=manager")
				press(t, ctx, " ")
				tabTo(t, ctx, "button 保存する")
				send(t, ctx)
				_, plan, err := e.db.PlanInForce(context.Background(), fy)
				if err != nil || plan == nil {
					t.Fatalf("no plan recorded: %v", err)
				}
				if got := fmt.Sprint(plan.Modules[tracker.RoleGeneral], plan.Modules[tracker.RoleExecutive]); got != "[general manager] [general executive]" {
					t.Fatalf("got modules %s", got)
				}
			})
		})
	}
}
