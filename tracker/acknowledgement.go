package tracker

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"time"
)

// Acknowledgement is a 周知確認: a member of staff confirmed 「内容を確認しました」 on the notice of an
// amendment. Like an attempt it keeps who it was, with their role and 所属 at that time, and what
// exactly they confirmed: the version, its commit and the digest of the notice as shown.
type Acknowledgement struct {
	ID       int64  `json:"id"`
	PersonID int64  `json:"personId"`
	StaffNo  string `json:"staffNo"`
	Name     string `json:"name"`
	Role     Role   `json:"role"` // TrainingRole when confirmed
	Position string `json:"position"`
	Unit     Unit   `json:"unit"`

	Version        string    `json:"version"`
	Commit         string    `json:"commit"`
	Digest         string    `json:"digest"` // Notice.Digest of what was shown
	AcknowledgedAt time.Time `json:"acknowledgedAt"`
}

var (
	versionRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	commitRe  = regexp.MustCompile(`^[0-9a-f]{7,40}$`)
	digestRe  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// ValidVersion reports whether s can be a versions.toml id.
func ValidVersion(s string) bool { return len(s) <= 100 && versionRe.MatchString(s) }

// Validate checks what the caller of Acknowledge supplies.
func (k *Acknowledgement) Validate() error {
	switch {
	case !ValidVersion(k.Version):
		return Errorf(EINVALID, "版の指定が正しくありません。")
	case !commitRe.MatchString(k.Commit):
		return Errorf(EINVALID, "版のコミットが正しくありません。")
	case !digestRe.MatchString(k.Digest):
		return Errorf(EINVALID, "確認した内容のハッシュ値が正しくありません。")
	}
	return nil
}

// AcknowledgementFilter selects 周知確認 records. Zero fields do not filter.
type AcknowledgementFilter struct {
	PersonID int64
	UnitID   int64 // of people now in this unit
	Version  string
	Offset   int
	Limit    int
}

// AckState is where a person stands with the notice of one version.
type AckState string

const (
	AckConfirmed AckState = "confirmed" // 確認済
	AckPending   AckState = "pending"   // 未確認
)

// Valid reports whether s is a state ("" selects everyone, and is not valid here).
func (s AckState) Valid() bool { return s == AckConfirmed || s == AckPending }

// Label is the state as pages and exports show it.
func (s AckState) Label() string {
	switch s {
	case AckConfirmed:
		return "確認済"
	case AckPending:
		return "未確認"
	}
	return string(s)
}

// AckQuery names the version a 周知状況 is about, its 改正研修 module when one is required, and
// the unit and state of a list.
type AckQuery struct {
	Version    string `json:"version"`
	Retraining string `json:"retraining,omitempty"` // AmendmentModule(Version) when the 改正研修 is required
	// Since is the fiscal year of the 施行日: no 改正研修 can be taken before it.
	Since  FiscalYear `json:"since,omitempty"`
	UnitID int64      `json:"unitId,omitempty"`
	State  AckState   `json:"state,omitempty"`
}

// Validate checks the query's values, all problems at once.
func (q *AckQuery) Validate() error {
	var problems []string
	if !ValidVersion(q.Version) {
		problems = append(problems, "版の指定が正しくありません。")
	}
	if q.UnitID < 0 {
		problems = append(problems, "所属の指定が正しくありません。")
	}
	if q.State != "" && !q.State.Valid() {
		problems = append(problems, "周知確認の状況は confirmed（確認済）か pending（未確認）で指定してください。")
	}
	return joinProblems(problems)
}

// AckStatus is one person in post and their 周知確認 of a version: the list a 課長 chases.
type AckStatus struct {
	Person          *Person          `json:"person"` // as on the roster now
	Acknowledgement *Acknowledgement `json:"acknowledgement,omitempty"`
	// RetrainedAt is when the person first passed the version's 改正研修, when one is required.
	RetrainedAt *time.Time `json:"retrainedAt,omitempty"`
}

// State is 確認済 once there is a record.
func (s *AckStatus) State() AckState {
	if s.Acknowledgement != nil {
		return AckConfirmed
	}
	return AckPending
}

// AckCounts are the 周知状況 of a group of people in post. Pending = Targets − Confirmed.
type AckCounts struct {
	Targets   int `json:"targets"`   // 対象者: everyone in post now
	Confirmed int `json:"confirmed"` // 確認済
	Retrained int `json:"retrained"` // 改正研修に合格した人 (when one is required)
}

// Pending is everyone who has not confirmed: 未確認.
func (c AckCounts) Pending() int { return c.Targets - c.Confirmed }

// Percent is the share confirmed, rounded down, so 99.9% never shows as 100%.
func (c AckCounts) Percent() int {
	if c.Targets == 0 {
		return 0
	}
	return c.Confirmed * 100 / c.Targets
}

// AckUnitCounts are the figures of a 局, 部 or 課: everyone placed in it or below.
type AckUnitCounts struct {
	Unit  Unit      `json:"unit"`
	Level UnitLevel `json:"level"`
	AckCounts
}

// AckDashboard is the 周知状況 of one version: the 事務局's by 局/部/課, a manager's of their unit.
type AckDashboard struct {
	Version    string          `json:"version"`
	Retraining bool            `json:"retraining"` // Retrained is counted
	Scope      string          `json:"scope"`      // 全庁, or a unit's full name
	Unit       *Unit           `json:"unit,omitempty"`
	AsOf       time.Time       `json:"asOf"`
	Total      AckCounts       `json:"total"`
	Units      []AckUnitCounts `json:"units"` // 局, then its 部, then their 課

	sums map[[3]int64]*AckUnitCounts
}

// Add counts n people in post placed in unit, of whom confirmed have confirmed and retrained
// have passed the 改正研修; call Finish after the last.
func (d *AckDashboard) Add(unit Unit, n, confirmed, retrained int) {
	if d.sums == nil {
		d.sums = map[[3]int64]*AckUnitCounts{}
	}
	c := AckCounts{Targets: n, Confirmed: confirmed, Retrained: retrained}
	d.Total.add(c)
	for _, l := range unitLevels(unit) {
		uc := d.sums[l.key]
		if uc == nil {
			uc = &AckUnitCounts{Unit: l.unit, Level: l.level}
			d.sums[l.key] = uc
		}
		uc.add(c)
	}
}

func (c *AckCounts) add(o AckCounts) {
	c.Targets += o.Targets
	c.Confirmed += o.Confirmed
	c.Retrained += o.Retrained
}

// Finish orders the units as the roster first named them.
func (d *AckDashboard) Finish() {
	d.Units = make([]AckUnitCounts, 0, len(d.sums))
	for _, uc := range d.sums {
		d.Units = append(d.Units, *uc)
	}
	d.sums = nil
	sortUnits(d.Units, func(u AckUnitCounts) Unit { return u.Unit })
}

// AmendmentService keeps what the tracker records about amendments: the 周知確認 of each person,
// the 事務局's setting of each version, and the review of the questions that cite amended
// articles. Reads apply the caller's scope, as for attempts.
type AmendmentService interface {
	// Acknowledge records the caller's 周知確認, filling in who they are now. When the caller has
	// confirmed the version before, k is filled from that record and created is false: confirming
	// twice records once. EINVALID when Validate fails; EFORBIDDEN for a caller without a person
	// (admins) or one who has left.
	Acknowledge(ctx context.Context, k *Acknowledgement) (created bool, err error)

	// FindAcknowledgementByID returns a record whose person is in the caller's scope.
	// ENOTFOUND when it does not exist or is outside the scope.
	FindAcknowledgementByID(ctx context.Context, id int64) (*Acknowledgement, error)

	// FindAcknowledgements returns records, newest first, and the total before Offset/Limit.
	// EFORBIDDEN when f.UnitID is outside the scope; ENOTFOUND when f.PersonID is.
	FindAcknowledgements(ctx context.Context, f AcknowledgementFilter) ([]*Acknowledgement, int, error)

	// AckDashboard returns the 周知状況 of q.Version among the people in post in the caller's scope,
	// or in unit q.UnitID. EFORBIDDEN for a caller who manages nobody and for a unit outside the
	// scope; ENOTFOUND for an unknown unit; EINVALID for a bad query.
	AckDashboard(ctx context.Context, q AckQuery) (*AckDashboard, error)

	// EachAckStatus calls fn for every person in post selected by q, in unit and kana order, and
	// returns how many there were. Errors as AckDashboard.
	EachAckStatus(ctx context.Context, q AckQuery, fn func(*AckStatus) error) (int, error)

	// AmendmentSettings returns the setting in force of every version that has one (the newest
	// revision); a version without one has DefaultAmendmentSetting. Every notice needs them, so
	// implementations may keep them briefly; a setting saved through the same service shows at once.
	AmendmentSettings(ctx context.Context) (map[string]*AmendmentSetting, error)

	// SaveAmendmentSetting records a new revision of a version's setting; admins only. The caller
	// validates it against the amendment (AmendmentSetting.Validate). EFORBIDDEN for others.
	SaveAmendmentSetting(ctx context.Context, s *AmendmentSetting) error

	// QuestionReviews returns every review, oldest first. Every paper drawn needs them, so
	// implementations may keep them briefly; a review recorded through the same service shows at once.
	QuestionReviews(ctx context.Context) ([]*QuestionReview, error)

	// RecordQuestionReview records a review; admins only. EINVALID when Validate fails; EFORBIDDEN
	// for others.
	RecordQuestionReview(ctx context.Context, r *QuestionReview) error
}

// sortUnits orders rows by their unit as the roster first named them: unit IDs grow in that order,
// a 局 sorts before its 部 (department ID 0) and a 部 before its 課.
func sortUnits[T any](rows []T, unit func(T) Unit) {
	slices.SortFunc(rows, func(a, b T) int {
		ua, ub := unit(a), unit(b)
		return cmp.Or(cmp.Compare(ua.BureauID, ub.BureauID), cmp.Compare(ua.DepartmentID, ub.DepartmentID),
			cmp.Compare(ua.SectionID, ub.SectionID))
	})
}
