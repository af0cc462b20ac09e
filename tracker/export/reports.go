package export

import (
	"strings"
	"time"

	"isms/tracker"
)

// Meta is what the title block of every report says, and the modules' names.
type Meta struct {
	FiscalYear tracker.FiscalYear
	Scope      string
	MadeAt     time.Time
	MadeBy     string
	Titles     map[string]string // module → title; the module ID stands in when missing
	// Competencies names each module's competencies (module → ID → name).
	Competencies map[string]map[string]string
	// Edition names a policy edition recorded with attempts (tracker.Editions.Label); nil shows the ID.
	Edition func(id string) string
}

func (m Meta) table(kind tracker.ReportKind, sections ...*Section) *Table {
	return &Table{Title: kind.Title(), FiscalYear: m.FiscalYear, Scope: m.Scope, MadeAt: m.MadeAt, MadeBy: m.MadeBy, Sections: sections}
}

func (m Meta) title(module string) string {
	if t := m.Titles[module]; t != "" {
		return t
	}
	return module
}

func (m Meta) competency(module, id string) string {
	if n := m.Competencies[module][id]; n != "" {
		return n
	}
	return id
}

// edition is the name people read beside the ID a machine reads (in the next column).
func (m Meta) edition(id string) string {
	if m.Edition == nil {
		return id
	}
	return m.Edition(id)
}

// Columns naming the policy edition of an attempt: its name and 施行日, then its ID.
var editionColumns = []Column{{"方針・対策基準の版", 34}, {"版ID", 10}}

// Each yields the items of a report one by one; the store's Each… methods have this shape.
type Each[T any] func(fn func(T) error) error

func personColumns() []Column {
	return []Column{{"年度", 8}, {"職員番号", 11}, {"氏名", 16}, {"局", 14}, {"部", 16}, {"課", 18}, {"区分", 16}, {"役割", 22}}
}

// moduleCells are a module's 合格日, 得点 and 受験回数: blank date and score until there is one.
func moduleCells(ms *tracker.ModuleStatus) (passed, score any, attempts int) {
	if ms.PassedAt != nil {
		passed = tracker.DateOf(*ms.PassedAt)
	}
	if ms.Result != nil {
		score, attempts = ms.Percent, ms.Result.Attempts
	}
	return passed, score, attempts
}

func personCells(fy tracker.FiscalYear, r *tracker.PersonReport) []any {
	p := r.Person
	return []any{int(fy), p.StaffNo, p.Name, p.Unit.Bureau, p.Unit.Department, p.Unit.Section,
		string(p.Category), p.RoleLabel()}
}

// Attendance is the 受講状況一覧: one row per person and required module.
func Attendance(m Meta, each Each[*tracker.PersonReport]) *Table {
	cols := append(personColumns(), Column{"研修", 22}, Column{"状況", 14}, Column{"合格日", 12}, Column{"得点", 6},
		Column{"受験回数", 8})
	cols = append(cols, editionColumns...)
	return m.table(tracker.ReportAttendance, &Section{Name: tracker.ReportAttendance.Title(), Columns: cols,
		Rows: func(emit func(...any) error) error {
			return each(func(r *tracker.PersonReport) error {
				for _, ms := range r.Modules {
					row := personCells(m.FiscalYear, r)
					passed, score, attempts := moduleCells(ms)
					var name, id any
					if v, ok := r.Versions[ms.Module]; ok && v != "" {
						name, id = m.edition(v), v
					}
					row = append(row, m.title(ms.Module), string(ms.State), passed, score, attempts, name, id)
					if err := emit(row...); err != nil {
						return err
					}
				}
				return nil
			})
		}})
}

// Outstanding is the 未受講者一覧: one row per person not yet through, with the modules still
// to pass and the deadline.
func Outstanding(m Meta, plan *tracker.Plan, each Each[*tracker.PersonReport]) *Table {
	cols := append(personColumns(), Column{"状況", 8}, Column{"未合格の研修", 40}, Column{"受講期限", 12}, Column{"メール", 28})
	return m.table(tracker.ReportOutstanding, &Section{Name: tracker.ReportOutstanding.Title(), Columns: cols,
		Rows: func(emit func(...any) error) error {
			return each(func(r *tracker.PersonReport) error {
				if r.State.Done() {
					return nil
				}
				var missing []string
				for _, ms := range r.Modules {
					if !ms.State.Done() {
						missing = append(missing, m.title(ms.Module)+": "+string(ms.State))
					}
				}
				row := personCells(m.FiscalYear, r)
				var deadline any
				if d := r.NextDeadline(); !d.IsZero() {
					deadline = d
				}
				row = append(row, r.State.Label(), strings.Join(missing, "、"), deadline, r.Person.Mail)
				return emit(row...)
			})
		}})
}

// Attempts is the 受験記録: one row per graded attempt, with the unit and role at that time.
func Attempts(m Meta, each Each[*tracker.Attempt]) *Table {
	cols := []Column{{"年度", 8}, {"受験ID", 9}, {"職員番号", 11}, {"氏名", 16}, {"局（受験時）", 14}, {"部（受験時）", 16},
		{"課（受験時）", 18}, {"役割", 22}, {"職位", 10}, {"研修", 22}, {"正答数", 7}, {"出題数", 7}, {"得点", 6}, {"合否", 8},
		{"期限", 8}, {"開始日時", 19}, {"提出日時", 19}}
	cols = append(append(cols, editionColumns...), Column{"問題集の版ID", 14})
	return m.table(tracker.ReportAttempts, &Section{Name: tracker.ReportAttempts.Title(), Columns: cols,
		Rows: func(emit func(...any) error) error {
			return each(func(a *tracker.Attempt) error {
				return emit(int(a.FiscalYear), a.ID, a.StaffNo, a.Name, a.Unit.Bureau, a.Unit.Department, a.Unit.Section, a.Role.Name(),
					a.Position, m.title(a.Module), a.Correct, a.Total, a.Percent, passLabel(a.Passed), lateLabel(a.Late), a.StartedAt,
					a.SubmittedAt, m.edition(a.PolicyVersion), a.PolicyVersion, a.BankVersion)
			})
		}})
}

func passLabel(passed bool) string {
	if passed {
		return "合格"
	}
	return "不合格"
}

// lateLabel says whether an attempt was submitted by the person's deadline.
func lateLabel(late bool) string {
	if late {
		return "期限後"
	}
	return "期限内"
}

// History is a person's 受講歴: their standing in each fiscal year, and every attempt.
func History(m Meta, h *tracker.History) *Table {
	years := &Section{Name: "年度別の状況", Columns: []Column{{"年度", 8}, {"所属", 36}, {"役割", 22}, {"研修", 22}, {"状況", 14},
		{"合格日", 12}, {"得点", 6}, {"受験回数", 8}},
		Rows: func(emit func(...any) error) error {
			for _, y := range h.Years {
				if y.Report == nil {
					continue
				}
				for _, ms := range y.Report.Modules {
					passed, score, attempts := moduleCells(ms)
					if err := emit(int(y.FiscalYear), y.Report.Person.Unit.Name(), y.Report.Person.RoleLabel(), m.title(ms.Module),
						string(ms.State), passed, score, attempts); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	attempts := &Section{Name: "受験記録", Columns: append(append([]Column{{"年度", 8}, {"研修", 22}, {"提出日時", 19}, {"正答数", 7},
		{"出題数", 7}, {"得点", 6}, {"合否", 8}, {"期限", 8}, {"所属（受験時）", 36}}, editionColumns...), Column{"問題集の版ID", 14}),
		Rows: func(emit func(...any) error) error {
			for _, y := range h.Years {
				for _, a := range y.Attempts {
					if err := emit(int(a.FiscalYear), m.title(a.Module), a.SubmittedAt, a.Correct, a.Total, a.Percent, passLabel(a.Passed),
						lateLabel(a.Late), a.Unit.Name(), m.edition(a.PolicyVersion), a.PolicyVersion, a.BankVersion); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	attended := &Section{Name: "集合研修・訓練の出席", Columns: []Column{{"年度", 8}, {"実施日", 12}, {"種類", 14}, {"名称", 30},
		{"所属（記録時）", 36}, {"記録方法", 18}},
		Rows: func(emit func(...any) error) error {
			for _, y := range h.Years {
				for _, a := range y.Attendance {
					if err := emit(int(y.FiscalYear), a.Session.Start, string(a.Session.Kind), a.Session.Title, a.Unit.Name(),
						tracker.AttendanceMethodName(a.Method)); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	return m.table(tracker.ReportHistory, years, attempts, attended)
}
