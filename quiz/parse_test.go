package quiz_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"isms/quiz"
)

func TestParse(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		src := smallSpec.src()
		b := mustParse(t, "manager.md", src)
		if got, want := b.Module, "manager"; got != want {
			t.Errorf("Module = %q, want %q", got, want)
		}
		if got, want := b.Title, "テスト manager"; got != want {
			t.Errorf("Title = %q, want %q", got, want)
		}
		if got, want := b.PassPercent, 80; got != want {
			t.Errorf("PassPercent = %d, want %d", got, want)
		}
		if got, want := b.DrawCount, 10; got != want {
			t.Errorf("DrawCount = %d, want %d", got, want)
		}
		if got, want := len(b.Competencies), 4; got != want {
			t.Fatalf("len(Competencies) = %d, want %d", got, want)
		}
		if got, want := b.Competencies[0], (quiz.Competency{ID: "authority", Name: "authorityを理解すること"}); got != want {
			t.Errorf("Competencies[0] = %+v, want %+v", got, want)
		}
		if got, want := len(b.Questions), 20; got != want {
			t.Fatalf("len(Questions) = %d, want %d", got, want)
		}
		q := b.Questions[6]
		if got, want := q.ID, "manager-007"; got != want {
			t.Errorf("ID = %q, want %q", got, want)
		}
		if got, want := q.Line, lineOf(t, src, "### manager-007"); got != want {
			t.Errorf("Line = %d, want %d", got, want)
		}
		if got, want := q.Competency, "area"; got != want {
			t.Errorf("Competency = %q, want %q", got, want)
		}
		if got, want := q.Cites, []string{"04-13"}; !slices.Equal(got, want) {
			t.Errorf("Cites = %q, want %q", got, want)
		}
		if got, want := q.Stem, "問題文 7 です。"; got != want {
			t.Errorf("Stem = %q, want %q", got, want)
		}
		want := []quiz.Choice{
			{ID: "a", Text: "問題 7 の選択肢 a"}, {ID: "b", Text: "問題 7 の選択肢 b", Correct: true},
			{ID: "c", Text: "問題 7 の選択肢 c"}, {ID: "d", Text: "問題 7 の選択肢 d"},
		}
		if !slices.Equal(q.Choices, want) {
			t.Errorf("Choices = %+v, want %+v", q.Choices, want)
		}
		if got, want := q.Explanation, "【04】第13条のとおりです（問題 7）。"; got != want {
			t.Errorf("Explanation = %q, want %q", got, want)
		}
		if q.Multiple() {
			t.Error("Multiple() = true for a single answer")
		}
		if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(b.Version) {
			t.Errorf("Version = %q, want 12 hex digits", b.Version)
		}
		if got := b.Question("manager-007"); got != q {
			t.Errorf("Question(manager-007) = %v, want the 7th question", got)
		}
		if got := b.Question("manager-999"); got != nil {
			t.Errorf("Question(manager-999) = %v, want nil", got)
		}
	})

	t.Run("RichQuestion", func(t *testing.T) {
		// Full-width colons and letters, upper-case answers, several cites with mixed separators, a
		// multi-line stem with a list, a choice continued on an indented line, a multi-paragraph explanation.
		src := "---\nmodule: x\ntitle: X\ndraw: 1\n---\n## 力量\n- c1：力量一\n## 問題\n" +
			"### x-001\n条文： 04-13、07-11 ,00-2\n力量： c1\n\n次のうち正しいものを選ぶ。\n\n- 項目1\n- 項目2\n\n" +
			"- Ａ． 一つ目\n  続きの行\n- b) 二つ目\n\n- C. 三つ目\n正解： A，c\n\n解説： 一段落目。\n\n二段落目。\n"
		b := mustParse(t, "x.md", src)
		q := b.Questions[0]
		if got, want := q.Cites, []string{"04-13", "07-11", "00-2"}; !slices.Equal(got, want) {
			t.Errorf("Cites = %q, want %q", got, want)
		}
		if got, want := q.Stem, "次のうち正しいものを選ぶ。\n\n- 項目1\n- 項目2"; got != want {
			t.Errorf("Stem = %q, want %q", got, want)
		}
		want := []quiz.Choice{{ID: "a", Text: "一つ目\n続きの行", Correct: true}, {ID: "b", Text: "二つ目"}, {ID: "c", Text: "三つ目", Correct: true}}
		if !slices.Equal(q.Choices, want) {
			t.Errorf("Choices = %+v, want %+v", q.Choices, want)
		}
		if !q.Multiple() {
			t.Error("Multiple() = false for two answers")
		}
		if got, want := q.Explanation, "一段落目。\n\n二段落目。"; got != want {
			t.Errorf("Explanation = %q, want %q", got, want)
		}
		if got, want := b.PassPercent, quiz.DefaultPassPercent; got != want {
			t.Errorf("PassPercent = %d, want the default %d", got, want)
		}
	})

	t.Run("CRLFAndBOM", func(t *testing.T) {
		src := smallSpec.src()
		lf := mustParse(t, "manager.md", src)
		crlf := mustParse(t, "manager.md", "\ufeff"+strings.ReplaceAll(src, "\n", "\r\n"))
		if got, want := len(crlf.Questions), len(lf.Questions); got != want {
			t.Fatalf("len(Questions) = %d, want %d", got, want)
		}
		for i := range lf.Questions {
			a, b := lf.Questions[i], crlf.Questions[i]
			if a.Stem != b.Stem || a.Explanation != b.Explanation || !slices.Equal(a.Choices, b.Choices) || a.Line != b.Line {
				t.Fatalf("question %d differs between LF and CRLF+BOM: %+v vs %+v", i, a, b)
			}
		}
	})

	t.Run("VersionFollowsContent", func(t *testing.T) {
		src := smallSpec.src()
		a := mustParse(t, "manager.md", src)
		b := mustParse(t, "other-name.md", src)
		c := mustParse(t, "manager.md", replaceOnce(t, src, "問題文 1 です。", "問題文 1 です!"))
		if a.Version != b.Version {
			t.Errorf("same content, different versions %s and %s", a.Version, b.Version)
		}
		if a.Version == c.Version {
			t.Errorf("edited content kept version %s", a.Version)
		}
	})
}

func TestParseErrors(t *testing.T) {
	base := smallSpec.src()
	q1 := "### manager-001\n力量: authority\n条文: 04-13\n\n問題文 1 です。\n"
	for _, tt := range []struct {
		name   string
		src    string
		at     string // the line the problem is reported at: the line holding this text
		want   string // part of the message
		offset int    // lines after `at`
	}{
		{"ErrNotUTF8", "---\n\xff\xfe\n", "---", "UTF-8", 0},
		{"ErrNoFrontMatter", "# 問題集\n", "# 問題集", "フロントマター", 0},
		{"ErrFrontMatterNotClosed", "---\nmodule: x\ntitle: X\ndraw: 1\n", "---", "閉じられていません", 0},
		{"ErrFrontMatterMissingModule", replaceOnce(t, base, "module: manager\n", ""), "---", "module", 0},
		{"ErrFrontMatterMissingDraw", replaceOnce(t, base, "draw: 10\n", ""), "---", "draw", 0},
		{"ErrFrontMatterUnknownKey", replaceOnce(t, base, "pass: 80\n", "pass: 80\nlevel: 3\n"), "level: 3", "level", 0},
		{"ErrFrontMatterDuplicateKey", replaceOnce(t, base, "pass: 80\n", "pass: 80\npass: 70\n"), "pass: 70", "2 回", 0},
		{"ErrFrontMatterNotKeyValue", replaceOnce(t, base, "pass: 80\n", "pass: 80\n合格点は80\n"), "合格点は80", "キー: 値", 0},
		{"ErrPassNotNumber", replaceOnce(t, base, "pass: 80", "pass: 八十"), "pass: 八十", "pass", 0},
		{"ErrPassOutOfRange", replaceOnce(t, base, "pass: 80", "pass: 120"), "pass: 120", "1〜100", 0},
		{"ErrDrawZero", replaceOnce(t, base, "draw: 10", "draw: 0"), "draw: 0", "draw", 0},
		{"ErrModuleID", replaceOnce(t, base, "module: manager", "module: 管理者"), "module: 管理者", "module", 0},
		{"ErrNoCompetencies", replaceOnce(t, base, "## 力量\n", "## 力量のメモ\n"), "---", "力量がありません", 0},
		{"ErrCompetencyLine", replaceOnce(t, base, "- risk: riskを理解すること", "リスク分析"), "リスク分析", "- ID: 力量の名前", 0},
		{"ErrCompetencyID", replaceOnce(t, base, "- risk: ", "- Risk_1: "), "- Risk_1", "力量ID", 0},
		{"ErrCompetencyNoName", replaceOnce(t, base, "- risk: riskを理解すること", "- risk: "), "- risk:", "名前がありません", 0},
		{"ErrCompetencyTwice", replaceOnce(t, base, "- risk: riskを理解すること", "- risk: riskを理解すること\n- risk: もう一度"), "- risk: もう一度", "2 回定義", 0},
		{"ErrQuestionBeforeSection", replaceOnce(t, base, "# メモ\n", "### manager-000\n"), "### manager-000", "## 問題", 0},
		{"ErrTextOutsideQuestion", replaceOnce(t, base, "## 問題\n", "## 問題\n迷子の文\n"), "迷子の文", "問題の外", 0},
		{"ErrEmptySectionHeading", replaceOnce(t, base, "## 問題\n", "##\n"), "##\n\n### manager-001", "名前がありません", 0},
		{"ErrQuestionID", replaceOnce(t, base, "### manager-001\n", "### 問1\n"), "### 問1", "問題ID", 0},
		{"ErrNoCompetencyLine", replaceOnce(t, base, q1, "### manager-001\n条文: 04-13\n\n問題文 1 です。\n"), "### manager-001", "力量:", 0},
		{"ErrNoCitesLine", replaceOnce(t, base, q1, "### manager-001\n力量: authority\n\n問題文 1 です。\n"), "### manager-001", "条文:", 0},
		{"ErrCompetencyTwiceInQuestion", replaceOnce(t, base, q1, "### manager-001\n力量: authority\n力量: area\n条文: 04-13\n\n問題文 1 です。\n"), "力量: area", "2 回", 0},
		{"ErrNoStem", replaceOnce(t, base, "問題文 1 です。\n", ""), "### manager-001", "問題文がありません", 0},
		{"ErrNoChoices", replaceOnce(t, base, "- a. 問題 1 の選択肢 a\n- b. 問題 1 の選択肢 b\n- c. 問題 1 の選択肢 c\n- d. 問題 1 の選択肢 d\n", ""), "正解: b\n解説: 【04】第13条のとおりです（問題 1）", "選択肢", 0},
		{"ErrChoiceLetter", replaceOnce(t, base, "- d. 問題 1 の選択肢 d", "- f. 問題 1 の選択肢 f"), "- f. 問題 1", "a〜e", 0},
		{"ErrChoiceEmpty", replaceOnce(t, base, "- d. 問題 1 の選択肢 d", "- d. "), "- d. \n", "文がありません", 0},
		{"ErrTextAfterChoices", replaceOnce(t, base, "- d. 問題 1 の選択肢 d\n", "- d. 問題 1 の選択肢 d\n字下げのない続き\n"), "字下げのない続き", "正解: b", 0},
		{"ErrNoAnswerLine", replaceOnce(t, base, "\n正解: b\n解説: 【04】第13条のとおりです（問題 1）。", "\n解説: 【04】第13条のとおりです（問題 1）。"), "解説: 【04】第13条のとおりです（問題 1）", "正解: b", 0},
		{"ErrNoExplanation", replaceOnce(t, base, "正解: b\n解説: 【04】第13条のとおりです（問題 1）。\n", "正解: b\n"), "正解: b\n\n### manager-002", "解説", 0},
		{"ErrTextBetweenAnswerAndExplanation", replaceOnce(t, base, "正解: b\n解説: 【04】第13条のとおりです（問題 1）。", "正解: b\n補足\n解説: 【04】第13条のとおりです（問題 1）。"), "補足", "解説", 0},
		{"ErrEmptyExplanation", replaceOnce(t, base, "解説: 【04】第13条のとおりです（問題 1）。", "解説:"), "解説:\n\n### manager-002", "解説が空", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := quiz.Parse("bank.md", []byte(tt.src))
			if b != nil {
				t.Errorf("Parse returned a bank with error %v", err)
			}
			ps := problems(t, err)
			line := lineOf(t, tt.src, tt.at) + tt.offset
			if !hasProblem(ps, "bank.md", line, tt.want) {
				t.Errorf("want a problem at bank.md:%d containing %q, got:\n%v", line, tt.want, ps)
			}
		})
	}

	t.Run("AllProblemsAtOnce", func(t *testing.T) {
		src := replaceOnce(t, base, "pass: 80", "pass: 0")
		src = replaceOnce(t, src, "- d. 問題 3 の選択肢 d", "- x. 問題 3 の選択肢 x")
		ps := problems(t, func() error { _, err := quiz.Parse("bank.md", []byte(src)); return err }())
		if got, want := len(ps), 2; got != want {
			t.Fatalf("got %d problems, want %d:\n%v", got, want, ps)
		}
		if ps[0].Line >= ps[1].Line {
			t.Errorf("problems not in line order: %v", ps)
		}
		if got := ps.Error(); !strings.HasPrefix(got, "bank.md:4: ") || !strings.Contains(got, "\nbank.md:") {
			t.Errorf("Error() = %q, want one file:line: message per line", got)
		}
	})
}
