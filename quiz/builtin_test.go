package quiz_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"isms/quiz"
)

// table16 is the competency table of 【01】第16条: what each module adds, worded as the table words it.
var table16 = map[string][]string{
	"general": {
		"一般職員に求められる責任を理解すること",
		"情報セキュリティの重要性を理解し、意識を持つこと",
		"情報セキュリティポリシーのしくみを理解すること",
		"緊急時の対応について理解すること",
		"法的要求事項について理解すること",
	},
	"manager": {
		"セキュリティ管理者の権限と責任を理解すること",
		"セキュリティ区画管理について理解すること",
		"情報資産の管理について理解すること",
		"所掌部門におけるリスク分析と改善について理解すること",
	},
	"executive": {
		"局長級・部長級職員の権限と責任を理解すること",
		"セキュリティ内部監査のしくみを理解すること",
	},
	"chief": {
		"ISMS統括責任者の権限と責任を理解すること",
		"情報セキュリティにかかる危機管理のしくみを理解すること",
	},
	"auditor": {
		"セキュリティ内部監査のしくみを理解すること",
		"ISO27001の構造について理解すること",
	},
}

func TestBuiltin(t *testing.T) {
	banks, err := quiz.Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	if err := quiz.Validate(banks, articleExists); err != nil {
		t.Fatalf("Validate:\n%v", err)
	}
	var modules []string
	for _, b := range banks {
		modules = append(modules, b.Module)
	}
	if want := quiz.ModuleOrder(); !slices.Equal(modules, want) {
		t.Fatalf("modules = %q, want %q", modules, want)
	}
	for _, r := range quiz.Roles() {
		for _, m := range quiz.RequiredModules(r) {
			if quiz.Find(banks, m) == nil {
				t.Errorf("role %s needs module %s, which has no bank", r, m)
			}
		}
	}

	multiple := regexp.MustCompile(`すべて選んでください`)
	for _, b := range banks {
		t.Run(b.Module, func(t *testing.T) {
			if got, want := b.Title, quiz.Role(b.Module).Name(); got != want {
				t.Errorf("Title = %q, want the role's name %q", got, want)
			}
			if got, want := b.File, "quiz/"+b.Module+".md"; got != want {
				t.Errorf("File = %q, want %q", got, want)
			}
			var names []string
			for _, c := range b.Competencies {
				names = append(names, c.Name)
			}
			if want := table16[b.Module]; !slices.Equal(names, want) {
				t.Errorf("competencies = %q, want the 第16条 wording %q", names, want)
			}
			for _, q := range b.Questions {
				// The explanation names every article the question cites, so the reader can look it up.
				for _, id := range q.Cites {
					if !strings.Contains(q.Explanation, citedName(id)) {
						t.Errorf("%s:%d: %s cites %s but its explanation does not name %s", b.File, q.Line, q.ID, id, citedName(id))
					}
				}
				if got, want := multiple.MatchString(q.Stem), q.Multiple(); got != want {
					t.Errorf("%s:%d: %s has %d answers but its stem says すべて選んでください=%v", b.File, q.Line, q.ID, len(q.CorrectIDs()), got)
				}
				for _, c := range q.Choices {
					// Choices are shuffled, so none may point at another by place.
					if strings.Contains(c.Text, "上記") || strings.Contains(c.Text, "すべて正しい") || strings.Contains(c.Text, "いずれも正しい") {
						t.Errorf("%s: choice %s refers to other choices: %q", q.ID, c.ID, c.Text)
					}
				}
			}
		})
	}
}

// citedName is how an explanation names a cited article: "【04】第13条", or "取組み 3" for the 方針.
func citedName(id string) string {
	std, n, _ := strings.Cut(id, "-")
	if std == "00" {
		return "取組み " + n
	}
	return fmt.Sprintf("【%s】第%s条", std, n)
}
