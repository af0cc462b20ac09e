package export

import (
	"bufio"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"isms/tracker"
)

// Verbs for what happens outside the quizzes (ADL vocabulary).
const (
	VerbAttended  = "http://adlnet.gov/expapi/verbs/attended"
	VerbAttempted = "http://adlnet.gov/expapi/verbs/attempted"

	activityMeeting    = "http://adlnet.gov/expapi/activities/meeting"
	activitySimulation = "http://adlnet.gov/expapi/activities/simulation"
)

// SessionID is a session's activity IRI.
func (x *XAPI) SessionID(id int64) string {
	return x.base() + "/app/sessions/" + url.PathEscape(strconv.FormatInt(id, 10)) + "/"
}

func (x *XAPI) extDrillResult() string { return x.base() + "/xapi/extensions/drill-result" }

// writeArray writes statements as a JSON array, as Write does for attempts.
func writeArray(w io.Writer, each func(emit func(*Statement) error) error) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("["); err != nil {
		return 0, err
	}
	n := 0
	err := each(func(s *Statement) error {
		b, err := json.Marshal(s)
		if err != nil {
			return err
		}
		sep := ",\n"
		if n == 0 {
			sep = "\n"
		}
		n++
		if _, err := bw.WriteString(sep); err != nil {
			return err
		}
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return n, err
	}
	if _, err := bw.WriteString("\n]\n"); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// recordID is a name-based UUID of a record under the portal's URL.
func (x *XAPI) recordID(kind string, id int64, verb string) string {
	ns := [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns[:])
	fmt.Fprintf(h, "%s/%s/%d#%s", x.base(), kind, id, verb)
	sum := h.Sum(nil)
	sum[6] = (sum[6] & 0x0f) | 0x50
	sum[8] = (sum[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

func (x *XAPI) sessionStatement(kind string, id int64, staffNo string, s *tracker.TrainingSession, verb, ja, en, activity string, at time.Time) *Statement {
	return &Statement{
		ID:    x.recordID(kind, id, verb),
		Actor: Agent{ObjectType: "Agent", Account: Account{HomePage: x.HomePage, Name: staffNo}},
		Verb:  Verb{ID: verb, Display: map[string]string{"ja-JP": ja, "en-US": en}},
		Object: Activity{ObjectType: "Activity", ID: x.SessionID(s.ID),
			Definition: &ActivityDefinition{Name: map[string]string{"ja-JP": s.Title + "（" + string(s.Kind) + "）"}, Type: activity}},
		Context:   &Context{Platform: "ISMS研修", Language: "ja-JP", Extensions: map[string]any{x.extFiscalYear(): int(s.FiscalYear)}},
		Timestamp: at.In(tracker.Japan).Format(time.RFC3339),
		Version:   "1.0.3",
	}
}

// WriteAttendance writes one attended statement per attendance, timed at the session's last day.
func (x *XAPI) WriteAttendance(w io.Writer, each Each[*tracker.Attendance]) (int, error) {
	if err := x.Check(); err != nil {
		return 0, err
	}
	return writeArray(w, func(emit func(*Statement) error) error {
		return each(func(a *tracker.Attendance) error {
			return emit(x.sessionStatement("attendance", a.ID, a.StaffNo, a.Session, VerbAttended, "出席", "attended", activityMeeting,
				a.Session.End.Start()))
		})
	})
}

// WriteDrills writes one attempted statement per person and drill, the steps they took as an
// extension, success when they did not click and reported.
func (x *XAPI) WriteDrills(w io.Writer, each Each[*tracker.DrillResult]) (int, error) {
	if err := x.Check(); err != nil {
		return 0, err
	}
	return writeArray(w, func(emit func(*Statement) error) error {
		return each(func(r *tracker.DrillResult) error {
			s := x.sessionStatement("drill_results", r.ID, r.StaffNo, r.Session, VerbAttempted, "参加", "attempted", activitySimulation,
				r.Session.Start.Start())
			success := !(r.Clicked || r.Attachment || r.Submitted) && r.Reported
			s.Result = &Result{Success: &success}
			s.Context.Extensions[x.extDrillResult()] = map[string]bool{"sent": r.Sent, "opened": r.Opened, "clicked": r.Clicked,
				"attachment": r.Attachment, "submitted": r.Submitted, "reported": r.Reported}
			return emit(s)
		})
	})
}
