package handbook_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"isms/handbook"
	"isms/internal/sitetest"
	"isms/policy"
	"isms/policy/iso"
)

// The control pages read in 2022 numbers: /controls/ lists every 2022 control by theme with the articles
// that cover it, and first those no article covers; each 2013 control's page names its 2022 control(s).
func TestControls2022(t *testing.T) {
	public := sitetest.Build(t)
	doc, err := policy.Load(os.DirFS(filepath.Join(root, "content")))
	if err != nil {
		t.Fatal(err)
	}
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(path), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	index := read("controls")
	// entry is what /controls/ says under one 2022 control.
	entry := func(id string) string {
		start := strings.Index(index, `<li id="c22-`+strings.ReplaceAll(id, ".", "-")+`">`)
		if start < 0 {
			t.Fatalf("/controls/ has no entry for 2022 control %s", id)
		}
		end := strings.Index(index[start:], "</li>\n")
		return index[start : start+end]
	}

	covered := map[string]bool{}
	for _, a := range doc.Articles() {
		for _, id := range iso.To2022(a.Controls) {
			covered[id] = true
		}
	}
	t.Run("EveryControlByTheme", func(t *testing.T) {
		for _, theme := range []string{"5 組織的管理策（37 件）", "6 人的管理策（8 件）", "7 物理的管理策（14 件）", "8 技術的管理策（34 件）"} {
			if !strings.Contains(index, theme) {
				t.Errorf("/controls/ has no theme %s", theme)
			}
		}
		for _, c := range iso.Controls() {
			e := entry(c.ID)
			if !strings.Contains(e, c.Name) {
				t.Errorf("%s: the entry does not name it: %s", c.ID, e)
			}
			if covered[c.ID] == strings.Contains(e, "対応する条文はありません") {
				t.Errorf("%s: covered by an article is %v, but the entry says: %s", c.ID, covered[c.ID], e)
			}
		}
	})
	t.Run("ArticlesOfAControl", func(t *testing.T) {
		// 8.5 is A9.4.2, which 【07】第9条 cites
		if e := entry("8.5"); !strings.Contains(e, `href="/standards/07/#art-9"`) || !strings.Contains(e, `href="/controls/a9-4-2/"`) {
			t.Errorf("8.5 does not list 【07】第9条 and A9.4.2: %s", e)
		}
		if e := entry("5.7"); !strings.Contains(e, "2022年版で新設") {
			t.Errorf("5.7 is not marked as new: %s", e)
		}
	})
	t.Run("UncoveredFirst", func(t *testing.T) {
		start := strings.Index(index, `id="uncovered"`)
		if start < 0 || start > strings.Index(index, `id="v2022"`) {
			t.Fatal("the uncovered controls do not come first")
		}
		section := index[start : start+strings.Index(index[start:], "</section>")]
		var got, want []string
		for _, m := range regexp.MustCompile(`href="#c22-(\d+)-(\d+)"`).FindAllStringSubmatch(section, -1) {
			got = append(got, m[1]+"."+m[2])
		}
		for _, c := range iso.Controls() {
			if !covered[c.ID] {
				want = append(want, c.ID)
			}
		}
		slices.SortFunc(got, iso.Compare)
		if !slices.Equal(got, want) {
			t.Errorf("uncovered controls listed: %v, want %v", got, want)
		}
		for _, id := range []string{"5.7", "5.23", "5.30", "7.4", "8.9", "8.10", "8.11", "8.12", "8.16", "8.23", "8.28"} {
			if !slices.Contains(got, id) {
				t.Errorf("new control %s is not listed as uncovered", id)
			}
		}
	})
	t.Run("ControlPage", func(t *testing.T) {
		for _, c := range []struct{ page, want string }{
			{"a9-4-2", `2022年版では <a href="/controls/#c22-8-5">8.5 安全な認証</a> に当たります。`},
			{"a9-3-1", `2022年版では、A9.2.4、A9.4.3 とあわせて <a href="/controls/#c22-5-17">5.17 認証情報の管理</a> にまとめられました。`},
			{"a18-2-3", `に分かれました。`},
		} {
			if got := read("controls/" + c.page); !strings.Contains(got, c.want) {
				t.Errorf("/controls/%s/ does not say %s", c.page, c.want)
			}
		}
		// every cited 2013 control's page links each of its 2022 controls
		cited := map[string]bool{}
		for _, a := range doc.Articles() {
			for _, id := range a.Controls {
				cited[id] = true
			}
		}
		for id := range cited {
			page := read("controls/" + handbook.ControlSlug(id))
			m, _ := iso.From2013(id)
			for _, to := range m.To {
				if !strings.Contains(page, `href="/controls/#c22-`+strings.ReplaceAll(to, ".", "-")+`"`) {
					t.Errorf("/controls/%s/ does not link 2022 control %s", handbook.ControlSlug(id), to)
				}
			}
		}
	})
}
