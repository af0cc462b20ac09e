package tracker

// Scope is what a caller may see (【09】第3条, least privilege): staff their own records, a
// セキュリティ管理者 their 課, a 局長級・部長級職員 their 局 or 部, the ISMS統括責任者 and the 事務局
// everything.
type Scope struct {
	All    bool  // every person and unit
	Unit   *Unit // people in this unit and below; nil for staff who see only themselves
	Person int64 // the caller's own person ID (0 for admins)
}

// Scope returns the caller's scope. A nil or System principal is the server itself or the command
// line, run by whoever holds the server, and sees everything. A principal with neither System nor
// an account (a request not signed in) sees nothing.
func (p *Principal) Scope() Scope {
	if p == nil || p.System || p.Account.Admin() {
		return Scope{All: true}
	}
	if p.Person == nil {
		return Scope{}
	}
	s := Scope{Person: p.Person.ID}
	u := p.Person.Unit
	switch p.Person.Role {
	case RoleChief:
		// 【01】第6条(2)(4): the ISMS統括責任者 keeps the whole ISMS running and guides every organisation.
		s.All = true
	case RoleExecutive:
		u.Section, u.SectionID = "", 0
		s.Unit = &u
	case RoleManager:
		if u.Section != "" {
			s.Unit = &u
		}
	}
	return s
}

// CanSeePerson reports whether the scope includes the person.
func (s Scope) CanSeePerson(p *Person) bool {
	if s.All || (s.Person != 0 && s.Person == p.ID) {
		return true
	}
	return s.Unit != nil && s.Unit.Contains(p.Unit)
}

// CanSeeUnit reports whether the whole unit lies in the scope.
func (s Scope) CanSeeUnit(u *Unit) bool {
	if s.All {
		return true
	}
	if s.Unit == nil {
		return false
	}
	// u lies in the scope when the scope unit contains u's own deepest level.
	return s.Unit.Contains(*u) && levelDepth(u.Level()) >= levelDepth(s.Unit.Level())
}

// Manages reports whether the scope covers other people (a manager, executive, chief or admin).
func (s Scope) Manages() bool { return s.All || s.Unit != nil }

func levelDepth(l UnitLevel) int {
	switch l {
	case LevelSection:
		return 3
	case LevelDepartment:
		return 2
	}
	return 1
}
