// Package reportbench measures the reports at the city's scale (`isms bench export`,
// `isms bench dashboard`): a real SQLite file filled with a synthetic city, the real export
// command in a process of its own (so its peak memory is its own), and the real HTTP server for
// the dashboard page.
package reportbench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"isms/internal/app"
	"isms/tracker"
	"isms/tracker/roster"
)

// City is the synthetic organisation: Bureaus × Departments × Sections, staff spread evenly,
// one 課長 per section and one 部長 per department.
type City struct {
	Staff       int
	Bureaus     int
	Departments int                // per bureau
	Sections    int                // per department
	Years       int                // fiscal years of records, ending with Last
	Last        tracker.FiscalYear // the newest fiscal year
	// Attempts, when not zero, is the exact number of attempts of the newest year (each person in
	// turn: a failed then a passing attempt at general, …); otherwise every year gets the
	// natural mix: most pass at the first attempt, some retake, a few never start.
	Attempts int
	Now      time.Time // nothing is dated after it
	Mail     bool      // give everyone a mail address (the reminder benchmark)
}

// Populate creates the database at path and fills it through the store, as the 事務局 and staff
// would: the roster imported the day before the first fiscal year, then each day's attempts
// submitted together, as the store commits concurrent submissions. It returns the number of
// people and attempts written.
func Populate(ctx context.Context, path string, c City) (people, attempts int, err error) {
	first := c.Last - tracker.FiscalYear(c.Years-1)
	clock := &seedClock{t: first.Start().Add(-24 * time.Hour)}
	cfg := app.DefaultConfig()
	cfg.Data = filepath.Dir(path)
	a := app.New(cfg)
	a.Now = clock.Now
	if err := a.Open(); err != nil {
		return 0, 0, err
	}
	defer a.Close()
	admin := tracker.NewContext(ctx, tracker.SystemPrincipal("reportbench"))

	staff, err := importCity(admin, a, c)
	if err != nil {
		return 0, 0, err
	}
	byDay := plannedAttempts(staff, c, first)
	days := make([]time.Time, 0, len(byDay))
	for d := range byDay {
		days = append(days, d)
	}
	slices.SortFunc(days, time.Time.Compare)
	n := 0
	for _, day := range days {
		clock.set(day)
		for _, wave := range waves(byDay[day]) {
			if err := submit(ctx, a, wave, &n); err != nil {
				return 0, 0, err
			}
		}
	}
	return len(staff), n, nil
}

// Open populates a city in the data directory dir and opens it as the commands do, for tests that
// read a realistic year through the application.
func Open(ctx context.Context, dir string, c City) (*app.App, error) {
	if _, _, err := Populate(ctx, filepath.Join(dir, "tracker.db"), c); err != nil {
		return nil, err
	}
	cfg := app.DefaultConfig()
	cfg.Data = dir
	a := app.New(cfg)
	return a, a.OpenExisting()
}

// importCity writes the city as a roster file and imports it.
func importCity(ctx context.Context, a *app.App, c City) ([]*tracker.Person, error) {
	var b strings.Builder
	b.WriteString(strings.Join(roster.Columns, ",") + "\n")
	cats := []tracker.Category{tracker.CategoryStaff, tracker.CategoryStaff, tracker.CategoryStaff, tracker.CategoryFixedTerm, tracker.CategoryStaff,
		tracker.CategoryStaff, tracker.CategoryFixedTerm, tracker.CategoryStaff, tracker.CategoryStaff, tracker.CategoryContractor}
	type place struct{ bureau, department, section string }
	var departments, sections []place
	for bu := 1; bu <= c.Bureaus; bu++ {
		for d := 1; d <= c.Departments; d++ {
			departments = append(departments, place{fmt.Sprintf("第%d局", bu), fmt.Sprintf("第%d部", d), ""})
			for s := 1; s <= c.Sections; s++ {
				sections = append(sections, place{fmt.Sprintf("第%d局", bu), fmt.Sprintf("第%d部", d), fmt.Sprintf("第%d課", s)})
			}
		}
	}
	for i := 0; i < c.Staff; i++ {
		// The first row sits in 第1局 第1部 第1課, so that the units are numbered 局, 部, 課 from 1.
		p, position, cat := sections[i%len(sections)], "主事", cats[i%len(cats)]
		switch {
		case i > 0 && i <= len(departments):
			p, position, cat = departments[i-1], "部長", tracker.CategoryStaff
		case i > len(departments) && i <= len(departments)+len(sections):
			p, position, cat = sections[i-1-len(departments)], "課長", tracker.CategoryStaff
		}
		mail := ""
		if c.Mail {
			mail = fmt.Sprintf("s%07d@city.example.jp", i+1)
		}
		fmt.Fprintf(&b, "%07d,職員 %d,ショクイン,%s,%s,%s,%s,%s,,%s\n", i+1, i+1, p.bureau, p.department, p.section, position, cat, mail)
	}
	parser, err := a.RosterParser(ctx)
	if err != nil {
		return nil, err
	}
	r, err := parser.Parse("city.csv", []byte(b.String()))
	if err != nil {
		return nil, err
	}
	d, err := a.DB.PreviewRoster(ctx, r)
	if err != nil {
		return nil, err
	}
	if _, err := a.DB.ApplyRoster(ctx, r, d.Digest); err != nil {
		return nil, err
	}
	var staff []*tracker.Person
	for offset := 0; ; offset += 1000 {
		page, total, err := a.DB.FindPeople(ctx, tracker.PersonFilter{Offset: offset, Limit: 1000})
		if err != nil {
			return nil, err
		}
		staff = append(staff, page...)
		if offset+len(page) >= total || len(page) == 0 {
			break
		}
	}
	slices.SortFunc(staff, func(x, y *tracker.Person) int { return strings.Compare(x.StaffNo, y.StaffNo) })
	return staff, nil
}

// planned is one attempt to submit: who, which module, how many of ten right, when.
type planned struct {
	person *tracker.Person
	module string
	right  int
	at     time.Time
}

// plannedAttempts draws every attempt of the city's years, grouped by the day they are submitted
// on: the store dates a submission by its clock, set to the first minute of the day in Japan, so a
// day never straddles two fiscal years.
func plannedAttempts(staff []*tracker.Person, c City, first tracker.FiscalYear) map[time.Time][]planned {
	rng := rand.New(rand.NewPCG(1, 2))
	out := map[time.Time][]planned{}
	add := func(p *tracker.Person, module string, right int, at time.Time) {
		j := at.In(tracker.Japan)
		day := time.Date(j.Year(), j.Month(), j.Day(), 0, 1, 0, 0, tracker.Japan)
		out[day] = append(out[day], planned{p, module, right, at})
	}
	for fy := first; fy <= c.Last; fy++ {
		start, end := fy.Start().AddDate(0, 2, 0), fy.End()
		if c.Now.Before(end) {
			end = c.Now
		}
		span := end.Sub(start)
		if span <= 0 {
			continue
		}
		when := func() time.Time { return start.Add(time.Duration(rng.Int64N(int64(span)))) }
		if c.Attempts > 0 && fy == c.Last {
			for k := 0; k < c.Attempts; k++ {
				p := staff[k%len(staff)]
				round := k / len(staff)
				mods := tracker.RequiredModules(p.Role)
				right := 5 // a failed attempt, then a pass
				if round%2 == 1 {
					right = 9
				}
				add(p, mods[(round/2)%len(mods)], right, when())
			}
			continue
		}
		for _, p := range staff {
			for _, m := range tracker.RequiredModules(p.Role) {
				r := rng.Float64()
				switch {
				case r < 0.06: // never started
				case r < 0.84: // passed at once
					add(p, m, 8+rng.IntN(3), when())
				default: // failed first; most retake and pass
					t := when()
					add(p, m, 3+rng.IntN(5), t)
					if rng.Float64() < 0.7 {
						again := t.Add(time.Duration(1+rng.IntN(72)) * time.Hour)
						if !again.Before(end) {
							again = end.Add(-time.Second)
						}
						add(p, m, 8+rng.IntN(3), again)
					}
				}
			}
		}
	}
	return out
}

// waves splits a day's attempts, in time order, so that a retake comes in a later wave than the
// attempt before it.
func waves(day []planned) [][]planned {
	slices.SortStableFunc(day, func(x, y planned) int { return x.at.Compare(y.at) })
	var out [][]planned
	seen := map[string]int{} // person and module → waves so far
	for _, p := range day {
		key := p.person.StaffNo + " " + p.module
		w := seen[key]
		seen[key] = w + 1
		if w == len(out) {
			out = append(out, nil)
		}
		out[w] = append(out[w], p)
	}
	return out
}

// submit submits attempts at once, as staff do: the store commits them together.
func submit(ctx context.Context, a *app.App, batch []planned, n *int) error {
	var wg sync.WaitGroup
	errs := make([]error, len(batch))
	for i, p := range batch {
		*n++
		at := &tracker.Attempt{Key: fmt.Sprintf("bench-%d", *n), Module: p.module, PolicyVersion: "bench", BankVersion: "bench",
			Paper: json.RawMessage(`{}`), Answers: map[string][]string{}, Items: items(p.module, p.right),
			Correct: p.right, Total: 10, Percent: p.right * 10, Passed: p.right >= 8, StartedAt: a.Now().Add(-12 * time.Minute)}
		pctx := tracker.NewContext(ctx, &tracker.Principal{Account: &tracker.Account{Login: p.person.StaffNo, Kind: tracker.KindStaff},
			Person: p.person, Source: "reportbench"})
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = a.DB.CreateAttempt(pctx, at)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// items is the grading of a ten-question paper with right answers first.
func items(module string, right int) []tracker.AttemptItem {
	out := make([]tracker.AttemptItem, 10)
	for i := range out {
		comp := []string{"duty", "awareness", "structure", "incident", "legal"}[i%5]
		out[i] = tracker.AttemptItem{QuestionID: fmt.Sprintf("%s-%03d", module, i+1), Competency: comp, Chosen: []string{"a"}, Right: i < right}
	}
	return out
}

// seedClock is the store's clock while seeding: set to each day in turn.
type seedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *seedClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *seedClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}
