package export

import (
	"context"
	"io"
	"time"

	"isms/tracker"
)

// Acknowledgements is the 周知確認状況 of one version: one row per person in post, 確認済 with the
// time and the 所属 and role recorded then, or 未確認.
func Acknowledgements(m Meta, a *tracker.Amendment, set *tracker.AmendmentSetting, each Each[*tracker.AckStatus]) *Table {
	cols := []Column{{"版", 18}, {"版ID", 10}, {"施行日", 12}, {"職員番号", 11}, {"氏名", 16}, {"局", 14}, {"部", 16}, {"課", 18},
		{"区分", 16}, {"役割", 22}, {"状況", 8}, {"確認日時", 19}, {"確認時の所属", 36}, {"確認時の役割", 22}, {"期限", 12}}
	if set.Retraining {
		cols = append(cols, Column{"改正研修の合格日", 14})
	}
	return m.table(tracker.ReportAcknowledgements, &Section{Name: tracker.ReportAcknowledgements.Title(), Columns: cols,
		Rows: func(emit func(...any) error) error {
			return each(func(s *tracker.AckStatus) error {
				p := s.Person
				var at, unit, role, deadline, retrained any
				if k := s.Acknowledgement; k != nil {
					at, unit, role = k.AcknowledgedAt, k.Unit.Name(), k.Role.Name()
				}
				if !set.Deadline.IsZero() {
					deadline = set.Deadline
				}
				row := []any{a.Name, a.Version, a.Effective, p.StaffNo, p.Name, p.Unit.Bureau, p.Unit.Department, p.Unit.Section,
					string(p.Category), p.TrainingRole().Name(), s.State().Label(), at, unit, role, deadline}
				if set.Retraining {
					if s.RetrainedAt != nil {
						retrained = tracker.DateOf(*s.RetrainedAt)
					}
					row = append(row, retrained)
				}
				return emit(row...)
			})
		}})
}

// The verb of a 周知確認: ADL's vocabulary has none for confirming that a text was read, so the
// portal names its own under its home page, as it does its extensions.
func (x *XAPI) verbAcknowledged() string { return x.base() + "/xapi/verbs/acknowledged" }

func (x *XAPI) activityPolicyVersion() string { return x.base() + "/xapi/activities/policy-version" }
func (x *XAPI) extCommit() string             { return x.base() + "/xapi/extensions/commit" }
func (x *XAPI) extNotice() string             { return x.base() + "/xapi/extensions/notice-sha256" }

// WriteAcknowledgements writes one acknowledged statement per 周知確認 of the people each yields
// (those who have not confirmed have none): the person, the version as the object, the time.
// Statement IDs derive from the record, so exporting again gives the same IDs.
func (x *XAPI) WriteAcknowledgements(w io.Writer, a *tracker.Amendment, each Each[*tracker.AckStatus]) (int, error) {
	return x.writeStatements(w, func(emit func(*Statement) error) error {
		return each(func(s *tracker.AckStatus) error {
			k := s.Acknowledgement
			if k == nil {
				return nil
			}
			return emit(&Statement{
				ID:    x.recordID("acknowledgements", k.ID, "acknowledged"),
				Actor: Agent{ObjectType: "Agent", Account: Account{HomePage: x.HomePage, Name: k.StaffNo}},
				Verb:  Verb{ID: x.verbAcknowledged(), Display: map[string]string{"ja-JP": "周知確認", "en-US": "acknowledged"}},
				Object: Activity{ObjectType: "Activity", ID: x.VersionID(a.Version),
					Definition: &ActivityDefinition{Name: map[string]string{"ja-JP": a.Name}, Type: x.activityPolicyVersion()}},
				Context: &Context{Platform: "ISMS研修", Language: "ja-JP", Extensions: map[string]any{
					x.extFiscalYear():    int(a.FiscalYear()),
					x.extPolicyVersion(): k.Version,
					x.extCommit():        k.Commit,
					x.extNotice():        k.Digest,
				}},
				Timestamp: k.AcknowledgedAt.In(tracker.Japan).Format(time.RFC3339),
				Version:   "1.0.3",
			})
		})
	})
}

// acknowledgements writes the 周知確認状況 of the version the request names.
func (src *Source) acknowledgements(ctx context.Context, req Request, meta Meta, w io.Writer) (int, string, error) {
	a := tracker.FindAmendment(src.Amendments, req.Version)
	if a == nil || src.Acks == nil {
		return 0, "", tracker.Errorf(tracker.EINVALID, "版「%s」の改正はありません。", req.Version)
	}
	settings, err := src.Acks.AmendmentSettings(ctx)
	if err != nil {
		return 0, "", err
	}
	set := tracker.SettingOf(settings, a.Version)
	q := tracker.AckQuery{Version: a.Version, UnitID: req.UnitID, State: req.AckState}
	if set.Retraining {
		q.Retraining, q.Since = tracker.AmendmentModule(a.Version), a.FiscalYear()
	}
	scope, err := src.Reports.ReportScope(ctx, req.UnitID)
	if err != nil {
		return 0, "", err
	}
	meta.Scope = scope + "・" + a.Name
	if req.AckState != "" {
		meta.Scope += "（" + req.AckState.Label() + "）"
	}
	each := func(fn func(*tracker.AckStatus) error) error {
		_, err := src.Acks.EachAckStatus(ctx, q, fn)
		return err
	}
	if req.Format == tracker.FormatXAPI {
		n, err := src.xapi().WriteAcknowledgements(w, a, each)
		return n, meta.Scope, err
	}
	n, err := write(w, req.Format, Acknowledgements(meta, a, set, each))
	return n, meta.Scope, err
}
