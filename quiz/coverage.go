package quiz

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// WriteCoverage prints what `isms quiz check` shows: per bank, its questions per competency and the
// articles its questions cite (with how many questions cite each), then the articles cited over all banks.
func WriteCoverage(w io.Writer, banks []*Bank) {
	all := map[string]int{}
	total := 0
	for _, b := range banks {
		fmt.Fprintf(w, "%s  %s  (%s, 版 %s)\n", b.Module, b.Title, b.File, b.Version)
		fmt.Fprintf(w, "  問題 %d 問 / 出題 %d 問 / 合格 %d%%\n", len(b.Questions), b.DrawCount, b.PassPercent)
		count := map[string]int{}
		cites := map[string]int{}
		for _, q := range b.Questions {
			count[q.Competency]++
			for _, id := range q.Cites {
				cites[id]++
				all[id]++
			}
		}
		fmt.Fprintln(w, "  力量ごとの問題数:")
		for _, c := range b.Competencies {
			fmt.Fprintf(w, "    %3d  %s  %s\n", count[c.ID], c.ID, c.Name)
		}
		fmt.Fprintf(w, "  引用条文 %d 条: %s\n\n", len(cites), citeCounts(cites))
		total += len(b.Questions)
	}
	fmt.Fprintf(w, "全体: 問題集 %d / 問題 %d 問 / 引用条文 %d 条\n", len(banks), total, len(all))
	fmt.Fprintf(w, "  基準ごとの引用条文数: %s\n", perStandard(all))
}

// citeCounts formats {"04-13": 3, "01-16": 1} as "01-16 04-13×3".
func citeCounts(cites map[string]int) string {
	ids := slices.SortedFunc(maps.Keys(cites), compareCites)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id
		if cites[id] > 1 {
			parts[i] += fmt.Sprintf("×%d", cites[id])
		}
	}
	return strings.Join(parts, " ")
}

// perStandard formats how many distinct articles of each standard are cited: "00:3 01:9 …".
func perStandard(cites map[string]int) string {
	per := map[string]int{}
	for id := range cites {
		std, _, _ := splitCite(id)
		per[std]++
	}
	stds := slices.Sorted(maps.Keys(per))
	parts := make([]string, len(stds))
	for i, s := range stds {
		parts[i] = fmt.Sprintf("%s:%d", s, per[s])
	}
	return strings.Join(parts, " ")
}

// WriteCiting prints, one per line as file:line, the questions that cite an article for which changed
// reports true, so they can be reviewed after the policy is revised (`isms quiz check --since`). It returns
// how many questions it printed.
func WriteCiting(w io.Writer, banks []*Bank, changed func(id string) bool) int {
	n := 0
	for _, b := range banks {
		for _, q := range b.Questions {
			var hit []string
			for _, id := range q.Cites {
				if changed(id) {
					hit = append(hit, id)
				}
			}
			if len(hit) > 0 {
				fmt.Fprintf(w, "%s:%d: %s は改正された条文 %s を引用しています\n", b.File, q.Line, q.ID, strings.Join(hit, ", "))
				n++
			}
		}
	}
	return n
}
