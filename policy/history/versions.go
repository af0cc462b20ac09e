// Package history reads the published versions (版) of the handbook out of the repository's git history and
// compares them: which versions exist (the versions file), what each article went through (新設, 改正,
// 条番号変更, 削除) and the 新旧対照表 between any two versions.
//
// It reads git with go-git only, so no git binary is needed; a tree without .git or a shallow clone simply
// has no versions (Archive.Notice says why).
package history

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// FileName is the versions file at the repository root.
const FileName = "versions.toml"

// Version is one published revision of the handbook, as the versions file lists it.
type Version struct {
	ID        string // URL segment of its frozen copy, /versions/<ID>/: "r02-08"
	Name      string // as staff call it: 令和2年8月版
	Effective Date   // 施行日
	Commit    string // a commit whose content/ holds exactly this version's text
	Summary   string // 改正の概要, optional
	line      int    // line of its [[version]] header, for messages
}

// Date is a calendar date (a 施行日 has no time of day or zone).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

func (d Date) IsZero() bool { return d.Year == 0 }

// Before tells whether d comes before e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// String is the ISO form, 2020-08-01.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Japanese is the date as the city prints it, in the Japanese era: 令和2年8月1日 (令和元年 for the first year).
func (d Date) Japanese() string {
	era, year := "", d.Year
	switch {
	case !d.Before(Date{2019, time.May, 1}):
		era, year = "令和", d.Year-2018
	case !d.Before(Date{1989, time.January, 8}):
		era, year = "平成", d.Year-1988
	default:
		return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
	}
	y := fmt.Sprint(year)
	if year == 1 {
		y = "元"
	}
	return fmt.Sprintf("%s%s年%d月%d日", era, y, d.Month, d.Day)
}

var (
	idRe     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	commitRe = regexp.MustCompile(`^[0-9a-f]{7,40}$`)
	headerRe = regexp.MustCompile(`(?m)^[ \t]*\[\[[ \t]*version[ \t]*\]\]`)
)

// file is the versions file as TOML sees it.
type file struct {
	Version []struct {
		ID        string         `toml:"id"`
		Name      string         `toml:"name"`
		Effective toml.LocalDate `toml:"effective"`
		Commit    string         `toml:"commit"`
		Summary   string         `toml:"summary"`
	} `toml:"version"`
}

// ReadVersions reads the versions file at path. A missing file is no versions (nil, nil): a new
// repository has published nothing yet.
func ReadVersions(path string) ([]Version, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseVersions(path, data)
}

// ParseVersions reads a versions file (name is used in messages) and checks it: every version has an id
// fit for a URL, a name, a 施行日 and a commit; ids are unique and 施行日 never go backwards.
func ParseVersions(name string, data []byte) ([]Version, error) {
	var f file
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var sm *toml.StrictMissingError
		if errors.As(err, &sm) && len(sm.Errors) > 0 {
			e := sm.Errors[0]
			row, _ := e.Position()
			return nil, fmt.Errorf("%s:%d: 知らない項目 %s があります（使えるのは id, name, effective, commit, summary です）", name, row, strings.Join(e.Key(), "."))
		}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			return nil, fmt.Errorf("%s:%d: TOML として読めません: %s", name, row, de.Error())
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	headers := headerRe.FindAllIndex(data, -1)
	var errs []string
	seen := map[string]int{}
	out := make([]Version, 0, len(f.Version))
	for i, v := range f.Version {
		line := 0
		if i < len(headers) {
			line = bytes.Count(data[:headers[i][0]], []byte("\n")) + 1
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Sprintf("%s:%d: %d 件目の版: %s", name, line, i+1, fmt.Sprintf(format, args...)))
		}
		ver := Version{ID: v.ID, Name: strings.TrimSpace(v.Name), Commit: strings.ToLower(strings.TrimSpace(v.Commit)),
			Summary: strings.TrimSpace(v.Summary), line: line,
			Effective: Date{v.Effective.Year, time.Month(v.Effective.Month), v.Effective.Day}}
		switch {
		case v.ID == "":
			bad("id がありません（例: id = \"r02-08\"）")
		case !idRe.MatchString(v.ID):
			bad("id %q には英小文字・数字・ハイフンだけを使ってください（URL /versions/<id>/ になります）", v.ID)
		case v.ID == "current":
			bad("id \"current\" は現行の条文を指す名前なので使えません")
		default:
			if first, dup := seen[v.ID]; dup {
				bad("id %q が重複しています（%d 件目と同じ）", v.ID, first)
			}
			seen[v.ID] = i + 1
		}
		if ver.Name == "" {
			bad("name がありません（例: name = \"令和2年8月版\"）")
		}
		if ver.Effective.IsZero() {
			bad("effective（施行日）がありません（例: effective = 2020-08-01）")
		} else if len(out) > 0 && ver.Effective.Before(out[len(out)-1].Effective) {
			bad("施行日 %s が前の版の施行日 %s より前です（版は古い順に並べてください）", ver.Effective, out[len(out)-1].Effective)
		}
		if !commitRe.MatchString(ver.Commit) {
			bad("commit %q はコミットのハッシュ（16 進 7～40 桁）ではありません", v.Commit)
		}
		out = append(out, ver)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return out, nil
}

// Find returns the version with the given id, or nil.
func Find(versions []Version, id string) *Version {
	for i := range versions {
		if versions[i].ID == id {
			return &versions[i]
		}
	}
	return nil
}
