package http_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"isms/internal/app"
	"isms/internal/browser"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browser.Close()
	os.Exit(code)
}

// siteCSS serves the handbook's stylesheet from the repository, so colours and contrast are
// checked as they will be served.
func siteCSS(a *app.App) {
	css, err := os.ReadFile(filepath.Join("..", "..", "static", "assets", "site.css"))
	a.Static = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/assets/site.css" && err == nil {
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			w.Write(css)
			return
		}
		http.NotFound(w, r)
	})
}

// browserSignIn signs a tab in through the page's own form fields.
func browserSignIn(t *testing.T, ctx context.Context, base, login, password string) {
	t.Helper()
	if err := browser.Navigate(ctx, base+"/app/login"); err != nil {
		t.Fatal(err)
	}
	js := fmt.Sprintf(`fetch('/app/login', {method: 'POST', credentials: 'same-origin', redirect: 'manual',
		body: new URLSearchParams({csrf: document.querySelector('input[name=csrf]').value, login: %q, password: %q, next: '/app/'})}).then(() => true)`,
		login, password)
	if _, err := browser.Eval[bool](ctx, js); err != nil {
		t.Fatal(err)
	}
}
