package tracker

// History is a person's 受講歴 (【01】第17条3): every fiscal year they trained or were required
// to, with the attempts of each.
type History struct {
	Person   *Person        `json:"person"` // as on the roster now
	Postings []*Posting     `json:"postings"`
	Years    []*HistoryYear `json:"years"` // newest first
}

// HistoryYear is one fiscal year of a person's record.
type HistoryYear struct {
	FiscalYear FiscalYear `json:"fiscalYear"`
	// Report is the person's standing against that year's plan, placed as they were then.
	Report *PersonReport `json:"report"`
	// Attempts are the year's attempts, oldest first, without paper and answers.
	Attempts []*Attempt `json:"attempts"`
	// Attendance is the year's attendance at 集合研修・訓練, oldest first.
	Attendance []*Attendance `json:"attendance,omitempty"`
}
