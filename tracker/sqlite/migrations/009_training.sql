-- Training of every kind (issue 15): 集合研修 and other sessions with their attendance, 訓練 results,
-- reminders sent, and what a person's own deadline follows (joining, a change of role).

-- When a person joined (added by a roster import after the first, which loads the staff as they
-- are) and when their role last changed, from which role: Plan.DeadlineFor reads them.
ALTER TABLE people ADD COLUMN joined_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN role_changed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN role_before TEXT NOT NULL DEFAULT '';

-- The plan's training rules beside its modules: relative deadlines, which sessions count toward
-- which role's module, follow-up modules after a 訓練 (canonical JSON; '' when none).
ALTER TABLE plans ADD COLUMN training TEXT NOT NULL DEFAULT '';

-- 集合研修, 外部研修, e-ラーニング（他システム）, 訓練: written once.
CREATE TABLE training_sessions (
	id          INTEGER PRIMARY KEY,
	fiscal_year INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	title       TEXT NOT NULL,
	start_on    TEXT NOT NULL,
	end_on      TEXT NOT NULL,
	place       TEXT NOT NULL DEFAULT '',
	roles       TEXT NOT NULL DEFAULT '', -- role IDs, comma-separated; '' for everyone
	units       TEXT NOT NULL DEFAULT '', -- unit IDs, comma-separated; '' for everyone
	modules     TEXT NOT NULL DEFAULT '', -- the plan's modules it covers, comma-separated
	note        TEXT NOT NULL DEFAULT '',
	created_at  INTEGER NOT NULL,
	created_by  TEXT NOT NULL
);
CREATE INDEX training_sessions_year ON training_sessions (fiscal_year, start_on);

-- Attendance: who was there, with their role and unit at the time (scoped like attempts), and who
-- recorded it how (csv: a file of 職員番号; page: ticked by the 事務局; manager: confirmed by the
-- person's セキュリティ管理者).
CREATE TABLE attendance (
	id            INTEGER PRIMARY KEY,
	session_id    INTEGER NOT NULL REFERENCES training_sessions (id),
	person_id     INTEGER NOT NULL REFERENCES people (id),
	staff_no      TEXT NOT NULL,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL,
	bureau_id     INTEGER NOT NULL,
	bureau        TEXT NOT NULL,
	department_id INTEGER NOT NULL DEFAULT 0,
	department    TEXT NOT NULL DEFAULT '',
	section_id    INTEGER NOT NULL DEFAULT 0,
	section       TEXT NOT NULL DEFAULT '',
	method        TEXT NOT NULL CHECK (method IN ('csv', 'page', 'manager')),
	file_sha256   TEXT NOT NULL DEFAULT '',
	recorded_at   INTEGER NOT NULL,
	recorded_by   TEXT NOT NULL,
	UNIQUE (session_id, person_id)
);
CREATE INDEX attendance_person ON attendance (person_id, session_id);

-- A 訓練's per-person results (標的型メール訓練: sent, opened, clicked, attachment opened, data entered,
-- reported), with the unit at the time.
CREATE TABLE drill_results (
	id            INTEGER PRIMARY KEY,
	session_id    INTEGER NOT NULL REFERENCES training_sessions (id),
	person_id     INTEGER NOT NULL REFERENCES people (id),
	staff_no      TEXT NOT NULL,
	name          TEXT NOT NULL,
	bureau_id     INTEGER NOT NULL,
	bureau        TEXT NOT NULL,
	department_id INTEGER NOT NULL DEFAULT 0,
	department    TEXT NOT NULL DEFAULT '',
	section_id    INTEGER NOT NULL DEFAULT 0,
	section       TEXT NOT NULL DEFAULT '',
	sent          INTEGER NOT NULL CHECK (sent IN (0, 1)),
	opened        INTEGER NOT NULL CHECK (opened IN (0, 1)),
	clicked       INTEGER NOT NULL CHECK (clicked IN (0, 1)),
	attachment    INTEGER NOT NULL CHECK (attachment IN (0, 1)),
	submitted     INTEGER NOT NULL CHECK (submitted IN (0, 1)),
	reported      INTEGER NOT NULL CHECK (reported IN (0, 1)),
	file_sha256   TEXT NOT NULL,
	recorded_at   INTEGER NOT NULL,
	recorded_by   TEXT NOT NULL,
	UNIQUE (session_id, person_id)
);
CREATE INDEX drill_results_person ON drill_results (person_id);

-- Every reminder sent or handed out: to whom, what, through which channel, and the outcome.
CREATE TABLE reminders (
	id          INTEGER PRIMARY KEY,
	batch       TEXT NOT NULL, -- one send, preview digest
	fiscal_year INTEGER NOT NULL,
	sent_at     INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	channel     TEXT NOT NULL CHECK (channel IN ('mail', 'csv', 'slip')),
	kind        TEXT NOT NULL CHECK (kind IN ('staff', 'manager')),
	person_id   INTEGER NOT NULL REFERENCES people (id),
	staff_no    TEXT NOT NULL,
	to_addr     TEXT NOT NULL DEFAULT '',
	subject     TEXT NOT NULL DEFAULT '',
	body_sha256 TEXT NOT NULL DEFAULT '',
	detail      TEXT NOT NULL DEFAULT '', -- modules and deadline, or the 未受講者 listed
	outcome     TEXT NOT NULL CHECK (outcome IN ('sent', 'failed', 'no_address', 'handed')),
	error       TEXT NOT NULL DEFAULT '',
	section_id  INTEGER NOT NULL DEFAULT 0,
	department_id INTEGER NOT NULL DEFAULT 0,
	bureau_id   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reminders_person ON reminders (person_id, sent_at);
CREATE INDEX reminders_batch ON reminders (batch);

CREATE TRIGGER training_sessions_no_update BEFORE UPDATE ON training_sessions BEGIN SELECT RAISE(ABORT, 'training sessions are written once'); END;
CREATE TRIGGER training_sessions_no_delete BEFORE DELETE ON training_sessions BEGIN SELECT RAISE(ABORT, 'training sessions are written once'); END;
CREATE TRIGGER attendance_no_update BEFORE UPDATE ON attendance BEGIN SELECT RAISE(ABORT, 'attendance is written once'); END;
CREATE TRIGGER attendance_no_delete BEFORE DELETE ON attendance BEGIN SELECT RAISE(ABORT, 'attendance is written once'); END;
CREATE TRIGGER drill_results_no_update BEFORE UPDATE ON drill_results BEGIN SELECT RAISE(ABORT, 'drill results are written once'); END;
CREATE TRIGGER drill_results_no_delete BEFORE DELETE ON drill_results BEGIN SELECT RAISE(ABORT, 'drill results are written once'); END;
CREATE TRIGGER reminders_no_update BEFORE UPDATE ON reminders BEGIN SELECT RAISE(ABORT, 'reminders are written once'); END;
CREATE TRIGGER reminders_no_delete BEFORE DELETE ON reminders BEGIN SELECT RAISE(ABORT, 'reminders are written once'); END;
