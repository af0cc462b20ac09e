package app

import (
	"isms/internal/amend"
)

// root is the repository the application reads versions.toml, .git and content/ from: Root, else
// the working directory, as isms build reads them.
func (a *App) root() string {
	if a.Root != "" {
		return a.Root
	}
	return "."
}

// loadAmendments reads the policy's amendments once, at start: each version's changed articles
// against the version before, with their 新旧対照表 extracts (internal/amend). A tree without .git
// or with a single version has none, and the tracker then shows no notices.
func (a *App) loadAmendments() error {
	if a.Amendments != nil {
		return nil
	}
	amendments, notice, err := amend.Load(a.root(), a.Banks)
	if err != nil {
		return err
	}
	a.Amendments, a.amendNotice = amendments, notice
	return nil
}
