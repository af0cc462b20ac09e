package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"isms/policy"
)

// CurrentID names the text in the working tree (content/) wherever a version id is expected.
const CurrentID = "current"

// Edition is a listed version with its text, read from its commit.
type Edition struct {
	Version
	Doc     *policy.Document
	Content fs.FS // the commit's content/, for what else a frozen copy needs (the glossary page)
}

// Archive is the repository's published versions.
type Archive struct {
	Versions []Version  // as the versions file lists them, oldest first
	Editions []*Edition // the same, read from git; empty when they could not be read (see Notice)
	// Notice says, in one line, why no versions were read although some are listed: the tree has no
	// .git, or it is a shallow clone without their commits. The current text is still built.
	Notice string
}

// LoadArchive reads the versions file and each version's text from the git repository that holds root.
// A tree without .git or a shallow clone is not an error: the archive is empty and Notice says why. A
// versions file that is wrong, a commit that a full clone does not have, or a version whose text does
// not load, is.
func LoadArchive(root, versionsFile string) (*Archive, error) {
	versions, err := ReadVersions(versionsFile)
	if err != nil {
		return nil, err
	}
	a := &Archive{Versions: versions}
	if len(versions) == 0 {
		return a, nil
	}
	repo, err := OpenRepo(root)
	if errors.Is(err, ErrNoRepository) {
		a.Notice = fmt.Sprintf("git の履歴（.git）がないため、%s に載っている %d 件の旧版は生成せず、現行版のみ生成します", filepath.Base(versionsFile), len(versions))
		return a, nil
	}
	if err != nil {
		return nil, err
	}
	for _, v := range versions {
		fsys, err := repo.Content(v.Commit)
		if errors.Is(err, ErrMissingCommit) && repo.Shallow() {
			a.Notice = fmt.Sprintf("浅いクローン（shallow clone）で版 %s のコミット %s がないため、旧版は生成せず現行版のみ生成します（全履歴は git fetch --unshallow で取得できます）", v.ID, short(v.Commit))
			a.Editions = nil
			return a, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: 版 %s（%s）: %w", versionsFile, v.line, v.ID, v.Name, err)
		}
		doc, err := policy.Load(fsys)
		if err != nil {
			return nil, fmt.Errorf("版 %s（%s、コミット %s）の条文が読めません:\n%w", v.ID, v.Name, short(v.Commit), err)
		}
		a.Editions = append(a.Editions, &Edition{Version: v, Doc: doc, Content: fsys})
	}
	return a, nil
}

// Load reads one version of the text and names it: a version id of the versions file (令和2年8月版),
// "current" for the working tree (現行版), or any commit or tag of the repository, for comparing drafts.
func Load(root, versionsFile, id string) (*policy.Document, string, error) {
	if id == CurrentID {
		doc, err := policy.Load(os.DirFS(filepath.Join(root, "content")))
		return doc, "現行版", err
	}
	versions, err := ReadVersions(versionsFile)
	if err != nil {
		return nil, "", err
	}
	rev, name := id, "コミット "+short(id)
	listed := Find(versions, id)
	if listed != nil {
		rev, name = listed.Commit, listed.Name
	}
	repo, err := OpenRepo(root)
	if errors.Is(err, ErrNoRepository) {
		return nil, "", fmt.Errorf("git の履歴（.git）がないため、版 %s の条文は読めません", id)
	}
	if err != nil {
		return nil, "", err
	}
	fsys, err := repo.Content(rev)
	if errors.Is(err, ErrMissingCommit) {
		hint := ""
		if repo.Shallow() {
			hint = "（浅いクローンです。git fetch --unshallow で全履歴を取得してください）"
		}
		if listed != nil {
			return nil, "", fmt.Errorf("版 %s（%s）のコミット %s がリポジトリにありません%s", id, listed.Name, short(listed.Commit), hint)
		}
		ids := make([]string, 0, len(versions))
		for _, v := range versions {
			ids = append(ids, v.ID)
		}
		return nil, "", fmt.Errorf("版 %q がありません。%s の版（%s）、current、またはコミットを指定してください%s", id, filepath.Base(versionsFile), strings.Join(ids, ", "), hint)
	}
	if err != nil {
		return nil, "", err
	}
	doc, err := policy.Load(fsys)
	if err != nil {
		return nil, "", fmt.Errorf("版 %s の条文が読めません:\n%w", id, err)
	}
	return doc, name, nil
}

// ChangedSince lists the articles that changed between version id and the current text (content/ in
// root), for finding quiz questions to review. An ID is listed if the article it names now was added,
// amended or renumbered since that version, or if the article it named then was deleted; so a question
// citing an ID that is not listed cites the same, unchanged text. IDs are sorted by standard and number.
func ChangedSince(root, versionsFile, id string) ([]string, error) {
	if id == CurrentID {
		return nil, nil
	}
	if v, err := ReadVersions(versionsFile); err != nil {
		return nil, err
	} else if Find(v, id) == nil {
		return nil, fmt.Errorf("版 %q は %s にありません", id, filepath.Base(versionsFile))
	}
	old, _, err := Load(root, versionsFile, id)
	if err != nil {
		return nil, err
	}
	cur, _, err := Load(root, versionsFile, CurrentID)
	if err != nil {
		return nil, err
	}
	return Compare(old, cur).ChangedIDs(), nil
}

// ChangedIDs lists, in order, the IDs of articles added, amended or renumbered in the new version, and
// the old IDs of deleted articles.
func (c *Comparison) ChangedIDs() []string {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, ch := range c.Articles {
		switch {
		case ch.Change == 0:
		case ch.New != nil:
			add(ch.New.ID())
		default:
			add(ch.Old.ID())
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		si, ni, _ := policy.ParseArticleID(ids[i])
		sj, nj, _ := policy.ParseArticleID(ids[j])
		if si != sj {
			return si < sj
		}
		return ni < nj
	})
	return ids
}
