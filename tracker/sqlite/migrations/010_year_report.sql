-- The year report (issue 16): the 事務局's proposal for next year's plan, kept as revisions written
-- once, each bound to the audit chain like every evidence record (tracker/evidence.go).
CREATE TABLE plan_proposals (
	id          INTEGER PRIMARY KEY,
	fiscal_year INTEGER NOT NULL, -- the year reported on
	saved_at    INTEGER NOT NULL,
	saved_by    TEXT NOT NULL,
	text        TEXT NOT NULL
);
CREATE INDEX plan_proposals_year ON plan_proposals (fiscal_year, id);
CREATE TRIGGER plan_proposals_no_update BEFORE UPDATE ON plan_proposals BEGIN SELECT RAISE(ABORT, 'plan proposals are written once'); END;
CREATE TRIGGER plan_proposals_no_delete BEFORE DELETE ON plan_proposals BEGIN SELECT RAISE(ABORT, 'plan proposals are written once'); END;

-- An evidence pack reads the records that a stretch of the chain binds, kind by kind.
CREATE INDEX audit_log_kind_event ON audit_log (record_kind, id, record_id) WHERE record_kind != '';
