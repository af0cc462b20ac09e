// Package reportbench measures the reports at the city's scale (`isms bench export`,
// `isms bench dashboard`): a real SQLite file filled with a synthetic city, the real export
// command in a process of its own (so its peak memory is its own), and the real HTTP server for
// the dashboard page.
package reportbench

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"isms/tracker"
	"isms/tracker/sqlite"
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
}

// itemsJSON is the grading of a ten-question paper, as every synthetic attempt records it.
var itemsJSON = func() []string {
	out := make([]string, 11) // by number right
	for right := 0; right <= 10; right++ {
		s := "["
		for i := 0; i < 10; i++ {
			if i > 0 {
				s += ","
			}
			comp := []string{"duty", "awareness", "structure", "incident", "legal"}[i%5]
			s += fmt.Sprintf(`{"questionId":"general-%03d","competency":"%s","chosen":["a"],"right":%v}`, i+1, comp, i < right)
		}
		out[right] = s + "]"
	}
	return out
}()

// Populate creates the database at path (migrating it through the store) and fills it. It
// returns the number of people and attempts written.
func Populate(ctx context.Context, path string, c City) (people, attempts int, err error) {
	db := sqlite.NewDB(path)
	if err := db.Open(); err != nil {
		return 0, 0, err
	}
	db.Close()
	// Bulk loading needs no durability: the file is thrown away if this fails.
	raw, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF&_foreign_keys=on")
	if err != nil {
		return 0, 0, err
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()

	first := c.Last - tracker.FiscalYear(c.Years-1)
	created := first.Start().Add(-24 * time.Hour).Unix()
	units, err := tx.PrepareContext(ctx, `INSERT INTO units (id, bureau, department, section, bureau_id, department_id, section_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, 0, err
	}
	var sections, departments []int64
	id := int64(0)
	for b := 1; b <= c.Bureaus; b++ {
		id++
		bid, bname := id, fmt.Sprintf("第%d局", b)
		if _, err := units.ExecContext(ctx, bid, bname, "", "", bid, 0, 0, created); err != nil {
			return 0, 0, err
		}
		for d := 1; d <= c.Departments; d++ {
			id++
			did, dname := id, fmt.Sprintf("第%d部", d)
			if _, err := units.ExecContext(ctx, did, bname, dname, "", bid, did, 0, created); err != nil {
				return 0, 0, err
			}
			departments = append(departments, did)
			for s := 1; s <= c.Sections; s++ {
				id++
				if _, err := units.ExecContext(ctx, id, bname, dname, fmt.Sprintf("第%d課", s), bid, did, id, created); err != nil {
					return 0, 0, err
				}
				sections = append(sections, id)
			}
		}
	}

	peopleStmt, err := tx.PrepareContext(ctx, `INSERT INTO people (id, staff_no, name, kana, unit_id, position, category, auditor, role, mail,
		status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, '', '在職', ?, ?)`)
	if err != nil {
		return 0, 0, err
	}
	postings, err := tx.PrepareContext(ctx, `INSERT INTO postings (person_id, unit_id, position, role, from_at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, 0, err
	}
	type person struct {
		id              int64
		staffNo, name   string
		role            tracker.Role
		position        string
		unit, bu, de, s int64
	}
	unitOf := map[int64][3]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT id, bureau_id, department_id, section_id FROM units`)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var u, b, d, s int64
		rows.Scan(&u, &b, &d, &s)
		unitOf[u] = [3]int64{b, d, s}
	}
	rows.Close()
	all := make([]person, 0, c.Staff)
	cats := []tracker.Category{tracker.CategoryStaff, tracker.CategoryStaff, tracker.CategoryStaff, tracker.CategoryFixedTerm, tracker.CategoryStaff,
		tracker.CategoryStaff, tracker.CategoryFixedTerm, tracker.CategoryStaff, tracker.CategoryStaff, tracker.CategoryContractor}
	for i := 0; i < c.Staff; i++ {
		p := person{id: int64(i + 1), staffNo: fmt.Sprintf("%07d", i+1), name: fmt.Sprintf("職員 %d", i+1), role: tracker.RoleGeneral, position: "主事"}
		switch {
		case i < len(departments):
			p.unit, p.role, p.position = departments[i], tracker.RoleExecutive, "部長"
		case i < len(departments)+len(sections):
			p.unit, p.role, p.position = sections[i-len(departments)], tracker.RoleManager, "課長"
		default:
			p.unit = sections[i%len(sections)]
		}
		cat := cats[i%len(cats)]
		if p.role != tracker.RoleGeneral {
			cat = tracker.CategoryStaff
		}
		if _, err := peopleStmt.ExecContext(ctx, p.id, p.staffNo, p.name, "ショクイン", p.unit, p.position, cat, p.role, created, created); err != nil {
			return 0, 0, err
		}
		if _, err := postings.ExecContext(ctx, p.id, p.unit, p.position, p.role, created); err != nil {
			return 0, 0, err
		}
		u := unitOf[p.unit]
		p.bu, p.de, p.s = u[0], u[1], u[2]
		all = append(all, p)
	}

	att, err := tx.PrepareContext(ctx, `INSERT INTO attempts (key, person_id, staff_no, name, role, position, unit_id, bureau_id, bureau,
		department_id, department, section_id, section, module, fiscal_year, policy_version, bank_version, paper, answers, items,
		correct, total, percent, passed, started_at, submitted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, '', ?, '', ?, ?, 'bench', 'bench', '{}', '{}', ?, ?, 10, ?, ?, ?, ?)`)
	if err != nil {
		return 0, 0, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	insert := func(p person, module string, fy tracker.FiscalYear, right int, at time.Time) error {
		n++
		passed := right >= 8
		_, err := att.ExecContext(ctx, fmt.Sprintf("bench-%d", n), p.id, p.staffNo, p.name, p.role, p.position, p.unit, p.bu, p.de, p.s,
			module, fy, itemsJSON[right], right, right*10, passed, at.Add(-12*time.Minute).Unix(), at.Unix())
		return err
	}
	modules := map[tracker.Role][]string{
		tracker.RoleGeneral:   {"general"},
		tracker.RoleManager:   {"general", "manager"},
		tracker.RoleExecutive: {"general", "manager", "executive"},
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
				p := all[k%len(all)]
				round := k / len(all)
				mods := modules[p.role]
				right := 5 // a failed attempt, then a pass
				if round%2 == 1 {
					right = 9
				}
				if err := insert(p, mods[(round/2)%len(mods)], fy, right, when()); err != nil {
					return 0, 0, err
				}
			}
			continue
		}
		for _, p := range all {
			for _, m := range modules[p.role] {
				r := rng.Float64()
				switch {
				case r < 0.06: // never started
				case r < 0.84: // passed at once
					if err := insert(p, m, fy, 8+rng.IntN(3), when()); err != nil {
						return 0, 0, err
					}
				default: // failed first; most retake and pass
					t := when()
					if err := insert(p, m, fy, 3+rng.IntN(5), t); err != nil {
						return 0, 0, err
					}
					if rng.Float64() < 0.7 {
						again := t.Add(time.Duration(1+rng.IntN(72)) * time.Hour)
						if !again.Before(end) {
							again = end.Add(-time.Second)
						}
						if err := insert(p, m, fy, 8+rng.IntN(3), again); err != nil {
							return 0, 0, err
						}
					}
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, err
	}
	if _, err := raw.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return 0, 0, err
	}
	return len(all), n, nil
}
