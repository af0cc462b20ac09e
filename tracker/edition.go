package tracker

import "time"

// Edition is a published version (版) of the policy, as the versions file lists it. Attempts record
// its ID; people read its name and 施行日.
type Edition struct {
	ID        string // "r02-08": URL segment of the frozen copy, recorded with each attempt
	Name      string // as staff call it: 令和2年8月版
	Effective Date   // 施行日
}

// CurrentEdition is what attempts record when no version has been published.
const CurrentEdition = "current"

// Editions are the published versions, oldest first.
type Editions []Edition

// At is the ID of the edition in force on the day of t in Japan: the newest whose 施行日 has come,
// else CurrentEdition.
func (es Editions) At(t time.Time) string {
	day := DateOf(t)
	id := CurrentEdition
	for _, e := range es {
		if !day.Before(e.Effective) {
			id = e.ID
		}
	}
	return id
}

// Label names the edition an attempt recorded as people read it: 令和2年8月版（令和2年8月1日施行）.
// An ID the versions file does not list is shown as it is, so nothing recorded is hidden.
func (es Editions) Label(id string) string {
	if id == CurrentEdition || id == "" {
		return "現行の版"
	}
	for _, e := range es {
		if e.ID == id {
			if e.Effective.IsZero() {
				return e.Name
			}
			return e.Name + "（" + e.Effective.Era() + "施行）"
		}
	}
	return id
}
