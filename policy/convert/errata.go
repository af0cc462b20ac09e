package convert

import (
	"fmt"
	"strings"
)

// joinErratum records a sentence that a page or line break had split, so the errata page lists the join.
func joinErratum(where, before, after string) Erratum {
	tail := []rune(before)
	if len(tail) > 12 {
		tail = tail[len(tail)-12:]
	}
	head := []rune(after)
	if len(head) > 12 {
		head = head[:12]
	}
	return Erratum{Where: where, Source: "…" + string(tail) + "⏎" + string(head) + "…", Published: "…" + string(tail) + string(head) + "…"}
}

// FormatErrata writes the errata page: where, the source text and the published text of every correction.
func FormatErrata(errata []Erratum) string {
	var b strings.Builder
	b.WriteString(`---
title: 正誤表（変換時の修正一覧）
---

このハンドブックの本文は、西宮市情報セキュリティ方針および情報セキュリティ対策基準書の原文（PDF から変換したテキスト）をもとにしています。
市の文言は変えず、変換の過程で生じた誤り（文字化け、文字間の空白、改ページによる文の分断など）だけを修正しました。
修正したすべての箇所を次の表に示します。「⏎」は原文の改行・改ページの位置です。

表紙の「情報セキュリティ遵守特記事項　令和2年8月　西宮市 産業文化局 産業部 労政課」は、方針・基準の本文ではないため掲載していません。

| No. | 箇所 | 原文 | 公開している文 |
|---|---|---|---|
`)
	for i, e := range errata {
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", i+1, e.Where, cell(e.Source), cell(e.Published))
	}
	return b.String()
}

func cell(s string) string {
	return strings.NewReplacer("|", "｜", "<", "&lt;", ">", "&gt;").Replace(s)
}
