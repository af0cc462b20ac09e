package browser_test

import (
	"slices"
	"strings"
	"testing"

	"isms/internal/browser"
)

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

// axe-core stays out of the page's own scripts, and a tab that ran it once has it in every page
// it loads next.
func TestAxeWorld(t *testing.T) {
	site, _ := serve(t)
	ctx := browser.New(t)
	for _, tt := range []struct {
		page string
		want string // a violation, "" for none
	}{
		{"/good.html", ""},
		{"/bad.html", "image-alt"},
		{"/csp.html", ""},
		{"/bad.html", "image-alt"},
	} {
		t.Run(strings.Trim(tt.page, "/"), func(t *testing.T) {
			if err := browser.Navigate(ctx, site+tt.page); err != nil {
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
			if (tt.want == "") != (len(got) == 0) || (tt.want != "" && !slices.Contains(got, tt.want)) {
				t.Errorf("violations = %v, want %q", got, tt.want)
			}
			seen, err := browser.Eval[string](ctx, `typeof window.axe`)
			if err != nil {
				t.Fatal(err)
			}
			if seen != "undefined" {
				t.Errorf("the page's scripts see axe as %q, want undefined", seen)
			}
		})
	}
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
