package tracker_test

import (
	"testing"
	"time"

	"isms/tracker"
)

func TestFiscalYear(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		at   time.Time
		want tracker.FiscalYear
	}{
		{"April1JapanMidnight", utc("2026-03-31T15:00:00Z"), 2026}, // 2026-04-01 00:00 JST
		{"March31JapanLastSecond", utc("2026-03-31T14:59:59Z"), 2025},
		{"Summer", utc("2026-08-15T03:00:00Z"), 2026},
		{"January", utc("2027-01-10T00:00:00Z"), 2026},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tracker.FiscalYearOf(tt.at); got != tt.want {
				t.Fatalf("got %d, want %d", got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		fy   tracker.FiscalYear
		want string
	}{
		{2026, "2026年度（令和8年度）"}, {2019, "2019年度（令和元年度）"}, {2018, "2018年度（平成30年度）"}, {2020, "2020年度（令和2年度）"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.fy.String(); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("Bounds", func(t *testing.T) {
		fy := tracker.FiscalYear(2026)
		if !fy.Contains(fy.Start()) || fy.Contains(fy.End()) || fy.Start().Format(time.RFC3339) != "2026-04-01T00:00:00+09:00" {
			t.Fatalf("start %v end %v", fy.Start(), fy.End())
		}
	})
	t.Run("Parse", func(t *testing.T) {
		if fy, err := tracker.ParseFiscalYear("2026年度"); err != nil || fy != 2026 {
			t.Fatal(fy, err)
		}
		if _, err := tracker.ParseFiscalYear("令和8"); tracker.ErrorCode(err) != tracker.EINVALID {
			t.Fatalf("got %v, want EINVALID", err)
		}
	})
}
