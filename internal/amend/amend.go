// Package amend reads the policy's amendments out of the repository for the tracker: for each
// version of versions.toml after the first, the articles it changed against the version before,
// each with its extract of the 新旧対照表 as HTML and the roles and modules it concerns.
//
// It is the one place where policy/history's comparison becomes the tracker's plain values
// (tracker.Amendment): the tracker never reads git or the policy text, and a change in how the
// comparison aligns articles is absorbed here.
package amend

import (
	"fmt"
	"path/filepath"
	"strings"

	"isms/policy"
	"isms/policy/history"
	"isms/quiz"
	"isms/tracker"
)

// Load reads the versions of the repository at root and returns its amendments, oldest first.
// A repository that lists fewer than two versions, or whose history cannot be read (no .git, a
// shallow clone), has none: notice then says why, for the server's log.
func Load(root string, banks []*quiz.Bank) (amendments []*tracker.Amendment, notice string, err error) {
	file := filepath.Join(root, history.FileName)
	versions, err := history.ReadVersions(file)
	if err != nil || len(versions) < 2 {
		return nil, "", err
	}
	archive, err := history.LoadArchive(root, file)
	if err != nil {
		return nil, "", err
	}
	if len(archive.Editions) == 0 {
		return nil, archive.Notice, nil
	}
	for i := 1; i < len(archive.Editions); i++ {
		amendments = append(amendments, amendmentOf(archive.Editions[i-1], archive.Editions[i], banks))
	}
	return amendments, "", nil
}

// TableURL is the handbook's page of the 新旧対照表 from one version to the next (handbook.PairURL).
func TableURL(old, new string) string { return "/versions/" + old + ".." + new + "/" }

func amendmentOf(prev, e *history.Edition, banks []*quiz.Bank) *tracker.Amendment {
	effective, _ := tracker.ParseDate(e.Effective.String())
	a := &tracker.Amendment{Version: e.ID, Name: e.Name, Effective: effective, Commit: e.Commit, Summary: e.Summary,
		Previous: prev.Name, TableURL: TableURL(prev.ID, e.ID)}
	c := history.Compare(prev.Doc, e.Doc)
	for _, ch := range c.Articles {
		if ch.Change == 0 {
			continue
		}
		a.Articles = append(a.Articles, article(c, ch, a.TableURL, banks))
	}
	return a
}

func article(c *history.Comparison, ch history.ArticleChange, tableURL string, banks []*quiz.Bank) tracker.AmendedArticle {
	shown, deleted := ch.New, ch.New == nil
	if deleted {
		shown = ch.Old
	}
	art := tracker.AmendedArticle{ID: shown.ID(), Label: label(shown), Change: ch.Change.String(),
		URL: tableURL + "#" + history.RowAnchor(shown, deleted)}
	if ch.Old != nil && (deleted || ch.Old.ID() != ch.New.ID()) {
		art.OldID = ch.Old.ID()
	}
	var text strings.Builder
	for _, a := range []*policy.Article{ch.New, ch.Old} {
		if a != nil {
			writeText(&text, a)
		}
	}
	art.Names = tracker.RolesNamedIn(text.String())
	for _, b := range banks {
		if citedIn(b, art.ID, art.OldID) {
			art.CitedBy = append(art.CitedBy, b.Module)
		}
	}
	if r := rowOf(c, shown, deleted); r != nil {
		art.Extract = extractHTML(r, art.Label)
	}
	return art
}

// label names an article as the handbook heads it: 【04】第13条（パスワードの利用）.
func label(a *policy.Article) string {
	l := quiz.ArticleLabel(a.ID())
	if a.Caption != "" {
		l += "（" + a.Caption + "）"
	}
	return l
}

func citedIn(b *quiz.Bank, ids ...string) bool {
	for _, q := range b.Questions {
		for _, c := range q.Cites {
			for _, id := range ids {
				if id != "" && c == id {
					return true
				}
			}
		}
	}
	return false
}

// rowOf finds the changed row of the table that holds the article.
func rowOf(c *history.Comparison, a *policy.Article, deleted bool) *history.Row {
	for _, s := range c.Standards {
		for _, r := range s.Rows {
			side := r.New
			if deleted {
				side = r.Old
			}
			for _, x := range side {
				if x == a && r.Change != 0 {
					return r
				}
			}
		}
	}
	return nil
}

// writeText writes the article's whole text, caption included: what decides whom it names.
func writeText(b *strings.Builder, a *policy.Article) {
	b.WriteString(a.Caption + "\n")
	for _, p := range a.Paragraphs {
		writeBlocks(b, p.Blocks)
	}
}

func writeBlocks(b *strings.Builder, blocks []policy.Block) {
	for _, bl := range blocks {
		switch bl.Kind {
		case policy.ItemBlock:
			fmt.Fprintln(b, bl.Item.Text)
			writeBlocks(b, bl.Item.Blocks)
		case policy.TableBlock:
			fmt.Fprintln(b, bl.Table.Caption, strings.Join(bl.Table.Header, " "))
			for _, row := range bl.Table.Rows {
				fmt.Fprintln(b, strings.Join(row, " "))
			}
		default:
			fmt.Fprintln(b, bl.Text)
		}
	}
}
