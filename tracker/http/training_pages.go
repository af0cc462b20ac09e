package http

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"isms/quiz"
	"isms/tracker"
)

type trainingPage struct {
	Plan     *tracker.Plan
	Recorded *tracker.Plan // the recorded plan, also when it is still a draft; nil if none
	Status   *tracker.PersonStatus
	Person   *tracker.Person
	Unit     *tracker.Unit // the unit the caller manages, for the link to its list
	// Deadline is the caller's next deadline (Plan.DeadlineFor), OwnDeadline says why it is not
	// the plan's.
	Deadline    tracker.Date
	OwnDeadline string
	// Notices are the amendments the caller has yet to confirm, shown first; Confirmed those
	// confirmed this year or with a 改正研修 still to pass (amendment_notice.go).
	Notices, Confirmed []*noticeView
}

// handleTraining is 今年度の研修: the plan in force, the caller's role and each required module's
// status, with links to learn and to take the quiz.
func (s *Server) handleTraining(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := tracker.PrincipalFrom(ctx)
	fy := s.fiscalYear()
	plan, recorded, err := s.PlanService.PlanInForce(ctx, fy)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data := trainingPage{Plan: plan, Recorded: recorded, Person: p.Person, Deadline: plan.Deadline}
	if p.Person != nil {
		results, err := s.AttemptService.FindResults(ctx, plan, 0, p.Person.ID)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		data.Status = tracker.StatusOf(plan, p.Person, results[p.Person.ID])
		data.Deadline, data.OwnDeadline = ownDeadline(plan, p.Person, data.Status)
		if data.Notices, data.Confirmed, err = s.notices(ctx, p.Person, session(r).CSRF); err != nil {
			s.Error(w, r, err)
			return
		}
		if sc := p.Scope(); sc.Unit != nil {
			u := *sc.Unit
			data.Unit = &u
		}
	}
	s.pages.render(w, "training", s.page(r, "今年度の研修", data))
}

type quizPage struct {
	Bank      *quiz.Bank
	Token     string
	Questions []questionView
	Message   string
	LearnURL  string
}

func (s *Server) handleQuiz(w http.ResponseWriter, r *http.Request) {
	d, err := s.mayTake(r.Context(), r.PathValue("module"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b := d.bank
	paper, token := s.newPaper(d, session(r).Account.ID)
	s.pages.render(w, "quiz", s.page(r, b.Title+"の研修", quizPage{Bank: b, Token: token, Questions: paperView(b, paper, nil, false, nil),
		LearnURL: learnURL(b.Module)}))
}

// formAnswers reads the q.<question ID> fields of a quiz form.
func formAnswers(r *http.Request) map[string][]string {
	answers := map[string][]string{}
	for k, v := range r.PostForm {
		if id, ok := strings.CutPrefix(k, "q."); ok && id != "" {
			answers[id] = v
		}
	}
	return answers
}

func (s *Server) handleQuizSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Error(w, r, tracker.Errorf(tracker.EINVALID, "送信内容を読み取れません。"))
		return
	}
	a, sub, err := s.submit(r.Context(), r.PostForm.Get("paper"), formAnswers(r))
	if err != nil {
		if sub != nil && tracker.ErrorCode(err) == tracker.EINVALID {
			// Show the same paper again with the answers kept and the problem on top.
			w.WriteHeader(http.StatusBadRequest)
			s.pages.render(w, "quiz", s.page(r, sub.bank.Title+"の研修", quizPage{Bank: sub.bank, Token: sub.token,
				Questions: paperView(sub.bank, sub.paper, sub.answers, false, nil), Message: tracker.ErrorMessage(err),
				LearnURL: learnURL(sub.bank.Module)}))
			return
		}
		s.Error(w, r, err)
		return
	}
	// Post/redirect/get: reloading the result page does not submit again, and a second submission
	// of the same paper lands on the same attempt.
	http.Redirect(w, r, "/app/attempts/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}

type attemptPage struct {
	Attempt   *tracker.Attempt
	Bank      *quiz.Bank
	Questions []questionView
	Own       bool
	Stale     bool // the bank has changed since the attempt
	// Retake: the attempt failed and the person has not passed the module since in that fiscal year.
	Retake   bool
	Message  string
	Survey   *tracker.Survey // values to put back in the form after an error
	LearnURL string
}

func (s *Server) attemptView(r *http.Request) (*attemptPage, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, tracker.Errorf(tracker.ENOTFOUND, "この受験記録は見つかりません。")
	}
	a, err := s.AttemptService.FindAttemptByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &attemptPage{Attempt: a, LearnURL: learnURL(a.Module)}
	v.Bank, v.Stale = s.attemptBank(a)
	p := tracker.PrincipalFrom(r.Context())
	v.Own = p.Person != nil && p.Person.ID == a.PersonID
	var paper quiz.Paper
	if v.Bank != nil && json.Unmarshal(a.Paper, &paper) == nil {
		v.Questions = paperView(v.Bank, &paper, a.Answers, true, a.Items)
	}
	if !a.Passed {
		plan, _, err := s.PlanService.PlanInForce(r.Context(), a.FiscalYear)
		if err != nil {
			return nil, err
		}
		results, err := s.AttemptService.FindResults(r.Context(), plan, 0, a.PersonID)
		if err != nil {
			return nil, err
		}
		res := results[a.PersonID][a.Module]
		v.Retake = res == nil || res.PassedAt == nil
	}
	return v, nil
}

func (s *Server) handleAttempt(w http.ResponseWriter, r *http.Request) {
	v, err := s.attemptView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "attempt", s.page(r, "研修の結果", v))
}

func (s *Server) handleSurvey(w http.ResponseWriter, r *http.Request) {
	v, err := s.attemptView(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	sv := &tracker.Survey{AttemptID: v.Attempt.ID, Comment: strings.TrimSpace(r.PostFormValue("comment"))}
	sv.Understanding, _ = strconv.Atoi(r.PostFormValue("understanding"))
	sv.Usefulness, _ = strconv.Atoi(r.PostFormValue("usefulness"))
	if err := s.AttemptService.SaveSurvey(r.Context(), sv); err != nil {
		if tracker.ErrorCode(err) != tracker.EINVALID {
			s.Error(w, r, err)
			return
		}
		v.Message, v.Survey = tracker.ErrorMessage(err), sv
		w.WriteHeader(http.StatusBadRequest)
		s.pages.render(w, "attempt", s.page(r, "研修の結果", v))
		return
	}
	http.Redirect(w, r, "/app/attempts/"+strconv.FormatInt(v.Attempt.ID, 10)+"?done=survey", http.StatusSeeOther)
}

type historyPage struct {
	Person *tracker.Person
	Years  []historyYear
	Acks   []ackEntry
}

type historyYear struct {
	FiscalYear tracker.FiscalYear
	Attempts   []*tracker.Attempt
}

// groupByYear splits attempts (newest first) by fiscal year.
func groupByYear(attempts []*tracker.Attempt) []historyYear {
	var years []historyYear
	for _, a := range attempts {
		if len(years) == 0 || years[len(years)-1].FiscalYear != a.FiscalYear {
			years = append(years, historyYear{FiscalYear: a.FiscalYear})
		}
		y := &years[len(years)-1]
		y.Attempts = append(y.Attempts, a)
	}
	return years
}

// handleHistory is the caller's 受講歴 over all fiscal years.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	p := tracker.PrincipalFrom(r.Context())
	if p.Person == nil {
		s.Error(w, r, tracker.Errorf(tracker.ENOTFOUND, "管理者IDには受講歴がありません。"))
		return
	}
	attempts, _, err := s.AttemptService.FindAttempts(r.Context(), tracker.AttemptFilter{PersonID: p.Person.ID})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	acks, err := s.ackEntries(r.Context(), p.Person.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.pages.render(w, "history", s.page(r, "受講歴", historyPage{Person: p.Person, Years: groupByYear(attempts), Acks: acks}))
}

// ownDeadline is the person's next deadline and, when it is not the plan's, why.
func ownDeadline(plan *tracker.Plan, p *tracker.Person, st *tracker.PersonStatus) (tracker.Date, string) {
	d := st.NextDeadline()
	if d.IsZero() {
		d = plan.DeadlineFor(p, "")
	}
	switch {
	case d.String() == plan.Deadline.String():
		return d, ""
	case plan.DeadlineFor(p, "").String() == d.String():
		return d, "年度の途中に入所された日から数えた期限です"
	}
	return d, "役割が変わった日から数えた期限です"
}
