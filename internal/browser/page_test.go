package browser_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"isms/internal/browser"
)

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

func TestWaitFor(t *testing.T) {
	site, _ := serve(t)
	t.Run("AfterLoad", func(t *testing.T) {
		ctx := browser.New(t)
		if err := browser.Navigate(ctx, site+"/later.html"); err != nil {
			t.Fatal(err)
		}
		if err := browser.WaitFor(ctx, `document.getElementById("h").textContent === "読込み完了"`); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("AcrossNavigation", func(t *testing.T) {
		ctx := browser.New(t)
		if err := browser.Navigate(ctx, site+"/later.html"); err != nil {
			t.Fatal(err)
		}
		if _, err := browser.Eval[bool](ctx, `(setTimeout(() => { location.href = "/script.html" }, 0), true)`); err != nil {
			t.Fatal(err)
		}
		if err := browser.WaitFor(ctx, `location.pathname === "/script.html" && document.readyState === "complete"`); err != nil {
			t.Fatal(err)
		}
		got, err := browser.Eval[string](ctx, `document.getElementById("h").textContent`)
		if err != nil {
			t.Fatal(err)
		}
		if got != "スクリプトあり" {
			t.Errorf("heading = %q, want the new page's", got)
		}
	})
	t.Run("NeverHolds", func(t *testing.T) {
		ctx := browser.New(t)
		if err := browser.Navigate(ctx, site+"/good.html"); err != nil {
			t.Fatal(err)
		}
		// The condition cannot become true, so the caller's deadline ends the wait.
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		err := browser.WaitFor(short, `document.title === "別の題"`)
		if err == nil || !strings.Contains(err.Error(), `document.title === "別の題"`) {
			t.Errorf("WaitFor on a condition that never holds: got %v, want an error naming it", err)
		}
	})
}
