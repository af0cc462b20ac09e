package reportbench

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"isms/tracker"
	"isms/tracker/sqlite"
)

// benchAmendment is an amendment that took effect today, so that the attendance dashboard shows
// its 周知状況 and the 周知状況 pages have a version to report.
func benchAmendment(now time.Time) *tracker.Amendment {
	return &tracker.Amendment{Version: "bench-amendment", Name: "ベンチマーク改正版", Effective: tracker.DateOf(now), Commit: "0000000",
		Previous: "前の版", TableURL: "/versions/bench..bench-amendment/",
		Articles: []tracker.AmendedArticle{{ID: "04-13", Label: "【04】第13条（パスワードの利用）", Change: "改正",
			URL: "/versions/bench..bench-amendment/#art-04-13", Names: []tracker.Role{tracker.RoleGeneral}}}}
}

// seedAcknowledgements records the 周知確認 of every person but one in every ten through the store,
// as staff confirm on a 施行日: many at once, which the writer commits together.
func seedAcknowledgements(ctx context.Context, db *sqlite.DB, a *tracker.Amendment) (int, error) {
	var staff []*tracker.Person
	for offset := 0; ; offset += 1000 {
		page, total, err := db.FindPeople(ctx, tracker.PersonFilter{Status: tracker.StatusActive, Offset: offset, Limit: 1000})
		if err != nil {
			return 0, err
		}
		staff = append(staff, page...)
		if offset+len(page) >= total || len(page) == 0 {
			break
		}
	}
	const wave = 512
	n := 0
	digest := strings.Repeat("0", 64)
	for start := 0; start < len(staff); start += wave {
		var wg sync.WaitGroup
		errs := make([]error, wave)
		for i, p := range staff[start:min(start+wave, len(staff))] {
			if (start+i)%10 == 9 {
				continue // not confirmed yet
			}
			n++
			pctx := tracker.NewContext(ctx, &tracker.Principal{Account: &tracker.Account{Login: p.StaffNo, Kind: tracker.KindStaff},
				Person: p, Source: "reportbench"})
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = db.Acknowledge(pctx, &tracker.Acknowledgement{Version: a.Version, Commit: a.Commit, Digest: digest})
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return n, fmt.Errorf("reportbench: 周知確認: %w", err)
			}
		}
	}
	return n, nil
}
