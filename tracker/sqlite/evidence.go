package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"isms/tracker"
)

// evidenceTable is a table of evidence records (tracker/evidence.go): rows written once, each bound
// to the audit event that wrote it by the SHA-256 of its columns.
type evidenceTable struct {
	kind    string
	table   string
	key     string   // the row's ID column
	columns []string // covered by the digest, in this order; never reordered or removed
	// later are columns added to the table after rows were bound: a value equal to the column's
	// default is left out of the digest, so rows written before the column existed still match.
	later []laterColumn
}

type laterColumn struct {
	name string
	def  any // the column's default, as the driver reads it (int64 or string)
}

// evidenceTables lists every kind of evidence record; a new kind adds its table here.
var evidenceTables = []evidenceTable{
	{kind: tracker.EvidenceAttempt, table: "attempts", key: "id", columns: strings.Fields(`id key person_id staff_no name role position
		unit_id bureau_id bureau department_id department section_id section module fiscal_year policy_version bank_version paper
		answers items correct total percent passed started_at submitted_at`), later: []laterColumn{{"late", int64(0)}}},
	{kind: tracker.EvidenceSurvey, table: "surveys", key: "attempt_id", columns: strings.Fields(`attempt_id understanding usefulness
		comment created_at`)},
	{kind: tracker.EvidencePlan, table: "plan_revisions", key: "id", columns: strings.Fields(`id fiscal_year saved_at saved_by plan`)},
	{kind: tracker.EvidenceRosterImport, table: "roster_imports", key: "id", columns: strings.Fields(`id imported_at actor file_name
		file_sha256 encoding rows added changed leaving`)},
	{kind: tracker.EvidenceExport, table: "exports", key: "id", columns: strings.Fields(`id at account_id actor report scope format
		rows classification purpose file_sha256 source fiscal_year`)},
	{kind: tracker.EvidenceRoleMap, table: "role_map_revisions", key: "id", columns: strings.Fields(`id saved_at saved_by mapping`)},
	{kind: tracker.EvidenceSession, table: "training_sessions", key: "id", columns: strings.Fields(`id fiscal_year kind title start_on
		end_on place roles units modules note created_at created_by`)},
	{kind: tracker.EvidenceAttendance, table: "attendance", key: "id", columns: strings.Fields(`id session_id person_id staff_no name role
		bureau_id bureau department_id department section_id section method file_sha256 recorded_at recorded_by`)},
	{kind: tracker.EvidenceDrillResult, table: "drill_results", key: "id", columns: strings.Fields(`id session_id person_id staff_no name
		bureau_id bureau department_id department section_id section sent opened clicked attachment submitted reported file_sha256
		recorded_at recorded_by`)},
	{kind: tracker.EvidenceReminder, table: "reminders", key: "id", columns: strings.Fields(`id batch fiscal_year sent_at actor channel
		kind person_id staff_no to_addr subject body_sha256 detail outcome error section_id department_id bureau_id`)},
	{kind: tracker.EvidenceAcknowledgement, table: "acknowledgements", key: "id", columns: strings.Fields(`id person_id staff_no name
		role position unit_id bureau_id bureau department_id department section_id section version commit_hash notice_sha256 acknowledged_at`)},
	{kind: tracker.EvidenceAmendmentSetting, table: "amendment_settings", key: "id", columns: strings.Fields(`id version saved_at saved_by setting`)},
	{kind: tracker.EvidenceQuestionReview, table: "question_reviews", key: "id", columns: strings.Fields(`id question module
		bank_version version outcome note reviewed_at reviewed_by`)},
	{kind: tracker.EvidenceProposal, table: "plan_proposals", key: "id", columns: strings.Fields(`id fiscal_year saved_at saved_by text`)},
}

func evidenceTableOf(kind string) evidenceTable {
	for _, t := range evidenceTables {
		if t.kind == kind {
			return t
		}
	}
	panic("sqlite: no evidence table for " + kind)
}

// selectList is the columns of a row as the digest reads them, the key first.
func (t evidenceTable) selectList() string {
	cols := append([]string{t.key}, t.columns...)
	for _, l := range t.later {
		cols = append(cols, l.name)
	}
	return strings.Join(cols, ", ")
}

// canonical is a row's values (after the key) encoded as a JSON array: numbers, strings and null
// as stored, then [name, value] for each later column that holds other than its default. Its
// SHA-256 (tracker.EvidenceDigest) is what the audit event binds.
func (t evidenceTable) canonical(values []any) []byte {
	enc := make([]any, 0, len(values))
	for i, v := range values {
		v = plainValue(v)
		if i >= len(t.columns) {
			l := t.later[i-len(t.columns)]
			if v == l.def {
				continue
			}
			v = []any{l.name, v}
		}
		enc = append(enc, v)
	}
	b, _ := json.Marshal(enc)
	return b
}

// plainValue turns what the driver returns into the JSON the digest encodes.
func plainValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// scanDigest reads one row (key first) and returns its key and digest.
func (t evidenceTable) scanDigest(sc scanner) (int64, string, error) {
	id, row, err := t.scanCanonical(sc)
	return id, tracker.EvidenceDigest(row), err
}

// scanCanonical reads one row (key first) and returns its key and canonical form.
func (t evidenceTable) scanCanonical(sc scanner) (int64, []byte, error) {
	values := make([]any, 1+len(t.columns)+len(t.later))
	ptrs := make([]any, len(values))
	for i := range values {
		ptrs[i] = &values[i]
	}
	if err := sc.Scan(ptrs...); err != nil {
		return 0, nil, err
	}
	id, ok := values[0].(int64)
	if !ok {
		return 0, nil, fmt.Errorf("sqlite: %s row with a key of type %T", t.table, values[0])
	}
	return id, t.canonical(values[1:]), nil
}

// recordEvidence appends e, the event that writes the evidence row kind/id in this transaction,
// bound to the row as stored.
func (tx *Tx) recordEvidence(kind string, id int64, e *tracker.AuditEvent) error {
	t := evidenceTableOf(kind)
	_, sum, err := t.scanDigest(tx.QueryRow(`SELECT `+t.selectList()+` FROM `+t.table+` WHERE `+t.key+` = ?`, id))
	if err != nil {
		return err
	}
	e.RecordKind, e.RecordID, e.RecordSHA256 = kind, id, sum
	return tx.appendEvent(e)
}

// logEvidence is recordEvidence for the caller in ctx.
func (tx *Tx) logEvidence(ctx context.Context, kind string, id int64, action, target, detail string) error {
	actor, accountID, source := actorOf(ctx)
	return tx.recordEvidence(kind, id, &tracker.AuditEvent{Actor: actor, AccountID: accountID, Source: source,
		Action: action, Target: target, Outcome: tracker.OutcomeSuccess, Detail: detail})
}

// bindExisting binds the evidence rows a database held before evidence was bound to the chain (the
// migration that started it is new in this database): one event per row, saying so. A change made
// to such a row before this moment cannot be found; from now on it can. Plans get their first
// revision from what is recorded.
func (db *DB) bindExisting(ctx context.Context) error {
	tx, err := db.BeginTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	plans, err := db.findPlansIn(ctx, tx, 0)
	if err != nil {
		return err
	}
	for i := len(plans) - 1; i >= 0; i-- {
		if _, err := tx.insertPlanRevision(plans[i], plans[i].UpdatedBy); err != nil {
			return err
		}
	}
	for _, t := range evidenceTables {
		rows, err := tx.Query(`SELECT `+t.key+` FROM `+t.table+` WHERE `+t.key+` NOT IN
			(SELECT record_id FROM audit_log WHERE record_kind = ?) ORDER BY `+t.key, t.kind)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			if err := tx.recordEvidence(t.kind, id, &tracker.AuditEvent{Actor: "system", Action: tracker.ActionEvidenceBind,
				Target: fmt.Sprintf("%s %d", t.kind, id), Detail: "recorded before evidence was bound to the audit chain"}); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// verifyRecords checks every evidence row against the event bound to it, table by table, both
// read in key order. It returns the first record that differs, is missing or has no event.
func (db *DB) verifyRecords(ctx context.Context, v *tracker.AuditVerification) error {
	for _, t := range evidenceTables {
		rows, err := db.rdb.QueryContext(ctx, `SELECT `+t.selectList()+` FROM `+t.table+` ORDER BY `+t.key)
		if err != nil {
			return err
		}
		events, err := db.rdb.QueryContext(ctx, `SELECT record_id, record_sha256, id FROM audit_log WHERE record_kind = ?
			ORDER BY record_id, id`, t.kind)
		if err != nil {
			rows.Close()
			return err
		}
		err = mergeRecords(t, rows, events, v)
		rows.Close()
		events.Close()
		if err != nil || !v.OK() {
			return err
		}
	}
	return db.verifyCurrentPlans(ctx, v)
}

// mergeRecords walks a table's rows and its binding events together.
func mergeRecords(t evidenceTable, rows, events *sql.Rows, v *tracker.AuditVerification) error {
	type bound struct {
		id, event int64
		sum       string
	}
	nextEvent := func() (*bound, error) {
		if !events.Next() {
			return nil, events.Err()
		}
		var b bound
		return &b, events.Scan(&b.id, &b.sum, &b.event)
	}
	ev, err := nextEvent()
	if err != nil {
		return err
	}
	fail := func(id int64, problem string) {
		v.Record, v.Problem = tracker.RecordName(t.kind, id), tracker.RecordName(t.kind, id)+problem
	}
	for rows.Next() {
		id, sum, err := t.scanDigest(rows)
		if err != nil {
			return err
		}
		v.Records++
		for ev != nil && ev.id < id {
			fail(ev.id, fmt.Sprintf("がありません（監査ログ番号 %d に記録されています）。", ev.event))
			return nil
		}
		switch {
		case ev == nil || ev.id > id:
			fail(id, "に対応する監査ログがありません（記録が後から追加されています）。")
			return nil
		case ev.sum != sum:
			fail(id, fmt.Sprintf("の内容が監査ログ番号 %d に記録された内容と一致しません（記録が変更されています）。", ev.event))
			return nil
		}
		if ev, err = nextEvent(); err != nil {
			return err
		}
		if ev != nil && ev.id == id {
			fail(id, fmt.Sprintf("が監査ログに二度記録されています（番号 %d）。", ev.event))
			return nil
		}
	}
	if ev != nil {
		fail(ev.id, fmt.Sprintf("がありません（監査ログ番号 %d に記録されています）。", ev.event))
	}
	return rows.Err()
}
