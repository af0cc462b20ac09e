package sqlite

import (
	"database/sql"
	"net/url"
	"time"
)

// Checkpoints. SQLite copies the WAL back into the database file (a checkpoint) by default inside
// the commit that makes the WAL pass 1000 pages, and with synchronous=FULL that commit then waits
// for a second flush: a submission batch caught behind it waited up to a tenth of a second. The
// writer connection therefore does not checkpoint; a connection of its own does, every
// checkpointInterval, in PASSIVE mode, which never blocks the writer or the readers. Should the
// writer's connection ever be reopened without the pragma, SQLite's own checkpoints resume, which
// is slower but just as safe.
const checkpointInterval = 500 * time.Millisecond

func (db *DB) startCheckpointer(q url.Values) error {
	if _, err := db.db.Exec(`PRAGMA wal_autocheckpoint = 0`); err != nil {
		return err
	}
	cdb, err := sql.Open("sqlite3", "file:"+db.Path+"?"+q.Encode())
	if err != nil {
		return err
	}
	cdb.SetMaxOpenConns(1)
	db.cdb = cdb
	db.checkpointDone = make(chan struct{})
	go func() {
		defer close(db.checkpointDone)
		t := time.NewTicker(checkpointInterval)
		defer t.Stop()
		for {
			select {
			case <-db.done:
				return
			case <-t.C:
				cdb.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
			}
		}
	}()
	return nil
}

// stopCheckpointer waits for the checkpointer and leaves the database file complete and the WAL
// empty, so that a copy of the file alone holds everything.
func (db *DB) stopCheckpointer() {
	if db.cdb == nil {
		return
	}
	<-db.checkpointDone
	db.cdb.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	db.cdb.Close()
}
