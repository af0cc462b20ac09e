package app

import (
	"bytes"
	"fmt"
	"os"
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

// edition gives the policy edition recorded with an attempt made at a time: PolicyVersion when
// set, else the newest version of versions.toml (in the working directory, as isms build reads it)
// whose 施行日 has come by that day in Japan, else "current" for a handbook that has published no
// version.
func (c Config) edition() (func(time.Time) string, error) {
	if v := strings.TrimSpace(c.PolicyVersion); v != "" {
		return func(time.Time) string { return v }, nil
	}
	versions, err := history.ReadVersions(history.FileName)
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
