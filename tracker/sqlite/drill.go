package sqlite

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"isms/tracker"
)

var _ tracker.DrillService = (*DB)(nil)

// PreviewDrill matches a results file to the roster.
func (db *DB) PreviewDrill(ctx context.Context, sessionID int64, f *tracker.DrillFile) (*tracker.DrillPreview, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return db.previewDrill(ctx, db.rdb, sessionID, f)
}

func (db *DB) previewDrill(ctx context.Context, q querier, sessionID int64, f *tracker.DrillFile) (*tracker.DrillPreview, error) {
	s, err := db.sessionByID(ctx, q, sessionID)
	if err != nil {
		return nil, err
	}
	if s.Kind != tracker.KindDrill {
		return nil, tracker.Errorf(tracker.EINVALID, "「%s」は訓練ではないため、訓練結果は記録できません。", s.Title)
	}
	var nos, mails []string
	for _, r := range f.Rows {
		if r.StaffNo != "" {
			nos = append(nos, r.StaffNo)
		}
		if r.Mail != "" {
			mails = append(mails, r.Mail)
		}
	}
	byNo, err := peopleByStaffNo(ctx, q, nos)
	if err != nil {
		return nil, err
	}
	byMail, err := peopleByMail(ctx, q, mails)
	if err != nil {
		return nil, err
	}
	recorded, err := recordedPeople(ctx, q, "drill_results", sessionID)
	if err != nil {
		return nil, err
	}

	pv := &tracker.DrillPreview{Session: s}
	var problems []string
	firstRow := map[int64]int{}
	for _, r := range f.Rows {
		p := byNo[r.StaffNo]
		if p == nil && r.Mail != "" {
			matches := byMail[r.Mail]
			if len(matches) > 1 {
				problems = append(problems, fmt.Sprintf("%d行目: メール「%s」の職員が名簿に%d人います。職員番号で指定してください。", r.Row, r.Mail, len(matches)))
				continue
			}
			if len(matches) == 1 {
				p = matches[0]
			}
		}
		switch {
		case p == nil && r.StaffNo != "":
			problems = append(problems, fmt.Sprintf("%d行目: 職員番号「%s」の職員は名簿にいません。", r.Row, r.StaffNo))
		case p == nil:
			problems = append(problems, fmt.Sprintf("%d行目: メール「%s」の職員は名簿にいません。", r.Row, r.Mail))
		case firstRow[p.ID] != 0:
			problems = append(problems, fmt.Sprintf("%d行目: %s（職員番号 %s）の結果が%d行目にもあります。", r.Row, p.Name, p.StaffNo, firstRow[p.ID]))
		case recorded[p.ID]:
			pv.Already++
		default:
			pv.Results = append(pv.Results, &tracker.DrillResult{SessionID: sessionID, PersonID: p.ID, StaffNo: p.StaffNo, Name: p.Name,
				Unit: p.Unit, DrillRow: *r, FileSHA256: f.Digest})
			pv.Figures.Add(r)
		}
		if p != nil && firstRow[p.ID] == 0 {
			firstRow[p.ID] = r.Row
		}
	}
	if len(problems) > 0 {
		return nil, tracker.Errorf(tracker.EINVALID, "訓練結果ファイルに誤りがあります（%d件）。記録は行っていません。\n%s", len(problems), strings.Join(problems, "\n"))
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%s\n", sessionID, f.Digest)
	for _, r := range pv.Results {
		fmt.Fprintf(h, "%d\n", r.PersonID)
	}
	pv.Digest = hex.EncodeToString(h.Sum(nil))[:32]
	return pv, nil
}

// peopleByMail reads the people with the given addresses (compared in lower case).
func peopleByMail(ctx context.Context, q querier, mails []string) (map[string][]*tracker.Person, error) {
	out := map[string][]*tracker.Person{}
	err := peopleIn(ctx, q, "lower(p.mail)", mails, func(p *tracker.Person) {
		if p.Mail == "" {
			return
		}
		m := strings.ToLower(p.Mail)
		if !slices.ContainsFunc(out[m], func(x *tracker.Person) bool { return x.ID == p.ID }) {
			out[m] = append(out[m], p)
		}
	})
	return out, err
}

// ImportDrill records the previewed results in one transaction.
func (db *DB) ImportDrill(ctx context.Context, sessionID int64, f *tracker.DrillFile, digest string) (int, error) {
	if err := requireAdmin(ctx); err != nil {
		return 0, err
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	pv, err := db.previewDrill(ctx, tx, sessionID, f)
	if err != nil {
		return 0, err
	}
	if pv.Digest != digest {
		return 0, tracker.Errorf(tracker.ECONFLICT, "確認の後に訓練結果ファイルか記録が変わりました。もう一度確認してから記録してください。")
	}
	actor, _, _ := actorOf(ctx)
	for _, r := range pv.Results {
		res, err := tx.ExecContext(ctx, `INSERT INTO drill_results (session_id, person_id, staff_no, name, bureau_id, bureau, department_id,
			department, section_id, section, sent, opened, clicked, attachment, submitted, reported, file_sha256, recorded_at, recorded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.SessionID, r.PersonID, r.StaffNo, r.Name, r.Unit.BureauID,
			r.Unit.Bureau, r.Unit.DepartmentID, r.Unit.Department, r.Unit.SectionID, r.Unit.Section, r.Sent, r.Opened, r.Clicked,
			r.Attachment, r.Submitted, r.Reported, r.FileSHA256, unix(tx.now), actor)
		if err != nil {
			return 0, err
		}
		id, _ := res.LastInsertId()
		if err := tx.logEvidence(ctx, tracker.EvidenceDrillResult, id, tracker.ActionDrillImport, fmt.Sprintf("drill_result %d", id),
			fmt.Sprintf("session=%d staff=%s file=%s sha256=%s", sessionID, r.StaffNo, f.FileName, f.Digest)); err != nil {
			return 0, err
		}
	}
	return len(pv.Results), tx.Commit()
}

const drillColumns = `a.id, a.session_id, a.person_id, a.staff_no, a.name, a.bureau_id, a.bureau, a.department_id, a.department,
	a.section_id, a.section, a.sent, a.opened, a.clicked, a.attachment, a.submitted, a.reported, a.file_sha256, a.recorded_at,
	a.recorded_by, s.fiscal_year, s.title, s.start_on`

// eachDrill streams results in the caller's scope matching where (on drill_results a and
// training_sessions s), oldest drill first.
func (db *DB) eachDrill(ctx context.Context, where string, args []any, fn func(*tracker.DrillResult) error) error {
	if !tracker.PrincipalFrom(ctx).Scope().Manages() {
		return tracker.Errorf(tracker.EFORBIDDEN, "訓練の結果は、セキュリティ管理者・局長級・部長級職員と情報セキュリティ事務局が見られます。")
	}
	scope, scopeArgs := attemptScopeCondition(ctx)
	rows, err := db.rdb.QueryContext(ctx, `SELECT `+drillColumns+` FROM drill_results a JOIN training_sessions s ON s.id = a.session_id
		WHERE `+scope+` AND `+where+` ORDER BY s.start_on, s.id, a.id`, append(scopeArgs, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r tracker.DrillResult
		var s tracker.TrainingSession
		var at int64
		var start string
		if err := rows.Scan(&r.ID, &r.SessionID, &r.PersonID, &r.StaffNo, &r.Name, &r.Unit.BureauID, &r.Unit.Bureau, &r.Unit.DepartmentID,
			&r.Unit.Department, &r.Unit.SectionID, &r.Unit.Section, &r.Sent, &r.Opened, &r.Clicked, &r.Attachment, &r.Submitted,
			&r.Reported, &r.FileSHA256, &at, &r.RecordedBy, &s.FiscalYear, &s.Title, &start); err != nil {
			return err
		}
		r.RecordedAt = fromUnix(at)
		s.ID, s.Kind = r.SessionID, tracker.KindDrill
		s.Start, _ = tracker.ParseDate(start)
		r.Session = &s
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EachDrillResult streams a fiscal year's results in the caller's scope.
func (db *DB) EachDrillResult(ctx context.Context, fy tracker.FiscalYear, fn func(*tracker.DrillResult) error) error {
	return db.eachDrill(ctx, "(? = 0 OR s.fiscal_year = ?)", []any{fy, fy}, fn)
}

// DrillReport sums one drill's results (or a fiscal year's) by unit, with repeat clickers and
// every year's figures, in the caller's scope.
func (db *DB) DrillReport(ctx context.Context, sessionID int64, fy tracker.FiscalYear) (*tracker.DrillReport, error) {
	d := &tracker.DrillReport{Units: []tracker.DrillUnitFigures{}, RepeatClickers: []*tracker.RepeatClicker{}}
	where, args := "s.fiscal_year = ?", []any{fy}
	if sessionID != 0 {
		s, err := db.FindSession(ctx, sessionID)
		if err != nil {
			return nil, err
		}
		d.Session = s
		where, args = "a.session_id = ?", []any{sessionID}
	}
	if err := db.eachDrill(ctx, where, args, func(r *tracker.DrillResult) error {
		d.Add(r.Unit, &r.DrillRow)
		return nil
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(d.Units, func(a, b tracker.DrillUnitFigures) int {
		return cmp.Or(cmp.Compare(a.Unit.BureauID, b.Unit.BureauID), cmp.Compare(a.Unit.DepartmentID, b.Unit.DepartmentID),
			cmp.Compare(a.Unit.SectionID, b.Unit.SectionID))
	})
	// Repeat clickers and the years look across every drill in the scope.
	clickers := map[int64]*tracker.RepeatClicker{}
	var order []int64
	years := map[tracker.FiscalYear]*tracker.DrillYear{}
	drills := map[tracker.FiscalYear]map[int64]bool{}
	err := db.eachDrill(ctx, "1", nil, func(r *tracker.DrillResult) error {
		fy := r.Session.FiscalYear
		y := years[fy]
		if y == nil {
			y = &tracker.DrillYear{FiscalYear: fy}
			years[fy], drills[fy] = y, map[int64]bool{}
		}
		y.Add(&r.DrillRow)
		drills[fy][r.SessionID] = true
		if r.Clicked || r.Attachment || r.Submitted {
			c := clickers[r.PersonID]
			if c == nil {
				c = &tracker.RepeatClicker{StaffNo: r.StaffNo, Name: r.Name}
				clickers[r.PersonID] = c
				order = append(order, r.PersonID)
			}
			c.Unit = r.Unit
			c.Drills = append(c.Drills, r.Session.Title+"（"+r.Session.Start.Japanese()+"）")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range order {
		if c := clickers[id]; len(c.Drills) > 1 {
			d.RepeatClickers = append(d.RepeatClickers, c)
		}
	}
	slices.SortFunc(d.RepeatClickers, func(a, b *tracker.RepeatClicker) int {
		return cmp.Or(cmp.Compare(len(b.Drills), len(a.Drills)), cmp.Compare(a.Unit.SectionID, b.Unit.SectionID), strings.Compare(a.StaffNo, b.StaffNo))
	})
	for fy, y := range years {
		y.Drills = len(drills[fy])
		d.Years = append(d.Years, *y)
	}
	slices.SortFunc(d.Years, func(a, b tracker.DrillYear) int { return cmp.Compare(b.FiscalYear, a.FiscalYear) })
	return d, nil
}
