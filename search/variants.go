package search

import (
	"fmt"
	"strings"
)

// variantGroups are the spellings step 3 of Normalize treats as one word. Each group is one word; its first
// form with every optional part left out is the canonical spelling that all the others are rewritten to.
// A part in parentheses is optional okurigana: "持(ち)出(し)" stands for 持ち出し, 持出し, 持ち出 and 持出,
// so 持ち出し, 持出し, 持出 and 持ち出す (→ 持出す) all meet. Only compounds are listed: dropping okurigana
// of a single verb (出す → 出) would swallow unrelated words.
//
// The list holds what the handbook writes in more than one way (持出/持ち出し, 取扱い/取り扱う,
// 漏洩/漏えい, 遵守/順守, 立ち会い/立ち合わせ) and what staff commonly type for its words. A form that
// would be rewritten inside an unrelated word does not belong here; TestVariantTable checks that the table
// is consistent (every form already in steps 1–2 form, no form in two groups, rewriting is idempotent).
var variantGroups = [][]string{
	// Okurigana of compound verbs and their nouns, as in the handbook or as commonly typed.
	{"持(ち)出(し)"},             // 持ち出し / 持出し / 持出 (【03】第5条, 第9条)
	{"持(ち)込(み)"},             // 持ち込み / 持込み (【05】第7条)
	{"持(ち)去(り)"},             // 持ち去り (【05】第6条, 【07】第6条)
	{"持(ち)帰(り)"},             // 持ち帰り / 持帰り: what staff type for taking work home
	{"取(り)扱(い)"},             // 取扱い / 取り扱い / 取り扱う / 取扱
	{"取(り)組(み)"},             // 取組み (方針) / 取り組む (【13】)
	{"取(り)入(れ)"},             // 取り入れる (【04】第14条)
	{"取(り)込(み)"},             // 取り込む (【08】第3条)
	{"取(り)出(し)"},             // 取り出せる (【08】第4条)
	{"取(り)決(め)"},             // 取り決める (【08】第16条)
	{"取(り)消(し)"},             // 取消し
	{"取(り)外(し)"},             // 取外し
	{"取(り)上(げ)"},             // 取上げる (【01】第20条)
	{"取(り)纏(め)", "取(り)まとめ"},  // 取り纏め (【11】第3条) / 取りまとめ (【12】第6条)
	{"受(け)付(け)"},             // 受付
	{"受(け)入(れ)"},             // 受入れ
	{"受(け)渡(し)"},             // 受渡場所 (【05】第8条 caption) / 受け渡し (its text)
	{"受(け)取(り)"},             // 受取り
	{"立(ち)入(り)"},             // 立入り / 立ち入る (【05】第4条)
	{"立(ち)会(い)", "立(ち)合(い)"}, // 立会い / 立ち合わせる (【03】第9条)
	{"立(ち)寄(り)"},             // 立寄り場所 (【05】第8条 caption)
	{"立(ち)上(げ)"},             // 立上げ
	{"割(り)当(て)"},             // 割当て / 割り当てる (【01】第16条)
	{"切(り)替(え)"},             // 切替え / 切り替える (【09】第6条)
	{"入(れ)替(え)"},             // 入替え
	{"引(き)継(ぎ)"},             // 引継ぎ
	{"問(い)合(わ)せ"},            // 問合せ / 問い合わせ
	{"打(ち)合(わ)せ"},            // 打合せ / 打ち合わせ
	{"申(し)込(み)"},             // 申込み
	{"書(き)込(み)"},             // 書込み
	{"書(き)換(え)"},             // 書換え
	{"読(み)込(み)"},             // 読込み
	{"読(み)取(り)"},             // 読取り
	{"貸(し)出(し)"},             // 貸出し
	{"差(し)出(し)"},             // 差出人 (【04】第14条)
	{"払(い)出(し)"},             // 払出し
	{"組(み)込(み)"},             // 組込み / 組み込む (【06】第5条)
	{"抜(き)取(り)"},             // 抜取り
	{"使(い)回(し)"},             // 使い回す (【04】第13条)
	{"乗(っ)取(り)"},             // 乗っ取り: what staff type about hijacked accounts
	{"覗(き)見", "のぞき見"},        // 覗き見 (【07】第6条)
	{"呼(び)出(し)"},             // 呼出し
	{"繰(り)返(し)"},             // 繰返し

	// Kanji written in kana (交ぜ書き) or with another kanji of the same word.
	{"漏洩", "漏えい"},   // both in the handbook (【03】第4条 漏洩, 【09】第5条 漏えい)
	{"遵守", "順守"},    // both in the handbook (【02】第3条 順守, 【04】第13条 遵守)
	{"改ざん", "改竄"},   // the handbook writes 改ざん
	{"毀損", "き損"},    // 毀損 / き損
	{"脆弱性", "ぜい弱性"}, // the handbook writes 脆弱性
	{"隠蔽", "隠ぺい"},   // 隠蔽 / 隠ぺい
	{"破砕", "破さい"},   // 【09】第6条
}

// variantMap expands variantGroups into a map from every non-canonical spelling to its canonical one.
// It panics on a malformed group: the table is code, and TestVariantTable runs it.
func variantMap() map[string]string {
	m, err := expandVariants(variantGroups)
	if err != nil {
		panic(err)
	}
	return m
}

func expandVariants(groups [][]string) (map[string]string, error) {
	m := map[string]string{}
	canonicals := map[string]bool{}
	for _, g := range groups {
		if len(g) == 0 {
			return nil, fmt.Errorf("variants: empty group")
		}
		canon := optionalForms(g[0])[0] // the form with every optional part left out
		canonicals[canon] = true
		for _, f := range g {
			for _, v := range optionalForms(f) {
				if v == canon {
					continue
				}
				if old, dup := m[v]; dup && old != canon {
					return nil, fmt.Errorf("variants: %s is in the groups of %s and %s", v, old, canon)
				}
				m[v] = canon
			}
		}
	}
	for v := range m {
		if canonicals[v] {
			return nil, fmt.Errorf("variants: %s is both a canonical form and a variant", v)
		}
	}
	return m, nil
}

// optionalForms lists every spelling of a pattern such as "持(ち)出(し)", the one without any optional part
// first.
func optionalForms(pattern string) []string {
	type part struct {
		s        string
		optional bool
	}
	var parts []part
	for rest := pattern; rest != ""; {
		i := strings.IndexByte(rest, '(')
		if i < 0 {
			parts = append(parts, part{rest, false})
			break
		}
		if i > 0 {
			parts = append(parts, part{rest[:i], false})
		}
		j := strings.IndexByte(rest[i:], ')')
		if j < 0 {
			parts = append(parts, part{rest[i:], false})
			break
		}
		parts = append(parts, part{rest[i+1 : i+j], true})
		rest = rest[i+j+1:]
	}
	forms := []string{""}
	for _, p := range parts {
		with := mapAppend(forms, p.s)
		if p.optional {
			// "without" before "with", so that forms[0] leaves every optional part out
			forms = append(forms, with...)
		} else {
			forms = with
		}
	}
	return forms
}

func mapAppend(forms []string, s string) []string {
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = f + s
	}
	return out
}
