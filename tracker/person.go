package tracker

import (
	"context"
	"time"
)

// Category is the 区分 of the roster.
type Category string

const (
	CategoryStaff      Category = "職員"
	CategoryFixedTerm  Category = "会計年度任用職員"
	CategoryContractor Category = "外部委託" // 外部委託要員 (【01】第12条3)
)

// Valid reports whether c is one of the three 区分.
func (c Category) Valid() bool {
	return c == CategoryStaff || c == CategoryFixedTerm || c == CategoryContractor
}

// Status says whether the person is on the current roster. People are never deleted: a person
// missing from a new roster becomes 退職 and keeps their records (【01】第17条3 受講歴).
type Status string

const (
	StatusActive Status = "在職"
	StatusLeft   Status = "退職"
)

// Unit is a place in the organisation: a 局, a 部 in it, a 課 in that. Each level has its own ID;
// Department and Section are empty (IDs 0) for a person placed directly in a 局 or 部.
type Unit struct {
	BureauID     int64  `json:"bureauId"`
	Bureau       string `json:"bureau"` // 局
	DepartmentID int64  `json:"departmentId,omitempty"`
	Department   string `json:"department,omitempty"` // 部
	SectionID    int64  `json:"sectionId,omitempty"`
	Section      string `json:"section,omitempty"` // 課
}

// ID is the ID of the deepest level set: the 課, else the 部, else the 局.
func (u Unit) ID() int64 {
	switch {
	case u.SectionID != 0:
		return u.SectionID
	case u.DepartmentID != 0:
		return u.DepartmentID
	}
	return u.BureauID
}

// Level names the deepest level set.
func (u Unit) Level() UnitLevel {
	switch {
	case u.Section != "":
		return LevelSection
	case u.Department != "":
		return LevelDepartment
	}
	return LevelBureau
}

// Name is the full name, 総務局 情報管理部 情報企画課.
func (u Unit) Name() string {
	s := u.Bureau
	if u.Department != "" {
		s += " " + u.Department
	}
	if u.Section != "" {
		s += " " + u.Section
	}
	return s
}

// Contains reports whether v lies in u (a 局 contains its 部 and 課).
func (u Unit) Contains(v Unit) bool {
	switch u.Level() {
	case LevelSection:
		return u.SectionID != 0 && u.SectionID == v.SectionID
	case LevelDepartment:
		return u.DepartmentID != 0 && u.DepartmentID == v.DepartmentID
	}
	return u.BureauID != 0 && u.BureauID == v.BureauID
}

// UnitLevel is 局, 部 or 課.
type UnitLevel string

const (
	LevelBureau     UnitLevel = "bureau"
	LevelDepartment UnitLevel = "department"
	LevelSection    UnitLevel = "section"
)

// Person is a member of staff or a contractor from the roster (職員名簿情報, 重要性分類A).
type Person struct {
	ID       int64    `json:"id"`
	StaffNo  string   `json:"staffNo"` // 職員番号, also the sign-in ID
	Name     string   `json:"name"`    // 氏名
	Kana     string   `json:"kana"`    // 氏名カナ
	Unit     Unit     `json:"unit"`
	Position string   `json:"position"` // 職位
	Category Category `json:"category"` // 区分
	Auditor  bool     `json:"auditor"`  // 監査委員
	Role     Role     `json:"role"`     // the role of the 職位, by the RoleMap; scope follows it
	Mail     string   `json:"mail,omitempty"`
	Status   Status   `json:"status"`

	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
	LeftAt    *time.Time `json:"leftAt,omitempty"`

	// JoinedAt is when a roster import after the first added the person (a new hire); zero for the
	// staff the first import loaded. RoleChangedAt and RoleBefore are the last change of role by a
	// roster import. Plan.DeadlineFor reads them.
	JoinedAt      time.Time `json:"joinedAt,omitzero"`
	RoleChangedAt time.Time `json:"roleChangedAt,omitzero"`
	RoleBefore    Role      `json:"roleBefore,omitempty"`
	// Clicked lists the 訓練 (session IDs) in which the person opened the link or attachment or
	// entered data: Plan.FollowUps may assign them a module.
	Clicked []int64 `json:"clicked,omitempty"`
}

// TrainingRole is the 第16条 role the person trains and is recorded as: セキュリティ内部監査委員 for
// a 監査委員 (whose modules include those of 課長 and 部長, so nothing is lost), else the 職位's role.
// The ISMS統括責任者 keeps that role; Plan.ModulesFor adds the auditor module for them.
func (p *Person) TrainingRole() Role {
	if p.Auditor && p.Role != RoleChief {
		return RoleAuditor
	}
	return p.Role
}

// Posting is one stay of a person in a unit (異動 history): From is when it started, To when it
// ended (nil while current).
type Posting struct {
	Unit     Unit       `json:"unit"`
	Position string     `json:"position"`
	Role     Role       `json:"role"`
	From     time.Time  `json:"from"`
	To       *time.Time `json:"to,omitempty"`
}

// PersonFilter selects people. Zero fields do not filter.
type PersonFilter struct {
	UnitID  int64  // people in this 局, 部 or 課 (and below)
	StaffNo string // one person
	Status  Status // 在職 or 退職
	Query   string // part of 職員番号, 氏名 or カナ
	Offset  int
	Limit   int
}

// PersonService reads the roster. Every method applies the caller's scope (【09】第3条).
type PersonService interface {
	// FindPersonByStaffNo returns a person the caller may see.
	// ENOTFOUND when there is no such person or the person is outside the caller's scope, so the
	// answer does not reveal whether the number exists.
	FindPersonByStaffNo(ctx context.Context, staffNo string) (*Person, error)

	// FindPeople returns the people matching filter and the total count before Offset/Limit.
	// EFORBIDDEN when filter.UnitID is outside the caller's scope; without a UnitID the result is
	// limited to the scope.
	FindPeople(ctx context.Context, filter PersonFilter) ([]*Person, int, error)

	// FindPostings returns a person's section history, oldest first. ENOTFOUND as FindPersonByStaffNo.
	FindPostings(ctx context.Context, staffNo string) ([]*Posting, error)

	// FindUnit returns a unit by ID. ENOTFOUND when it does not exist; EFORBIDDEN outside the scope.
	FindUnit(ctx context.Context, id int64) (*Unit, error)

	// FindUnits lists the units the caller may see, in name order.
	FindUnits(ctx context.Context) ([]*Unit, error)
}
