package handbook_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A glossary term is linked where it stands as a word of its own, never inside a longer word: ログ is
// not linked in ログイン or ログオン, and its first use as a word on the page is.
func TestGlossaryLinksWholeTerms(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, filepath.Join(root, "content"), public); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		page          string
		want, notWant []string
	}{
		{"standards/04", []string{"最初のログイン時点で変更しなければならない。"}, []string{">ログ</a>イン"}},
		{"standards/07", []string{`<a href="/glossary/#`, `title="用語集: ログ">ログ</a>、システムの`, "ログオン手順"}, []string{">ログ</a>オン"}},
		{"standards/09", []string{`title="用語集: ログ">ログ</a>）`, "ログイン後直ちに"}, []string{">ログ</a>イン"}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(public, tt.page, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			got := string(data)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s not found", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("%s found: a term linked inside a longer word", w)
				}
			}
		})
	}
}
