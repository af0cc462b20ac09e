package http

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
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
	"jst": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(tracker.Japan).Format("2006年1月2日 15:04")
	},
	"jstDate": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return ""
			}
			return v.In(tracker.Japan).Format("2006年1月2日")
		case *time.Time:
			if v == nil {
				return ""
			}
			return v.In(tracker.Japan).Format("2006年1月2日")
		case tracker.Date:
			return v.Japanese()
		}
		return ""
	},
	"roleName":     func(r tracker.Role) string { return r.Name() },
	"articleLabel": quiz.ArticleLabel,
	"articleURL":   quiz.ArticleURL,
	"lines":        func(s string) []string { return strings.Split(s, "\n") },
	"join":         strings.Join,
	"stateClass": func(s tracker.State) string {
		switch s {
		case tracker.StatePassed, tracker.StateLatePassed:
			return "state-passed"
		case tracker.StateInProgress, tracker.StateFailed:
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

func parsePages(moduleTitle func(string) string) (*pages, error) {
	fm := template.FuncMap{"moduleTitle": moduleTitle}
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
func (p *Page) ModuleTitle(module string) string {
	if b := p.server.bank(module); b != nil {
		return b.Title
	}
	return module
}

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
	"password": "パスワードを変更しました。",
	"survey":   "アンケートにご回答いただきありがとうございました。研修の有効性の評価に使わせていただきます。",
	"plan":     "年度教育計画を保存しました。",
	"proposal": "次年度計画への提案を保存しました。",
	"signout":  "サインアウトしました。",
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	sub, _ := fs.Sub(staticFS, "static")
	http.StripPrefix("/app/static/", http.FileServerFS(sub)).ServeHTTP(w, r)
}
