package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"isms/policy/history"
	"isms/quiz"
	"isms/tracker"
)

// banks returns the question banks in force. Banks from a directory are checked as isms build
// checks them (every role's module present, every rule of the format), less the articles'
// existence, which needs the handbook's text.
func (c Config) banks() ([]*quiz.Bank, error) {
	if c.QuizDir == "" {
		return quiz.Builtin()
	}
	banks, err := quiz.LoadDir(c.QuizDir)
	if err != nil {
		return nil, err
	}
	if err := quiz.Validate(banks, nil); err != nil {
		return nil, err
	}
	return banks, nil
}

// roles returns the 職位 → role mapping in force.
func (c Config) roles() (tracker.RoleMap, error) {
	if c.RoleMap == "" {
		return tracker.DefaultRoleMap(), nil
	}
	f, err := os.Open(c.RoleMap)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := tracker.ParseRoleMap(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", c.RoleMap, tracker.ErrorMessage(err))
	}
	return m, nil
}

// edition gives the policy edition recorded with an attempt made at a time: PolicyVersion when
// set, else the newest version of versions.toml (in the repository root, as isms build reads it)
// whose 施行日 has come by that day in Japan, else "current" for a handbook that has published no
// version.
func (c Config) edition(root string) (func(time.Time) string, error) {
	if v := strings.TrimSpace(c.PolicyVersion); v != "" {
		return func(time.Time) string { return v }, nil
	}
	versions, err := history.ReadVersions(filepath.Join(root, history.FileName))
	if err != nil {
		return nil, err
	}
	return func(t time.Time) string {
		j := t.In(tracker.Japan)
		day := history.Date{Year: j.Year(), Month: j.Month(), Day: j.Day()}
		edition := "current"
		for _, v := range versions {
			if !day.Before(v.Effective) {
				edition = v.ID
			}
		}
		return edition
	}, nil
}
