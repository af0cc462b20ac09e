package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"isms/tracker"
)

var _ tracker.AmendmentService = (*DB)(nil)

// Acknowledge records the caller's 周知確認 through the group-commit writer: on a 施行日 the whole
// city confirms within hours, as it submits quizzes during a campaign.
func (db *DB) Acknowledge(ctx context.Context, k *tracker.Acknowledgement) (bool, error) {
	p, err := tracker.Trainee(ctx)
	if err != nil {
		return false, err
	}
	if err := k.Validate(); err != nil {
		return false, err
	}
	if p.Person.Status != tracker.StatusActive {
		return false, tracker.Errorf(tracker.EFORBIDDEN, "名簿上で退職となっているため、周知確認を記録できません。")
	}
	req := &submitRequest{ack: k, person: p.Person, actor: p.Account.Login, accountID: p.Account.ID, source: p.Source,
		done: make(chan struct{})}
	if err := db.enqueue(req); err != nil {
		return false, err
	}
	return req.created, req.err
}

// insertAcknowledgement runs in the writer's transaction: the record and the event bound to it,
// or, when the person confirmed the version before, nothing but reading that record back.
func (tx *Tx) insertAcknowledgement(r *submitRequest) (bool, error) {
	ctx, k, person := context.Background(), r.ack, r.person
	return tx.alone(ctx, func() (bool, error) {
		// The snapshot is the person as the session found them at the start of this request.
		k.PersonID, k.StaffNo, k.Name, k.Role, k.Position, k.Unit = person.ID, person.StaffNo, person.Name, person.TrainingRole(),
			person.Position, person.Unit
		k.AcknowledgedAt = tx.now
		res, err := tx.ExecContext(ctx, `INSERT INTO acknowledgements (person_id, staff_no, name, role, position, unit_id, bureau_id,
			bureau, department_id, department, section_id, section, version, commit_hash, notice_sha256, acknowledged_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id, version) DO NOTHING`,
			k.PersonID, k.StaffNo, k.Name, k.Role, k.Position, k.Unit.ID(), k.Unit.BureauID, k.Unit.Bureau, k.Unit.DepartmentID,
			k.Unit.Department, k.Unit.SectionID, k.Unit.Section, k.Version, k.Commit, k.Digest, unix(k.AcknowledgedAt))
		if err != nil {
			return false, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// Confirmed before (another tab, a double click): the first record stands.
			found, err := scanAck(tx.QueryRowContext(ctx, `SELECT `+ackColumns+` FROM acknowledgements a
				WHERE a.person_id = ? AND a.version = ?`, person.ID, k.Version))
			if err != nil {
				return false, err
			}
			*k = *found
			return false, nil
		}
		k.ID, _ = res.LastInsertId()
		err = tx.recordEvidence(tracker.EvidenceAcknowledgement, k.ID, &tracker.AuditEvent{Actor: r.actor, AccountID: r.accountID,
			Source: r.source, Action: tracker.ActionAcknowledge, Target: fmt.Sprintf("acknowledgement %d", k.ID),
			Outcome: tracker.OutcomeSuccess, Detail: fmt.Sprintf("version=%s commit=%s notice=%s", k.Version, k.Commit, k.Digest[:16])})
		return err == nil, err
	})
}

const ackColumns = `a.id, a.person_id, a.staff_no, a.name, a.role, a.position, a.bureau_id, a.bureau, a.department_id, a.department,
	a.section_id, a.section, a.version, a.commit_hash, a.notice_sha256, a.acknowledged_at`

func scanAck(sc scanner) (*tracker.Acknowledgement, error) {
	var k tracker.Acknowledgement
	var at int64
	if err := sc.Scan(&k.ID, &k.PersonID, &k.StaffNo, &k.Name, &k.Role, &k.Position, &k.Unit.BureauID, &k.Unit.Bureau, &k.Unit.DepartmentID,
		&k.Unit.Department, &k.Unit.SectionID, &k.Unit.Section, &k.Version, &k.Commit, &k.Digest, &at); err != nil {
		return nil, err
	}
	k.AcknowledgedAt = fromUnix(at)
	return &k, nil
}

// FindAcknowledgementByID returns a record whose person is in the caller's scope.
func (db *DB) FindAcknowledgementByID(ctx context.Context, id int64) (*tracker.Acknowledgement, error) {
	notFound := tracker.Errorf(tracker.ENOTFOUND, "この周知確認の記録は見つかりません。")
	k, err := scanAck(db.rdb.QueryRowContext(ctx, `SELECT `+ackColumns+` FROM acknowledgements a WHERE a.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	p, err := db.personByID(ctx, db.rdb, k.PersonID)
	if err != nil {
		return nil, err
	}
	if !tracker.PrincipalFrom(ctx).Scope().CanSeePerson(p) {
		// Not 403: whether someone else's record exists is itself not the caller's to know.
		return nil, notFound
	}
	return k, nil
}

// FindAcknowledgements returns records of people in the caller's scope, newest first.
func (db *DB) FindAcknowledgements(ctx context.Context, f tracker.AcknowledgementFilter) ([]*tracker.Acknowledgement, int, error) {
	// The records are scoped as attempts are (attemptScope, on the alias a): by the person's
	// place now.
	where, args, err := db.attemptScope(ctx, f.PersonID, f.UnitID)
	if err != nil {
		return nil, 0, err
	}
	if f.Version != "" {
		where, args = append(where, "a.version = ?"), append(args, f.Version)
	}
	from := ` FROM acknowledgements a JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id WHERE ` +
		strings.Join(where, " AND ")
	return findPage(ctx, db, ackColumns, from, `a.acknowledged_at DESC, a.id DESC`, args, f.Offset, f.Limit, scanAck)
}
