package tracker

import (
	"context"
	"time"
)

// Reminder kinds: to a 未受講者, or to a セキュリティ管理者 with their 課's 未受講者.
const (
	ReminderStaff   = "staff"
	ReminderManager = "manager"
)

// Reminder channels and outcomes.
const (
	ChannelMail = "mail" // sent through the city's mail relay
	ChannelCSV  = "csv"  // a mail-merge file handed out
	ChannelSlip = "slip" // printed slips handed out per section

	OutcomeSent      = "sent"
	OutcomeFailed    = "failed"
	OutcomeNoAddress = "no_address" // the roster has no mail address: listed, not sent
	OutcomeHanded    = "handed"     // in a mail-merge file or on a slip
)

// Reminder is one message of a batch.
type Reminder struct {
	Kind    string  `json:"kind"`
	Person  *Person `json:"person"` // the recipient
	To      string  `json:"to"`     // "" when the roster has no address
	Subject string  `json:"subject"`
	Body    string  `json:"body"`
	// For a 未受講者: the modules not yet passed and the earliest deadline among them.
	Missing  []*ModuleStatus `json:"missing,omitempty"`
	Deadline Date            `json:"deadline,omitzero"`
	// For a セキュリティ管理者: their 課's 未受講者.
	Pending []*PersonReport `json:"pending,omitempty"`
}

// ReminderBatch is a prepared set of reminders: previewed, then sent with the same Digest.
type ReminderBatch struct {
	FiscalYear FiscalYear  `json:"fiscalYear"`
	Prepared   time.Time   `json:"prepared"`
	DaysBefore []int       `json:"daysBefore,omitempty"` // only people whose deadline is this many days away
	Staff      []*Reminder `json:"staff"`
	Managers   []*Reminder `json:"managers"`
	Digest     string      `json:"digest"`
}

// All is every reminder, staff first.
func (b *ReminderBatch) All() []*Reminder {
	return append(append([]*Reminder{}, b.Staff...), b.Managers...)
}

// NoAddress lists the recipients the roster gives no mail address.
func (b *ReminderBatch) NoAddress() []*Reminder {
	var out []*Reminder
	for _, r := range b.All() {
		if r.To == "" {
			out = append(out, r)
		}
	}
	return out
}

// ReminderLog is one reminder sent or handed out: evidence, written once.
type ReminderLog struct {
	ID         int64      `json:"id"`
	Batch      string     `json:"batch"`
	FiscalYear FiscalYear `json:"fiscalYear"`
	SentAt     time.Time  `json:"sentAt"`
	Actor      string     `json:"actor"`
	Channel    string     `json:"channel"`
	Kind       string     `json:"kind"`
	PersonID   int64      `json:"personId"`
	StaffNo    string     `json:"staffNo"`
	Name       string     `json:"name,omitempty"` // read with the person, not stored
	To         string     `json:"to,omitempty"`
	Subject    string     `json:"subject,omitempty"`
	BodySHA256 string     `json:"bodySha256,omitempty"`
	Detail     string     `json:"detail,omitempty"`
	Outcome    string     `json:"outcome"`
	Error      string     `json:"error,omitempty"`
	Unit       Unit       `json:"unit"` // the recipient's, when sent
}

// ReminderService keeps the record of reminders; the 事務局 only.
type ReminderService interface {
	// RecordReminders records reminders in one transaction, each bound to the audit chain; the
	// time and actor are filled in. EFORBIDDEN for anyone but the 事務局 and the server itself.
	RecordReminders(ctx context.Context, logs []*ReminderLog) error

	// FindReminders lists the reminders of a fiscal year (0: all), newest first, at most limit
	// (0: all). EFORBIDDEN as RecordReminders.
	FindReminders(ctx context.Context, fy FiscalYear, limit int) ([]*ReminderLog, error)

	// LastReminded returns, per person, when they were last sent a reminder (outcome sent) in the
	// fiscal year, so a schedule does not send twice on one day.
	LastReminded(ctx context.Context, fy FiscalYear) (map[int64]time.Time, error)
}
