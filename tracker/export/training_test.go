package export_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"isms/tracker"
	"isms/tracker/export"
)

// TestTrainingTables: the records of 集合研修・訓練 and reminders as XLSX, CSV and xAPI, with the
// same rows in each.
func TestTrainingTables(t *testing.T) {
	at := time.Date(2026, 7, 10, 15, 0, 0, 0, tracker.Japan)
	day, _ := tracker.ParseDate("2026-07-10")
	session := &tracker.TrainingSession{ID: 3, FiscalYear: 2026, Kind: tracker.KindClassroom, Title: "課長研修", Start: day, End: day}
	unit := tracker.Unit{BureauID: 1, Bureau: "総務局", DepartmentID: 2, Department: "情報管理部", SectionID: 3, Section: "情報企画課"}
	attendance := []*tracker.Attendance{
		{ID: 1, SessionID: 3, StaffNo: "1002", Name: "佐藤 花子", Role: tracker.RoleManager, Unit: unit, Method: tracker.AttendanceCSV, RecordedAt: at, RecordedBy: "jimukyoku", Session: session},
		{ID: 2, SessionID: 3, StaffNo: "1004", Name: "=高橋 次郎", Role: tracker.RoleManager, Unit: unit, Method: tracker.AttendanceManager, RecordedAt: at, RecordedBy: "1004", Session: session},
	}
	drillSession := &tracker.TrainingSession{ID: 4, FiscalYear: 2026, Kind: tracker.KindDrill, Title: "標的型メール訓練", Start: day, End: day}
	drills := []*tracker.DrillResult{{ID: 1, SessionID: 4, StaffNo: "1001", Name: "山田 太郎", Unit: unit, Session: drillSession,
		DrillRow: tracker.DrillRow{Sent: true, Opened: true, Clicked: true}}}
	logs := []*tracker.ReminderLog{{ID: 1, FiscalYear: 2026, SentAt: at, Actor: "jimukyoku", Channel: tracker.ChannelMail, Kind: tracker.ReminderStaff,
		StaffNo: "1001", Name: "山田 太郎", To: "yamada@city.example.jp", Subject: "件名", Outcome: tracker.OutcomeSent, Unit: unit}}
	meta := export.Meta{FiscalYear: 2026, Scope: "全庁", MadeAt: at, MadeBy: "jimukyoku"}
	eachAttendance := func(fn func(*tracker.Attendance) error) error {
		for _, a := range attendance {
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	}
	eachDrill := func(fn func(*tracker.DrillResult) error) error { return fn(drills[0]) }
	for _, tt := range []struct {
		name string
		tbl  *export.Table
		rows int
		want string
	}{
		{"Sessions", export.Sessions(meta, eachAttendance), 2, "課長研修"},
		{"Drills", export.Drills(meta, eachDrill), 1, "標的型メール訓練"},
		{"Reminders", export.Reminders(meta, logs), 1, "送信済み"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if n, err := export.WriteXLSX(&buf, tt.tbl); err != nil || n != tt.rows {
				t.Fatalf("xlsx: %d rows, %v; want %d", n, err, tt.rows)
			}
			rec := readCSV(t, tt.tbl)
			all := ""
			for _, r := range rec {
				all += strings.Join(r, ",") + "\n"
			}
			if !strings.Contains(all, tt.want) || !strings.Contains(all, tracker.ClassificationA) {
				t.Fatalf("csv: %s", all)
			}
			if strings.Contains(all, ",=高橋") {
				t.Fatal("a formula-like name was left live")
			}
		})
	}
	t.Run("XAPI", func(t *testing.T) {
		x := &export.XAPI{HomePage: "https://isms.city.example.jp"}
		var buf bytes.Buffer
		n, err := x.WriteAttendance(&buf, eachAttendance)
		var st []export.Statement
		if err != nil || n != 2 || json.Unmarshal(buf.Bytes(), &st) != nil || st[0].Verb.ID != export.VerbAttended ||
			st[0].Object.ID != "https://isms.city.example.jp/app/sessions/3/" || st[0].Actor.Account.Name != "1002" {
			t.Fatalf("attendance: %d, %v, %s", n, err, buf.String())
		}
		buf.Reset()
		if n, err := x.WriteDrills(&buf, eachDrill); err != nil || n != 1 || json.Unmarshal(buf.Bytes(), &st) != nil || st[0].Verb.ID != export.VerbAttempted ||
			*st[0].Result.Success {
			t.Fatalf("drills: %d, %v, %s", n, err, buf.String())
		}
	})
}
