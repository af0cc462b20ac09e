package sqlite

import (
	"context"
	"sync"

	"isms/tracker"
)

// Group commit. With synchronous=FULL every commit waits for the disk, so one transaction per
// submission caps throughput at the disk's flush rate. Submissions go instead to one writer
// goroutine, which takes whatever has queued up while the previous commit was flushing and
// commits it in one transaction. Nothing waits on a timer: under light load a batch is one
// submission.

// maxBatch bounds one transaction, so a burst cannot hold the write lock for long.
const maxBatch = 256

type submitRequest struct {
	attempt   *tracker.Attempt
	ack       *tracker.Acknowledgement // a 周知確認 instead: everyone confirms on the same 施行日
	person    *tracker.Person
	answers   string // JSON, encoded before queueing so the writer only writes
	items     string
	actor     string
	accountID int64
	source    string
	// deadline is the person's deadline in the fiscal year of fy under the plan in force when the
	// request was made; an attempt of that year submitted after it is late.
	deadline tracker.Date
	fy       tracker.FiscalYear
	created  bool
	err      error
	done     chan struct{}
}

type submitGate struct {
	mu     sync.RWMutex
	closed bool
}

// enqueue hands a request to the writer and waits for its commit.
func (db *DB) enqueue(req *submitRequest) error {
	db.gate.mu.RLock()
	if db.gate.closed {
		db.gate.mu.RUnlock()
		return tracker.Errorf(tracker.EINTERNAL, "サーバーを停止中です。しばらくしてからもう一度送信してください。")
	}
	db.submits <- req
	db.gate.mu.RUnlock()
	<-req.done // the writer answers every request it received, also while stopping
	return nil
}

// runSubmits is the writer goroutine.
func (db *DB) runSubmits() {
	defer close(db.stopped)
	batch := make([]*submitRequest, 0, maxBatch)
	for {
		select {
		case req := <-db.submits:
			batch = append(batch[:0], req)
		drain:
			for len(batch) < maxBatch {
				select {
				case r := <-db.submits:
					batch = append(batch, r)
				default:
					break drain
				}
			}
			db.commitBatch(batch)
		case <-db.done:
			// Close has shut the gate: no new requests can arrive; finish what is queued.
			for {
				select {
				case req := <-db.submits:
					db.commitBatch([]*submitRequest{req})
				default:
					return
				}
			}
		}
	}
}

func (db *DB) commitBatch(batch []*submitRequest) {
	defer func() {
		for _, r := range batch {
			close(r.done)
		}
	}()
	tx, err := db.BeginTx(context.Background())
	if err != nil {
		for _, r := range batch {
			r.err = err
		}
		return
	}
	defer tx.Rollback()
	// Each submission's writes either all happen or none does (insertAttempt undoes its own row
	// when its log line fails), so one bad submission does not spoil the batch and no savepoints
	// are needed.
	for _, r := range batch {
		if r.ack != nil {
			r.created, r.err = tx.insertAcknowledgement(r)
			continue
		}
		r.created, r.err = tx.insertAttempt(r)
	}
	if err := tx.Commit(); err != nil {
		for _, r := range batch {
			if r.err == nil {
				r.err, r.created = err, false
			}
		}
	}
}
