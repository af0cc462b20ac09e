package remind

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"isms/tracker"
	"isms/tracker/mail"
)

// Result is what a send did.
type Result struct {
	Batch     string `json:"batch"`
	Sent      int    `json:"sent"`
	Failed    int    `json:"failed"`
	NoAddress int    `json:"noAddress"`
	Handed    int    `json:"handed"`
	// Logs are the records written, in the order of the batch.
	Logs []*tracker.ReminderLog `json:"logs"`
}

// logChunk bounds how many records one transaction writes while a batch is being sent, so a batch
// of the whole city neither holds the write lock for minutes nor loses its record on a crash.
const logChunk = 1000

// Send prepares the batch again and, when it is still the previewed one (digest), sends every
// reminder that has an address and records each send, those without an address included.
// ECONFLICT when the batch changed since the preview; EINVALID when no relay is configured.
func (s *Service) Send(ctx context.Context, o Options, digest string) (*Result, error) {
	if s.Mailer == nil {
		return nil, tracker.Errorf(tracker.EINVALID, "メールの送信が設定されていません。差し込み用ファイルか通知票で配ってください。")
	}
	b, err := s.prepared(ctx, o, digest)
	if err != nil {
		return nil, err
	}
	res := &Result{Batch: b.Digest}
	var pending []*tracker.ReminderLog
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := s.Log.RecordReminders(ctx, pending)
		pending = pending[:0]
		return err
	}
	for _, r := range b.All() {
		l := logOf(b, r, tracker.ChannelMail)
		switch {
		case r.To == "":
			l.Outcome = tracker.OutcomeNoAddress
			res.NoAddress++
		default:
			if err := s.Mailer.Send(mail.Message{To: r.To, ToName: r.Person.Name, Subject: r.Subject, Body: r.Body}); err != nil {
				l.Outcome, l.Error = tracker.OutcomeFailed, truncate(err.Error(), 300)
				res.Failed++
			} else {
				l.Outcome = tracker.OutcomeSent
				res.Sent++
			}
		}
		res.Logs = append(res.Logs, l)
		if pending = append(pending, l); len(pending) >= logChunk {
			if err := flush(); err != nil {
				return res, err
			}
		}
	}
	return res, flush()
}

// HandOut records that the batch left as a mail-merge file or as slips (channel csv or slip),
// every reminder with outcome handed, and returns the batch to write out. ECONFLICT as Send.
func (s *Service) HandOut(ctx context.Context, o Options, digest, channel string) (*tracker.ReminderBatch, *Result, error) {
	if channel != tracker.ChannelCSV && channel != tracker.ChannelSlip {
		return nil, nil, tracker.Errorf(tracker.EINVALID, "督促の配り方が正しくありません。")
	}
	b, err := s.prepared(ctx, o, digest)
	if err != nil {
		return nil, nil, err
	}
	res := &Result{Batch: b.Digest}
	for _, r := range b.All() {
		l := logOf(b, r, channel)
		l.Outcome = tracker.OutcomeHanded
		res.Logs = append(res.Logs, l)
		res.Handed++
	}
	for i := 0; i < len(res.Logs); i += logChunk {
		if err := s.Log.RecordReminders(ctx, res.Logs[i:min(i+logChunk, len(res.Logs))]); err != nil {
			return nil, nil, err
		}
	}
	return b, res, nil
}

func (s *Service) prepared(ctx context.Context, o Options, digest string) (*tracker.ReminderBatch, error) {
	b, err := s.Prepare(ctx, o)
	if err != nil {
		return nil, err
	}
	if b.Digest != digest {
		return nil, tracker.Errorf(tracker.ECONFLICT, "プレビューの後に受講状況か名簿が変わりました。もう一度プレビューで宛先を確かめてから送ってください。")
	}
	return b, nil
}

func logOf(b *tracker.ReminderBatch, r *tracker.Reminder, channel string) *tracker.ReminderLog {
	sum := sha256.Sum256([]byte(r.Body))
	l := &tracker.ReminderLog{Batch: b.Digest, FiscalYear: b.FiscalYear, Channel: channel, Kind: r.Kind, PersonID: r.Person.ID,
		StaffNo: r.Person.StaffNo, Name: r.Person.Name, To: r.To, Subject: r.Subject, BodySHA256: hex.EncodeToString(sum[:]), Unit: r.Person.Unit}
	var parts []string
	if r.Kind == tracker.ReminderStaff {
		for _, m := range r.Missing {
			parts = append(parts, m.Module+"@"+m.Deadline.String())
		}
		l.Detail = "modules=" + strings.Join(parts, ",")
	} else {
		for _, p := range r.Pending {
			parts = append(parts, p.Person.StaffNo)
		}
		l.Detail = "pending=" + strings.Join(parts, ",")
	}
	return l
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
