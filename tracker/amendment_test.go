package tracker_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"isms/quiz"
	"isms/tracker"
)

func testAmendment() *tracker.Amendment {
	effective, _ := tracker.ParseDate("2026-07-01")
	return &tracker.Amendment{Version: "r08-07", Name: "令和8年7月改正版", Effective: effective, Commit: "0123456",
		TableURL: "/versions/r02-08..r08-07/",
		Articles: []tracker.AmendedArticle{
			{ID: "04-13", Label: "【04】第13条", Change: "改正", Extract: "<p>a</p>", Names: tracker.RolesNamedIn("職員等は、セキュリティ管理者に報告"),
				CitedBy: []string{"general"}},
			{ID: "07-11", Label: "【07】第11条", Change: "改正", Extract: "<p>b</p>", Names: tracker.RolesNamedIn("セキュリティ管理者は、パスワード")},
			{ID: "08-3", OldID: "08-2", Label: "【08】第3条", Change: "条番号変更・改正", Names: tracker.RolesNamedIn("ISMS統括責任者は")},
		}}
}

func ids(arts []tracker.AmendedArticle) string {
	var out []string
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return strings.Join(out, ",")
}

func TestRolesNamedIn(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"職員等は、自己の管理するIDに関し", "general"},
		{"課等の長を、当該課等の所管する全ての情報資産に対するセキュリティ管理者とする。", "manager"},
		{"部長等は、次の事項を実施する", "executive"},
		{"総務局長をISMS統括責任者とする。", "executive,chief"},
		{"セキュリティ内部監査委員は", "auditor"},
		{"パスワードの管理システムは、以下の事項を考慮しなければならない。", ""},
	} {
		var got []string
		for _, r := range tracker.RolesNamedIn(tt.text) {
			got = append(got, string(r))
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%s: got %v, want %s", tt.text, got, tt.want)
		}
	}
}

// TestNoticeFor: the articles that concern a person's role come first; a 課長 is also one of the
// 職員等, so what concerns a 一般職員 concerns them too.
func TestNoticeFor(t *testing.T) {
	a := testAmendment()
	for _, tt := range []struct {
		name            string
		person          *tracker.Person
		forRole, others string
	}{
		{"General", &tracker.Person{Role: tracker.RoleGeneral}, "04-13", "07-11,08-3"},
		{"Manager", &tracker.Person{Role: tracker.RoleManager}, "04-13,07-11", "08-3"},
		{"Chief", &tracker.Person{Role: tracker.RoleChief}, "04-13,07-11,08-3", ""},
		{"AuditorOnAGeneralPost", &tracker.Person{Role: tracker.RoleGeneral, Auditor: true}, "04-13,07-11", "08-3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n := a.NoticeFor(tt.person, tracker.RequiredModules(tt.person.TrainingRole()))
			if ids(n.ForRole) != tt.forRole || ids(n.Others) != tt.others {
				t.Fatalf("got %s | %s, want %s | %s", ids(n.ForRole), ids(n.Others), tt.forRole, tt.others)
			}
		})
	}
	t.Run("CitedByTheirModule", func(t *testing.T) {
		b := testAmendment()
		b.Articles[2].Names, b.Articles[2].CitedBy = nil, []string{"general"}
		n := b.NoticeFor(&tracker.Person{Role: tracker.RoleGeneral}, []string{"general"})
		if ids(n.ForRole) != "04-13,08-3" {
			t.Fatalf("got %s, want the article cited by the general module first", ids(n.ForRole))
		}
	})
	t.Run("DigestFollowsWhatIsShown", func(t *testing.T) {
		g := a.NoticeFor(&tracker.Person{Role: tracker.RoleGeneral}, []string{"general"})
		m := a.NoticeFor(&tracker.Person{Role: tracker.RoleManager}, []string{"general", "manager"})
		again := a.NoticeFor(&tracker.Person{Role: tracker.RoleGeneral}, []string{"general"})
		if len(g.Digest) != 64 || g.Digest != again.Digest || g.Digest == m.Digest {
			t.Fatalf("digests: general %s, again %s, manager %s; want stable and different when the order differs", g.Digest, again.Digest, m.Digest)
		}
		b := testAmendment()
		b.Articles[1].Extract = "<p>c</p>"
		if b.NoticeFor(&tracker.Person{Role: tracker.RoleGeneral}, []string{"general"}).Digest == g.Digest {
			t.Fatal("a changed extract kept the digest")
		}
	})
}

func TestAmendmentModule(t *testing.T) {
	m := tracker.AmendmentModule("r08-07")
	if v, ok := tracker.AmendmentOf(m); !ok || v != "r08-07" {
		t.Fatalf("got %q, %v", v, ok)
	}
	if _, ok := tracker.AmendmentOf("general"); ok {
		t.Fatal("general is not a 改正研修")
	}
}

func TestAmendmentSettingValidate(t *testing.T) {
	a := testAmendment()
	before, _ := tracker.ParseDate("2026-06-30")
	for _, tt := range []struct {
		name string
		s    tracker.AmendmentSetting
		want string
	}{
		{"OK", tracker.AmendmentSetting{Version: "r08-07", Retraining: true}, ""},
		{"Waived", tracker.AmendmentSetting{Version: "r08-07", Waived: true, Reason: "  字句の修正のみ  "}, ""},
		{"ErrDeadlineBeforeEffective", tracker.AmendmentSetting{Version: "r08-07", Deadline: before}, "施行日"},
		{"ErrWaivedWithoutReason", tracker.AmendmentSetting{Version: "r08-07", Waived: true}, "理由"},
		{"ErrWaivedWithRetraining", tracker.AmendmentSetting{Version: "r08-07", Waived: true, Reason: "字句", Retraining: true}, "改正研修"},
		{"ErrReasonTooLong", tracker.AmendmentSetting{Version: "r08-07", Waived: true, Reason: strings.Repeat("字", 501)}, "500字"},
		{"ErrOtherVersion", tracker.AmendmentSetting{Version: "r09-04"}, "版"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate(a)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if tracker.ErrorCode(err) != tracker.EINVALID || !strings.Contains(tracker.ErrorMessage(err), tt.want) {
				t.Fatalf("got %v, want EINVALID naming %s", err, tt.want)
			}
		})
	}
}

// TestReviews: a question citing an amended article is not drawable from the 施行日 until it is
// reviewed for that amendment.
func TestReviews(t *testing.T) {
	a := testAmendment()
	q := &quiz.Question{ID: "general-001", Cites: []string{"04-13"}}
	old := &quiz.Question{ID: "general-009", Cites: []string{"08-2"}} // the old number of 【08】第3条
	other := &quiz.Question{ID: "general-002", Cites: []string{"04-5"}}
	before := time.Date(2026, 6, 30, 23, 0, 0, 0, tracker.Japan)
	after := time.Date(2026, 7, 1, 0, 0, 0, 0, tracker.Japan)
	if r := tracker.NewReviews([]*tracker.Amendment{a}, nil, before); !r.Drawable(q) {
		t.Fatal("before the 施行日 the question is drawn")
	}
	r := tracker.NewReviews([]*tracker.Amendment{a}, nil, after)
	if r.Drawable(q) || r.Drawable(old) || !r.Drawable(other) {
		t.Fatalf("from the 施行日: got drawable %v %v %v, want false false true", r.Drawable(q), r.Drawable(old), r.Drawable(other))
	}
	reviews := []*tracker.QuestionReview{{ID: 1, Question: "general-001", Version: "r08-07", Outcome: tracker.ReviewUnchanged},
		{ID: 2, Question: "general-001", Version: "r08-07", Outcome: tracker.ReviewEdited}}
	r = tracker.NewReviews([]*tracker.Amendment{a}, reviews, after)
	if !r.Drawable(q) || r.Of("r08-07", "general-001").Outcome != tracker.ReviewEdited || !slices.Equal(r.Pending(old), []*tracker.Amendment{a}) {
		t.Fatalf("after review: got drawable %v, newest %+v", r.Drawable(q), r.Of("r08-07", "general-001"))
	}
}
