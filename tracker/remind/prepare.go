// Package remind prepares and sends the reminders of the annual training: to each 未受講者 their
// modules and deadlines with a link to log in, and to each セキュリティ管理者 the 未受講者 of their
// 課. Nobody who has finished is reminded: a batch is prepared from the records as they are, shown
// as a preview, and prepared again at the moment of sending; a batch that no longer matches its
// preview is refused.
package remind

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"isms/tracker"
	"isms/tracker/mail"
)

// Service prepares, sends and hands out reminders.
type Service struct {
	Reports tracker.ReportService
	Plans   tracker.PlanService
	Log     tracker.ReminderService
	// Mailer sends one message; nil when no relay is configured (reminders are then handed out as
	// a mail-merge file or slips).
	Mailer Mailer
	// PortalURL is the portal as staff reach it (https://isms.city.example.lg.jp), for the links.
	PortalURL string
	// Titles names the modules (module → title).
	Titles map[string]string
	Now    func() time.Time
}

// Mailer sends one message (mail.Client).
type Mailer interface {
	Send(m mail.Message) error
}

// Options select the reminders of a batch.
type Options struct {
	FiscalYear tracker.FiscalYear
	// DaysBefore, when set, limits the batch to people whose next deadline is exactly one of these
	// numbers of days away (a schedule), less those already sent a reminder today.
	DaysBefore []int
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Prepare builds a batch from the records as they are now. The 事務局 only (the store refuses
// anyone else the records of the whole city).
func (s *Service) Prepare(ctx context.Context, o Options) (*tracker.ReminderBatch, error) {
	if p := tracker.PrincipalFrom(ctx); p != nil && !p.System && !p.Account.Admin() {
		return nil, tracker.Errorf(tracker.EFORBIDDEN, "督促は情報セキュリティ事務局が送ります。")
	}
	plan, _, err := s.Plans.PlanInForce(ctx, o.FiscalYear)
	if err != nil {
		return nil, err
	}
	now := s.now()
	today := tracker.DateOf(now)
	var remindedToday map[int64]time.Time
	if len(o.DaysBefore) > 0 {
		if remindedToday, err = s.Log.LastReminded(ctx, o.FiscalYear); err != nil {
			return nil, err
		}
	}
	b := &tracker.ReminderBatch{FiscalYear: o.FiscalYear, Prepared: now, DaysBefore: o.DaysBefore}
	managers := map[int64]*tracker.Person{}
	dates := dateNames{}
	pending := map[int64][]*tracker.PersonReport{}
	var sections []int64
	err = s.Reports.EachStatus(ctx, plan, tracker.StatusFilter{FiscalYear: o.FiscalYear, Brief: true}, func(r *tracker.PersonReport) error {
		p := r.Person
		if p.Status != tracker.StatusActive {
			return nil
		}
		if p.Role == tracker.RoleManager && p.Unit.SectionID != 0 && managers[p.Unit.SectionID] == nil {
			managers[p.Unit.SectionID] = p
		}
		if r.State == tracker.PersonPassed {
			return nil
		}
		deadline := r.NextDeadline()
		if len(o.DaysBefore) > 0 {
			if !slices.ContainsFunc(o.DaysBefore, func(d int) bool { return deadline.String() == today.AddDays(d).String() }) {
				return nil
			}
			if at, ok := remindedToday[p.ID]; ok && tracker.DateOf(at).String() == today.String() {
				return nil
			}
		}
		b.Staff = append(b.Staff, s.staffReminder(o.FiscalYear, r, deadline, dates))
		if p.Unit.SectionID != 0 {
			if pending[p.Unit.SectionID] == nil {
				sections = append(sections, p.Unit.SectionID)
			}
			pending[p.Unit.SectionID] = append(pending[p.Unit.SectionID], r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, sec := range sections {
		if m := managers[sec]; m != nil {
			b.Managers = append(b.Managers, s.managerReminder(o.FiscalYear, m, pending[sec]))
		}
	}
	b.Digest = digest(b)
	return b, nil
}

// digest names exactly who gets what.
func digest(b *tracker.ReminderBatch) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d %v\n", b.FiscalYear, b.DaysBefore)
	for _, r := range b.All() {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\n", r.Kind, r.Person.StaffNo, r.To, r.Subject, r.Body)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func (s *Service) title(module string) string {
	if t := s.Titles[module]; t != "" {
		return t
	}
	return module
}

// LongDate is a date as the city writes one that matters: 2026年12月2日（令和8年12月2日）.
func LongDate(d tracker.Date) string {
	if d.IsZero() {
		return ""
	}
	t := d.Start()
	era := ""
	switch y := t.Year(); {
	case t.After(time.Date(2019, 4, 30, 23, 59, 59, 0, tracker.Japan)):
		era = "令和" + eraYear(y-2018)
	default:
		era = "平成" + eraYear(y-1988)
	}
	return fmt.Sprintf("%s（%s年%d月%d日）", d.Japanese(), era, int(t.Month()), t.Day())
}

func eraYear(n int) string {
	if n == 1 {
		return "元"
	}
	return fmt.Sprint(n)
}

func (s *Service) staffReminder(fy tracker.FiscalYear, r *tracker.PersonReport, deadline tracker.Date, dates dateNames) *tracker.Reminder {
	p := r.Person
	var b strings.Builder
	b.Grow(640)
	b.WriteString(p.Name + " 様\n\n" + fy.String() + "の情報セキュリティ研修のうち、次の研修がまだ合格となっていません。受講期限までに受講してください（【01】第17条）。\n\n")
	missing := r.Missing()
	for _, m := range missing {
		b.WriteString("・" + s.title(m.Module) + "（" + string(m.State) + "）　受講期限 " + dates.of(m.Deadline) + "\n")
	}
	b.WriteString("\n研修管理にログインして受講できます。\n" + strings.TrimSuffix(s.PortalURL, "/") + "/app/login\n\n")
	b.WriteString("このメールは研修管理システムから送信しています。受講が済んでいる場合や心当たりのない場合は、情報セキュリティ事務局にお知らせください。\n\n情報セキュリティ事務局\n")
	return &tracker.Reminder{Kind: tracker.ReminderStaff, Person: p, To: p.Mail, Missing: missing, Deadline: deadline,
		Subject: "【情報セキュリティ研修】受講期限は" + dates.of(deadline) + "です（未受講のお知らせ）", Body: b.String()}
}

// dateNames keeps LongDate of the few deadlines a batch has: thousands of people share each.
type dateNames map[string]string

func (d dateNames) of(date tracker.Date) string {
	k := date.String()
	if v, ok := d[k]; ok {
		return v
	}
	v := LongDate(date)
	d[k] = v
	return v
}

func (s *Service) managerReminder(fy tracker.FiscalYear, m *tracker.Person, pending []*tracker.PersonReport) *tracker.Reminder {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 様（%sのセキュリティ管理者）\n\n", m.Name, m.Unit.Name())
	fmt.Fprintf(&b, "%sの職員のうち、%sの情報セキュリティ研修をまだ終えていない方（未受講者）は次の%d人です。受講を促してください。\n\n",
		m.Unit.Name(), fy, len(pending))
	for _, r := range pending {
		var mods []string
		for _, ms := range r.Missing() {
			mods = append(mods, s.title(ms.Module))
		}
		fmt.Fprintf(&b, "・%s %s（%s）　%s　受講期限 %s\n", r.Person.StaffNo, r.Person.Name, r.State.Label(), strings.Join(mods, "、"),
			LongDate(r.NextDeadline()))
	}
	fmt.Fprintf(&b, "\n所属の受講状況と未受講者の一覧（ログインが必要です）:\n%s/app/units/%d/?show=pending\n\n情報セキュリティ事務局\n",
		strings.TrimSuffix(s.PortalURL, "/"), m.Unit.SectionID)
	return &tracker.Reminder{Kind: tracker.ReminderManager, Person: m, To: m.Mail, Pending: pending,
		Subject: fmt.Sprintf("【情報セキュリティ研修】%sの未受講者（%d人）", m.Unit.Section, len(pending)), Body: b.String()}
}
