-- The dashboard's figures per person and fiscal year, kept by the reports as a cache of what the
-- postings, attempts and plan say: rebuilt when the roster or the plan changes, and brought up to
-- date from the attempts recorded since (attempts are never changed or removed). The dashboard
-- then counts narrow rows, already in the order it groups them, instead of placing every person
-- and summing every attempt of the year.
CREATE TABLE report_status (
	fiscal_year   INTEGER NOT NULL,
	bureau_id     INTEGER NOT NULL, -- placement in the fiscal year
	department_id INTEGER NOT NULL,
	section_id    INTEGER NOT NULL,
	role          TEXT NOT NULL,    -- training role in the fiscal year
	category      TEXT NOT NULL,
	req           INTEGER NOT NULL, -- bit i set: the plan's module i is required
	pass          INTEGER NOT NULL, -- bit i set: required module i passed in the fiscal year
	state         INTEGER NOT NULL, -- 0 未受講, 1 受講中, 2 合格
	id            INTEGER NOT NULL, -- the person
	done_day      INTEGER,          -- Japan-time day (unix days) the last required module was passed, once all are
	PRIMARY KEY (fiscal_year, bureau_id, department_id, section_id, role, category, req, pass, state, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX report_status_person ON report_status (fiscal_year, id);
CREATE INDEX report_status_done ON report_status (fiscal_year, done_day) WHERE state = 2;

-- What each fiscal year's rows were built from.
CREATE TABLE report_builds (
	fiscal_year INTEGER PRIMARY KEY,
	source      TEXT NOT NULL,    -- roster import, postings and plan the rows follow
	attempt_id  INTEGER NOT NULL, -- the newest attempt counted
	built_at    INTEGER NOT NULL
);
