-- Sign-in and records that hold on a hostile network (issue 11).

-- An attempt submitted after the person's deadline (or after the plan's period) is recorded like any
-- other and marked late (期限後) as it is written; the mark is part of the evidence record.
ALTER TABLE attempts ADD COLUMN late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1));

-- The hashes an account's earlier passwords had, so that a new password can be refused when it is
-- one of the last few (【07】第11条). Only the newest are kept.
CREATE TABLE password_history (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts (id),
	hash       TEXT NOT NULL,
	retired_at INTEGER NOT NULL
);
CREATE INDEX password_history_account ON password_history (account_id, id);

-- report_status.state 3 is 期限後合格 (every required module passed, one of them after the deadline);
-- the completions index covers both kinds of passed.
DROP INDEX report_status_done;
CREATE INDEX report_status_done ON report_status (fiscal_year, done_day) WHERE state >= 2;
