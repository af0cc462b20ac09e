package export_test

import (
	"io"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/export"
)

// benchAttempts yields n synthetic attempts, as the store streams them.
func benchAttempts(n int) export.Each[*tracker.Attempt] {
	return func(fn func(*tracker.Attempt) error) error {
		at := time.Date(2026, 6, 1, 10, 0, 0, 0, tracker.Japan)
		a := &tracker.Attempt{StaffNo: "0012345", Name: "職員 12345", Role: tracker.RoleGeneral, Position: "主事", Module: "general",
			FiscalYear: 2026, PolicyVersion: "2026.1", BankVersion: "abc123", Correct: 9, Total: 10, Percent: 90, Passed: true,
			Unit: tracker.Unit{Bureau: "第1局", Department: "第2部", Section: "第3課"}, StartedAt: at, SubmittedAt: at.Add(10 * time.Minute)}
		for i := 0; i < n; i++ {
			a.ID = int64(i + 1)
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	}
}

// BenchmarkWriteXLSX100k is the writer's share of exporting 100,000 attempt rows.
func BenchmarkWriteXLSX100k(b *testing.B) {
	meta := export.Meta{FiscalYear: 2026, Scope: "全庁", MadeAt: time.Now(), MadeBy: "bench"}
	for b.Loop() {
		if _, err := export.WriteXLSX(io.Discard, export.Attempts(meta, benchAttempts(100000))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteCSV100k is the same as CSV.
func BenchmarkWriteCSV100k(b *testing.B) {
	meta := export.Meta{FiscalYear: 2026, Scope: "全庁", MadeAt: time.Now(), MadeBy: "bench"}
	for b.Loop() {
		if _, err := export.WriteCSV(io.Discard, export.Attempts(meta, benchAttempts(100000))); err != nil {
			b.Fatal(err)
		}
	}
}
