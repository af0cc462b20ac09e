package quiz_test

import (
	"strings"
	"sync"
	"testing"

	"isms/quiz"
)

func TestRender(t *testing.T) {
	for _, tt := range []struct {
		name    string
		got     func() string
		want    []string
		notWant []string
	}{
		{"StemParagraphsAndList", func() string {
			return string((&quiz.Question{Stem: "次の **どれ** ですか。\n\n- 一つ\n- 二つ"}).StemHTML())
		}, []string{"<p>次の <strong>どれ</strong> ですか。</p>", "<li>一つ</li>"}, nil},
		{"StemTable", func() string {
			return string((&quiz.Question{Stem: "| 分類 | 保管 |\n|---|---|\n| A | 耐火 |"}).StemHTML())
		}, []string{"<table>", "<th>分類</th>", "<td>耐火</td>"}, nil},
		{"RawHTMLNotPassedThrough", func() string {
			return string((&quiz.Question{Stem: "注意<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>"}).StemHTML())
		}, nil, []string{"<script", "<img", "onerror"}},
		{"ChoiceInline", func() string { return string(quiz.Choice{Text: "施錠 *できる* 場所"}.HTML()) },
			[]string{"施錠 <em>できる</em> 場所"}, []string{"<p>"}},
		{"ChoiceEscapes", func() string { return string(quiz.Choice{Text: "a < b & <b>c</b>"}.HTML()) },
			[]string{"a &lt; b &amp;"}, []string{"<b>"}},
		{"ChoiceTwoParagraphsKeepBlocks", func() string { return string(quiz.Choice{Text: "一\n\n二"}.HTML()) },
			[]string{"<p>一</p>", "<p>二</p>"}, nil},
		{"ExplanationLinksArticles", func() string {
			return string((&quiz.Question{Explanation: "【04】第13条第2項(7)と【07】第13条を見てください。"}).ExplanationHTML())
		}, []string{`<a href="/standards/04/#art-13">【04】第13条</a>第2項(7)`, `<a href="/standards/07/#art-13">【07】第13条</a>`}, nil},
		{"ExplanationKeepsWrittenLinks", func() string {
			return string((&quiz.Question{Explanation: "[【04】第13条](/standards/04/#art-13) を参照"}).ExplanationHTML())
		}, []string{`<a href="/standards/04/#art-13">【04】第13条</a> を参照`}, []string{"[<a", "](/"}},
		{"ExplanationNoJavaScriptLinks", func() string {
			return string((&quiz.Question{Explanation: "[ここ](javascript:alert(1))"}).ExplanationHTML())
		}, nil, []string{"javascript:"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.got()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML %q does not contain %q", got, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("HTML %q contains %q", got, w)
				}
			}
		})
	}

	t.Run("SameTextRenderedPerUse", func(t *testing.T) {
		// Rendering is memoized by text; a stem, a choice and an explanation with the same text still differ.
		const text = "【04】第13条 を *見る*"
		for i := 0; i < 2; i++ { // the second round reads the cache
			q := &quiz.Question{Stem: text, Explanation: text}
			stem, choice, expl := string(q.StemHTML()), string(quiz.Choice{Text: text}.HTML()), string(q.ExplanationHTML())
			if want := "<p>【04】第13条 を <em>見る</em></p>\n"; stem != want {
				t.Errorf("round %d: stem %q, want %q", i, stem, want)
			}
			if want := "【04】第13条 を <em>見る</em>"; choice != want {
				t.Errorf("round %d: choice %q, want %q", i, choice, want)
			}
			if want := `<p><a href="/standards/04/#art-13">【04】第13条</a> を <em>見る</em></p>` + "\n"; expl != want {
				t.Errorf("round %d: explanation %q, want %q", i, expl, want)
			}
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		// The tracker renders papers for many people at once.
		banks, err := quiz.Builtin()
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Go(func() {
				for _, q := range banks[0].Questions {
					if q.StemHTML() == "" || q.ExplanationHTML() == "" || q.Choices[0].HTML() == "" {
						t.Errorf("%s rendered empty", q.ID)
					}
				}
			})
		}
		wg.Wait()
	})
}

func TestArticle(t *testing.T) {
	for _, tt := range []struct{ id, url, label string }{
		{"04-13", "/standards/04/#art-13", "【04】第13条"},
		{"13-9", "/standards/13/#art-9", "【13】第9条"},
		{"00-3", "/policy/#art-3", "方針 取組み3"},
		{"4-13", "", "4-13"},
		{"04-013", "", "04-013"},
		{"04-0", "", "04-0"},
		{"", "", ""},
	} {
		t.Run(tt.id, func(t *testing.T) {
			if got := quiz.ArticleURL(tt.id); got != tt.url {
				t.Errorf("ArticleURL(%q) = %q, want %q", tt.id, got, tt.url)
			}
			if got := quiz.ArticleLabel(tt.id); got != tt.label {
				t.Errorf("ArticleLabel(%q) = %q, want %q", tt.id, got, tt.label)
			}
		})
	}
}
