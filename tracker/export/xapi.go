package export

import (
	"fmt"
	"io"
	"math"
	"net/url"
	"strings"
	"time"

	"isms/tracker"
)

// The xAPI 1.0.3 verbs the export uses (ADL vocabulary).
const (
	VerbPassed    = "http://adlnet.gov/expapi/verbs/passed"
	VerbFailed    = "http://adlnet.gov/expapi/verbs/failed"
	VerbCompleted = "http://adlnet.gov/expapi/verbs/completed"

	activityAssessment = "http://adlnet.gov/expapi/activities/assessment"
)

// XAPI writes attempts as xAPI statements.
type XAPI struct {
	// HomePage is the portal's public base URL, e.g. https://isms.city.example.lg.jp: the
	// accounts' homePage, and the base of the activity and extension IRIs.
	HomePage string
	// Titles are the modules' names (module → title), for the activity definitions.
	Titles map[string]string
}

// Statement is an xAPI 1.0.3 statement as the export writes it.
type Statement struct {
	ID        string   `json:"id"`
	Actor     Agent    `json:"actor"`
	Verb      Verb     `json:"verb"`
	Object    Activity `json:"object"`
	Result    *Result  `json:"result,omitempty"`
	Context   *Context `json:"context,omitempty"`
	Timestamp string   `json:"timestamp"`
	Version   string   `json:"version"`
}

// Agent identifies a person by account only: the 職員番号 on the portal, no name or mail.
type Agent struct {
	ObjectType string  `json:"objectType"`
	Account    Account `json:"account"`
}

// Account is an xAPI account.
type Account struct {
	HomePage string `json:"homePage"`
	Name     string `json:"name"`
}

// Verb is an xAPI verb.
type Verb struct {
	ID      string            `json:"id"`
	Display map[string]string `json:"display"`
}

// Activity is an xAPI activity: one per module.
type Activity struct {
	ObjectType string              `json:"objectType"`
	ID         string              `json:"id"`
	Definition *ActivityDefinition `json:"definition,omitempty"`
}

// ActivityDefinition names the activity.
type ActivityDefinition struct {
	Name map[string]string `json:"name,omitempty"`
	Type string            `json:"type,omitempty"`
}

// Result is an xAPI result.
type Result struct {
	Score      *Score `json:"score,omitempty"`
	Success    *bool  `json:"success,omitempty"`
	Completion *bool  `json:"completion,omitempty"`
	Duration   string `json:"duration,omitempty"`
}

// Score is an xAPI score.
type Score struct {
	Scaled float64 `json:"scaled"`
	Raw    int     `json:"raw"`
	Min    int     `json:"min"`
	Max    int     `json:"max"`
}

// Context carries the fiscal year and policy version as extensions.
type Context struct {
	Platform   string         `json:"platform,omitempty"`
	Language   string         `json:"language,omitempty"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// Check reports a home page that cannot serve as the base of IRIs.
func (x *XAPI) Check() error {
	u, err := url.Parse(x.HomePage)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return tracker.Errorf(tracker.EINVALID, "xAPI のホームページ URL「%s」が正しくありません。https://… の形で指定してください。", x.HomePage)
	}
	return nil
}

func (x *XAPI) base() string { return strings.TrimSuffix(x.HomePage, "/") }

// ActivityID is a module's activity IRI: its learning page in the handbook, or for a 改正研修
// the version's page.
func (x *XAPI) ActivityID(module string) string {
	if v, ok := tracker.AmendmentOf(module); ok {
		return x.VersionID(v)
	}
	return x.base() + "/modules/" + url.PathEscape(module) + "/"
}

// VersionID is a policy version's activity IRI: its frozen copy in the handbook.
func (x *XAPI) VersionID(version string) string {
	return x.base() + "/versions/" + url.PathEscape(version) + "/"
}

// Extension IRIs.
func (x *XAPI) extFiscalYear() string    { return x.base() + "/xapi/extensions/fiscal-year" }
func (x *XAPI) extPolicyVersion() string { return x.base() + "/xapi/extensions/policy-version" }
func (x *XAPI) extBankVersion() string   { return x.base() + "/xapi/extensions/bank-version" }
func (x *XAPI) extLate() string          { return x.base() + "/xapi/extensions/late" }

// Write writes a JSON array of statements for the attempts each yields, oldest first: one passed
// or failed statement per attempt and, at each person's first pass of a module in a fiscal year,
// a completed statement for the module. Statement IDs derive from the attempt, so exporting
// again gives the same IDs and an LRS stores each statement once. It returns the number of
// statements.
func (x *XAPI) Write(w io.Writer, each func(fn func(*tracker.Attempt) error) error) (int, error) {
	type passKey struct {
		person int64
		module string
		fy     tracker.FiscalYear
	}
	completed := map[passKey]bool{}
	return x.writeStatements(w, func(emit func(*Statement) error) error {
		return each(func(a *tracker.Attempt) error {
			if err := emit(x.attemptStatement(a)); err != nil {
				return err
			}
			k := passKey{a.PersonID, a.Module, a.FiscalYear}
			if a.Passed && !completed[k] {
				completed[k] = true
				return emit(x.completedStatement(a))
			}
			return nil
		})
	})
}

// writeStatements writes the statements a producer emits as a JSON array and counts them.
func (x *XAPI) writeStatements(w io.Writer, produce func(emit func(*Statement) error) error) (int, error) {
	if err := x.Check(); err != nil {
		return 0, err
	}
	return writeArray(w, produce)
}

func (x *XAPI) common(a *tracker.Attempt, verb, ja, en string) *Statement {
	title := x.Titles[a.Module]
	if title == "" {
		title = a.Module
	}
	s := &Statement{
		ID:    x.statementID(a, verb),
		Actor: Agent{ObjectType: "Agent", Account: Account{HomePage: x.HomePage, Name: a.StaffNo}},
		Verb:  Verb{ID: verb, Display: map[string]string{"ja-JP": ja, "en-US": en}},
		Object: Activity{ObjectType: "Activity", ID: x.ActivityID(a.Module),
			Definition: &ActivityDefinition{Name: map[string]string{"ja-JP": title}, Type: activityAssessment}},
		Context: &Context{Platform: "ISMS研修", Language: "ja-JP", Extensions: map[string]any{
			x.extFiscalYear():    int(a.FiscalYear),
			x.extPolicyVersion(): a.PolicyVersion,
			x.extBankVersion():   a.BankVersion,
		}},
		Timestamp: a.SubmittedAt.In(tracker.Japan).Format(time.RFC3339),
		Version:   "1.0.3",
	}
	if a.Late {
		// Submitted after the person's deadline (期限後): carried only when true, so statements of
		// attempts in time read as they always have.
		s.Context.Extensions[x.extLate()] = true
	}
	return s
}

func (x *XAPI) attemptStatement(a *tracker.Attempt) *Statement {
	s := x.common(a, VerbFailed, "不合格", "failed")
	if a.Passed {
		s = x.common(a, VerbPassed, "合格", "passed")
	}
	success, completion := a.Passed, true
	scaled := 0.0
	if a.Total > 0 {
		scaled = math.Round(float64(a.Correct)/float64(a.Total)*10000) / 10000
	}
	s.Result = &Result{Score: &Score{Scaled: scaled, Raw: a.Correct, Min: 0, Max: a.Total}, Success: &success, Completion: &completion,
		Duration: duration(a.SubmittedAt.Sub(a.StartedAt))}
	return s
}

func (x *XAPI) completedStatement(a *tracker.Attempt) *Statement {
	s := x.common(a, VerbCompleted, "修了", "completed")
	yes := true
	s.Result = &Result{Success: &yes, Completion: &yes}
	return s
}

// statementID is a name-based (version 5) UUID of the attempt and verb under the portal's URL.
func (x *XAPI) statementID(a *tracker.Attempt, verb string) string {
	return x.recordID("attempts", a.ID, verb)
}

// duration is an ISO 8601 duration, PT1H2M3S; "" for a negative or zero one.
func duration(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	out := "PT"
	if h > 0 {
		out += fmt.Sprintf("%dH", h)
	}
	if m > 0 {
		out += fmt.Sprintf("%dM", m)
	}
	if s > 0 || out == "PT" {
		out += fmt.Sprintf("%dS", s)
	}
	return out
}
