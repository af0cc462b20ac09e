-- Amendments of the policy (tracker/amendment.go): each member of staff confirms the notice of a
-- version (周知確認), the 事務局 sets each version's deadline or waives the confirmation, and marks
-- the questions that cite amended articles as reviewed. All three are evidence records: written
-- once and bound to the audit chain (tracker/evidence.go).

-- 周知確認: who confirmed which version, with their role and 所属 at that time, the commit of the
-- version and the SHA-256 of the notice exactly as it was shown to them.
CREATE TABLE acknowledgements (
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES people (id),
	staff_no        TEXT NOT NULL,
	name            TEXT NOT NULL,
	role            TEXT NOT NULL,
	position        TEXT NOT NULL,
	unit_id         INTEGER NOT NULL,
	bureau_id       INTEGER NOT NULL,
	bureau          TEXT NOT NULL,
	department_id   INTEGER NOT NULL DEFAULT 0,
	department      TEXT NOT NULL DEFAULT '',
	section_id      INTEGER NOT NULL DEFAULT 0,
	section         TEXT NOT NULL DEFAULT '',
	version         TEXT NOT NULL, -- versions.toml id
	commit_hash     TEXT NOT NULL,
	notice_sha256   TEXT NOT NULL,
	acknowledged_at INTEGER NOT NULL,
	UNIQUE (person_id, version)
);
CREATE INDEX acknowledgements_version ON acknowledgements (version, person_id);
-- The 周知状況 counts the people in post by unit: with this index that count reads no table row.
CREATE INDEX people_status_unit ON people (status, unit_id);

-- Every save of a version's setting (deadline, waiver with its reason, 改正研修), as saved; the
-- newest revision of a version is the one in force.
CREATE TABLE amendment_settings (
	id       INTEGER PRIMARY KEY,
	version  TEXT NOT NULL,
	saved_at INTEGER NOT NULL,
	saved_by TEXT NOT NULL,
	setting  TEXT NOT NULL -- canonical JSON
);
CREATE INDEX amendment_settings_version ON amendment_settings (version, id);

-- A question citing an amended article, reviewed against the amendment: left as it was or edited
-- in the bank. Until reviewed it is not drawn.
CREATE TABLE question_reviews (
	id           INTEGER PRIMARY KEY,
	question     TEXT NOT NULL,
	module       TEXT NOT NULL,
	bank_version TEXT NOT NULL,
	version      TEXT NOT NULL,
	outcome      TEXT NOT NULL CHECK (outcome IN ('unchanged', 'edited')),
	note         TEXT NOT NULL DEFAULT '',
	reviewed_at  INTEGER NOT NULL,
	reviewed_by  TEXT NOT NULL
);
CREATE INDEX question_reviews_version ON question_reviews (version, question, id);

CREATE TRIGGER acknowledgements_no_update BEFORE UPDATE ON acknowledgements BEGIN SELECT RAISE(ABORT, 'acknowledgements are written once'); END;
CREATE TRIGGER acknowledgements_no_delete BEFORE DELETE ON acknowledgements BEGIN SELECT RAISE(ABORT, 'acknowledgements are written once'); END;
CREATE TRIGGER amendment_settings_no_update BEFORE UPDATE ON amendment_settings BEGIN SELECT RAISE(ABORT, 'amendment settings are written once'); END;
CREATE TRIGGER amendment_settings_no_delete BEFORE DELETE ON amendment_settings BEGIN SELECT RAISE(ABORT, 'amendment settings are written once'); END;
CREATE TRIGGER question_reviews_no_update BEFORE UPDATE ON question_reviews BEGIN SELECT RAISE(ABORT, 'question reviews are written once'); END;
CREATE TRIGGER question_reviews_no_delete BEFORE DELETE ON question_reviews BEGIN SELECT RAISE(ABORT, 'question reviews are written once'); END;
