// Package search builds the handbook's offline full-text search: an index written at build time and small
// scripts that search it in the browser (assets/normalize.js, the normal form; assets/match.js, where a
// query's terms occur; assets/search.js, ranking and snippets; assets/search-page.js, the page).
//
// Japanese is matched the way Ctrl-F matches it, not by words: text and query are brought to one normal
// form and compared as substrings. Normalize defines that form, in this order:
//
//  1. NFKC: full-width Latin and digits become ASCII, half-width katakana become full-width (ＵＳＢ → USB,
//     ｶﾀｶﾅ → カタカナ, U+3000 → space).
//  2. ASCII case folding (USB → usb). Only A–Z: Go's and JavaScript's full Unicode lower-casing differ on a
//     few letters, and the handbook has no other cased script.
//  3. Spelling variants (variants.go): okurigana (持ち出し/持出し/持出 → 持出) and kanji spellings
//     (漏えい → 漏洩), longest match first, left to right.
//  4. Small vowels → large (ウィルス → ウイルス). Hiragana and katakana stay apart: a loanword is written in
//     katakana, the okurigana and particles around words in hiragana, and folding one into the other would
//     let メール match the める of 定める. The script folds a query typed in hiragana (ぱすわーど) itself.
//  5. White space: a run next to a Japanese character, or at either end, is dropped (無線 LAN → 無線lan);
//     between Latin letters or digits, or between katakana (ア セキュリティ, a list item's label and its
//     text), where it divides words, it becomes one space.
//  6. Counters: ヶ and ヵ become カ; ケ, 箇 and か between a numeral and 月, 所, 国, 年 or 条 too
//     (3ヶ月/3か月/3ケ月).
//  7. The long-vowel mark ー stays (メール is not メル), and a dash typed after kana becomes one (サ-バ → サーバ).
//     Only a word-final ー is optional (サーバ/サーバー): the script lets a query's final ー match the end of a
//     katakana word without it.
//  8. "A.9.4.2", the 2013 standard's own notation for a control, becomes "a9.4.2" as the handbook writes it.
//
// Every step but 6, 7 and 8 is context-free, so a query that occurs in the text still occurs in it after both
// are normalised. assets/normalize.js applies the same steps to the query (the variant table travels in the
// index); testdata/normalize.tsv holds the cases that both implementations must agree on, and
// bench/parity.js checks that the script reproduces the index's text of every article.
//
// The script (assets/match.js) adds what a substring search does not know about kana: a query typed in
// hiragana meets katakana too (ぱすわーど finds パスワード); a final ー is optional where a katakana word ends;
// and inside a run of katakana a term matches only between the words the handbook itself uses, so ログ finds
// アクセスログ but not ログイン, メモ not メモリ. A term found nowhere else is looked for inside words too, and
// the page says so, as it does for every result that is not the query as typed.
//
// Synonyms (synonyms.go) are not part of the normal form: the script offers them as alternatives for a
// query term, ranked below the term itself.
package search
