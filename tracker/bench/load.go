package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"sync"
	"sync/atomic"
	"time"

	"isms/quiz"
)

// newPassword is what every bench client sets after its temporary password.
const newPassword = "bench-kamome-umi-hashiru"

type benchClient struct {
	hc   *http.Client
	base string
	csrf string
}

func (c *benchClient) call(method, path string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode < 300 {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			return res.StatusCode, err
		}
	} else {
		io.Copy(io.Discard, res.Body)
	}
	return res.StatusCode, nil
}

type paperResponse struct {
	Paper     string `json:"paper"`
	Questions []struct {
		ID string `json:"id"`
	} `json:"questions"`
}

// load signs every client in (changing the temporary password), then runs the measured phase.
func load(ctx context.Context, base string, passwords map[string]string, o Options) (*Result, error) {
	banks, err := quiz.Builtin()
	if err != nil {
		return nil, err
	}
	bank := quiz.Find(banks, o.Module)
	if bank == nil {
		return nil, fmt.Errorf("bench: no module %q", o.Module)
	}
	transport := &http.Transport{MaxIdleConns: o.Clients * 2, MaxIdleConnsPerHost: o.Clients * 2, IdleConnTimeout: time.Minute}
	clients := make([]*benchClient, 0, o.Clients)
	for login, pw := range passwords {
		jar, _ := cookiejar.New(nil)
		c := &benchClient{hc: &http.Client{Jar: jar, Transport: transport, Timeout: 60 * time.Second}, base: base}
		var sess struct {
			CSRF string `json:"csrfToken"`
		}
		if st, err := c.call("POST", "/api/login", map[string]string{"login": login, "password": pw}, &sess); err != nil || st != 200 {
			return nil, fmt.Errorf("bench: sign in %s: %d %v", login, st, err)
		}
		c.csrf = sess.CSRF
		if st, err := c.call("POST", "/api/password", map[string]string{"current": pw, "new": newPassword}, nil); err != nil || st != 204 {
			return nil, fmt.Errorf("bench: change password %s: %d %v", login, st, err)
		}
		clients = append(clients, c)
	}
	fmt.Fprintf(o.Out, "%d clients signed in; submitting for %s or %d submissions\n", len(clients), o.Duration, o.Max)

	// Papers are drawn before the clock starts (each a fresh signed paper, so every submission is a
	// new attempt): the figure is the submit path's. -draw-inline draws inside the loop instead.
	type drawn struct {
		paper   string
		answers map[string][]string
	}
	draw := func(c *benchClient) (drawn, time.Duration, error) {
		t0 := time.Now()
		var p paperResponse
		st, err := c.call("POST", "/api/training/"+o.Module+"/papers", map[string]any{}, &p)
		d := time.Since(t0)
		if err != nil || st != http.StatusCreated {
			return drawn{}, d, fmt.Errorf("draw: %d %v", st, err)
		}
		answers := make(map[string][]string, len(p.Questions))
		for _, q := range p.Questions {
			if question := bank.Question(q.ID); question != nil {
				answers[q.ID] = question.CorrectIDs()
			}
		}
		return drawn{p.Paper, answers}, d, nil
	}
	var (
		mu       sync.Mutex
		draws    []time.Duration
		submits  []time.Duration
		okCount  int
		errCount int
		wg       sync.WaitGroup
	)
	pools := make([][]drawn, len(clients))
	if !o.DrawInline {
		per := (o.Max + len(clients) - 1) / len(clients)
		fmt.Fprintf(o.Out, "drawing %d papers per client\n", per)
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for range per {
					d, took, err := draw(c)
					mine = append(mine, took)
					if err != nil {
						mu.Lock()
						errCount++
						mu.Unlock()
						continue
					}
					pools[i] = append(pools[i], d)
				}
				mu.Lock()
				draws = append(draws, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	var reserved atomic.Int64
	serverBefore := cpuTime(o.serverPID)
	clientBefore := selfCPU()
	start := time.Now()
	deadline := start.Add(o.Duration)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mySubmits, myDraws []time.Duration
			ok, bad := 0, 0
			for n := 0; time.Now().Before(deadline) && ctx.Err() == nil; n++ {
				if !o.DrawInline && n >= len(pools[i]) {
					break
				}
				if reserved.Add(1) > int64(o.Max) {
					break
				}
				var d drawn
				if o.DrawInline {
					var took time.Duration
					var err error
					d, took, err = draw(c)
					myDraws = append(myDraws, took)
					if err != nil {
						bad++
						continue
					}
				} else {
					d = pools[i][n]
				}
				t1 := time.Now()
				st, err := c.call("POST", "/api/attempts", map[string]any{"paper": d.paper, "answers": d.answers}, nil)
				mySubmits = append(mySubmits, time.Since(t1))
				if err != nil || st != http.StatusCreated {
					bad++
					continue
				}
				ok++
			}
			mu.Lock()
			submits = append(submits, mySubmits...)
			draws = append(draws, myDraws...)
			okCount += ok
			errCount += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	r := &Result{Clients: len(clients), Submissions: okCount, Errors: errCount, Elapsed: elapsed,
		PerSecond: float64(okCount) / elapsed.Seconds(), DrawInline: o.DrawInline,
		ServerCPU: cpuTime(o.serverPID) - serverBefore, ClientCPU: selfCPU() - clientBefore}
	r.SubmitP50, r.SubmitP99, r.SubmitMax = percentile(submits, .50), percentile(submits, .99), percentile(submits, 1)
	r.DrawP50, r.DrawP99 = percentile(draws, .50), percentile(draws, .99)
	return r, nil
}
