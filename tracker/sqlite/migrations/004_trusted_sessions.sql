-- A session opened by the single-sign-on proxy: the portal's own password (and whether it must be
-- changed) does not apply to it.
ALTER TABLE sessions ADD COLUMN trusted INTEGER NOT NULL DEFAULT 0;
