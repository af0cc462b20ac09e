package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"isms/policy"
)

// FormatStandard writes back exactly the content files it reads: the format has one spelling per construct.
func TestFormatRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../content/standards/[0-9][0-9].md")
	if len(files) != 13 {
		t.Fatalf("got %d standard files, want 13", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := policy.ParseStandard(f, src)
		if err != nil {
			t.Fatal(err)
		}
		body := string(src)[strings.Index(string(src)[4:], "\n---\n")+4+5:]
		if got := policy.FormatStandard(s); strings.TrimSpace(got) != strings.TrimSpace(body) {
			t.Errorf("%s: formatting the parsed text does not give the file back", f)
		}
	}
}

func TestParseStandardErrors(t *testing.T) {
	const front = "---\ntitle: テスト基準\nnumber: \"04\"\n---\n\n"
	tests := []struct {
		name, body, want string
	}{
		{"OK", "## 第1章 総則\n\n### 第1条（趣旨）\n\nこの基準は…。\n", ""},
		{"ErrTextOutsideArticle", "## 第1章 総則\n\n宙に浮いた文。\n", "テスト.md:8: 条（### 第N条（見出し））の外に本文があります"},
		{"ErrNoChapter", "### 第1条（趣旨）\n\n本文。\n", "テスト.md:6: 第1条が章の前にあります"},
		{"ErrCaptionForm", "## 第1章 総則\n\n### 第1条 趣旨\n\n本文。\n", "テスト.md:8: 第1条に見出しがありません"},
		{"ErrHeading", "## 第1章 総則\n\n### 第一条（趣旨）\n", "テスト.md:8: 見出し \"### 第一条（趣旨）\" は「### 第N条（見出し）」の形ではありません"},
		{"ErrSubItemWithoutItem", "## 第1章 総則\n\n### 第1条（趣旨）\n\n本文。\n\n  - ア 細目\n", "テスト.md:12: 細目"},
		{"ErrControl", "## 第1章 総則\n\n### 第1条（趣旨：B1.2）\n", "テスト.md:8: 第1条の管理策 \"B1.2\" は A9.4.2 の形ではありません"},
		{"ErrNoTitle", "", "テスト.md:1: front matter に title がありません"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := front + tt.body
			if tt.name == "ErrNoTitle" {
				src = "---\nnumber: \"04\"\n---\n\n## 第1章 総則\n"
			}
			_, err := policy.ParseStandard("テスト.md", []byte(src))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("got %v, want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}
