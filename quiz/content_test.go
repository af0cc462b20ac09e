package quiz_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"isms/quiz"
)

// The learning pages under content/modules and content/roles are written beside the banks; these tests keep
// them in step: every competency taught, the numbers of a training, the role table, and every link.

const contentDir = "../content"

var (
	frontRe     = regexp.MustCompile(`(?s)^---\n(.*?)\n---\n`)
	linkRe      = regexp.MustCompile(`\[([^\]]*)\]\(([^)]*)\)`)
	articleURL  = regexp.MustCompile(`^/standards/(\d{2})/#art-(\d+)$`)
	standardURL = regexp.MustCompile(`^/standards/(\d{2})/$`)
	policyURL   = regexp.MustCompile(`^/policy/#art-(\d+)$`)
	moduleURL   = regexp.MustCompile(`^/modules/([a-z]+)/$`)
	labelRe     = regexp.MustCompile(`【(\d{2})】第(\d+)条`)
)

func readPage(t *testing.T, rel string) (front map[string]string, body string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(contentDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	m := frontRe.FindStringSubmatch(string(src))
	if m == nil {
		t.Fatalf("%s has no front matter", rel)
	}
	front = map[string]string{}
	for _, l := range strings.Split(m[1], "\n") {
		k, v, _ := strings.Cut(l, ":")
		front[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return front, string(src[len(m[0]):])
}

func TestModulePages(t *testing.T) {
	banks, err := quiz.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	_, index := readPage(t, "modules/_index.md")
	for _, b := range banks {
		t.Run(b.Module, func(t *testing.T) {
			front, body := readPage(t, "modules/"+b.Module+".md")
			if got, want := front["title"], b.Title; got != want {
				t.Errorf("title = %q, want the bank's %q", got, want)
			}
			if _, err := strconv.Atoi(front["weight"]); err != nil {
				t.Errorf("weight %q is not a number", front["weight"])
			}
			for _, c := range b.Competencies {
				if !strings.Contains(body, "\n## "+c.Name+"\n") {
					t.Errorf("no section \"## %s\"", c.Name)
				}
			}
			per := b.DrawCount / len(b.Competencies)
			for _, want := range []string{
				fmt.Sprintf("1 回 %d 問（%d つの力量から %d 問ずつ）", b.DrawCount, len(b.Competencies), per),
				fmt.Sprintf("%d%% 以上で合格", b.PassPercent),
				"[研修を受ける](/app/training/)",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("page does not say %q", want)
				}
			}
			// The prerequisites are the role's required modules before this one.
			required := quiz.RequiredModules(quiz.Role(b.Module))
			for _, m := range required[:len(required)-1] {
				if !strings.Contains(body, "(/modules/"+m+"/)") {
					t.Errorf("prerequisite %s not linked", m)
				}
			}
			row := fmt.Sprintf("| [%s](/modules/%s/) |", b.Title, b.Module)
			i := strings.Index(index, row)
			if i < 0 {
				t.Fatalf("modules/_index.md has no row starting %q", row)
			}
			line, _, _ := strings.Cut(index[i:], "\n")
			if want := fmt.Sprintf("1 回 %d 問・%d%% 以上で合格", b.DrawCount, b.PassPercent); !strings.Contains(line, want) {
				t.Errorf("modules/_index.md row %q does not say %q", line, want)
			}
		})
	}
}

func TestRolesPage(t *testing.T) {
	_, body := readPage(t, "roles/_index.md")
	titles := map[string]string{}
	banks, err := quiz.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range banks {
		titles[b.Module] = b.Title
	}
	for _, r := range quiz.Roles() {
		t.Run(string(r), func(t *testing.T) {
			var chain []string
			for _, m := range quiz.RequiredModules(r) {
				chain = append(chain, fmt.Sprintf("[%s](/modules/%s/)", titles[m], m))
			}
			row := fmt.Sprintf("| %s |", r.Name())
			i := strings.Index(body, row)
			if i < 0 {
				t.Fatalf("no table row for %s", r.Name())
			}
			line, _, _ := strings.Cut(body[i:], "\n")
			if want := strings.Join(chain, " → ") + " |"; !strings.HasSuffix(line, want) {
				t.Errorf("row %q does not end with the required modules %q", line, want)
			}
			if !strings.Contains(body, "\n## "+r.Name()+"\n") {
				t.Errorf("no section for %s", r.Name())
			}
		})
	}
}

func TestPageLinks(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join(contentDir, "modules", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	pages = append(pages, filepath.Join(contentDir, "roles", "_index.md"))
	modules := map[string]bool{}
	for _, m := range quiz.ModuleOrder() {
		modules[m] = true
	}
	for _, page := range pages {
		src, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		links := linkRe.FindAllStringSubmatch(string(src), -1)
		if len(links) == 0 {
			t.Errorf("%s has no links", page)
		}
		for _, l := range links {
			text, url := l[1], l[2]
			ok := false
			switch {
			case articleURL.MatchString(url):
				m := articleURL.FindStringSubmatch(url)
				ok = articleExists(m[1] + "-" + m[2])
				// A link named 【NN】第N条 must point at that article.
				if lm := labelRe.FindStringSubmatch(text); lm != nil && (lm[1] != m[1] || lm[2] != m[2]) {
					t.Errorf("%s: link %q points at %s", page, text, url)
				}
			case standardURL.MatchString(url):
				ok = articleCounts[standardURL.FindStringSubmatch(url)[1]] > 0 && !strings.HasPrefix(url, "/standards/00/")
			case policyURL.MatchString(url):
				ok = articleExists("00-" + policyURL.FindStringSubmatch(url)[1])
			case moduleURL.MatchString(url):
				ok = modules[moduleURL.FindStringSubmatch(url)[1]]
			case url == "/policy/" || url == "/standards/" || url == "/roles/" || url == "/app/training/" ||
				url == "/controls/a9-4-2/":
				ok = true
			}
			if !ok {
				t.Errorf("%s: link %q → %q goes nowhere", page, text, url)
			}
		}
	}
}
