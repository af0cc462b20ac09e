package http_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"isms/internal/amend/amendtest"
	"isms/internal/app"
	"isms/internal/testdir"
	"isms/tracker"
)

// amendEnv is a tracker over a repository of two versions whose second, 令和8年7月改正版
// (【04】第13条 and 【07】第11条 amended), takes effect on the test clock's day, 2026年6月1日. The
// built-in banks are copied to a directory, the general one drawing every question, so that a paper
// shows exactly which questions are drawable.
type amendEnv struct {
	*env
	temps map[string]string
	units map[string]int64 // section name → unit ID
	root  string
}

const amended = amendtest.Second

// newAmendEnv builds the environment; edits change a bank file (general.md, …) before it loads.
func newAmendEnv(t *testing.T, edits map[string]func(string) string, configure ...func(*app.App)) *amendEnv {
	t.Helper()
	root := amendtest.Repo(t, "2026-06-01")
	quizDir := t.TempDir()
	repo, err := testdir.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"general", "manager", "executive", "chief", "auditor"} {
		src, err := os.ReadFile(filepath.Join(repo, "quiz", m+".md"))
		if err != nil {
			t.Fatal(err)
		}
		text := string(src)
		if m == "general" {
			text = strings.Replace(text, "draw: 20", "draw: 36", 1)
		}
		if edit := edits[m+".md"]; edit != nil {
			text = edit(text)
		}
		if err := os.WriteFile(filepath.Join(quizDir, m+".md"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := newEnv(t, append([]func(*app.App){func(a *app.App) {
		a.Root = root
		a.Config.QuizDir = quizDir
	}}, configure...)...)
	ae := &amendEnv{env: e, temps: e.importRoster(baseRoster), units: map[string]int64{}, root: root}
	units, err := e.db.FindUnits(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Level() == tracker.LevelSection {
			ae.units[u.Section] = u.ID()
		}
	}
	if len(e.app.Amendments) != 1 {
		t.Fatalf("got %d amendments from the repository, want 1", len(e.app.Amendments))
	}
	return ae
}

func (e *amendEnv) admin() *client { return e.staff(e.env.admin.Login, e.env.admin.Password) }

var digestPattern = regexp.MustCompile(`name="digest" value="([0-9a-f]{64})"`)

// confirm reads the notice's digest from a page and sends 「内容を確認しました」.
func (c *client) confirm(page string) *response {
	c.t.Helper()
	m := digestPattern.FindStringSubmatch(page)
	if m == nil {
		c.t.Fatalf("no 周知確認 form in %.2000s", page)
	}
	return c.post("/app/amendments/"+amended+"/acknowledge", map[string][]string{"digest": {m[1]}})
}

// paperQuestions lists the question IDs of a quiz form.
func paperQuestions(page string) []string {
	var ids []string
	seen := map[string]bool{}
	for _, m := range questionPattern.FindAllStringSubmatch(page, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			ids = append(ids, m[1])
		}
	}
	return ids
}
