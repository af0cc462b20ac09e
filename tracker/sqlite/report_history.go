package sqlite

import (
	"context"
	"slices"
	"strings"

	"isms/tracker"
)

// FindHistory returns a person's 受講歴 across fiscal years.
func (db *DB) FindHistory(ctx context.Context, staffNo string, planFor func(tracker.FiscalYear) (*tracker.Plan, error)) (*tracker.History, error) {
	staffNo = strings.TrimSpace(staffNo)
	if staffNo == "" || len(staffNo) > 50 {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "該当する職員は見つかりません。")
	}
	// The scope is applied here, in the person's query: staff find only themselves, managers the
	// people now in their unit. The years below follow the person wherever they were placed.
	person, err := db.FindPersonByStaffNo(ctx, staffNo)
	if err != nil {
		return nil, err
	}
	postings, err := db.FindPostings(ctx, staffNo)
	if err != nil {
		return nil, err
	}
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+attemptColumns+attemptFrom+`WHERE a.person_id = ? ORDER BY a.submitted_at, a.id`, person.ID)
	if err != nil {
		return nil, err
	}
	byYear := map[tracker.FiscalYear][]*tracker.Attempt{}
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		// The record of what was drawn and answered stays on the attempt's own page.
		a.Paper, a.Answers, a.Items = nil, nil, nil
		byYear[a.FiscalYear] = append(byYear[a.FiscalYear], a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	attendance, err := db.attendanceOf(ctx, person.ID)
	if err != nil {
		return nil, err
	}
	attendedIn := map[tracker.FiscalYear][]*tracker.Attendance{}
	for _, a := range attendance {
		attendedIn[a.Session.FiscalYear] = append(attendedIn[a.Session.FiscalYear], a)
	}
	years := make([]tracker.FiscalYear, 0, len(byYear)+1)
	for y := range byYear {
		years = append(years, y)
	}
	for y := range attendedIn {
		if !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	if current := tracker.FiscalYearOf(db.now()); person.Status == tracker.StatusActive && !slices.Contains(years, current) {
		years = append(years, current)
	}
	slices.Sort(years)
	slices.Reverse(years)

	h := &tracker.History{Person: person, Postings: postings}
	for _, y := range years {
		plan, err := planFor(y)
		if err != nil {
			return nil, err
		}
		hy := &tracker.HistoryYear{FiscalYear: y, Attempts: byYear[y], Attendance: attendedIn[y]}
		err = db.eachReport(ctx, placement{plan: plan, cut: db.cutOff(y), personID: person.ID, detail: true, unscoped: true},
			func(r *tracker.PersonReport) error {
				hy.Report = r
				return nil
			})
		if err != nil {
			return nil, err
		}
		h.Years = append(h.Years, hy)
	}
	return h, nil
}
