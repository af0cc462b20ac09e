package history_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"isms/internal/testdir"
	"isms/policy/history"
)

// twoVersions commits the tiny handbook and an amendment of it and lists both.
func twoVersions(t *testing.T) (r *testRepo, file, old, new string) {
	r = newRepo(t)
	old = r.commit("令和2年8月版", baseFiles())
	new = r.commit("改正", map[string]string{"content/standards/01.md": edit(t, testStandard, "パスワードを秘密に", "パスフレーズを秘密に")})
	file = r.writeVersions(version{"r02-08", "令和2年8月版", "2020-08-01", old}, version{"r03-04", "令和3年4月版", "2021-04-01", new})
	return r, file, old, new
}

func TestLoadArchive(t *testing.T) {
	r, file, _, _ := twoVersions(t)
	a, err := history.LoadArchive(r.dir, file)
	if err != nil {
		t.Fatal(err)
	}
	if a.Notice != "" || len(a.Editions) != 2 || a.Editions[0].ID != "r02-08" || a.Editions[1].ID != "r03-04" {
		t.Fatalf("got %d editions, notice %q", len(a.Editions), a.Notice)
	}
	if got := a.Editions[0].Doc.Article("01-3").PlainText(); !strings.Contains(got, "パスワードを秘密に") {
		t.Errorf("r02-08 01-3: got %q", got)
	}
	if got := a.Editions[1].Doc.Article("01-3").PlainText(); !strings.Contains(got, "パスフレーズを秘密に") {
		t.Errorf("r03-04 01-3: got %q", got)
	}
	// The commit's content/ is a proper fs.FS, as policy.Load and the glossary page need.
	if err := fstest.TestFS(a.Editions[0].Content, "policy/_index.md", "standards/01.md", "glossary/_index.md"); err != nil {
		t.Error(err)
	}
}

// An unpacked archive (no .git) and a shallow clone build the current version only, say why in one line,
// and are not errors.
func TestLoadArchiveWithoutHistory(t *testing.T) {
	tests := []struct {
		name       string
		tree       func(t *testing.T, r *testRepo, old, new string) string
		wantNotice string
	}{
		{
			name: "NoDotGit",
			tree: func(t *testing.T, r *testRepo, old, new string) string {
				dir := t.TempDir()
				testdir.Copy(t, r.dir, dir, ".git")
				return dir
			},
			wantNotice: "git の履歴（.git）がないため、versions.toml に載っている 2 件の旧版は生成せず、現行版のみ生成します",
		},
		{
			name: "ShallowClone",
			tree: func(t *testing.T, r *testRepo, old, new string) string {
				dir := t.TempDir()
				testdir.Copy(t, r.dir, dir, "")
				// What git clone --depth 1 leaves: the newest commit, marked shallow, without its parent.
				if err := os.Remove(filepath.Join(dir, ".git", "objects", old[:2], old[2:])); err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, ".git", "shallow"), new+"\n")
				return dir
			},
			wantNotice: "浅いクローン（shallow clone）で版 r02-08 のコミット %s がないため、旧版は生成せず現行版のみ生成します（全履歴は git fetch --unshallow で取得できます）",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _, old, new := twoVersions(t)
			dir := tt.tree(t, r, old, new)
			a, err := history.LoadArchive(dir, filepath.Join(dir, "versions.toml"))
			if err != nil {
				t.Fatal(err)
			}
			want := tt.wantNotice
			if strings.Contains(want, "%s") {
				want = strings.Replace(want, "%s", old[:7], 1)
			}
			if a.Notice != want {
				t.Errorf("notice: got %q, want %q", a.Notice, want)
			}
			if strings.Contains(a.Notice, "\n") {
				t.Error("the notice is more than one line")
			}
			if len(a.Editions) != 0 || len(a.Versions) != 2 {
				t.Errorf("got %d editions of %d versions, want 0 of 2", len(a.Editions), len(a.Versions))
			}
		})
	}
}

func TestLoadArchiveErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, r *testRepo, old string) string // returns the versions file
		wantErr string
	}{
		{
			name: "ErrCommitMissingInFullClone",
			setup: func(t *testing.T, r *testRepo, old string) string {
				return r.writeVersions(version{"r02-08", "令和2年8月版", "2020-08-01", "0123456789abcdef0123456789abcdef01234567"})
			},
			wantErr: `versions.toml:1: 版 r02-08（令和2年8月版）: 0123456: コミットがリポジトリにありません$`,
		},
		{
			name: "ErrOldTextDoesNotLoad",
			setup: func(t *testing.T, r *testRepo, old string) string {
				bad := r.commit("誤り", map[string]string{"content/standards/01.md": edit(t, testStandard, "### 第4条（機器", "### 第3条（機器")})
				return r.writeVersions(version{"r02-08", "令和2年8月版", "2020-08-01", bad})
			},
			wantErr: `(?s)^版 r02-08（令和2年8月版、コミット [0-9a-f]{7}）の条文が読めません:\nstandards/01.md:\d+: 第3条が重複しています`,
		},
		{
			name: "ErrNoContentInCommit",
			setup: func(t *testing.T, r *testRepo, old string) string {
				return r.writeVersions(version{"r02-08", "令和2年8月版", "2020-08-01", r.commit("削除", map[string]string{
					"content/policy/_index.md": "", "content/standards/01.md": "", "content/glossary/_index.md": "", "README": "x"})})
			},
			wantErr: `コミット [0-9a-f]{7} に content/ がありません`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			old := r.commit("令和2年8月版", baseFiles())
			file := tt.setup(t, r, old)
			a, err := history.LoadArchive(r.dir, file)
			if err == nil {
				t.Fatalf("got %d editions and no error", len(a.Editions))
			}
			if !regexp.MustCompile(tt.wantErr).MatchString(err.Error()) {
				t.Errorf("got %q, want a match for %s", err, tt.wantErr)
			}
		})
	}
}

// The handbook may live in a subdirectory of the repository: content/ is found relative to the work tree.
func TestLoadArchiveSubdirectory(t *testing.T) {
	r := newRepo(t)
	files := map[string]string{}
	for name, text := range baseFiles() {
		files["site/"+name] = text
	}
	c := r.commit("令和2年8月版", files)
	site := filepath.Join(r.dir, "site")
	file := filepath.Join(site, "versions.toml")
	writeFile(t, file, "[[version]]\nid = \"r02-08\"\nname = \"令和2年8月版\"\neffective = 2020-08-01\ncommit = \""+c[:10]+"\"\n")
	a, err := history.LoadArchive(site, file)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Editions) != 1 || a.Editions[0].Doc.Article("01-5") == nil {
		t.Fatalf("got %d editions", len(a.Editions))
	}
}

func TestLoadArchiveNoVersionsFile(t *testing.T) {
	r := newRepo(t)
	r.commit("令和2年8月版", baseFiles())
	a, err := history.LoadArchive(r.dir, filepath.Join(r.dir, "versions.toml"))
	if err != nil || a.Notice != "" || len(a.Editions) != 0 {
		t.Errorf("got %+v, %v; want an empty archive", a, err)
	}
}

func TestChangedSince(t *testing.T) {
	r := newRepo(t)
	v1 := r.commit("令和2年8月版", baseFiles())
	// insert a new 第3条, so the old 3–5 become 4–6, and amend the old 第3条
	r.commit("改正", map[string]string{"content/standards/01.md": edit(t, testStandard,
		"## 第2章 管理\n", "### 第3条（定義）\n\nこの基準において、職員等とは、職員及び外部委託要員をいう。\n\n## 第2章 管理\n",
		"### 第3条（パスワード", "### 第4条（パスワード", "### 第4条（機器", "### 第5条（機器", "### 第5条（報告", "### 第6条（報告",
		"パスワードを秘密に", "パスフレーズを秘密に")})
	file := r.writeVersions(version{"r02-08", "令和2年8月版", "2020-08-01", v1})

	t.Run("OK", func(t *testing.T) {
		got, err := history.ChangedSince(r.dir, file, "r02-08")
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"01-3", "01-4", "01-5", "01-6"}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("Current", func(t *testing.T) {
		got, err := history.ChangedSince(r.dir, file, "current")
		if err != nil || len(got) != 0 {
			t.Errorf("got %v, %v; want nothing", got, err)
		}
	})
	t.Run("ErrUnknownVersion", func(t *testing.T) {
		_, err := history.ChangedSince(r.dir, file, "r09-01")
		if err == nil || err.Error() != `版 "r09-01" は versions.toml にありません` {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrNoGit", func(t *testing.T) {
		dir := t.TempDir()
		testdir.Copy(t, r.dir, dir, ".git")
		_, err := history.ChangedSince(dir, filepath.Join(dir, "versions.toml"), "r02-08")
		if err == nil || err.Error() != "git の履歴（.git）がないため、版 r02-08 の条文は読めません" {
			t.Errorf("got %v", err)
		}
	})
}

func TestLoad(t *testing.T) {
	r, file, old, _ := twoVersions(t)
	tests := []struct {
		id, wantName, wantText string
	}{
		{"r02-08", "令和2年8月版", "パスワードを秘密に"},
		{"r03-04", "令和3年4月版", "パスフレーズを秘密に"},
		{"current", "現行版", "パスフレーズを秘密に"},
		{old[:12], "コミット " + old[:7], "パスワードを秘密に"},
		{"HEAD~1", "コミット HEAD~1", "パスワードを秘密に"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			doc, name, err := history.Load(r.dir, file, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if name != tt.wantName || !strings.Contains(doc.Article("01-3").PlainText(), tt.wantText) {
				t.Errorf("got %s with %q", name, doc.Article("01-3").PlainText())
			}
		})
	}
	t.Run("ErrUnknown", func(t *testing.T) {
		_, _, err := history.Load(r.dir, file, "r09-01")
		if err == nil || err.Error() != `版 "r09-01" がありません。versions.toml の版（r02-08, r03-04）、current、またはコミットを指定してください` {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrListedButShallow", func(t *testing.T) {
		dir := t.TempDir()
		testdir.Copy(t, r.dir, dir, "")
		if err := os.Remove(filepath.Join(dir, ".git", "objects", old[:2], old[2:])); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, ".git", "shallow"), "0000000000000000000000000000000000000001\n")
		_, _, err := history.Load(dir, filepath.Join(dir, "versions.toml"), "r02-08")
		want := "版 r02-08（令和2年8月版）のコミット " + old[:7] + " がリポジトリにありません（浅いクローンです。git fetch --unshallow で全履歴を取得してください）"
		if err == nil || err.Error() != want {
			t.Errorf("got %v, want %s", err, want)
		}
	})
}
