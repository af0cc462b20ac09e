package handbook_test

import (
	"testing"

	"isms/handbook"
	"isms/internal/amend"
)

// TestAmendTableURL: the tracker's notices link to the 新旧対照表 pages this package publishes.
func TestAmendTableURL(t *testing.T) {
	if got, want := amend.TableURL("r02-08", "r08-07"), handbook.PairURL("r02-08", "r08-07"); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}
