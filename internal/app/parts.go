package app

import (
	"bytes"
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

// roleMapFile reads the -role-map file, nil when none is given: when given, it overrides the
// mapping saved on the 事務局's page (tracker.RoleMapSource), so automation that writes the file
// stays in control. A bad file stops the start with every bad line named.
func (c Config) roleMapFile() (*tracker.RoleMapping, error) {
	if c.RoleMap == "" {
		return nil, nil
	}
	text, err := os.ReadFile(c.RoleMap)
	if err != nil {
		return nil, err
	}
	m, err := tracker.ParseRoleMap(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("%s: %s", c.RoleMap, tracker.ErrorMessage(err))
	}
	return &tracker.RoleMapping{Map: m, Text: string(text), Source: tracker.RoleMapFromFile, File: c.RoleMap}, nil
}

// editions reads the published versions from versions.toml in the repository root (as isms build
// reads it); none when the file is missing.
func (c Config) editions(root string) (tracker.Editions, error) {
	versions, err := history.ReadVersions(filepath.Join(root, history.FileName))
	if err != nil {
		return nil, err
	}
	es := make(tracker.Editions, 0, len(versions))
	for _, v := range versions {
		eff := time.Date(v.Effective.Year, v.Effective.Month, v.Effective.Day, 0, 0, 0, 0, tracker.Japan)
		es = append(es, tracker.Edition{ID: v.ID, Name: v.Name, Effective: tracker.DateOf(eff)})
	}
	return es, nil
}

// edition gives the policy edition recorded with an attempt made at a time: PolicyVersion when
// set, else the newest of the editions whose 施行日 has come by that day in Japan, else "current"
// for a handbook that has published no version.
func (c Config) edition(es tracker.Editions) func(time.Time) string {
	if v := strings.TrimSpace(c.PolicyVersion); v != "" {
		return func(time.Time) string { return v }
	}
	return es.At
}
