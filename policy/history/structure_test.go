package history_test

import (
	"strings"
	"testing"

	"isms/policy"
	"isms/policy/history"
)

// structStandard has what the structural cases need: 号 under a 項, sub-items, three 項, a table in an
// article and an appendix table, and two chapters of three articles each.
const structStandard = `---
title: 構造の基準
number: "02"
---

## 第1章 総則

### 第1条（趣旨）

この基準は、情報資産の取扱いに関し必要な事項を定めるものとする。

### 第2条（遵守事項：A9.3.1）

職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。

- (1) パスワードを秘密にしなければならない。
- (2) パスワードを記載したメモを放置してはならない。
- (3) パスワードは定期的に変更するよう努めなければならない。

2 職員等は、端末を離れるときは画面をロックしなければならない。また、離席が長時間に及ぶときは電源を切らなければならない。

3 セキュリティ管理者は、前各項の遵守状況を確認するものとする。

### 第3条（分類：A8.2.1）

情報資産は、次の表により分類する。

| 分類 | 内容 |
| --- | --- |
| A | 個人情報を含むもの |
| B | 公開前の行政情報 |
| C | 公開された情報 |

## 第2章 管理

### 第4条（持ち出し：A8.3.1）

職員等は、情報資産を庁外に持ち出すときは、次の事項を守らなければならない。

- (1) セキュリティ管理者の許可を得ること。
  - ア 持ち出す情報資産を記録すること。
  - イ 返却の予定日を記録すること。
- (2) 暗号化すること。

### 第5条（報告）

職員等は、事故を発見したときは、直ちにセキュリティ管理者に報告しなければならない。

### 第6条（記録）

セキュリティ管理者は、報告の内容を記録しなければならない。

## 表1. 関係法令

| 法令 | 所管 |
| --- | --- |
| 個人情報の保護に関する法律 | 個人情報保護委員会 |
| 行政手続における特定の個人を識別するための番号の利用等に関する法律 | デジタル庁 |
`

// structCase is an amendment of structStandard: its 新旧対照表 for 【02】 and the history of the articles it
// touches, as the current text numbers them ("02-2": "改正（第2号を新設、…）").
type structCase struct {
	name    string
	edits   []string
	want    string
	history map[string]string
}

var structCases = []structCase{
	{
		name: "ItemInserted",
		edits: []string{"- (2) パスワードを記載した", "- (2) パスワードを他人に知らせてはならない。\n- (3) パスワードを記載した",
			"- (3) パスワードは定期的", "- (4) パスワードは定期的"},
		want: `-- 改正 02-2
改正後
  （遵守事項：A9.3.1）
  第2条　職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。
  (1)　パスワードを秘密にしなければならない。
  [(2)　パスワードを他人に知らせてはならない。]
  [(3)]　パスワードを記載したメモを放置してはならない。
  [(4)]　パスワードは定期的に変更するよう努めなければならない。
  （第2号及び第3号を1号ずつ繰り下げる。）
  2・3　（略）
改正前
  （遵守事項：A9.3.1）
  第2条　職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。
  (1)　パスワードを秘密にしなければならない。
  （新設）
  [(2)]　パスワードを記載したメモを放置してはならない。
  [(3)]　パスワードは定期的に変更するよう努めなければならない。
  2・3　（略）
`,
		history: map[string]string{"02-2": "改正（第1項第2号を新設、第1項第2号及び第3号を1号ずつ繰下げ）"},
	},
	{
		name:  "ItemAppended",
		edits: []string{"努めなければならない。\n", "努めなければならない。\n- (4) パスワードを他のシステムと共有してはならない。\n"},
		want: `-- 改正 02-2
改正後
  （遵守事項：A9.3.1）
  第2条　職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。
  (1)　パスワードを秘密にしなければならない。
  (2)　パスワードを記載したメモを放置してはならない。
  (3)　パスワードは定期的に変更するよう努めなければならない。
  [(4)　パスワードを他のシステムと共有してはならない。]
  2・3　（略）
改正前
  （遵守事項：A9.3.1）
  第2条　職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。
  (1)　パスワードを秘密にしなければならない。
  (2)　パスワードを記載したメモを放置してはならない。
  (3)　パスワードは定期的に変更するよう努めなければならない。
  （新設）
  2・3　（略）
`,
		history: map[string]string{"02-2": "改正（第1項第4号を新設）"},
	},
	{
		name:  "ItemDeleted",
		edits: []string{"- (2) パスワードを記載したメモを放置してはならない。\n- (3)", "- (2)"},
		want: `-- 改正 02-2
改正後
  （遵守事項：A9.3.1）
  第2条　職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。
  (1)　パスワードを秘密にしなければならない。
  （削る）
  [(2)]　パスワードは定期的に変更するよう努めなければならない。
  （第3号を第2号とする。）
  2・3　（略）
改正前
  （遵守事項：A9.3.1）
  第2条　職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。
  (1)　パスワードを秘密にしなければならない。
  [(2)　パスワードを記載したメモを放置してはならない。]
  [(3)]　パスワードは定期的に変更するよう努めなければならない。
  2・3　（略）
`,
		history: map[string]string{"02-2": "改正（第1項第2号を削除、第1項第3号を第2号に繰上げ）"},
	},
	{
		// Every 号 moves down; the one that is also reworded has its number and its words underlined.
		name: "ItemsRenumberedOneAmended",
		edits: []string{"- (1) パスワードを秘密に", "- (1) 初期パスワードは直ちに変更しなければならない。\n- (2) パスワードを秘密に",
			"- (2) パスワードを記載した", "- (3) パスワードを記載した",
			"- (3) パスワードは定期的に変更するよう努めなければならない。", "- (4) パスワードは定期的に変更しなければならない。"},
		want: `-- 改正 02-2
改正後
  （遵守事項：A9.3.1）
  第2条　職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。
  [(1)　初期パスワードは直ちに変更しなければならない。]
  [(2)]　パスワードを秘密にしなければならない。
  [(3)]　パスワードを記載したメモを放置してはならない。
  [(4)]　パスワードは定期的に変更[し]なければならない。
  （第1号から第3号までを1号ずつ繰り下げる。）
  2・3　（略）
改正前
  （遵守事項：A9.3.1）
  第2条　職員等は、自己の管理するパスワードに関し、次の事項を遵守しなければならない。
  （新設）
  [(1)]　パスワードを秘密にしなければならない。
  [(2)]　パスワードを記載したメモを放置してはならない。
  [(3)]　パスワードは定期的に変更[するよう努め]なければならない。
  2・3　（略）
`,
		history: map[string]string{"02-2": "改正（第1項第1号を新設、第1項第4号を改正、第1項第1号から第3号までを1号ずつ繰下げ）"},
	},
	{
		name:  "SubItemInserted",
		edits: []string{"  - イ 返却の予定日", "  - イ 持ち出す者の氏名を記録すること。\n  - ウ 返却の予定日"},
		want: `-- 改正 02-4
改正後
  （持ち出し：A8.3.1）
  第4条　職員等は、情報資産を庁外に持ち出すときは、次の事項を守らなければならない。
  (1)　セキュリティ管理者の許可を得ること。
  　ア　持ち出す情報資産を記録すること。
  　[イ　持ち出す者の氏名を記録すること。]
  　[ウ]　返却の予定日を記録すること。
  　（イをウとする。）
  (2)　暗号化すること。
改正前
  （持ち出し：A8.3.1）
  第4条　職員等は、情報資産を庁外に持ち出すときは、次の事項を守らなければならない。
  (1)　セキュリティ管理者の許可を得ること。
  　ア　持ち出す情報資産を記録すること。
  　（新設）
  　[イ]　返却の予定日を記録すること。
  (2)　暗号化すること。
`,
		history: map[string]string{"02-4": "改正（第1号イを新設、第1号イをウに繰下げ）"},
	},
	{
		// 第2項 is split in two; the old 第3項 follows as 第4項 without a word changed.
		name: "ParagraphSplit",
		edits: []string{"ロックしなければならない。また、離席が", "ロックしなければならない。\n\n3 職員等は、離席が",
			"3 セキュリティ管理者は", "4 セキュリティ管理者は"},
		want: `-- 改正 02-2
改正後
  （遵守事項：A9.3.1）
  第2条　（略）
  2　職員等は、端末を離れるときは画面をロックしなければならない。
  [3　職員等は、離席が長時間に及ぶときは電源を切らなければならない。]
  [4]　（略）
  （第3項を第4項とする。）
改正前
  （遵守事項：A9.3.1）
  第2条　（略）
  2　職員等は、端末を離れるときは画面をロックしなければならない。[また、離席が長時間に及ぶときは電源を切らなければならない。]
  （新設）
  [3]　（略）
`,
		history: map[string]string{"02-2": "改正（第2項を改正、第3項を新設、第3項を第4項に繰下げ）"},
	},
	{
		name: "TextMovedBetweenParagraphs",
		edits: []string{"ロックしなければならない。また、離席が長時間に及ぶときは電源を切らなければならない。", "ロックしなければならない。",
			"3 セキュリティ管理者は", "3 職員等は、離席が長時間に及ぶときは電源を切らなければならない。セキュリティ管理者は"},
		want: `-- 改正 02-2
改正後
  （遵守事項：A9.3.1）
  第2条　（略）
  2　職員等は、端末を離れるときは画面をロックしなければならない。
  3　[職員等は、離席が長時間に及ぶときは電源を切らなければならない。]セキュリティ管理者は、前各項の遵守状況を確認するものとする。
改正前
  （遵守事項：A9.3.1）
  第2条　（略）
  2　職員等は、端末を離れるときは画面をロックしなければならない。[また、離席が長時間に及ぶときは電源を切らなければならない。]
  3　セキュリティ管理者は、前各項の遵守状況を確認するものとする。
`,
		history: map[string]string{"02-2": "改正（第2項を改正、第3項を改正）"},
	},
	{
		name: "ArticleInsertedMidChapter",
		edits: []string{"### 第5条（報告）", "### 第5条（点検）\n\nセキュリティ管理者は、持ち出しの記録を毎月点検しなければならない。\n\n### 第6条（報告）",
			"### 第6条（記録）", "### 第7条（記録）"},
		want: `-- 新設 02-5
改正後
  （[点検]）
  [第5条　セキュリティ管理者は、持ち出しの記録を毎月点検しなければならない。]
改正前
  （新設）
-- 条番号変更 02-6～02-7←02-5～02-6
改正後
  [第6条・第7条]　（略）
  （第5条及び第6条を1条ずつ繰り下げる。）
改正前
  [第5条・第6条]　（略）
`,
		history: map[string]string{"02-5": "新設", "02-6": "条番号変更（第5条 → 第6条）", "02-7": "条番号変更（第6条 → 第7条）"},
	},
	{
		name:  "TableRowChanged",
		edits: []string{"| B | 公開前の行政情報 |", "| B | 公開前の行政情報及び内部の連絡 |"},
		want: `-- 改正 02-3
改正後
  （分類：A8.2.1）
  第3条　情報資産は、次の表により分類する。
  ｜分類｜内容｜
  ｜A｜個人情報を含むもの｜
  ｜B｜公開前の行政情報[及び内部の連絡]｜
  ｜C｜公開された情報｜
改正前
  （分類：A8.2.1）
  第3条　情報資産は、次の表により分類する。
  ｜分類｜内容｜
  ｜A｜個人情報を含むもの｜
  ｜B｜公開前の行政情報｜
  ｜C｜公開された情報｜
`,
		history: map[string]string{"02-3": "改正（表を改正）"},
	},
	{
		name:  "TableRowInserted",
		edits: []string{"| C | 公開された情報 |", "| C | 庁内で共有する情報 |\n| D | 公開された情報 |"},
		want: `-- 改正 02-3
改正後
  （分類：A8.2.1）
  第3条　情報資産は、次の表により分類する。
  ｜分類｜内容｜
  ｜A｜個人情報を含むもの｜
  ｜B｜公開前の行政情報｜
  [｜C｜庁内で共有する情報｜]
  ｜[D]｜公開された情報｜
改正前
  （分類：A8.2.1）
  第3条　情報資産は、次の表により分類する。
  ｜分類｜内容｜
  ｜A｜個人情報を含むもの｜
  ｜B｜公開前の行政情報｜
  （新設）
  ｜[C]｜公開された情報｜
`,
		history: map[string]string{"02-3": "改正（表を改正）"},
	},
	{
		name:  "AppendixRowDeleted",
		edits: []string{"| 個人情報の保護に関する法律 | 個人情報保護委員会 |\n", ""},
		want: `-- 改正 表1. 関係法令
改正後
  表1. 関係法令
  ｜法令｜所管｜
  （削る）
  ｜行政手続における特定の個人を識別するための番号の利用等に関する法律｜デジタル庁｜
改正前
  表1. 関係法令
  ｜法令｜所管｜
  [｜個人情報の保護に関する法律｜個人情報保護委員会｜]
  ｜行政手続における特定の個人を識別するための番号の利用等に関する法律｜デジタル庁｜
`,
	},
}

// TestCompareStructure commits structStandard and an amended copy as two versions, reads them back from
// git, and checks the rows of 【02】 that changed (and the folded rows around an inserted article) and
// what the article history says of each amended article.
func TestCompareStructure(t *testing.T) {
	for _, tt := range structCases {
		t.Run(tt.name, func(t *testing.T) {
			r := newRepo(t)
			files := baseFiles()
			files["content/standards/02.md"] = structStandard
			old := r.commit("令和2年8月版", files)
			new := r.commit("改正", map[string]string{"content/standards/02.md": edit(t, structStandard, tt.edits...)})
			file := r.writeVersions(version{"r02-08", "令和2年8月版", "2020-08-01", old}, version{"r03-04", "令和3年4月版", "2021-04-01", new})
			a, err := history.LoadArchive(r.dir, file)
			if err != nil {
				t.Fatal(err)
			}
			c := history.Compare(a.Editions[0].Doc, a.Editions[1].Doc)
			if got := changedRows(c, "02"); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}

			h := history.NewHistory(a.Editions, a.Editions[1].Doc)
			for id, want := range tt.history {
				l := h.Of(history.CurrentID, id)
				if l == nil {
					t.Fatalf("%s: no lineage", id)
				}
				if got := lastEntry(l); got != want {
					t.Errorf("%s history: got %s, want %s", id, got, want)
				}
			}
		})
	}
}

// changedRows prints the rows of standard std from its first changed row to its last, as Comparison.Text
// does: the folded rows of unchanged articles around them are left out.
func changedRows(c *history.Comparison, std string) string {
	text := c.Text()
	start := strings.Index(text, "== 【"+std+"】")
	if start < 0 {
		return text
	}
	text = text[start:]
	text = text[strings.Index(text, "\n")+1:]
	if end := strings.Index(text, "\n== "); end >= 0 {
		text = text[:end+1]
	}
	// drop the folded rows before the first change, and after the last
	rows := strings.SplitAfter(text, "\n-- ")
	var out []string
	for i, row := range rows {
		if i > 0 {
			row = "-- " + row
		}
		row = strings.TrimSuffix(row, "-- ")
		out = append(out, row)
	}
	first, last := 0, len(out)-1
	isFolded := func(row string) bool { return strings.HasPrefix(row, "-- （略）") }
	for first < last && isFolded(out[first]) {
		first++
	}
	for last > first && isFolded(out[last]) {
		last--
	}
	return strings.Join(out[first:last+1], "")
}

// lastEntry prints an article's latest history entry as the history page words it: its kind, then the
// renumbering and the parts changed in brackets.
func lastEntry(l *history.Lineage) string {
	e := l.Entries[len(l.Entries)-1]
	var details []string
	if e.Change&history.Renumbered != 0 {
		details = append(details, number(e.Old)+" → "+number(e.New))
	}
	details = append(details, e.Parts...)
	if len(details) == 0 {
		return e.Kind()
	}
	return e.Kind() + "（" + strings.Join(details, "、") + "）"
}

func number(a *policy.Article) string { return "第" + itoa(a.Number) + "条" }

// An amendment of the real 【04】第13条 that adds a 第10号 to its 第2項 and rewords its 第1号: the new 号
// is underlined whole with （新設） beside it, the untouched 第9号 not at all (a character diff over the
// whole 項 used to pair the new 号's ending with the 第9号's).
func TestCompareItemAddedToRealArticle(t *testing.T) {
	old, err := policy.Load(realContent(t))
	if err != nil {
		t.Fatal(err)
	}
	m := realContent(t)
	amend(t, m, "standards/04.md", "パスワードを秘密にしなければ", "パスワードを他人に知られないようにしなければ",
		"- (9) 職員等間でパスワードを共有してはならない。\n", "- (9) 職員等間でパスワードを共有してはならない。\n- (10) パスワードを電子メールで送信してはならない。\n")
	new, err := policy.Load(m)
	if err != nil {
		t.Fatal(err)
	}
	text := history.Compare(old, new).Text()
	for _, want := range []string{
		"  (9)　職員等間でパスワードを共有してはならない。\n  [(10)　パスワードを電子メールで送信してはならない。]\n改正前",
		"  (9)　職員等間でパスワードを共有してはならない。\n  （新設）\n-- （略） 04-14",
		"  (1)　パスワードを[他人に知られないよう]にしなければならない。\n",
		"  (1)　パスワードを[秘密]にしなければならない。\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the table lacks\n%s\ngot:\n%s", want, text)
		}
	}
	for _, a := range history.Compare(old, new).Articles {
		if a.New != nil && a.New.ID() == "04-13" {
			if got, want := strings.Join(a.Parts, "、"), "第2項第1号を改正、第2項第10号を新設"; got != want {
				t.Errorf("parts: got %s, want %s", got, want)
			}
		}
	}
}
