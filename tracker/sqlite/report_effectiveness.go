package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"isms/tracker"
	"isms/tracker/stats"
)

// Effectiveness returns the effectiveness evaluation of a fiscal year with the previous year's.
func (db *DB) Effectiveness(ctx context.Context, fy tracker.FiscalYear, module string) (*tracker.Effectiveness, error) {
	if !tracker.PrincipalFrom(ctx).Scope().All {
		return nil, tracker.Errorf(tracker.EFORBIDDEN, "研修の有効性評価は情報セキュリティ事務局とISMS統括責任者だけが見られます。")
	}
	if !fy.Valid() {
		return nil, tracker.Errorf(tracker.EINVALID, "年度が正しくありません。西暦の4桁（例: 2026）で指定してください。")
	}
	if len(module) > 50 {
		return nil, tracker.Errorf(tracker.EINVALID, "研修モジュールの指定が正しくありません。")
	}
	current, err := db.moduleFigures(ctx, fy, module)
	if err != nil {
		return nil, err
	}
	previous, err := db.moduleFigures(ctx, fy-1, module)
	if err != nil {
		return nil, err
	}
	var modules []string
	if module != "" {
		modules = []string{module}
	} else {
		for m := range current {
			modules = append(modules, m)
		}
		for m := range previous {
			if current[m] == nil {
				modules = append(modules, m)
			}
		}
		sortModules(modules)
	}
	e := &tracker.Effectiveness{FiscalYear: fy, Modules: []*tracker.ModuleComparison{}}
	for _, m := range modules {
		mc := &tracker.ModuleComparison{Module: m, Current: current[m], Previous: previous[m]}
		if mc.Current == nil {
			mc.Current = emptyFigures(m, fy)
		}
		if mc.Previous == nil {
			mc.Previous = emptyFigures(m, fy-1)
		}
		e.Modules = append(e.Modules, mc)
	}
	return e, nil
}

func emptyFigures(module string, fy tracker.FiscalYear) *tracker.ModuleEffectiveness {
	return &tracker.ModuleEffectiveness{Module: module, FiscalYear: fy, Distribution: tracker.ScoreBuckets(),
		Competencies: []tracker.CompetencyResult{}, Items: &tracker.ItemAnalysis{Items: []*tracker.ItemResult{}},
		Survey: tracker.SurveySummary{Comments: []tracker.SurveyComment{}}}
}

// figureSums gathers one module's figures while its attempts stream in.
type figureSums struct {
	m         *tracker.ModuleEffectiveness
	percents  []int
	comps     map[string]*tracker.CompetencyResult
	compOrder []string
	firsts    []stats.Attempt
	itemComp  map[string]string // question ID → competency, as the attempts recorded it
	undSum    int
	useSum    int
}

// moduleFigures computes the figures of every module (or one) in a fiscal year in one pass over
// its attempts, each person's in submission order.
func (db *DB) moduleFigures(ctx context.Context, fy tracker.FiscalYear, module string) (map[string]*tracker.ModuleEffectiveness, error) {
	where, args := "a.fiscal_year = ?", []any{fy}
	if module != "" {
		where, args = where+" AND a.module = ?", append(args, module)
	}
	// Read in (person, module) order, which the attempts_year_person index gives without a sort;
	// each person's first attempt at a module is found within their group.
	rows, err := db.rdb.QueryContext(ctx, `SELECT a.module, a.person_id, a.id, a.submitted_at, a.percent, a.passed, a.items,
		s.understanding, s.usefulness, s.comment, s.created_at
		FROM attempts a INDEXED BY attempts_year_person LEFT JOIN surveys s ON s.attempt_id = a.id WHERE `+where+`
		ORDER BY a.fiscal_year, a.person_id, a.module`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sums := map[string]*figureSums{}
	dec := newItemDecoder()
	// The group of one person's attempts at one module.
	var (
		group                  *figureSums
		groupPerson            int64
		groupModule            string
		firstAt, firstID       int64
		firstPassed, anyPassed bool
		firstItems             stats.Attempt
	)
	endGroup := func() {
		if group == nil {
			return
		}
		m := group.m
		m.People++
		if firstPassed {
			m.FirstPassed++
		}
		if anyPassed {
			m.Passed++
		}
		group.firsts = append(group.firsts, firstItems)
		group = nil
	}
	for rows.Next() {
		var (
			mod                 string
			personID, id, subAt int64
			percent             int
			passed              bool
			itemsJSON           sql.RawBytes
			und, use            sql.NullInt64
			comment             sql.NullString
			commentAt           sql.NullInt64
		)
		if err := rows.Scan(&mod, &personID, &id, &subAt, &percent, &passed, &itemsJSON, &und, &use, &comment, &commentAt); err != nil {
			return nil, err
		}
		fs := sums[mod]
		if fs == nil {
			fs = &figureSums{m: emptyFigures(mod, fy), comps: map[string]*tracker.CompetencyResult{}, itemComp: map[string]string{}}
			sums[mod] = fs
		}
		items, err := dec.decode(itemsJSON)
		if err != nil {
			return nil, err
		}
		if group == nil || personID != groupPerson || mod != groupModule {
			endGroup()
			group, groupPerson, groupModule = fs, personID, mod
			firstAt, firstID, firstPassed, anyPassed = subAt, id, passed, false
			firstItems = responses(items, fs.itemComp)
		} else if subAt < firstAt || (subAt == firstAt && id < firstID) {
			firstAt, firstID, firstPassed = subAt, id, passed
			firstItems = responses(items, fs.itemComp)
		}
		anyPassed = anyPassed || passed
		m := fs.m
		m.Attempts++
		fs.percents = append(fs.percents, percent)
		bucket := min(max(percent, 0)/10, 10)
		m.Distribution[bucket].Count++
		for _, it := range items {
			c := fs.comps[it.Competency]
			if c == nil {
				c = &tracker.CompetencyResult{Competency: it.Competency}
				fs.comps[it.Competency] = c
				fs.compOrder = append(fs.compOrder, it.Competency)
			}
			c.Total++
			if it.Right {
				c.Correct++
			}
		}
		if und.Valid {
			sv := &m.Survey
			sv.Responses++
			if u := int(und.Int64); u >= 1 && u <= 5 {
				sv.Understanding[u-1]++
				fs.undSum += u
			}
			if u := int(use.Int64); u >= 1 && u <= 5 {
				sv.Usefulness[u-1]++
				fs.useSum += u
			}
			if comment.String != "" {
				sv.Comments = append(sv.Comments, tracker.SurveyComment{At: fromUnix(commentAt.Int64), Text: comment.String})
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	endGroup()

	out := map[string]*tracker.ModuleEffectiveness{}
	for mod, fs := range sums {
		m := fs.m
		slices.Sort(fs.percents)
		total := 0
		for _, p := range fs.percents {
			total += p
		}
		if n := len(fs.percents); n > 0 {
			m.MeanPercent = float64(total) / float64(n)
			if n%2 == 1 {
				m.MedianPercent = float64(fs.percents[n/2])
			} else {
				m.MedianPercent = float64(fs.percents[n/2-1]+fs.percents[n/2]) / 2
			}
		}
		for _, c := range fs.compOrder {
			m.Competencies = append(m.Competencies, *fs.comps[c])
		}
		if n := m.Survey.Responses; n > 0 {
			m.Survey.UnderstandingMean = float64(fs.undSum) / float64(n)
			m.Survey.UsefulnessMean = float64(fs.useSum) / float64(n)
		}
		slices.SortStableFunc(m.Survey.Comments, func(a, b tracker.SurveyComment) int { return a.At.Compare(b.At) })
		m.Items = itemAnalysis(stats.Analyze(fs.firsts))
		for _, it := range m.Items.Items {
			it.Competency = fs.itemComp[it.QuestionID]
		}
		out[mod] = m
	}
	return out, nil
}

// responses are an attempt's marks for the item analysis; they note each question's competency.
func responses(items []tracker.AttemptItem, comp map[string]string) stats.Attempt {
	at := make(stats.Attempt, 0, len(items))
	for _, it := range items {
		if _, ok := comp[it.QuestionID]; !ok {
			comp[it.QuestionID] = it.Competency
		}
		mark := 0.0
		if it.Right {
			mark = 1
		}
		at = append(at, stats.Response{Item: it.QuestionID, Mark: mark, Max: 1})
	}
	return at
}

// itemAnalysis turns the package stats result into the report's, with the review flags.
func itemAnalysis(an *stats.Analysis) *tracker.ItemAnalysis {
	ia := &tracker.ItemAnalysis{Attempts: an.Attempts, MinResponses: stats.DefaultThresholds.MinResponses, Alpha: an.Alpha, HasAlpha: an.HasAlpha, AlphaBasis: string(an.AlphaBasis),
		Items: make([]*tracker.ItemResult, 0, len(an.Items))}
	for _, it := range an.Items {
		r := &tracker.ItemResult{QuestionID: it.Item, N: it.N, Facility: it.Facility, SD: it.SD,
			Discrimination: it.Discrimination, HasDiscrimination: it.HasDiscrimination}
		for _, f := range stats.DefaultThresholds.Flags(it) {
			r.Flags = append(r.Flags, tracker.ReviewFlag{Code: string(f), Label: f.Label()})
		}
		ia.Items = append(ia.Items, r)
	}
	return ia
}
