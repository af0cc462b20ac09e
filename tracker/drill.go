package tracker

import (
	"context"
	"time"
)

// DrillRow is one person's result in a 訓練 file, before it is matched to the roster.
type DrillRow struct {
	Row        int    `json:"row"`
	StaffNo    string `json:"staffNo,omitempty"` // 職員番号, when the file has it
	Mail       string `json:"mail,omitempty"`    // else the address the drill mail went to
	Sent       bool   `json:"sent"`
	Opened     bool   `json:"opened"`
	Clicked    bool   `json:"clicked"`    // opened the link
	Attachment bool   `json:"attachment"` // opened the attachment
	Submitted  bool   `json:"submitted"`  // entered data on the page
	Reported   bool   `json:"reported"`   // reported the mail as 【11】 asks
}

// DrillFile is a parsed results file: the tracker's own columns or Gophish's results export.
type DrillFile struct {
	FileName string      `json:"fileName"`
	Digest   string      `json:"digest"`
	Encoding string      `json:"encoding"`
	Format   string      `json:"format"` // "isms" or "gophish"
	Rows     []*DrillRow `json:"rows"`
}

// DrillResult is one person's result in a 訓練, written once, with their unit at the time.
type DrillResult struct {
	ID        int64  `json:"id"`
	SessionID int64  `json:"sessionId"`
	PersonID  int64  `json:"personId"`
	StaffNo   string `json:"staffNo"`
	Name      string `json:"name"`
	Unit      Unit   `json:"unit"`
	DrillRow
	FileSHA256 string    `json:"fileSha256"`
	RecordedAt time.Time `json:"recordedAt"`
	RecordedBy string    `json:"recordedBy"`

	Session *TrainingSession `json:"session,omitempty"`
}

// DrillPreview is what importing a file would record; nothing is written until it is confirmed
// with the same Digest.
type DrillPreview struct {
	Session *TrainingSession `json:"session"`
	Results []*DrillResult   `json:"results"` // matched, to be recorded
	Already int              `json:"already"` // people whose result is recorded; left as they are
	Figures DrillFigures     `json:"figures"` // of the results to be recorded
	Digest  string           `json:"digest"`
}

// DrillFigures count a group's results.
type DrillFigures struct {
	Sent       int `json:"sent"`
	Opened     int `json:"opened"`
	Clicked    int `json:"clicked"`
	Attachment int `json:"attachment"`
	Submitted  int `json:"submitted"`
	Reported   int `json:"reported"`
}

// Add counts one result.
func (f *DrillFigures) Add(r *DrillRow) {
	for _, c := range []struct {
		on bool
		n  *int
	}{{r.Sent, &f.Sent}, {r.Opened, &f.Opened}, {r.Clicked, &f.Clicked}, {r.Attachment, &f.Attachment},
		{r.Submitted, &f.Submitted}, {r.Reported, &f.Reported}} {
		if c.on {
			*c.n++
		}
	}
}

// Rate is n per mail sent, in tenths of a percent rounded down (0 without mails).
func (f DrillFigures) Rate(n int) float64 {
	if f.Sent == 0 {
		return 0
	}
	return float64(n) / float64(f.Sent)
}

// OpenRate, ClickRate and ReportRate are the shares the 事務局 reports, per mail sent.
func (f DrillFigures) OpenRate() float64   { return f.Rate(f.Opened) }
func (f DrillFigures) ClickRate() float64  { return f.Rate(max(f.Clicked, f.Attachment, f.Submitted)) }
func (f DrillFigures) ReportRate() float64 { return f.Rate(f.Reported) }

// DrillUnitFigures are a 局's, 部's or 課's figures.
type DrillUnitFigures struct {
	Unit  Unit      `json:"unit"`
	Level UnitLevel `json:"level"`
	DrillFigures
}

// RepeatClicker is someone who clicked (or opened an attachment, or entered data) in more than one
// 訓練.
type RepeatClicker struct {
	StaffNo string   `json:"staffNo"`
	Name    string   `json:"name"`
	Unit    Unit     `json:"unit"` // in the latest of those drills
	Drills  []string `json:"drills"`
}

// DrillYear is one fiscal year's 訓練 figures, for the year-on-year comparison.
type DrillYear struct {
	FiscalYear FiscalYear `json:"fiscalYear"`
	Drills     int        `json:"drills"`
	DrillFigures
}

// DrillReport is a 訓練's figures by 局/部/課 in the caller's scope, with repeat clickers and the
// figures of every year.
type DrillReport struct {
	Session        *TrainingSession   `json:"session,omitempty"` // nil for a report over every drill
	Total          DrillFigures       `json:"total"`
	Units          []DrillUnitFigures `json:"units"`
	RepeatClickers []*RepeatClicker   `json:"repeatClickers"`
	Years          []DrillYear        `json:"years"`
}

// DrillService keeps 訓練 results. Reads are scoped like attempts (by the unit at the time).
type DrillService interface {
	// PreviewDrill matches a results file to the roster (職員番号, else the mail address).
	// EINVALID lists every row that matches nobody or twice, and for a session that is not a
	// 訓練; EFORBIDDEN for a caller who is not the 事務局.
	PreviewDrill(ctx context.Context, sessionID int64, f *DrillFile) (*DrillPreview, error)

	// ImportDrill records the previewed results in one transaction, each bound to the audit chain.
	// ECONFLICT when the preview no longer matches digest; errors as PreviewDrill.
	ImportDrill(ctx context.Context, sessionID int64, f *DrillFile, digest string) (int, error)

	// DrillReport reports one 訓練 (sessionID) or every 訓練 of a fiscal year (sessionID 0, fy),
	// in the caller's scope. EFORBIDDEN for staff.
	DrillReport(ctx context.Context, sessionID int64, fy FiscalYear) (*DrillReport, error)

	// EachDrillResult calls fn for every result in the caller's scope of a fiscal year (0: every
	// year), oldest drill first, for exports. EFORBIDDEN for staff.
	EachDrillResult(ctx context.Context, fy FiscalYear, fn func(*DrillResult) error) error
}

// Add counts one result of a person placed in unit into the report's total and its 局, 部 and 課.
func (d *DrillReport) Add(unit Unit, r *DrillRow) {
	d.Total.Add(r)
	for _, l := range unitLevels(unit) {
		i := -1
		for j := range d.Units {
			if d.Units[j].Unit == l.unit {
				i = j
				break
			}
		}
		if i < 0 {
			d.Units = append(d.Units, DrillUnitFigures{Unit: l.unit, Level: l.level})
			i = len(d.Units) - 1
		}
		d.Units[i].Add(r)
	}
}
