package stats

// Flag is a reason to review a question.
type Flag string

const (
	FlagTooEasy           Flag = "too_easy"           // facility above Thresholds.MaxFacility
	FlagTooHard           Flag = "too_hard"           // facility below Thresholds.MinFacility
	FlagLowDiscrimination Flag = "low_discrimination" // discrimination below Thresholds.MinDiscrimination
)

// Label is the flag as the review list shows it.
func (f Flag) Label() string {
	switch f {
	case FlagTooEasy:
		return "易しすぎる"
	case FlagTooHard:
		return "難しすぎる"
	case FlagLowDiscrimination:
		return "識別力が低い"
	}
	return string(f)
}

// Thresholds bound the figures of a question that measures well.
type Thresholds struct {
	MaxFacility       float64
	MinFacility       float64
	MinDiscrimination float64
	// MinResponses is the fewest responses a question needs before it is judged at all: below it the
	// facility and the discrimination swing with chance (see tracker/REPORTS.md).
	MinResponses int
}

// MinResponses is the number of first attempts a question needs before its figures are judged.
// Classical test theory's rule of thumb for item statistics is about 30 respondents: with fewer, a
// single answer moves the facility by more than three points and the item–rest correlation's
// standard error (about 1/√n) passes 0.18, larger than the 0.1 it is compared with.
const MinResponses = 30

// DefaultThresholds are the review limits the 事務局 applies: facility above 0.95 or below 0.3, or
// discrimination below 0.1, once a question has MinResponses responses.
var DefaultThresholds = Thresholds{MaxFacility: 0.95, MinFacility: 0.3, MinDiscrimination: 0.1, MinResponses: MinResponses}

// Flags returns why the question needs review, in a fixed order; none when it measures well or has
// fewer than MinResponses responses (too few to judge). An undefined discrimination is not flagged
// by itself: it comes from a facility of 0 or 1 (flagged already).
func (t Thresholds) Flags(s ItemStat) []Flag {
	if s.N == 0 || s.N < t.MinResponses {
		return nil
	}
	var flags []Flag
	if s.Facility > t.MaxFacility {
		flags = append(flags, FlagTooEasy)
	}
	if s.Facility < t.MinFacility {
		flags = append(flags, FlagTooHard)
	}
	if s.HasDiscrimination && s.Discrimination < t.MinDiscrimination {
		flags = append(flags, FlagLowDiscrimination)
	}
	return flags
}
