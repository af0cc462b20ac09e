package http_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"isms/tracker"
)

// retired are the words design.md ("Words on screen") replaces, with the word to use.
var retired = []struct{ word, use string }{
	{"サインイン", "ログイン"}, {"サインアウト", "ログアウト"}, {"ログオン", "ログイン"},
	{"未完了", "未受講者"}, {"まだの人", "未受講者"}, {"未修了者", "未受講者"},
	{"ロール", "役割"}, {"アテンプト", "受験"}, {"試行", "受験"}, {"既読", "周知確認"},
	{"セミナー", "集合研修"}, {"キャンペーン", "訓練"}, {"エクスポート", "出力"}, {"ダウンロード", "出力"},
}

var (
	slashDate   = regexp.MustCompile(`\b\d{1,2}/\d{1,2}/\d{4}\b`)
	westernDate = regexp.MustCompile(`\d{4}年\d{1,2}月\d{1,2}日`)
	fiscalYear  = regexp.MustCompile(`\d{4}年度`)
	editionID   = regexp.MustCompile(`\br\d{2}-\d{2}\b|\b2026\.1\b`) // versions.toml's IDs, and the tests' edition
)

// retiredWords lists what design.md retires in text people read: the words of the table above
// (retiredTerms), dates written 12/2/2026, a date or fiscal year without its era beside it, and a
// policy edition shown by its bare ID (an ID right after the edition's name, in a machine-readable
// column of an export, is fine).
func retiredWords(text string) []string {
	found := retiredTerms(text)
	for _, m := range slashDate.FindAllStringIndex(text, -1) {
		found = append(found, "a date written "+text[m[0]:m[1]])
	}
	for _, re := range []*regexp.Regexp{westernDate, fiscalYear} {
		for _, m := range re.FindAllStringIndex(text, -1) {
			if !strings.HasPrefix(text[m[1]:], "（") {
				found = append(found, "「"+text[m[0]:m[1]]+"」 without its era in «"+around(text, m[0], m[1]-m[0])+"»")
			}
		}
	}
	for _, m := range editionID.FindAllStringIndex(text, -1) {
		if strings.Contains(text[max(0, m[0]-12):m[0]], "施行）") {
			continue
		}
		found = append(found, "the bare edition ID "+text[m[0]:m[1]]+" in «"+around(text, m[0], m[1]-m[0])+"»")
	}
	return found
}

// retiredTerms lists the words of the table above that text uses.
func retiredTerms(text string) []string {
	var found []string
	for _, r := range retired {
		if i := strings.Index(text, r.word); i >= 0 {
			found = append(found, "「"+r.word+"」 (use 「"+r.use+"」) in «"+around(text, i, len(r.word))+"»")
		}
	}
	return found
}

// around is the text about a match, for a readable failure.
func around(text string, i, n int) string {
	start, end := max(0, i-30), min(len(text), i+n+30)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	return strings.Join(strings.Fields(text[start:end]), " ")
}

var labelAttr = regexp.MustCompile(`(?:aria-label|title|alt|placeholder|data-label)="([^"]*)"`)

// TestVocabulary renders every page of the tour and the confirmations, as each kind of user, and every
// export as CSV, and fails on a word design.md retires; it also reads every string literal of the
// tracker's Go code (what pages, messages, exports and commands say) and every template.
func TestVocabulary(t *testing.T) {
	e := newReportEnv(t)
	legs := tour(t, e)
	signInAll(e, legs)
	check := func(t *testing.T, where, text string) {
		t.Helper()
		for _, w := range retiredWords(text) {
			t.Errorf("%s uses %s", where, w)
		}
	}
	t.Run("Pages", func(t *testing.T) {
		for _, l := range legs {
			c := e.client()
			if l.login != "" {
				c.signIn(l.login, newPassword)
			}
			paths := []string{"/app/training/?done=password", "/app/training/?done=survey", "/app/admin/plans/?done=plan", "/app/login?done=signout"}
			for _, s := range l.stops {
				if s.submit == "" {
					paths = append(paths, s.path)
				}
			}
			for _, p := range paths {
				r := c.get(p)
				for range 3 {
					if r.status != http.StatusSeeOther {
						break
					}
					r = c.get(r.location)
				}
				text := pageText(r.body)
				for _, m := range labelAttr.FindAllStringSubmatch(r.body, -1) {
					text += "\n" + m[1]
				}
				check(t, l.role+" "+p, text)
			}
		}
	})
	t.Run("Exports", func(t *testing.T) {
		admin := e.client()
		admin.signIn(e.env.admin.Login, newPassword)
		admin.get("/app/reports/")
		for _, kind := range []tracker.ReportKind{tracker.ReportAttendance, tracker.ReportOutstanding, tracker.ReportAttempts,
			tracker.ReportEffectiveness, tracker.ReportHistory} {
			r := admin.post("/app/reports/export", url.Values{"report": {string(kind)}, "format": {"csv"}, "fy": {"2026"},
				"staff": {"1003"}, "state": {"outstanding"}})
			wantStatus(t, r, http.StatusOK)
			check(t, "the "+string(kind)+" export", r.body)
		}
	})
	t.Run("AuditLog", func(t *testing.T) {
		events, _, err := e.db.FindEvents(context.Background(), tracker.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			check(t, "audit event "+strconv.FormatInt(ev.ID, 10), tracker.ActionName(ev.Action)+" "+tracker.AuditActorName(ev.Actor)+" "+
				tracker.AuditTarget(ev)+" "+tracker.AuditDetail(ev, nil))
		}
	})
	t.Run("GoStrings", func(t *testing.T) {
		root := filepath.Join("..", "..")
		for _, dir := range []string{"tracker", "internal/app", "cmd/isms"} {
			err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
					return err
				}
				f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
				if err != nil {
					return err
				}
				ast.Inspect(f, func(n ast.Node) bool {
					if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "legacyAnonymousActor" {
						return false // what earlier versions recorded, read only to show today's word
					}
					if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						// Layouts, flag help and IDs in code are not pages: only the words are checked.
						if s, err := strconv.Unquote(lit.Value); err == nil {
							for _, w := range retiredTerms(s) {
								t.Errorf("%s uses %s", path, w)
							}
						}
					}
					return true
				})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("Templates", func(t *testing.T) {
		files, err := filepath.Glob(filepath.Join("templates", "*.html"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no templates: %v", err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range retired {
				if strings.Contains(string(b), r.word) {
					t.Errorf("%s uses 「%s」 (use 「%s」)", f, r.word, r.use)
				}
			}
		}
	})
}

// TestRetiredWords: the check itself finds what it must and lets the city's words through.
func TestRetiredWords(t *testing.T) {
	for _, tt := range []struct {
		text string
		want int
	}{
		{"ログインしてください。2026年12月2日（令和8年12月2日）、2026年度（令和8年度）、令和2年8月版（令和2年8月1日施行）", 0},
		{"サインインしてください", 1},
		{"まだの人 3人", 1},
		{"受講期限 12/2/2026", 1},
		{"2026年12月2日まで", 1},
		{"2026年度の計画", 1},
		{"ポリシー r02-08", 1},
		{"令和2年8月版（令和2年8月1日施行）,r02-08", 0},
		{"CSVをダウンロード", 1},
	} {
		if got := retiredWords(tt.text); len(got) != tt.want {
			t.Errorf("%q: got %q, want %d findings", tt.text, got, tt.want)
		}
	}
}
