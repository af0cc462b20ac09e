package tracker_test

import (
	"testing"
	"time"

	"isms/tracker"
)

func TestDateJapanese(t *testing.T) {
	tests := []struct {
		day  string
		want string
	}{
		{"2026-12-02", "2026年12月2日（令和8年12月2日）"},
		{"2020-08-01", "2020年8月1日（令和2年8月1日）"},
		{"2020-01-01", "2020年1月1日（令和2年1月1日）"},
		{"2019-12-31", "2019年12月31日（令和元年12月31日）"},
		{"2019-05-01", "2019年5月1日（令和元年5月1日）"},
		{"2019-04-30", "2019年4月30日（平成31年4月30日）"},
		{"2019-01-01", "2019年1月1日（平成31年1月1日）"},
		{"1989-01-08", "1989年1月8日（平成元年1月8日）"},
		{"1989-01-07", "1989年1月7日（昭和64年1月7日）"},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			d, err := tracker.ParseDate(tt.day)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Japanese(); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("Zero", func(t *testing.T) {
		if got := (tracker.Date{}).Japanese(); got != "" {
			t.Fatalf("got %q, want empty", got)
		}
		if got := tracker.JapaneseTime(time.Time{}); got != "" {
			t.Fatalf("got %q, want empty", got)
		}
	})
	t.Run("TimeInJapan", func(t *testing.T) {
		// 2019-04-30 15:30 UTC is already 1 May in Japan: the first day of 令和.
		at := time.Date(2019, time.April, 30, 15, 30, 0, 0, time.UTC)
		if got, want := tracker.JapaneseTime(at), "2019年5月1日（令和元年5月1日）00:30"; got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}
