package tracker

import (
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // Japan time must not depend on the host's zoneinfo
)

// Japan is Asia/Tokyo. Times are stored in UTC and shown, and cut into fiscal years, in Japan time.
var Japan = mustLoadJapan()

func mustLoadJapan() *time.Location {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		// Cannot happen with the embedded tzdata; a fixed zone is exact for Japan anyway (no DST).
		return time.FixedZone("JST", 9*60*60)
	}
	return loc
}

// FiscalYear is a 年度 named by the calendar year in which it starts: FiscalYear(2026) runs from
// 1 April 2026 to 31 March 2027, Japan time.
type FiscalYear int

// FiscalYearOf returns the fiscal year that contains t.
func FiscalYearOf(t time.Time) FiscalYear {
	j := t.In(Japan)
	if j.Month() < time.April {
		return FiscalYear(j.Year() - 1)
	}
	return FiscalYear(j.Year())
}

// Start is the first instant of the fiscal year (1 April 00:00 Japan time).
func (fy FiscalYear) Start() time.Time {
	return time.Date(int(fy), time.April, 1, 0, 0, 0, 0, Japan)
}

// End is the first instant after the fiscal year (1 April of the next year).
func (fy FiscalYear) End() time.Time {
	return time.Date(int(fy)+1, time.April, 1, 0, 0, 0, 0, Japan)
}

// Contains reports whether t falls in the fiscal year.
func (fy FiscalYear) Contains(t time.Time) bool {
	return !t.Before(fy.Start()) && t.Before(fy.End())
}

// Valid reports whether fy is a plausible year for this system's records.
func (fy FiscalYear) Valid() bool { return fy >= 2000 && fy <= 2999 }

// String gives the form used on every page: 2026年度（令和8年度）.
func (fy FiscalYear) String() string {
	return fmt.Sprintf("%d年度（%s年度）", int(fy), fy.Era())
}

// Era names the fiscal year in the Japanese era in which it starts: 令和8, 令和元, 平成30.
// A fiscal year is named after the era in force on 1 April, except FY2019, which the government
// and cities call 令和元年度 although 平成 still ran in April 2019.
func (fy FiscalYear) Era() string {
	y := int(fy)
	switch {
	case y >= 2019:
		return "令和" + eraYear(y-2018)
	case y >= 1989:
		return "平成" + eraYear(y-1988)
	default:
		return "昭和" + eraYear(y-1925)
	}
}

func eraYear(n int) string {
	if n == 1 {
		return "元"
	}
	return strconv.Itoa(n)
}

// ParseFiscalYear reads "2026" (optionally followed by 年度).
func ParseFiscalYear(s string) (FiscalYear, error) {
	n, err := strconv.Atoi(trimSuffix(s, "年度"))
	if err != nil || !FiscalYear(n).Valid() {
		return 0, Errorf(EINVALID, "年度「%s」が正しくありません。西暦の4桁（例: 2026）で指定してください。", s)
	}
	return FiscalYear(n), nil
}

func trimSuffix(s, suffix string) string {
	if len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix {
		return s[:len(s)-len(suffix)]
	}
	return s
}
