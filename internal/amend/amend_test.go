package amend_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"isms/internal/amend"
	"isms/internal/amend/amendtest"
	"isms/quiz"
	"isms/tracker"
)

func TestLoad(t *testing.T) {
	banks, err := quiz.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	root := amendtest.Repo(t, "2026-07-01")
	got, notice, err := amend.Load(root, banks)
	if err != nil || notice != "" || len(got) != 1 {
		t.Fatalf("got %d amendments, notice %q, %v; want one", len(got), notice, err)
	}
	a := got[0]
	if a.Version != amendtest.Second || a.Name != amendtest.SecondName || a.Previous != amendtest.FirstName ||
		a.Effective.String() != "2026-07-01" || a.TableURL != "/versions/r02-08..r08-07/" || len(a.Commit) != 40 {
		t.Fatalf("got %+v", a)
	}
	var ids []string
	for _, art := range a.Articles {
		ids = append(ids, art.ID)
	}
	if strings.Join(ids, ",") != "04-13,07-11" {
		t.Fatalf("amended articles: got %v, want 04-13 and 07-11", ids)
	}
	t.Run("Article", func(t *testing.T) {
		art := a.Articles[0]
		if art.Label != "【04】第13条（パスワードの利用）" || art.Change != "改正" || art.URL != "/versions/r02-08..r08-07/#art-04-13" {
			t.Fatalf("got %+v", art)
		}
		if !slices.Contains(art.CitedBy, "general") || !slices.Contains(art.Names, tracker.RoleGeneral) {
			t.Fatalf("04-13: cited by %v, names %v; want the general module and 職員等", art.CitedBy, art.Names)
		}
		if !slices.Equal(a.Articles[1].Names, []tracker.Role{tracker.RoleManager}) {
			t.Fatalf("07-11 names %v, want the セキュリティ管理者 alone", a.Articles[1].Names)
		}
	})
	t.Run("Extract", func(t *testing.T) {
		x := a.Articles[0].Extract
		for _, want := range []string{`<th scope="col">改正後</th>`, `<ins><span class="visually-hidden">［傍線］</span>及びパスフレーズ`,
			"パスワードを秘密にしなければならない", "【04】第13条（パスワードの利用）の新旧対照表"} {
			if !strings.Contains(x, want) {
				t.Fatalf("extract lacks %q: %s", want, x)
			}
		}
	})
	t.Run("OneVersionHasNone", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "versions.toml"), []byte("[[version]]\nid = \"r02-08\"\nname = \"令和2年8月版\"\neffective = 2020-08-01\ncommit = \"0123456\"\n"), 0o644)
		got, _, err := amend.Load(dir, banks)
		if err != nil || got != nil {
			t.Fatalf("got %v, %v", got, err)
		}
	})
	t.Run("NoGitHasNoneAndSaysWhy", func(t *testing.T) {
		dir := t.TempDir()
		data, _ := os.ReadFile(filepath.Join(root, "versions.toml"))
		os.WriteFile(filepath.Join(dir, "versions.toml"), data, 0o644)
		got, notice, err := amend.Load(dir, banks)
		if err != nil || got != nil || !strings.Contains(notice, ".git") {
			t.Fatalf("got %v, %q, %v; want none and a notice", got, notice, err)
		}
	})
}
