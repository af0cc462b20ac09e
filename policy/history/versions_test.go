package history_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"isms/policy/history"
)

func TestParseVersions(t *testing.T) {
	const ok = `# 版の一覧
[[version]]
id = "r02-08"
name = "令和2年8月版"
effective = 2020-08-01
commit = "5ae65204b50b1f9db8d0ddab8406a7fa80090cb7"

[[version]]
id = "r03-04"
name = "令和3年4月版"
effective = 2021-04-01
commit = "17ca223"
summary = "パスワードの規定を改正"
`
	t.Run("OK", func(t *testing.T) {
		got, err := history.ParseVersions("versions.toml", []byte(ok))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d versions, want 2", len(got))
		}
		v := got[1]
		if v.ID != "r03-04" || v.Name != "令和3年4月版" || v.Effective != (history.Date{Year: 2021, Month: time.April, Day: 1}) ||
			v.Commit != "17ca223" || v.Summary != "パスワードの規定を改正" {
			t.Errorf("got %+v", v)
		}
	})
	tests := []struct {
		name    string
		src     string
		wantErr string // a regexp
	}{
		{"ErrSyntax", "[[version]]\nid = \"r02-08\n", `^versions.toml:2: `},
		{"ErrUnknownField", "[[version]]\nid = \"r02-08\"\nfoo = 1\n", `^versions.toml:3: 知らない項目 version.foo があります`},
		{"ErrIDMissing", "[[version]]\nname = \"令和2年8月版\"\neffective = 2020-08-01\ncommit = \"abcdef0\"\n", `^versions.toml:1: 1 件目の版: id がありません`},
		{"ErrIDNotURL", "[[version]]\nid = \"R2/8\"\nname = \"n\"\neffective = 2020-08-01\ncommit = \"abcdef0\"\n", `id "R2/8" には英小文字・数字・ハイフンだけ`},
		{"ErrIDCurrent", "[[version]]\nid = \"current\"\nname = \"n\"\neffective = 2020-08-01\ncommit = \"abcdef0\"\n", `id "current" は現行の条文を指す名前`},
		{"ErrIDDuplicate", "[[version]]\nid = \"a\"\nname = \"n\"\neffective = 2020-08-01\ncommit = \"abcdef0\"\n\n[[version]]\nid = \"a\"\nname = \"n\"\neffective = 2021-08-01\ncommit = \"abcdef1\"\n",
			`versions.toml:7: 2 件目の版: id "a" が重複しています（1 件目と同じ）`},
		{"ErrNameMissing", "[[version]]\nid = \"a\"\neffective = 2020-08-01\ncommit = \"abcdef0\"\n", `name がありません`},
		{"ErrEffectiveMissing", "[[version]]\nid = \"a\"\nname = \"n\"\ncommit = \"abcdef0\"\n", `effective（施行日）がありません`},
		{"ErrEffectiveNotDate", "[[version]]\nid = \"a\"\nname = \"n\"\neffective = \"令和2年\"\ncommit = \"abcdef0\"\n", `^versions.toml:4: `},
		{"ErrEffectiveBackwards", "[[version]]\nid = \"a\"\nname = \"n\"\neffective = 2021-08-01\ncommit = \"abcdef0\"\n\n[[version]]\nid = \"b\"\nname = \"n\"\neffective = 2020-08-01\ncommit = \"abcdef1\"\n",
			`施行日 2020-08-01 が前の版の施行日 2021-08-01 より前です`},
		{"ErrCommitNotHash", "[[version]]\nid = \"a\"\nname = \"n\"\neffective = 2020-08-01\ncommit = \"main\"\n", `commit "main" はコミットのハッシュ`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := history.ParseVersions("versions.toml", []byte(tt.src))
			if err == nil {
				t.Fatal("got no error")
			}
			if !regexp.MustCompile(tt.wantErr).MatchString(err.Error()) {
				t.Errorf("got %q, want a match for %s", err, tt.wantErr)
			}
		})
	}
}

func TestReadVersionsMissingFile(t *testing.T) {
	got, err := history.ReadVersions(filepath.Join(t.TempDir(), "versions.toml"))
	if err != nil || got != nil {
		t.Errorf("got %v, %v; want no versions and no error", got, err)
	}
}

// The repository's own versions file is valid and names a commit that holds content/.
func TestRepositoryVersionsFile(t *testing.T) {
	vs, err := history.ReadVersions(filepath.Join("..", "..", history.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 || vs[0].ID != "r02-08" || vs[0].Name != "令和2年8月版" {
		t.Fatalf("got %+v, want 令和2年8月版 first", vs)
	}
}

func TestDateJapanese(t *testing.T) {
	tests := []struct {
		date history.Date
		want string
	}{
		{history.Date{Year: 2020, Month: 8, Day: 1}, "令和2年8月1日"},
		{history.Date{Year: 2019, Month: 10, Day: 1}, "令和元年10月1日"},
		{history.Date{Year: 2019, Month: 4, Day: 30}, "平成31年4月30日"},
		{history.Date{Year: 1989, Month: 1, Day: 8}, "平成元年1月8日"},
		{history.Date{Year: 1988, Month: 12, Day: 31}, "1988年12月31日"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.date.Japanese(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
