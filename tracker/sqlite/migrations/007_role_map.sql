-- The 職位 → 第16条 role mapping as the 事務局 saves it on its page: every save is a revision,
-- written once and bound to the audit chain; the newest is in force unless the server is given a
-- mapping file (-role-map), which wins so that automation stays in control.
CREATE TABLE role_map_revisions (
	id       INTEGER PRIMARY KEY,
	saved_at INTEGER NOT NULL,
	saved_by TEXT NOT NULL,
	mapping  TEXT NOT NULL -- the text as saved, one "職位 = 役割" or "局/職位 = 役割" per line
);

CREATE TRIGGER role_map_revisions_no_update BEFORE UPDATE ON role_map_revisions BEGIN SELECT RAISE(ABORT, 'role map revisions are written once'); END;
CREATE TRIGGER role_map_revisions_no_delete BEFORE DELETE ON role_map_revisions BEGIN SELECT RAISE(ABORT, 'role map revisions are written once'); END;
