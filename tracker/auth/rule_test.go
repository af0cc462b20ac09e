package auth_test

import (
	"strings"
	"testing"

	"isms/tracker/auth"
)

func TestRuleCheck(t *testing.T) {
	rule := auth.NewRule(12, "情報企画課")
	tests := []struct {
		name     string
		login    string
		password string
		want     string // part of the one expected problem; "" for none
	}{
		{"OK", "12345", "kamome-umi-hashiru", ""},
		{"OKJapanese", "12345", "かもめが海の上を飛ぶ日", "12文字以上"}, // 11 characters
		{"OKJapaneseLong", "12345", "かもめが海の上を飛んでいく", ""},
		{"ErrTooShort", "12345", "short-pw", "12文字以上にしてください（現在8文字）"},
		{"ErrTooLong", "12345", strings.Repeat("ab3d", 33), "128文字以内"},
		{"ErrContainsLogin", "A10234", "blue-a10234-river", "利用者ID"},
		{"ErrContainsLoginFullWidth", "10234", "river-１０２３４-blue", "利用者ID"},
		{"ErrCommon", "12345", "qwertyuiop", "12文字以上"},
		{"ErrCommonWithDigits", "12345", "password2026!", "よく使われる"},
		{"ErrCommonLeet", "12345", "P@ssw0rd12345", "よく使われる"},
		{"ErrCommonCity", "12345", "Nishinomiya2026", "よく使われる"},
		{"ErrCommonFullWidth", "12345", "ＰＡＳＳＷＯＲＤ１２３４", "よく使われる"},
		{"ErrCommonRepeated", "12345", "passwordpassword", "よく使われる"},
		{"ErrCommonKeyboard", "12345", "1qaz2wsx3edc", "よく使われる"},
		{"ErrCommonExtra", "12345", "情報企画課20260401!", "よく使われる"},
		{"ErrSequence", "12345", "123456789012", "連続した文字"},
		{"ErrSameChar", "12345", "aaaaaaaaaaaaaa", "連続した文字"},
		{"ErrRepeatedBlock", "12345", "xyz7xyz7xyz7", "連続した文字"},
		{"ErrControl", "12345", "abcdefgh\x00ijklmn", "制御文字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rule.Check(tt.login, tt.password)
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("got %q, want no problem", got)
				}
				return
			}
			if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tt.want) {
				t.Fatalf("got %q, want a problem containing %q", got, tt.want)
			}
			for _, m := range got {
				if strings.Contains(m, tt.password) {
					t.Errorf("message %q echoes the password", m)
				}
			}
		})
	}
}

func TestTempPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		p := auth.TempPassword()
		if len(p) != 19 || strings.Count(p, "-") != 3 {
			t.Fatalf("got %q, want 4 groups of 4", p)
		}
		if strings.ContainsAny(p, "0O1lI") {
			t.Fatalf("got %q with an ambiguous character", p)
		}
		if seen[p] {
			t.Fatalf("got %q twice", p)
		}
		seen[p] = true
	}
}
