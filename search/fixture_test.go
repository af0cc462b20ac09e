package search_test

import (
	"isms/policy"
)

// fixtureDoc is a small handbook made to test ranking: each article is there for one rule, named in its
// comment. The script's tests read the index built from it (testdata/fixture/).
func fixtureDoc() *policy.Document {
	art := func(std string, n int, caption string, controls []string, paragraphs ...string) *policy.Article {
		a := &policy.Article{Standard: std, Number: n, Caption: caption, Controls: controls}
		for i, p := range paragraphs {
			a.Paragraphs = append(a.Paragraphs, &policy.Paragraph{Number: i + 1, Blocks: []policy.Block{{Kind: policy.TextBlock, Text: p}}})
		}
		return a
	}
	return &policy.Document{
		Policy: &policy.Standard{Number: "00", Title: "情報セキュリティ方針", Chapters: []*policy.Chapter{{Articles: []*policy.Article{
			art("00", 1, "", nil, "情報セキュリティ委員会を設置します。"),
		}}}},
		Standards: []*policy.Standard{
			{Number: "01", Title: "テスト組織に関する基準", Chapters: []*policy.Chapter{{Number: 1, Articles: []*policy.Article{
				// パスワード in the body only: ranks below 01-2, which has it in its caption; 端末, a synonym
				// of パソコン, ranks below 01-2's パソコン
				art("01", 1, "趣旨", nil, "この基準は、端末のパスワードの扱いに関し必要な事項を定める。"),
				art("01", 2, "パスワードの利用", []string{"A9.3.1"}, "職員等は、パスワードを秘密にしなければならない。", "パソコンのパスワードは定期的に変更する。"),
				// 添付ファイル only in parts
				art("01", 3, "マルウェア対策", []string{"A12.2.1"}, "差出人が不明又は不自然に添付されたファイルを受信した場合は、速やかに削除しなければならない。"),
				// 添付ファイル as typed, in the caption
				art("01", 4, "添付ファイルの送信", []string{"A13.2.1"}, "ファイルを添付して送るときは暗号化しなければならない。"),
				// 持ち出して (okurigana), ＵＳＢ (full width), 3ヶ月 (counter), **emphasis** and <br> (markup)
				art("01", 5, "記録媒体の管理", []string{"A8.3.1"}, "ＵＳＢメモリ等の記録媒体を許可なく持ち出してはならない。", "ログは3ヶ月以上保持しなければならない。", "※**ログ (log)** とは、記録のこと<br>です。"),
			}}}},
			{Number: "02", Title: "テストネットワークに関する基準", Chapters: []*policy.Chapter{{Number: 1, Articles: []*policy.Article{
				// 無線 LAN with a space, サーバー with the long vowel
				art("02", 1, "無線 LAN", []string{"A13.2.1"}, "無線 LAN を導入するときは許可を得なければならない。サーバーは施錠された部屋に置く。"),
				// 持出し and 持出 (okurigana)
				art("02", 2, "情報の持出し", []string{"A8.2.2", "A11.2.5"}, "重要な情報は、許可なく持出してはならない。持出の記録を残す。"),
				// 情報漏洩 as one phrase
				art("02", 3, "漏洩の防止", nil, "情報漏洩を防ぐため、データの暗号化鍵を管理する。"),
				// 情報 and 漏えい apart; 暗号化 and 鍵 apart
				art("02", 4, "接続の制限", nil, "外部との接続では情報を守り、漏えいを防ぐ。鍵を管理し、データは暗号化する。"),
				// loanwords beside the kana they must not match: メール and 定められた, キー and 基づき, and
				// サーバ without the final ー of 02-1's サーバー
				art("02", 5, "電子メール", nil, "電子メールは、定められた手順に基づき送る。メールサーバは庁舎内に置き、物理認証キーで守る。"),
			}}}},
		},
	}
}
