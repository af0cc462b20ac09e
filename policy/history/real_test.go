package history_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"isms/policy"
	"isms/policy/history"
)

// realContent reads the repository's content/ into memory, so that a test can amend it.
func realContent(t testing.TB) fstest.MapFS {
	t.Helper()
	root := filepath.Join("..", "..", "content")
	m := fstest.MapFS{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func amend(t testing.TB, m fstest.MapFS, file string, pairs ...string) {
	t.Helper()
	f := m[file]
	f.Data = []byte(edit(t, string(f.Data), pairs...))
}

// amendedHandbook is the real handbook with an amendment of the usual kind: words changed in several
// standards, a 項 added, an article inserted (renumbering the rest of its standard), the 方針 re-dated.
func amendedHandbook(t testing.TB) (*policy.Document, *policy.Document) {
	old, err := policy.Load(realContent(t))
	if err != nil {
		t.Fatal(err)
	}
	m := realContent(t)
	amend(t, m, "policy/_index.md", "令和元年10月1日", "令和3年4月1日")
	amend(t, m, "standards/04.md", "秘密保持誓約書をCISOに提出しなければならない。", "秘密保持誓約書をセキュリティ管理者に提出しなければならない。")
	amend(t, m, "standards/07.md", "### 第9条（ログオン手順：A9.4.2）", "### 第9条（ログオン手順：A9.4.2、A9.4.3）")
	src := string(m["standards/10.md"].Data)
	// insert a new 第2条 into 【10】 and renumber the articles after it
	for n := 40; n >= 2; n-- {
		src = strings.Replace(src, "### 第"+itoa(n)+"条（", "### 第"+itoa(n+1)+"条（", 1)
	}
	src = strings.Replace(src, "### 第3条（", "### 第2条（訓練：A16.1.5）\n\n情報セキュリティ事務局は、毎年度、事故対応の訓練を行わなければならない。\n\n### 第3条（", 1)
	m["standards/10.md"].Data = []byte(src)
	new, err := policy.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	return old, new
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

func TestCompareRealHandbook(t *testing.T) {
	t.Run("Unchanged", func(t *testing.T) {
		doc, err := policy.Load(realContent(t))
		if err != nil {
			t.Fatal(err)
		}
		c := history.Compare(doc, doc)
		if got := c.Text(); got != "（改正なし）\n" {
			t.Errorf("got %s", got)
		}
		if len(c.Standards) != 14 || len(c.ChangedIDs()) != 0 {
			t.Errorf("got %d standards, %v changed", len(c.Standards), c.ChangedIDs())
		}
	})
	t.Run("Amended", func(t *testing.T) {
		old, new := amendedHandbook(t)
		c := history.Compare(old, new)
		var got []string
		for _, s := range c.Changed() {
			for _, r := range s.Rows {
				if r.Change != 0 {
					got = append(got, s.Number+" "+r.Kind()+" "+r.Subject())
				}
			}
		}
		want := []string{
			"00 改正 結び",
			"04 改正 04-4",
			"07 改正 07-9",
			"10 新設 10-2",
		}
		if len(got) < len(want)+1 || strings.Join(got[:4], "\n") != strings.Join(want, "\n") {
			t.Fatalf("got\n%s", strings.Join(got, "\n"))
		}
		if last := got[4]; !strings.HasPrefix(last, "10 条番号変更 10-3～") || !strings.Contains(last, "←10-2～") {
			t.Errorf("the renumbered rest of 【10】 is not one folded row: %s", last)
		}
		text := c.Text()
		for _, w := range []string{
			"秘密保持誓約書を[セキュリティ管理者]に提出しなければならない。",
			"秘密保持誓約書を[CISO]に提出しなければならない。",
			"（ログオン手順：A9.4.2[、A9.4.3]）",
			"令和[3年4]月1日",
			"令和[元年10]月1日",
		} {
			if !strings.Contains(text, w) {
				t.Errorf("%s not in the table", w)
			}
		}
	})
}

// BenchmarkCompareHandbook compares two versions of the whole real handbook (176 articles) after a
// typical amendment; the target is well under a second.
func BenchmarkCompareHandbook(b *testing.B) {
	old, new := amendedHandbook(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		history.Compare(old, new)
	}
}

// BenchmarkCompareHandbookRewritten compares the handbook with a copy in which every article is amended.
func BenchmarkCompareHandbookRewritten(b *testing.B) {
	old, err := policy.Load(realContent(b))
	if err != nil {
		b.Fatal(err)
	}
	m := realContent(b)
	for name, f := range m {
		if strings.HasPrefix(name, "standards/") {
			f.Data = []byte(strings.ReplaceAll(string(f.Data), "しなければならない。", "するものとする。"))
		}
	}
	new, err := policy.Load(m)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		history.Compare(old, new)
	}
}

// BenchmarkDiffVersionsFromGit is what isms diff does for two versions of the whole real handbook: read
// both from their commits with go-git, parse them, and compare them.
func BenchmarkDiffVersionsFromGit(b *testing.B) {
	r := newRepo(b)
	files := map[string]string{}
	for name, f := range realContent(b) {
		files["content/"+name] = string(f.Data)
	}
	v1 := r.commit("令和2年8月版", files)
	r.commit("改正", map[string]string{"content/standards/04.md": edit(b, files["content/standards/04.md"],
		"秘密保持誓約書をCISOに提出", "秘密保持誓約書をセキュリティ管理者に提出")})
	file := r.writeVersions(version{"r02-08", "令和2年8月版", "2020-08-01", v1})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		old, _, err := history.Load(r.dir, file, "r02-08")
		if err != nil {
			b.Fatal(err)
		}
		new, _, err := history.Load(r.dir, file, "HEAD")
		if err != nil {
			b.Fatal(err)
		}
		if len(history.Compare(old, new).Changed()) != 1 {
			b.Fatal("the amendment was not found")
		}
	}
}
