// Package search builds the handbook's offline full-text search: an index written at build time and small
// scripts that search it in the browser (assets/normalize.js, the normal form; assets/search.js, matching,
// ranking and snippets; assets/search-page.js, the page).
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
//  4. Hiragana → katakana, and small vowels → large (ぱすわーど → パスワード, ウィルス → ウイルス).
//  5. White space: a run next to a Japanese character, or at either end, is dropped (無線 LAN → 無線lan);
//     elsewhere it becomes one space.
//  6. Counters: ヶ and ヵ become カ; ケ and 箇 between a numeral and 月, 所, 国, 年 or 条 too (3ヶ月/3か月/3ケ月).
//  7. The long-vowel mark ー is dropped, and so is a dash typed after katakana (サーバー/サーバ/サ-バ → サバ).
//  8. "A.9.4.2", the 2013 standard's own notation for a control, becomes "a9.4.2" as the handbook writes it.
//
// Every step but 6 and 8 is context-free, so a query that occurs in the text still occurs in it after both
// are normalised. assets/normalize.js applies the same steps to the query (the variant table travels in the
// index); testdata/normalize.tsv holds the cases that both implementations must agree on, and
// bench/parity.js checks that the script reproduces the index's text of every article.
//
// Synonyms (synonyms.go) are not part of the normal form: the script offers them as alternatives for a
// query term, ranked below the term itself.
package search
