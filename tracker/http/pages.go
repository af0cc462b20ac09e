package http

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"isms/quiz"
	"isms/tracker"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one template set per page: the shared layout plus the page's own file.
type pages struct {
	sets map[string]*template.Template
}

var funcs = template.FuncMap{
	// Dates and times in the form design.md asks for, each part kept on one line.
	"jst": func(t time.Time) template.HTML {
		if t.IsZero() {
			return ""
		}
		return dateHTML(tracker.DateOf(t)) + nowrap(t.In(tracker.Japan).Format("15:04"))
	},
	// eraDate is a date in 和暦 alone, where the text around it already has the era (「令和8年7月改正版
	// （令和8年7月1日施行）」).
	"eraDate": func(d tracker.Date) template.HTML {
		if d.IsZero() {
			return ""
		}
		return nowrap(d.Era())
	},
	"jstDate": func(t any) template.HTML {
		switch v := t.(type) {
		case time.Time:
			if !v.IsZero() {
				return dateHTML(tracker.DateOf(v))
			}
		case *time.Time:
			if v != nil {
				return dateHTML(tracker.DateOf(*v))
			}
		case tracker.Date:
			return dateHTML(v)
		}
		return ""
	},
	"fy": func(fy tracker.FiscalYear) template.HTML {
		return nowrap(strconv.Itoa(int(fy))+"年度") + nowrap("（"+fy.Era()+"年度）")
	},
	"nw":           nowrap,
	"scaleOf":      scaleOf,
	"surveyValue":  surveyValue,
	"roleName":     func(r tracker.Role) string { return r.Name() },
	"roleLabel":    tracker.RoleLabel,
	"articleLabel": quiz.ArticleLabel,
	"articleURL":   quiz.ArticleURL,
	"lines":        func(s string) []string { return strings.Split(s, "\n") },
	"join":         strings.Join,
	"stateClass": func(s tracker.State) string {
		switch s {
		case tracker.StatePassed:
			return "state-passed"
		case tracker.StateLatePassed:
			return "state-late"
		case tracker.StateInProgress:
			return "state-progress"
		case tracker.StateFailed:
			return "state-failed"
		}
		return "state-none"
	},
	"personStateClass": func(s tracker.PersonState) string {
		switch s {
		case tracker.PersonPassed:
			return "state-passed"
		case tracker.PersonLatePassed:
			return "state-late"
		case tracker.PersonInProgress:
			return "state-progress"
		}
		return "state-none"
	},
	"add":   func(a, b int) int { return a + b },
	"sub":   func(a, b int) int { return a - b },
	"int":   func(fy tracker.FiscalYear) int { return int(fy) },
	"roles": tracker.Roles,
	"contains": func(list []string, s string) bool {
		for _, v := range list {
			if v == s {
				return true
			}
		}
		return false
	},
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out
	},
}

// nowrap is text that must not break across lines: an ID, a number, a name, a part of a date.
func nowrap(s string) template.HTML {
	return template.HTML(`<span class="nw">` + template.HTMLEscapeString(s) + `</span>`)
}

// dateHTML is a day as 2026年12月2日（令和8年12月2日）, each calendar's form on one line.
func dateHTML(d tracker.Date) template.HTML {
	if d.IsZero() {
		return ""
	}
	return nowrap(d.Western()) + nowrap("（"+d.Era()+"）")
}

func parsePages(moduleTitle, edition func(string) string) (*pages, error) {
	fm := template.FuncMap{"moduleTitle": moduleTitle, "edition": func(id string) template.HTML {
		// 令和8年4月改正版（令和8年4月1日施行）: the name and the 施行日 each keep their line.
		name, date, ok := strings.Cut(edition(id), "（")
		if !ok {
			return nowrap(name)
		}
		return nowrap(name) + nowrap("（"+date)
	}}
	for k, v := range funcs {
		fm[k] = v
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.New("layout.html").Funcs(fm).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// render executes a page into a buffer first, so a template error never leaves half a page.
func (p *pages) render(w http.ResponseWriter, name string, data *Page) {
	t := p.sets[name]
	var buf bytes.Buffer
	if t == nil {
		http.Error(w, "template "+name+" missing", http.StatusInternalServerError)
		return
	}
	if err := t.Execute(&buf, data); err != nil {
		http.Error(w, "内部エラーが発生しました。", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	buf.WriteTo(w)
}

// Page is what every template receives.
type Page struct {
	Title      string
	Session    *tracker.Session
	CSRF       string
	Scope      tracker.Scope
	FiscalYear tracker.FiscalYear
	Notice     string // a confirmation to show at the top
	Data       any
	server     *Server
}

// ModuleTitle names a module by its bank's title.
func (p *Page) ModuleTitle(module string) string { return p.server.moduleTitle(module) }

// Admin reports whether the caller is a 事務局 account.
func (p *Page) Admin() bool { return p.Session != nil && p.Session.Account.Admin() }

func (s *Server) page(r *http.Request, title string, data any) *Page {
	p := &Page{Title: title, Data: data, FiscalYear: s.fiscalYear(), server: s}
	if sess := session(r); sess != nil {
		p.Session, p.CSRF = sess, sess.CSRF
		p.Scope = tracker.PrincipalFrom(r.Context()).Scope()
	}
	p.Notice = notices[r.URL.Query().Get("done")]
	return p
}

// notices are the confirmations a redirect can ask for with ?done=…; only these fixed texts can
// appear, so the parameter cannot inject anything.
var notices = map[string]string{
	"password":     "パスワードを変更しました。",
	"survey":       "アンケートにご回答いただきありがとうございました。研修の有効性の評価に使わせていただきます。",
	"plan":         "年度教育計画を保存しました。",
	"roles":        "職位と役割の対応表を保存しました。次に名簿を取り込むときから使われます。",
	"signout":      "ログアウトしました。",
	"acknowledged": "周知確認を記録しました。ご協力ありがとうございました。",
	"amendment":    "改正版の設定を保存しました。",
	"review":       "問題の見直しを記録しました。",
	"proposal":     "次年度計画への提案を保存しました。",
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	sub, _ := fs.Sub(staticFS, "static")
	http.StripPrefix("/app/static/", http.FileServerFS(sub)).ServeHTTP(w, r)
}
