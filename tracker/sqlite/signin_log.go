package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"isms/tracker"
)

// Refused sign-ins are logged in bounded form (【07】第17条 with 【09】第5条): the first failure
// from a source is an event of its own at once; the ones after it, for as long as the source keeps
// failing, are counted in memory and written as one summary event per source every
// failureSummaryInterval and when the server stops. A flood from one address then costs a handful
// of events, not one write and one flush per attempt. Lockouts are always written at once.

// failureSummaryInterval is how often the counted failures are written.
const failureSummaryInterval = time.Minute

// maxSummaryIDs bounds the IDs a summary names.
const maxSummaryIDs = 10

type failureLog struct {
	mu      sync.Mutex
	sources map[string]*sourceFailures
}

type sourceFailures struct {
	first, last time.Time
	n           int            // failures counted and not yet written
	kinds       map[string]int // what failed, as the event details say it
	ids         map[string]int // the IDs tried (a login known to the tracker, or (不明なID))
	accounts    map[int64]bool
}

// note counts a failure from source and reports whether it is the first of its run, which the
// caller then writes as an event of its own.
func (l *failureLog) note(source, id string, accountID int64, kind string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.sources == nil {
		l.sources = map[string]*sourceFailures{}
	}
	s := l.sources[source]
	if s == nil {
		l.sources[source] = &sourceFailures{first: now, last: now, kinds: map[string]int{}, ids: map[string]int{}, accounts: map[int64]bool{}}
		return true
	}
	s.last = now
	s.n++
	s.kinds[kind]++
	s.ids[id]++
	s.accounts[accountID] = true
	return false
}

// take returns the summaries to write and forgets the sources that have gone quiet (all: every
// source, as the server stops).
func (l *failureLog) take(now time.Time, all bool) []*tracker.AuditEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []*tracker.AuditEvent
	for source, s := range l.sources {
		if s.n > 0 {
			out = append(out, s.summary(source))
			s.n, s.kinds, s.ids, s.accounts = 0, map[string]int{}, map[string]int{}, map[int64]bool{}
			s.first = s.last
			continue
		}
		if all || now.Sub(s.last) >= failureSummaryInterval {
			delete(l.sources, source)
		}
	}
	slices.SortFunc(out, func(a, b *tracker.AuditEvent) int { return strings.Compare(a.Source, b.Source) })
	return out
}

func (s *sourceFailures) summary(source string) *tracker.AuditEvent {
	e := &tracker.AuditEvent{Actor: "(複数のID)", Action: tracker.ActionSignIn, Outcome: tracker.OutcomeFailure, Source: source}
	if len(s.ids) == 1 {
		for id := range s.ids {
			e.Actor, e.Target = id, id
		}
		for a := range s.accounts {
			e.AccountID = a
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "summary: %d more failures from this source %s–%s:", s.n, s.first.In(tracker.Japan).Format("15:04:05"),
		s.last.In(tracker.Japan).Format("15:04:05"))
	b.WriteString(counted(s.kinds, len(s.kinds)))
	b.WriteString("; IDs")
	b.WriteString(counted(s.ids, maxSummaryIDs))
	e.Detail = b.String()
	return e
}

// counted lists "name ×n" by count, most first, at most max of them.
func counted(m map[string]int, max int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	var b strings.Builder
	for i, k := range keys {
		if i == max {
			fmt.Fprintf(&b, " and %d more", len(keys)-max)
			break
		}
		fmt.Fprintf(&b, " %s ×%d", k, m[k])
	}
	return b.String()
}

// runFailureLog writes the summaries every interval until the store closes, then the rest.
func (db *DB) runFailureLog() {
	defer close(db.failuresDone)
	t := time.NewTicker(failureSummaryInterval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			db.writeFailures(false)
		case <-db.done:
			db.writeFailures(true)
			return
		}
	}
}

func (db *DB) writeFailures(all bool) {
	events := db.failures.take(db.now(), all)
	if len(events) == 0 {
		return
	}
	tx, err := db.BeginTx(context.Background())
	if err != nil {
		return
	}
	defer tx.Rollback()
	for _, e := range events {
		if tx.appendEvent(e) != nil {
			return
		}
	}
	tx.Commit()
}

// logFailure records a refused sign-in: at once when it is the first from its source, else in the
// next summary. id is the login when it names an account, "" for an unknown one, which is never
// written: people type their password into the ID field by mistake.
func (db *DB) logFailure(ctx context.Context, source, id string, accountID int64, kind string) {
	if id == "" {
		id = "(不明なID)"
	}
	if !db.failures.note(source, id, accountID, kind, db.now()) {
		return
	}
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return
	}
	defer tx.Rollback()
	target := id
	if accountID == 0 {
		target = ""
	}
	if tx.appendEvent(&tracker.AuditEvent{Actor: id, AccountID: accountID, Action: tracker.ActionSignIn, Target: target,
		Outcome: tracker.OutcomeFailure, Source: source, Detail: kind}) == nil {
		tx.Commit()
	}
}
