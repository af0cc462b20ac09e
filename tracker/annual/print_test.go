package annual_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"isms/internal/browser"
	"isms/tracker"
	"isms/tracker/annual"
	"isms/tracker/reportbench"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

// tableOnPage is what the test reads of each table in the printed page: its number, whether it is
// to stay on one page, its header and the figures of its last row.
type tableOnPage struct {
	Number string `json:"number"`
	Keep   bool   `json:"keep"`
	Header string `json:"header"`
	Last   string `json:"last"`
}

const tablesJS = `[...document.querySelectorAll('.table-block')].map(b => ({
	number: b.querySelector('caption').textContent.split('\u3000')[0],
	keep: b.classList.contains('keep'),
	header: b.querySelector('thead').textContent,
	last: [...b.querySelectorAll('tbody tr')].pop().textContent}))`

// TestPrinted prints the committee's document in Chromium, as the 事務局 would from the browser or
// with isms report -o report.pdf, for a city large enough that the report runs to many pages: every
// page is A4 and numbered "n / N ページ", every small table (and its chart) is whole on one page,
// and a table that runs over pages repeats its header on each; axe finds nothing in the document.
func TestPrinted(t *testing.T) {
	now := time.Now()
	fy := tracker.FiscalYearOf(now)
	a, err := reportbench.Open(context.Background(), t.TempDir(), reportbench.City{Staff: 1500, Bureaus: 6, Departments: 4, Sections: 6,
		Years: 2, Last: fy, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	r, err := a.AnnualSource().Build(admin(), fy, "jimukyoku（事務局）")
	if err != nil {
		t.Fatal(err)
	}
	var doc bytes.Buffer
	if err := annual.WriteHTML(&doc, r, annual.Document{}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(doc.Bytes())
	}))
	defer srv.Close()

	b := browser.New(t)
	if err := browser.Navigate(b, srv.URL); err != nil {
		t.Fatal(err)
	}
	report, err := browser.Axe(b, browser.WCAG...)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range report.Violations {
		t.Errorf("axe: %s", v)
	}
	tables, err := browser.Eval[[]tableOnPage](b, tablesJS)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := browser.PrintToPDF(b)
	if err != nil {
		t.Fatal(err)
	}
	sizes := browser.PDFPageSizes(pdf)
	pages, err := browser.PDFPageTexts(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) < 8 || len(pages) != len(sizes) {
		t.Fatalf("printed %d pages (%d sizes); want the report over many pages", len(pages), len(sizes))
	}
	t.Run("A4", func(t *testing.T) {
		for i, s := range sizes {
			if !s.Is(browser.A4) {
				t.Errorf("page %d is %.0f × %.0f pt, want A4", i+1, s.Width, s.Height)
			}
		}
	})
	t.Run("PageNumbers", func(t *testing.T) {
		for i, p := range pages {
			want := fmt.Sprintf("%d/%dページ", i+1, len(pages))
			if !strings.Contains(squeeze(p), want) || !strings.Contains(p, tracker.ClassificationA) {
				t.Errorf("page %d does not show %q and %s:\n%.200s", i+1, want, tracker.ClassificationA, p)
			}
		}
	})
	t.Run("NoCutTables", func(t *testing.T) {
		long := 0
		for _, tb := range tables {
			first := -1
			for i, p := range pages {
				if strings.Contains(squeeze(p), tb.Number) && !strings.Contains(squeeze(p), "目次") {
					first = i
					break
				}
			}
			if first < 0 {
				t.Errorf("%s is on no page", tb.Number)
				continue
			}
			last := -1
			for i := first; i < len(pages); i++ {
				if strings.Contains(figures(pages[i]), figures(tb.Last)) {
					last = i
					break
				}
			}
			switch {
			case last < 0:
				t.Errorf("%s: its last row (%s) is on no page from %d on", tb.Number, strings.TrimSpace(tb.Last), first+1)
			case tb.Keep && last != first:
				t.Errorf("%s is cut: it starts on page %d and ends on page %d", tb.Number, first+1, last+1)
			case !tb.Keep && last > first:
				long++
				for i := first + 1; i <= last; i++ {
					if !strings.Contains(squeeze(pages[i]), squeeze(tb.Header)) {
						t.Errorf("%s runs on to page %d without its header %q:\n%.300s", tb.Number, i+1, squeeze(tb.Header), squeeze(pages[i]))
					}
				}
			}
		}
		if long == 0 {
			t.Error("no table ran over pages: the header repetition was not tested")
		}
	})
}

var (
	space      = regexp.MustCompile(`\s+`)
	notFigures = regexp.MustCompile(`[^0-9%,.]+`)
)

// squeeze normalises a text as PDFPageTexts does (NFKC) and drops white space; the hyphenation
// point some fonts map the 中点 to reads as the 中点.
func squeeze(s string) string {
	return strings.ReplaceAll(space.ReplaceAllString(norm.NFKC.String(s), ""), "‧", "・")
}

// figures keeps the digits, commas and percent signs of a text: what identifies a row of figures.
func figures(s string) string { return notFigures.ReplaceAllString(s, "") }
