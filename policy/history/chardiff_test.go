package history_test

import (
	"strings"
	"testing"

	"isms/policy/history"
)

// marked prints lines with changed runs in [brackets], lines joined by "/".
func marked(lines []history.Line) string {
	var out []string
	for _, l := range lines {
		var b strings.Builder
		for _, s := range l {
			if s.Changed {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		out = append(out, b.String())
	}
	return strings.Join(out, "/")
}

func TestDiffText(t *testing.T) {
	tests := []struct {
		name, old, new string
		wantOld        string
		wantNew        string
	}{
		{"Same", "職員等は遵守する。", "職員等は遵守する。", "職員等は遵守する。", "職員等は遵守する。"},
		{"WordReplaced", "暗証番号を秘密にする。", "パスワードを秘密にする。", "[暗証番号]を秘密にする。", "[パスワード]を秘密にする。"},
		{"Inserted", "機器を庁外に持ち出す。", "機器を許可なく庁外に持ち出す。", "機器を庁外に持ち出す。", "機器を[許可なく]庁外に持ち出す。"},
		{"Deleted", "直ちに、かつ確実に報告する。", "直ちに報告する。", "直ちに[、かつ確実に]報告する。", "直ちに報告する。"},
		// Two changes one character apart read as one phrase, not as confetti.
		{"ShortGapMerged", "甲の乙を丙", "丁の戊を丙", "[甲の乙]を丙", "[丁の戊]を丙"},
		{"SingleCharacterGapsMerged", "情報資産を管理する", "情報機器を監視する", "情報[資産を管理]する", "情報[機器を監視]する"},
		// A change inside a number, a control or a katakana word covers the whole word.
		{"NumberWidened", "第12条に定める", "第13条に定める", "第[12]条に定める", "第[13]条に定める"},
		{"ControlWidened", "A9.4.2 による", "A9.4.3 による", "[A9.4.2] による", "[A9.4.3] による"},
		{"KatakanaWidened", "パスワードを使う", "パスフレーズを使う", "[パスワード]を使う", "[パスフレーズ]を使う"},
		{"FullWidthDigits", "第１２条", "第１３条", "第[１２]条", "第[１３]条"},
		// Distant changes stay apart.
		{"DistantChangesApart", "甲は、情報資産を適切に管理しなければならない。", "乙は、情報資産を適切に管理しなければならず。",
			"[甲]は、情報資産を適切に管理しなければなら[ない]。", "[乙]は、情報資産を適切に管理しなければなら[ず]。"},
		{"Lines", "一行目\n二行目の文", "一行目\n三行目の文", "一行目/[二]行目の文", "一行目/[三]行目の文"},
		{"FromNothing", "", "新しい文", "", "[新しい文]"},
		{"AllDifferent", "あいう", "かきく", "[あいう]", "[かきく]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, n := history.DiffText(tt.old, tt.new)
			if got := marked(o); got != tt.wantOld {
				t.Errorf("old: got %s, want %s", got, tt.wantOld)
			}
			if got := marked(n); got != tt.wantNew {
				t.Errorf("new: got %s, want %s", got, tt.wantNew)
			}
		})
	}
}

// A long text with a change at each end is diffed exactly, and a long rewrite is marked as a whole.
func TestDiffTextLong(t *testing.T) {
	body := strings.Repeat("職員等は情報資産を適切に管理しなければならない。", 200)
	o, n := history.DiffText("甲"+body+"乙", "丙"+body+"丁")
	if got, want := marked(o), "[甲]"+body+"[乙]"; got != want {
		t.Errorf("old: got %.40s…, want %.40s…", got, want)
	}
	if got, want := marked(n), "[丙]"+body+"[丁]"; got != want {
		t.Errorf("new: got %.40s…, want %.40s…", got, want)
	}
	a, b := strings.Repeat("あい", 2000), strings.Repeat("かき", 2000)
	o, n = history.DiffText(a, b)
	if marked(o) != "["+a+"]" || marked(n) != "["+b+"]" {
		t.Error("a complete rewrite is not marked as a whole")
	}
}
