package search_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"isms/policy"
	"isms/search"
)

var update = flag.Bool("update", false, "rewrite testdata/fixture from the fixture document")

// TestFixtureIndex keeps testdata/fixture, the index the script's tests run on, in step with the index
// builder: run `go test ./search -run TestFixtureIndex -update` after changing either.
func TestFixtureIndex(t *testing.T) {
	dir := t.TempDir()
	if err := search.WriteIndex(dir, fixtureDoc()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{search.IndexFile, search.TextFile} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "fixture", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s: run go test ./search -run TestFixtureIndex -update", name, golden)
		}
	}
}

func TestWriteIndex(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "public", "search")
		if err := search.WriteIndex(dir, fixtureDoc()); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{search.IndexFile, search.TextFile, search.NormalizeFile, search.MatchFile, search.ScriptFile, search.PageScriptFile, search.StyleFile} {
			fi, err := os.Stat(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if fi.Size() == 0 {
				t.Errorf("%s is empty", name)
			}
		}
		var ix search.Index
		readJSON(t, filepath.Join(dir, search.IndexFile), &ix)
		if got, want := len(ix.Docs), 11; got != want {
			t.Errorf("%d docs, want %d", got, want)
		}
		// 【02】第2条 cites A8.2.2 and A11.2.5: 2022's 5.13 and 7.10
		for _, d := range ix.Docs {
			if ix.Standards[d.Std].Number == "02" && d.Number == 2 {
				if got, want := strings.Join(d.Controls2022, " "), "5.13 7.10"; got != want {
					t.Errorf("【02】第2条's 2022 controls: %q, want %q", got, want)
				}
			}
		}
		if got, want := ix.Standards[ix.Docs[0].Std].URL, "/policy/"; got != want {
			t.Errorf("first doc's standard URL = %q, want %q", got, want)
		}
	})
	for name, doc := range map[string]*policy.Document{
		"ErrNilDocument":   nil,
		"ErrEmptyDocument": {},
		"ErrNoArticles":    {Standards: []*policy.Standard{{Number: "01", Title: "空"}}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			err := search.WriteIndex(dir, doc)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), "索引") {
				t.Errorf("error %q does not say what is wrong in Japanese", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("%d files written after an error", len(entries))
			}
		})
	}
	t.Run("ErrDirIsFile", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "search")
		if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := search.WriteIndex(file, fixtureDoc()); err == nil {
			t.Fatal("no error")
		}
		if b, _ := os.ReadFile(file); string(b) != "x" {
			t.Error("the file in the way was changed")
		}
	})
}

// TestAlignment checks, over the real handbook, that the text store's maps take every match in the
// normalised text back to the same words in the published text.
func TestAlignment(t *testing.T) {
	doc, err := policy.Load(os.DirFS("../content"))
	if err != nil {
		t.Fatal(err)
	}
	ix, ts, err := search.Build(doc)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i, d := range ix.Docs {
		body := utf16.Encode([]rune(ts.Body[i]))
		nbody := utf16.Encode([]rune(d.Body))
		for _, word := range []string{"パスワード", "持ち出し", "持出", "取り扱い", "取扱い", "サーバ", "無線 LAN", "漏えい", "3ヶ月", "セキュリティ管理者"} {
			nw := utf16.Encode([]rune(search.Normalize(word)))
			for p := indexUnits(nbody, nw, 0); p >= 0; p = indexUnits(nbody, nw, p+1) {
				s := origin(ts.BodyMap[i], p)
				e := len(body)
				if p+len(nw) < len(nbody) {
					e = origin(ts.BodyMap[i], p+len(nw))
				}
				got := string(utf16.Decode(body[s:e]))
				if n := search.Normalize(got); n != search.Normalize(word) {
					t.Errorf("%s: %q at %d maps to %q (normalised %q)", ix.Standards[d.Std].Number, word, p, got, n)
				}
				checked++
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d matches checked", checked)
	}
}

// origin is the script's lookup of an alignment (assets/search.js), in Go.
func origin(m []int, pos int) int {
	delta := 0
	for i := 0; i+1 < len(m) && m[i] <= pos; i += 2 {
		delta = m[i+1]
	}
	return pos + delta
}

func indexUnits(hay, needle []uint16, from int) int {
	for i := from; i+len(needle) <= len(hay); i++ {
		if equalUnits(hay[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

func equalUnits(a, b []uint16) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
