package tracker

import (
	"fmt"
	"time"
)

// Date is a calendar day in Japan time, such as a plan's deadline; the zero Date means "not set".
type Date struct{ t time.Time }

// ParseDate reads YYYY-MM-DD (also YYYY/MM/DD, the form Excel writes).
func ParseDate(s string) (Date, error) {
	for _, layout := range []string{"2006-01-02", "2006/01/02", "2006/1/2", "2006-1-2"} {
		if t, err := time.ParseInLocation(layout, s, Japan); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, Errorf(EINVALID, "日付「%s」が正しくありません。2026-04-01 の形で指定してください。", s)
}

// DateOf returns the Japan-time day of t.
func DateOf(t time.Time) Date {
	j := t.In(Japan)
	return Date{time.Date(j.Year(), j.Month(), j.Day(), 0, 0, 0, 0, Japan)}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// Japanese is the form pages and documents show where a date matters, the Western calendar with
// the Japanese era beside it: 2026年12月2日（令和8年12月2日）.
func (d Date) Japanese() string {
	if d.t.IsZero() {
		return ""
	}
	return d.Western() + "（" + d.Era() + "）"
}

// Western is the day in the Western calendar: 2026年12月2日.
func (d Date) Western() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format("2006年1月2日")
}

// Era is the day in the Japanese era in force on it: 令和8年12月2日, 令和元年5月1日, 平成31年4月30日,
// 昭和64年1月7日. The first year of an era is 元年.
func (d Date) Era() string {
	if d.t.IsZero() {
		return ""
	}
	y, m, day := d.t.Date()
	var era string
	var year int
	switch {
	case !d.t.Before(time.Date(2019, time.May, 1, 0, 0, 0, 0, Japan)):
		era, year = "令和", y-2018
	case !d.t.Before(time.Date(1989, time.January, 8, 0, 0, 0, 0, Japan)):
		era, year = "平成", y-1988
	case !d.t.Before(time.Date(1926, time.December, 25, 0, 0, 0, 0, Japan)):
		era, year = "昭和", y-1925
	default:
		return d.Western()
	}
	return fmt.Sprintf("%s%s年%d月%d日", era, eraYear(year), int(m), day)
}

// JapaneseTime is a moment as pages show it, in Japan time: 2026年12月2日（令和8年12月2日）10:05.
func JapaneseTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return DateOf(t).Japanese() + t.In(Japan).Format("15:04")
}

// Start is the first instant of the day; End the first instant of the next day.
func (d Date) Start() time.Time { return d.t }
func (d Date) End() time.Time   { return d.t.AddDate(0, 0, 1) }

// AddDays is the day n days later.
func (d Date) AddDays(n int) Date {
	if d.t.IsZero() {
		return d
	}
	return Date{d.t.AddDate(0, 0, n)}
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// FiscalYear is the fiscal year the day belongs to.
func (d Date) FiscalYear() FiscalYear { return FiscalYearOf(d.t) }

// MarshalText and UnmarshalText let dates travel in JSON as "2026-04-01".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
