-- Evidence records are bound to the audit chain (tracker/evidence.go): the event that writes a row
-- carries its kind, ID and the SHA-256 of the row as stored, and the rows are written once.

ALTER TABLE audit_log ADD COLUMN record_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN record_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN record_sha256 TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_record ON audit_log (record_kind, record_id) WHERE record_kind != '';

-- Every save of a plan, approval included, as it was saved: plans and plan_modules hold the
-- current one, which must equal the newest revision.
CREATE TABLE plan_revisions (
	id          INTEGER PRIMARY KEY,
	fiscal_year INTEGER NOT NULL,
	saved_at    INTEGER NOT NULL,
	saved_by    TEXT NOT NULL,
	plan        TEXT NOT NULL -- the plan's canonical JSON (period, deadline, modules, approval, note)
);
CREATE INDEX plan_revisions_year ON plan_revisions (fiscal_year, id);

CREATE TRIGGER attempts_no_update BEFORE UPDATE ON attempts BEGIN SELECT RAISE(ABORT, 'attempts are written once'); END;
CREATE TRIGGER attempts_no_delete BEFORE DELETE ON attempts BEGIN SELECT RAISE(ABORT, 'attempts are written once'); END;
CREATE TRIGGER surveys_no_update BEFORE UPDATE ON surveys BEGIN SELECT RAISE(ABORT, 'surveys are written once'); END;
CREATE TRIGGER surveys_no_delete BEFORE DELETE ON surveys BEGIN SELECT RAISE(ABORT, 'surveys are written once'); END;
CREATE TRIGGER exports_no_update BEFORE UPDATE ON exports BEGIN SELECT RAISE(ABORT, 'exports are written once'); END;
CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports BEGIN SELECT RAISE(ABORT, 'exports are written once'); END;
CREATE TRIGGER roster_imports_no_update BEFORE UPDATE ON roster_imports BEGIN SELECT RAISE(ABORT, 'roster imports are written once'); END;
CREATE TRIGGER roster_imports_no_delete BEFORE DELETE ON roster_imports BEGIN SELECT RAISE(ABORT, 'roster imports are written once'); END;
CREATE TRIGGER plan_revisions_no_update BEFORE UPDATE ON plan_revisions BEGIN SELECT RAISE(ABORT, 'plan revisions are written once'); END;
CREATE TRIGGER plan_revisions_no_delete BEFORE DELETE ON plan_revisions BEGIN SELECT RAISE(ABORT, 'plan revisions are written once'); END;
