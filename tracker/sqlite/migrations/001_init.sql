-- The tracker's schema. Times are UTC unix seconds. Nothing about a person is ever deleted:
-- people leave (status 退職), attempts and the audit log stay (【01】第17条3, 【07】第17条).

CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
);

-- A unit is a 局, a 部 in it or a 課 in that; each row names its ancestors' IDs so that one join
-- gives a person's whole place, and "everyone in this 部" is one indexed comparison.
CREATE TABLE units (
	id            INTEGER PRIMARY KEY,
	bureau        TEXT NOT NULL,
	department    TEXT NOT NULL DEFAULT '',
	section       TEXT NOT NULL DEFAULT '',
	bureau_id     INTEGER NOT NULL,
	department_id INTEGER NOT NULL DEFAULT 0,
	section_id    INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL,
	UNIQUE (bureau, department, section)
);
CREATE INDEX units_bureau ON units (bureau_id);
CREATE INDEX units_department ON units (department_id);

CREATE TABLE roster_imports (
	id          INTEGER PRIMARY KEY,
	imported_at INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	file_name   TEXT NOT NULL,
	file_sha256 TEXT NOT NULL,
	encoding    TEXT NOT NULL,
	rows        INTEGER NOT NULL,
	added       INTEGER NOT NULL,
	changed     INTEGER NOT NULL,
	leaving     INTEGER NOT NULL
);

-- 職員名簿 (重要性分類A).
CREATE TABLE people (
	id         INTEGER PRIMARY KEY,
	staff_no   TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL,
	kana       TEXT NOT NULL,
	unit_id    INTEGER NOT NULL REFERENCES units (id),
	position   TEXT NOT NULL,
	category   TEXT NOT NULL CHECK (category IN ('職員', '会計年度任用職員', '外部委託')),
	auditor    INTEGER NOT NULL DEFAULT 0 CHECK (auditor IN (0, 1)),
	role       TEXT NOT NULL CHECK (role IN ('general', 'manager', 'executive', 'chief', 'auditor')),
	mail       TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL CHECK (status IN ('在職', '退職')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	left_at    INTEGER
);
CREATE INDEX people_unit ON people (unit_id);

-- 異動: each stay of a person in a unit and position; to_at is NULL for the current one.
CREATE TABLE postings (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people (id),
	unit_id   INTEGER NOT NULL REFERENCES units (id),
	position  TEXT NOT NULL,
	role      TEXT NOT NULL,
	from_at   INTEGER NOT NULL,
	to_at     INTEGER,
	import_id INTEGER REFERENCES roster_imports (id)
);
CREATE INDEX postings_person ON postings (person_id, from_at);

-- Sign-in IDs. Staff accounts belong to a person; admin (事務局) accounts to nobody on the roster,
-- so privileged and everyday IDs stay apart (【09】第5条4).
CREATE TABLE accounts (
	id                  INTEGER PRIMARY KEY,
	login               TEXT NOT NULL UNIQUE,
	kind                TEXT NOT NULL CHECK (kind IN ('staff', 'admin')),
	person_id           INTEGER UNIQUE REFERENCES people (id),
	display_name        TEXT NOT NULL,
	password_hash       TEXT NOT NULL DEFAULT '',
	must_change         INTEGER NOT NULL DEFAULT 1,
	password_changed_at INTEGER NOT NULL DEFAULT 0,
	failed_count        INTEGER NOT NULL DEFAULT 0,
	locked_until        INTEGER NOT NULL DEFAULT 0,
	disabled            INTEGER NOT NULL DEFAULT 0,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	CHECK ((kind = 'staff') = (person_id IS NOT NULL))
);

-- Sessions hold the SHA-256 of the token, never the token.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	csrf       TEXT NOT NULL,
	source     TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	seen_at    INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- 年度教育計画 (【01】第17条1–2).
CREATE TABLE plans (
	fiscal_year  INTEGER PRIMARY KEY,
	period_start TEXT NOT NULL,
	period_end   TEXT NOT NULL,
	deadline     TEXT NOT NULL,
	approved_on  TEXT NOT NULL DEFAULT '',
	approver     TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	updated_at   INTEGER NOT NULL,
	updated_by   TEXT NOT NULL
);
CREATE TABLE plan_modules (
	fiscal_year INTEGER NOT NULL REFERENCES plans (fiscal_year) ON DELETE CASCADE,
	role        TEXT NOT NULL,
	module      TEXT NOT NULL,
	ord         INTEGER NOT NULL,
	PRIMARY KEY (fiscal_year, role, module)
);

-- 受講歴: one row per graded submission, with the person's role and unit (IDs and names) as they
-- were, and the policy and bank versions in force.
CREATE TABLE attempts (
	id             INTEGER PRIMARY KEY,
	key            TEXT NOT NULL UNIQUE,
	person_id      INTEGER NOT NULL REFERENCES people (id),
	staff_no       TEXT NOT NULL,
	name           TEXT NOT NULL,
	role           TEXT NOT NULL,
	position       TEXT NOT NULL,
	unit_id        INTEGER NOT NULL,
	bureau_id      INTEGER NOT NULL,
	bureau         TEXT NOT NULL,
	department_id  INTEGER NOT NULL DEFAULT 0,
	department     TEXT NOT NULL DEFAULT '',
	section_id     INTEGER NOT NULL DEFAULT 0,
	section        TEXT NOT NULL DEFAULT '',
	module         TEXT NOT NULL,
	fiscal_year    INTEGER NOT NULL,
	policy_version TEXT NOT NULL,
	bank_version   TEXT NOT NULL,
	paper          TEXT NOT NULL,
	answers        TEXT NOT NULL,
	items          TEXT NOT NULL,
	correct        INTEGER NOT NULL,
	total          INTEGER NOT NULL,
	percent        INTEGER NOT NULL,
	passed         INTEGER NOT NULL CHECK (passed IN (0, 1)),
	started_at     INTEGER NOT NULL,
	submitted_at   INTEGER NOT NULL
);
CREATE INDEX attempts_person ON attempts (person_id, fiscal_year, module);
CREATE INDEX attempts_year ON attempts (fiscal_year, module);

-- 有効性の評価 (【01】第17条3).
CREATE TABLE surveys (
	attempt_id    INTEGER PRIMARY KEY REFERENCES attempts (id),
	understanding INTEGER NOT NULL CHECK (understanding BETWEEN 1 AND 5),
	usefulness    INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
	comment       TEXT NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL
);

-- 持ち出し records (【03】第9条3): every export of records, written by the reports and exports.
CREATE TABLE exports (
	id             INTEGER PRIMARY KEY,
	at             INTEGER NOT NULL,
	account_id     INTEGER,
	actor          TEXT NOT NULL,
	report         TEXT NOT NULL,
	scope          TEXT NOT NULL,
	format         TEXT NOT NULL DEFAULT '',
	rows           INTEGER NOT NULL,
	classification TEXT NOT NULL DEFAULT '重要性分類A',
	purpose        TEXT NOT NULL DEFAULT '',
	file_sha256    TEXT NOT NULL DEFAULT '',
	source         TEXT NOT NULL DEFAULT ''
);

-- The audit log (【07】第17条): each row's hash covers the previous row's, and triggers refuse
-- updates and deletes, so the application cannot change history and anything else that does is
-- found by `isms audit verify`.
CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL,
	account_id INTEGER NOT NULL DEFAULT 0,
	action     TEXT NOT NULL,
	target     TEXT NOT NULL DEFAULT '',
	outcome    TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
	source     TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT '',
	prev_hash  TEXT NOT NULL,
	hash       TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
