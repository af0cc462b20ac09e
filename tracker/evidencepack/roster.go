package evidencepack

import (
	"context"
	"io"

	"isms/tracker"
	"isms/tracker/export"
)

// roster writes the roster as the year saw it: how many people each unit, role and 区分 had, and
// every roster file applied with its digest. Names only when asked for.
func (src *Source) roster(ctx context.Context, b *builder, o Options) error {
	plan, _, err := src.Plans.PlanInForce(ctx, o.FiscalYear)
	if err != nil {
		return err
	}
	d, err := src.Reports.Dashboard(ctx, plan, 0)
	if err != nil {
		return err
	}
	table := func(title string, sections ...*export.Section) *export.Table {
		return &export.Table{Title: title, FiscalYear: o.FiscalYear, Scope: "全庁", MadeAt: b.m.MadeAt, MadeBy: o.MadeBy, Sections: sections}
	}
	level := map[tracker.UnitLevel]string{tracker.LevelBureau: "局", tracker.LevelDepartment: "部", tracker.LevelSection: "課"}
	summary := table("名簿の概要（年度の対象者）",
		&export.Section{Name: "所属ごとの人数", Columns: []export.Column{{Name: "所属", Width: 40}, {Name: "階層", Width: 6}, {Name: "人数", Width: 8}},
			Rows: func(emit func(...any) error) error {
				for _, u := range d.Units {
					if err := emit(u.Unit.Name(), level[u.Level], u.Targets); err != nil {
						return err
					}
				}
				return emit("全庁", "", d.Total.Targets)
			}},
		&export.Section{Name: "役割ごとの人数", Columns: []export.Column{{Name: "役割", Width: 30}, {Name: "人数", Width: 8}},
			Rows: func(emit func(...any) error) error {
				for _, r := range d.Roles {
					if err := emit(r.Role.Name(), r.Targets); err != nil {
						return err
					}
				}
				return emit("計", d.Total.Targets)
			}},
		&export.Section{Name: "区分ごとの人数", Columns: []export.Column{{Name: "区分", Width: 20}, {Name: "人数", Width: 8}},
			Rows: func(emit func(...any) error) error {
				for _, c := range d.Categories {
					if err := emit(string(c.Category), c.Targets); err != nil {
						return err
					}
				}
				return emit("計", d.Total.Targets)
			}})
	if err := b.file("roster/summary.csv", 0, func(w io.Writer) error { _, err := export.WriteCSV(w, summary); return err }); err != nil {
		return err
	}
	imports, err := src.Evidence.FindRosterImports(ctx)
	if err != nil {
		return err
	}
	history := table("名簿の取り込み履歴", &export.Section{Name: "名簿の取り込み履歴", Columns: []export.Column{{Name: "記録番号"}, {Name: "取り込み日時"},
		{Name: "実行者"}, {Name: "ファイル名"}, {Name: "ファイルのSHA-256"}, {Name: "文字コード"}, {Name: "行数"}, {Name: "追加"}, {Name: "変更"}, {Name: "退職"}},
		Rows: func(emit func(...any) error) error {
			for _, r := range imports {
				if err := emit(int(r.ID), r.ImportedAt, r.Actor, r.FileName, r.FileSHA256, r.Encoding, r.Rows, r.Added, r.Changed, r.Leaving); err != nil {
					return err
				}
			}
			return nil
		}})
	history.FiscalYear = 0
	if err := b.file("roster/imports.csv", 0, func(w io.Writer) error { _, err := export.WriteCSV(w, history); return err }); err != nil {
		return err
	}
	if !o.Names {
		return nil
	}
	people := table("名簿（年度の対象者）", &export.Section{Name: "名簿", Columns: []export.Column{{Name: "職員番号"}, {Name: "氏名"}, {Name: "局"},
		{Name: "部"}, {Name: "課"}, {Name: "職位"}, {Name: "役割"}, {Name: "区分"}},
		Rows: func(emit func(...any) error) error {
			return src.Reports.EachStatus(ctx, plan, tracker.StatusFilter{FiscalYear: o.FiscalYear}, func(r *tracker.PersonReport) error {
				p := r.Person
				return emit(p.StaffNo, p.Name, p.Unit.Bureau, p.Unit.Department, p.Unit.Section, p.Position, r.Role.Name(), string(p.Category))
			})
		}})
	return b.file("roster/people.csv", 0, func(w io.Writer) error { _, err := export.WriteCSV(w, people); return err })
}
