package history_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"isms/policy"
	"isms/policy/history"
)

// Three versions: r03-04 inserts a 第3条 (the old 3–5 become 4–6) and deletes 第5条 (報告, then 第6条);
// r04-04 amends the old 第3条 (now 第4条). The current text adds a sentence to 第1条, not yet a version.
func threeVersions(t *testing.T) (*history.History, *history.Archive) {
	r := newRepo(t)
	v1 := r.commit("令和2年8月版", baseFiles())
	s2 := edit(t, testStandard,
		"## 第2章 管理\n", "### 第3条（定義）\n\nこの基準において、職員等とは、職員及び外部委託要員をいう。\n\n## 第2章 管理\n",
		"### 第3条（パスワード", "### 第4条（パスワード", "### 第4条（機器", "### 第5条（機器",
		"\n### 第5条（報告）\n\n職員等は、事故を発見したときは、直ちにセキュリティ管理者に報告しなければならない。\n", "")
	v2 := r.commit("改正", map[string]string{"content/standards/01.md": s2})
	s3 := edit(t, s2, "パスワードを秘密に", "パスフレーズを秘密に")
	v3 := r.commit("改正", map[string]string{"content/standards/01.md": s3})
	r.writeVersions(version{"r02-08", "令和2年8月版", "2020-08-01", v1}, version{"r03-04", "令和3年4月版", "2021-04-01", v2},
		version{"r04-04", "令和4年4月版", "2022-04-01", v3})
	writeFile(t, filepath.Join(r.dir, "content/standards/01.md"), edit(t, s3, "定めるものとする。", "定めるものとする。また、必要な手順を定める。"))

	a, err := history.LoadArchive(r.dir, filepath.Join(r.dir, "versions.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := policy.Load(os.DirFS(filepath.Join(r.dir, "content")))
	if err != nil {
		t.Fatal(err)
	}
	return history.NewHistory(a.Editions, cur), a
}

// entries prints a lineage's history as "version:kind:old→new" steps.
func entries(l *history.Lineage) string {
	var out []string
	for _, e := range l.Entries {
		v := "current"
		if e.Edition != nil {
			v = e.Edition.ID
		}
		id := func(a *policy.Article) string {
			if a == nil {
				return "-"
			}
			return a.ID()
		}
		out = append(out, v+":"+e.Kind()+":"+id(e.Old)+"→"+id(e.New))
	}
	return strings.Join(out, " ")
}

func TestHistory(t *testing.T) {
	h, _ := threeVersions(t)
	tests := []struct {
		edition, id string
		wantKey     string
		want        string
	}{
		{"current", "01-4", "art-4", "r02-08:収録:-→01-3 r03-04:条番号変更:01-3→01-4 r04-04:改正:01-4→01-4"},
		{"r02-08", "01-3", "art-4", "r02-08:収録:-→01-3 r03-04:条番号変更:01-3→01-4 r04-04:改正:01-4→01-4"},
		{"current", "01-3", "art-3", "r03-04:新設:-→01-3"},
		{"r02-08", "01-5", "x1", "r02-08:収録:-→01-5 r03-04:削除:01-5→-"},
		{"current", "01-1", "art-1", "r02-08:収録:-→01-1 current:改正:01-1→01-1"},
		{"r04-04", "01-5", "art-5", "r02-08:収録:-→01-4 r03-04:条番号変更:01-4→01-5"},
		{"current", "00-2", "art-2", "r02-08:収録:-→00-2"},
	}
	for _, tt := range tests {
		t.Run(tt.edition+"/"+tt.id, func(t *testing.T) {
			l := h.Of(tt.edition, tt.id)
			if l == nil {
				t.Fatal("no lineage")
			}
			if l.Key != tt.wantKey {
				t.Errorf("key: got %s, want %s", l.Key, tt.wantKey)
			}
			if got := entries(l); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	t.Run("Pairs", func(t *testing.T) {
		var got []string
		for _, p := range h.Pairs {
			got = append(got, p.Old.ID+".."+p.NewID())
		}
		if strings.Join(got, " ") != "r02-08..r03-04 r03-04..r04-04 r04-04..current" {
			t.Errorf("got %v", got)
		}
	})
	t.Run("OfStandard", func(t *testing.T) {
		present, absent := h.OfStandard("r02-08", "01")
		var got []string
		for _, l := range present {
			got = append(got, l.In("r02-08").ID())
		}
		for _, l := range absent {
			got = append(got, "absent:"+l.Key)
		}
		if strings.Join(got, " ") != "01-1 01-2 01-3 01-4 01-5 absent:art-3" {
			t.Errorf("got %v", got)
		}
	})
}

// Without listed versions every current article has a lineage and no history.
func TestHistoryWithoutVersions(t *testing.T) {
	doc, err := policy.Load(os.DirFS(filepath.Join("..", "..", "content")))
	if err != nil {
		t.Fatal(err)
	}
	h := history.NewHistory(nil, doc)
	l := h.Of("current", "04-13")
	if l == nil || l.Key != "art-13" || len(l.Entries) != 0 || len(h.Pairs) != 0 {
		t.Errorf("got %+v", l)
	}
}
