package export

import (
	"strings"

	"isms/tracker"
)

// Sessions is the 集合研修・訓練の出席記録: one row per attendance, with the unit and role when it
// was recorded and who recorded it how.
func Sessions(m Meta, each Each[*tracker.Attendance]) *Table {
	cols := []Column{{"年度", 8}, {"出席記録ID", 10}, {"実施日", 12}, {"種類", 14}, {"名称", 30}, {"職員番号", 11}, {"氏名", 16},
		{"局（記録時）", 14}, {"部（記録時）", 16}, {"課（記録時）", 18}, {"役割", 22}, {"記録方法", 18}, {"記録者", 14}, {"記録日時", 19}}
	return m.table(tracker.ReportSessions, &Section{Name: tracker.ReportSessions.Title(), Columns: cols,
		Rows: func(emit func(...any) error) error {
			return each(func(a *tracker.Attendance) error {
				s := a.Session
				return emit(int(s.FiscalYear), a.ID, s.Start, string(s.Kind), s.Title, a.StaffNo, a.Name, a.Unit.Bureau, a.Unit.Department,
					a.Unit.Section, a.Role.Name(), tracker.AttendanceMethodName(a.Method), a.RecordedBy, a.RecordedAt)
			})
		}})
}

// Drills is the 訓練結果: one row per person and drill, with the unit at the time.
func Drills(m Meta, each Each[*tracker.DrillResult]) *Table {
	cols := []Column{{"年度", 8}, {"訓練結果ID", 10}, {"実施日", 12}, {"訓練", 30}, {"職員番号", 11}, {"氏名", 16}, {"局（実施時）", 14},
		{"部（実施時）", 16}, {"課（実施時）", 18}, {"送信", 6}, {"開封", 6}, {"クリック", 8}, {"添付ファイル開封", 14}, {"情報入力", 8},
		{"報告", 6}, {"記録日時", 19}}
	return m.table(tracker.ReportDrills, &Section{Name: tracker.ReportDrills.Title(), Columns: cols,
		Rows: func(emit func(...any) error) error {
			return each(func(r *tracker.DrillResult) error {
				s := r.Session
				return emit(int(s.FiscalYear), r.ID, s.Start, s.Title, r.StaffNo, r.Name, r.Unit.Bureau, r.Unit.Department, r.Unit.Section,
					r.Sent, r.Opened, r.Clicked, r.Attachment, r.Submitted, r.Reported, r.RecordedAt)
			})
		}})
}

// ReminderOutcomeName is an outcome as people read it.
func ReminderOutcomeName(o string) string {
	switch o {
	case tracker.OutcomeSent:
		return "送信済み"
	case tracker.OutcomeFailed:
		return "送信できず"
	case tracker.OutcomeNoAddress:
		return "メールアドレスなし"
	case tracker.OutcomeHanded:
		return "配布"
	}
	return o
}

// ReminderChannelName is a channel as people read it.
func ReminderChannelName(c string) string {
	switch c {
	case tracker.ChannelMail:
		return "メール"
	case tracker.ChannelCSV:
		return "差し込み用ファイル"
	case tracker.ChannelSlip:
		return "通知票"
	}
	return c
}

// ReminderKindName names whom a reminder is for.
func ReminderKindName(k string) string {
	if k == tracker.ReminderManager {
		return "セキュリティ管理者（所属の未受講者）"
	}
	return "未受講者"
}

// Reminders is the 督促の送信記録: one row per reminder sent or handed out.
func Reminders(m Meta, logs []*tracker.ReminderLog) *Table {
	cols := []Column{{"年度", 8}, {"記録ID", 8}, {"日時", 19}, {"実行者", 14}, {"方法", 14}, {"宛先の種別", 24}, {"職員番号", 11},
		{"氏名", 16}, {"所属", 36}, {"メールアドレス", 28}, {"件名", 40}, {"内容", 40}, {"結果", 14}, {"エラー", 30}, {"本文のSHA-256", 20}}
	return m.table(tracker.ReportReminders, &Section{Name: tracker.ReportReminders.Title(), Columns: cols,
		Rows: func(emit func(...any) error) error {
			for _, l := range logs {
				if err := emit(int(l.FiscalYear), l.ID, l.SentAt, l.Actor, ReminderChannelName(l.Channel), ReminderKindName(l.Kind), l.StaffNo,
					l.Name, l.Unit.Name(), l.To, l.Subject, l.Detail, ReminderOutcomeName(l.Outcome), l.Error, l.BodySHA256); err != nil {
					return err
				}
			}
			return nil
		}})
}

// RemindList is the batch as a mail-merge file: one row per reminder with its subject and body, for
// a mail program or a word processor where the tracker may not send mail itself.
func RemindList(m Meta, b *tracker.ReminderBatch) *Table {
	cols := []Column{{"宛先の種別", 24}, {"職員番号", 11}, {"氏名", 16}, {"局", 14}, {"部", 16}, {"課", 18}, {"メールアドレス", 28},
		{"受講期限", 12}, {"未合格の研修", 40}, {"件名", 40}, {"本文", 60}}
	return m.table(tracker.ReportRemindList, &Section{Name: tracker.ReportRemindList.Title(), Columns: cols,
		Rows: func(emit func(...any) error) error {
			for _, r := range b.All() {
				var mods []string
				for _, ms := range r.Missing {
					mods = append(mods, m.title(ms.Module))
				}
				var deadline any
				if !r.Deadline.IsZero() {
					deadline = r.Deadline
				}
				p := r.Person
				if err := emit(ReminderKindName(r.Kind), p.StaffNo, p.Name, p.Unit.Bureau, p.Unit.Department, p.Unit.Section, r.To, deadline,
					strings.Join(mods, "、"), r.Subject, r.Body); err != nil {
					return err
				}
			}
			return nil
		}})
}
