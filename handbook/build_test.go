package handbook_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"isms/handbook"
	"isms/internal/testdir"
	"isms/policy"
)

// root is the repository, so tests build the real handbook with the real layouts.
const root = ".."

func build(t testing.TB, content, public string) (*handbook.Result, error) {
	t.Helper()
	return handbook.Build(context.Background(), handbook.Options{Root: root, Content: content, Public: public})
}

// Every article, 項 and 号 of the real text has its anchor on its page.
func TestBuildRealHandbookAnchors(t *testing.T) {
	t.Parallel()
	built := currentSite(t)
	public, res := built.public, built.res
	pages := map[string]string{}
	page := func(s *policy.Standard) string {
		if p, ok := pages[s.Number]; ok {
			return p
		}
		data, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(s.URL()), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		pages[s.Number] = string(data)
		return pages[s.Number]
	}
	anchors := 0
	for _, a := range res.Doc.Articles() {
		html := page(res.Doc.Standard(a.Standard))
		want := []string{`id="` + a.Anchor() + `"`}
		if a.Standard != policy.PolicyNumber {
			want[0] = `<article class="article" id="` + a.Anchor() + `"`
			for _, p := range a.Paragraphs {
				want = append(want, `id="`+p.Anchor(a)+`"`)
				n := 0
				for _, b := range p.Blocks {
					if b.Kind == policy.ItemBlock {
						n++
						want = append(want, fmt.Sprintf(`id="%s-%d"`, p.Anchor(a), n))
					}
				}
			}
		}
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s: %s not found on %s", a.ID(), w, res.Doc.Standard(a.Standard).URL())
			}
			anchors++
		}
	}
	if anchors < 700 {
		t.Errorf("only %d anchors checked", anchors)
	}
	// 【04】第13条 is headed by its number and caption, and its control links to the control's page.
	std04 := page(res.Doc.Standard("04"))
	for _, w := range []string{`第13条（パスワードの利用）</h3>`, `href="/controls/a9-3-1/"`} {
		if !strings.Contains(std04, w) {
			t.Errorf("/standards/04/: %s not found", w)
		}
	}
	ctl, err := os.ReadFile(filepath.Join(public, "controls", "a9-4-2", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ctl), `href="/standards/07/#art-9"`) {
		t.Error("/controls/a9-4-2/ does not list 【07】第9条")
	}
	dirs, _ := filepath.Glob(filepath.Join(public, "controls", "*", "index.html"))
	if len(dirs) != 101 {
		t.Errorf("control pages: got %d, want 101", len(dirs))
	}
}

// Cross-references in the city's words become links.
func TestBuildCrossReferences(t *testing.T) {
	t.Parallel()
	public := currentSite(t).public
	read := func(p string) string {
		data, err := os.ReadFile(filepath.Join(public, p, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	tests := []struct{ page, want string }{
		{"standards/02", `<a href="/standards/04/#art-13" title="【04】第13条（パスワードの利用）">&lt;基準②-04&gt;第13条</a>`},
		{"standards/04", `<a href="/standards/10/" title="【10】情報セキュリティ事件・事故に関する基準">「情報セキュリティ事件・事故に関する基準」</a>`},
		{"standards/06", `<a href="#art-6" title="第6条（管理手順）">第6条の手順</a>`},
		{"standards/03", `<a href="#art-11-1" title="第1項">前項</a>`},
		{"standards/02", `&lt;基準②-06&gt;第16条`}, // the city's dangling reference stays as text
		{"standards/04", `<a href="/glossary/#`},
	}
	for _, tt := range tests {
		if got := read(tt.page); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %s not found", tt.page, tt.want)
		}
	}
}

// Bad content fails the build with file:line and leaves the published site as it was.
func TestBuildBadContent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		file    string
		from    string
		to      string
		wantErr *regexp.Regexp
	}{
		{"DuplicateArticle", "standards/04.md", "### 第14条（", "### 第13条（", regexp.MustCompile(`standards/04.md:\d+: 第13条が重複しています`)},
		{"MissingCaption", "standards/05.md", "### 第3条（定義）", "### 第3条", regexp.MustCompile(`standards/05.md:\d+: 第3条に見出しがありません`)},
		{"MalformedControl", "standards/07.md", "（ログオン手順：A9.4.2）", "（ログオン手順：A9.4.Z）", regexp.MustCompile(`standards/07.md:\d+: 第9条の管理策 "A9.4.Z" は`)},
		{"MissingReference", "standards/02.md", "<基準②-04>第13条", "<基準②-04>第99条", regexp.MustCompile(`standards/02.md:\d+: <基準②-04>第99条: 参照先の条がありません`)},
		{"SkippedParagraph", "standards/01.md", "\n3 CISOは、必要に応じ", "\n4 CISOは、必要に応じ", regexp.MustCompile(`standards/01.md:\d+: 第3条（.+）の第2項の次が第4項です`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := copyContent(t)
			path := filepath.Join(content, tt.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), tt.from) {
				t.Fatalf("%s does not contain %q", tt.file, tt.from)
			}
			os.WriteFile(path, []byte(strings.Replace(string(data), tt.from, tt.to, 1)), 0o644)

			public := filepath.Join(t.TempDir(), "public")
			os.MkdirAll(public, 0o755)
			os.WriteFile(filepath.Join(public, "index.html"), []byte("previous site"), 0o644)

			_, err = build(t, content, public)
			var errs policy.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("got %v, want policy.Errors", err)
			}
			if !tt.wantErr.MatchString(err.Error()) {
				t.Errorf("got %q, want a match for %s", err, tt.wantErr)
			}
			got, _ := os.ReadFile(filepath.Join(public, "index.html"))
			if string(got) != "previous site" {
				t.Error("the published site was changed by a failed build")
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(public), ".isms-build-*")); len(leftovers) > 0 {
				t.Errorf("staging left behind: %v", leftovers)
			}
		})
	}
}

// copyContent copies the real content/ into a temp dir that a test may change.
func copyContent(t testing.TB) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "content")
	testdir.Copy(t, filepath.Join(root, "content"), dst, "")
	return dst
}
