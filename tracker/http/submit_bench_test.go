package http_test

import (
	"encoding/json"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"isms/quiz"
)

// BenchmarkSubmit measures POST /api/attempts over loopback against a real SQLite file, with
// papers drawn beforehand; `isms bench submit` is the end-to-end figure with a separate server.
func BenchmarkSubmit(b *testing.B) {
	t := &testing.T{}
	e := newEnv(t)
	temps := e.importRoster(baseRoster)
	bank := quiz.Find(e.banks, "general")
	type paper struct {
		token   string
		answers map[string][]string
	}
	var clients []*client
	for _, login := range []string{"1001", "1002", "1003", "1004", "1005", "1006"} {
		c := e.client()
		c.t = t
		var sess struct {
			CSRF string `json:"csrfToken"`
		}
		c.api("POST", "/api/login", map[string]string{"login": login, "password": temps[login]}, &sess)
		c.csrf = sess.CSRF
		c.api("POST", "/api/password", map[string]string{"current": temps[login], "new": newPassword}, nil)
		clients = append(clients, c)
	}
	// Each client draws its share of the papers; each worker submits its client's papers.
	pools := make([][]paper, len(clients))
	for i := range b.N {
		ci := i % len(clients)
		var p struct {
			Paper     string `json:"paper"`
			Questions []struct {
				ID string `json:"id"`
			} `json:"questions"`
		}
		clients[ci].api("POST", "/api/training/general/papers", map[string]any{}, &p)
		ans := map[string][]string{}
		for _, q := range p.Questions {
			ans[q.ID] = bank.Question(q.ID).CorrectIDs()
		}
		pools[ci] = append(pools[ci], paper{p.Paper, ans})
	}
	next := make([]atomic.Int64, len(clients))
	var wg sync.WaitGroup
	b.ResetTimer()
	for w := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ci := w % len(clients)
			c := clients[ci]
			for {
				i := int(next[ci].Add(1)) - 1
				if i >= len(pools[ci]) {
					return
				}
				body, _ := json.Marshal(map[string]any{"paper": pools[ci][i].token, "answers": pools[ci][i].answers})
				r := c.api("POST", "/api/attempts", string(body), nil)
				if r.status != http.StatusCreated {
					b.Errorf("got %d: %.200s", r.status, r.body)
					return
				}
			}
		}()
	}
	wg.Wait()
}
