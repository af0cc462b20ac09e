package convert_test

import (
	"strings"
	"testing"

	"isms/policy"
	"isms/policy/convert"
)

const source = `# 情報安全都市をめざして

## ～西宮市情報セキュリティ方針～

前文。

### (目的)

西宮市は情報資産において、

- ・ 機密性を維持すること

を目的とします。

1. 一つ目。
2. 二つ目。
3. 三つ目。
4. 四つ目。
5. 五つ目。
6. 六つ目。
7. 七つ目。

令和元年10月1日

# 西宮市情報セキュリティ対策基準書

## 【04】職員等の情報資産使用に関する基準

### 第1章 総則

(趣旨)

第1条 この基準は、C I S Oが定める。

#### 第2章 利用

(パスワードの利用：A9.3.1)

- 第2条 職員等は、次の事項を遵守しなければならない。
- (1) パスワードを秘密にしなければならない。
- 2 職員等は、施錠等を行い、管

理しなければならない。

（例外措置）

第3条 以下の場合には例外措置の対応ができる。

(1) 例外措置の許可

CISOの許可を得て、例外措置を取ることができる。
`

func TestConvert(t *testing.T) {
	res, err := convert.Convert(source)
	if err != nil {
		t.Fatal(err)
	}
	std, err := policy.ParseStandard("standards/04.md", []byte(res.Files["standards/04.md"]))
	if err != nil {
		t.Fatalf("the converted standard does not parse: %v\n%s", err, res.Files["standards/04.md"])
	}
	arts := std.Articles()
	if len(arts) != 3 {
		t.Fatalf("got %d articles, want 3", len(arts))
	}
	t.Run("SpacedLettersCorrected", func(t *testing.T) {
		if got := arts[0].PlainText(); got != "この基準は、CISOが定める。" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("CaptionAndControls", func(t *testing.T) {
		if arts[1].Caption != "パスワードの利用" || strings.Join(arts[1].Controls, ",") != "A9.3.1" {
			t.Errorf("got %q %v", arts[1].Caption, arts[1].Controls)
		}
	})
	t.Run("PageBreakJoined", func(t *testing.T) {
		if got := arts[1].Paragraphs[1].Blocks[0].Text; got != "職員等は、施錠等を行い、管理しなければならない。" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("TitledItemKeepsItsBody", func(t *testing.T) {
		it := arts[2].Paragraphs[0].Blocks[1].Item
		if it.Text != "例外措置の許可" || len(it.Blocks) != 1 || it.Blocks[0].Text != "CISOの許可を得て、例外措置を取ることができる。" {
			t.Errorf("got %+v", it)
		}
	})
	t.Run("EveryCorrectionListed", func(t *testing.T) {
		var got []string
		for _, e := range res.Errata {
			got = append(got, e.Where+" "+e.Source+" → "+e.Published)
		}
		want := []string{
			"方針（目的） - ・ 機密性を維持し、…（箇条書きの記号が二重） → ・ を除いた箇条書き",
			"【04】第1条 C I S O → CISO",
			"【04】第2条第2項 …員等は、施錠等を行い、管⏎理しなければならない。… → …員等は、施錠等を行い、管理しなければならない。…",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if !strings.Contains(res.Files["errata.md"], "| 2 | 【04】第1条 | C I S O | CISO |") {
			t.Error("the errata page does not list the correction")
		}
	})
	t.Run("Policy", func(t *testing.T) {
		p, err := policy.ParsePolicy("policy/_index.md", []byte(res.Files["policy/_index.md"]))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(p.Articles()); n != 7 {
			t.Errorf("got %d 取組み, want 7", n)
		}
	})
}
