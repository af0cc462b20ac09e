package tracker_test

import (
	"testing"
	"time"

	"isms/tracker"
)

func TestEditions(t *testing.T) {
	day := func(s string) tracker.Date {
		d, err := tracker.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	es := tracker.Editions{
		{ID: "r02-08", Name: "令和2年8月版", Effective: day("2020-08-01")},
		{ID: "r08-04", Name: "令和8年4月改正版", Effective: day("2026-04-01")},
	}
	t.Run("Label", func(t *testing.T) {
		for _, tt := range []struct{ id, want string }{
			{"r02-08", "令和2年8月版（令和2年8月1日施行）"},
			{"r08-04", "令和8年4月改正版（令和8年4月1日施行）"},
			{"current", "現行の版"},
			{"2026.1", "2026.1"},
		} {
			if got := es.Label(tt.id); got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.id, got, tt.want)
			}
		}
	})
	t.Run("At", func(t *testing.T) {
		for _, tt := range []struct {
			at   time.Time
			want string
		}{
			{time.Date(2020, 7, 31, 23, 59, 0, 0, tracker.Japan), "current"},
			{time.Date(2020, 7, 31, 15, 0, 0, 0, time.UTC), "r02-08"}, // 1 August in Japan
			{time.Date(2026, 3, 31, 12, 0, 0, 0, tracker.Japan), "r02-08"},
			{time.Date(2026, 4, 1, 0, 0, 0, 0, tracker.Japan), "r08-04"},
		} {
			if got := es.At(tt.at); got != tt.want {
				t.Errorf("%v: got %q, want %q", tt.at, got, tt.want)
			}
		}
	})
}
