package sqlite_test

import (
	"context"
	"strings"
	"testing"

	"isms/tracker"
)

const cityMap = "# 西宮市\n主事 = 一般職員\n主任 = general\n課長 = セキュリティ管理者\n部長 = 局長級・部長級職員\n局長 = executive\n総務局/局長 = chief\n"

// TestRoleMap: the mapping in force is the file's, else the newest revision saved, else the
// built-in one; every save is a revision written once, bound to the audit chain.
func TestRoleMap(t *testing.T) {
	ctx := context.Background()
	t.Run("Builtin", func(t *testing.T) {
		db, _ := openDB(t)
		m, err := db.RoleMapInForce(ctx)
		if err != nil || m.Source != tracker.RoleMapBuiltin || m.Revision != nil {
			t.Fatalf("got %+v, %v; want the built-in mapping", m, err)
		}
		if r, _ := m.Map.RoleFor("総務局", "局長", tracker.CategoryStaff); r != tracker.RoleChief {
			t.Errorf("総務局の局長: got %q, want chief (【01】第5条)", r)
		}
	})
	t.Run("SavedInForce", func(t *testing.T) {
		db, c := openDB(t)
		rev, err := db.SaveRoleMap(ctx, strings.ReplaceAll(cityMap, "\n", "\r\n")+"\r\n\r\n")
		if err != nil {
			t.Fatal(err)
		}
		m, err := db.RoleMapInForce(ctx)
		if err != nil || m.Source != tracker.RoleMapStored || m.Revision.ID != rev.ID || m.Text != cityMap {
			t.Fatalf("got %+v, %v; want revision %d in force, its text with LF line ends", m, err, rev.ID)
		}
		if _, ok := m.Map.RoleOf("係長"); ok {
			t.Error("係長 is not in the saved mapping, yet it is in force")
		}
		c.Add(60e9)
		second, err := db.SaveRoleMap(ctx, cityMap+"係長 = general\n")
		if err != nil {
			t.Fatal(err)
		}
		revs, err := db.FindRoleMapRevisions(ctx)
		if err != nil || len(revs) != 2 || revs[0].ID != second.ID || revs[0].SavedBy != "system" {
			t.Fatalf("got %+v, %v; want two revisions, the newest first", revs, err)
		}
		events, _, _ := db.FindEvents(ctx, tracker.AuditFilter{Action: tracker.ActionRoleMapSave})
		if len(events) != 2 || events[0].RecordKind != tracker.EvidenceRoleMap || events[0].Detail != "lines=7 added=係長=general removed= changed=" {
			t.Fatalf("got %d events, first %+v; want one bound event per save, saying what changed", len(events), *events[0])
		}
		if !strings.Contains(events[1].Detail, "removed=") || !strings.Contains(events[1].Detail, "係長") {
			t.Errorf("first save: got %q, want the lines removed from the built-in mapping", events[1].Detail)
		}
		if v, err := db.VerifyChain(ctx); err != nil || !v.OK() {
			t.Fatalf("got %+v, %v", v, err)
		}
	})
	t.Run("FileWins", func(t *testing.T) {
		db, _ := openDB(t)
		if _, err := db.SaveRoleMap(ctx, cityMap); err != nil {
			t.Fatal(err)
		}
		db.Config.RoleMapFile = &tracker.RoleMapping{Map: tracker.RoleMap{"主事": tracker.RoleGeneral}, Text: "主事 = general\n",
			Source: tracker.RoleMapFromFile, File: "/etc/isms/roles.txt"}
		m, err := db.RoleMapInForce(ctx)
		if err != nil || m.Source != tracker.RoleMapFromFile || len(m.Map) != 1 || m.Revision == nil {
			t.Fatalf("got %+v, %v; want the file's mapping, with the saved revision beside it", m, err)
		}
		_, err = db.SaveRoleMap(ctx, cityMap+"係長 = general\n")
		wantCode(t, err, tracker.ECONFLICT)
		wantMessage(t, err, "/etc/isms/roles.txt")
	})
	t.Run("ErrEveryBadLine", func(t *testing.T) {
		db, _ := openDB(t)
		_, err := db.SaveRoleMap(ctx, "主事 = general\n課長\n部長 = 社長\n主事 = manager\n")
		wantCode(t, err, tracker.EINVALID)
		for _, want := range []string{"（3件）", "2行目", "3行目: 役割「社長」", "4行目: 職位「主事」が重複"} {
			wantMessage(t, err, want)
		}
		if revs, _ := db.FindRoleMapRevisions(ctx); len(revs) != 0 {
			t.Fatalf("got %d revisions, want none saved", len(revs))
		}
	})
	t.Run("ErrUnchanged", func(t *testing.T) {
		db, _ := openDB(t)
		if _, err := db.SaveRoleMap(ctx, cityMap); err != nil {
			t.Fatal(err)
		}
		_, err := db.SaveRoleMap(ctx, cityMap+"\n")
		wantCode(t, err, tracker.EINVALID)
		wantMessage(t, err, "変更はありません")
	})
	t.Run("ErrStaff", func(t *testing.T) {
		db, _ := openDB(t)
		_, pw := importRoster(t, db, baseRoster)
		uctx := signIn(t, db, "1002", pw["1002"])
		_, err := db.SaveRoleMap(uctx, cityMap)
		wantCode(t, err, tracker.EFORBIDDEN)
		_, err = db.PreviewRoleMap(uctx, tracker.DefaultRoleMap())
		wantCode(t, err, tracker.EFORBIDDEN)
	})
}

// TestPreviewRoleMap: the people in post whose role a mapping changes, and those it leaves
// without one, against the roles recorded at the last import.
func TestPreviewRoleMap(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	importRoster(t, db, baseRoster+"1007,渡辺 五郎,ワタナベ ゴロウ,市民局,,,局長,職員,1,\n")
	m, err := tracker.ParseRoleMap(strings.NewReader(cityMap + "市民局/局長 = chief\n"))
	if err != nil {
		t.Fatal(err)
	}
	pv, err := db.PreviewRoleMap(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if pv.People != 7 || len(pv.Changes) != 1 || pv.Changes[0].Person.StaffNo != "1007" || pv.Changes[0].Role != tracker.RoleChief ||
		pv.Changes[0].Person.Role != tracker.RoleExecutive {
		t.Fatalf("got %+v; want 1007 to go from executive to chief", pv)
	}
	var unmapped []string
	for _, p := range pv.Unmapped {
		unmapped = append(unmapped, p.StaffNo+" "+p.Position)
	}
	if got := strings.Join(unmapped, ","); got != "" {
		t.Errorf("got unmapped %q, want none", got)
	}
	pv, err = db.PreviewRoleMap(ctx, tracker.RoleMap{"主事": tracker.RoleGeneral})
	if err != nil || len(pv.Unmapped) != 5 || len(pv.Changes) != 0 {
		t.Fatalf("got %+v, %v; want the five not 主事 listed as not covered", pv, err)
	}
}

// TestRoleMapTampered: a revision changed or removed beside the application is named by
// verification, like every evidence record.
func TestRoleMapTampered(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		tamper []string
		what   string
	}{
		{"ErrChangeRefused", []string{`UPDATE role_map_revisions SET mapping = '主事 = chief'`}, ""},
		{"Changed", []string{`DROP TRIGGER role_map_revisions_no_update`, `UPDATE role_map_revisions SET mapping = '主事 = chief'`}, "一致しません"},
		{"Removed", []string{`DROP TRIGGER role_map_revisions_no_delete`, `DELETE FROM role_map_revisions`}, "ありません"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openDB(t)
			if _, err := db.SaveRoleMap(ctx, cityMap); err != nil {
				t.Fatal(err)
			}
			raw := rawDB(t, db.Path)
			for _, q := range tt.tamper {
				_, err := raw.Exec(q)
				if tt.what == "" {
					if err == nil || !strings.Contains(err.Error(), "written once") {
						t.Fatalf("got %v, want the trigger to refuse", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			v, err := db.VerifyChain(ctx)
			if err != nil || v.OK() || v.Record != "職位の対応表の保存記録 1" || !strings.Contains(v.Problem, tt.what) {
				t.Fatalf("got %+v, %v; want the revision named (%s)", v, err, tt.what)
			}
		})
	}
}
