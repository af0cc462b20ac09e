package http

import "isms/tracker"

// scale is one question of the survey as the "scale" template draws it.
type scale struct {
	Name, Legend string
	Low, High    string // what 1 and 5 mean
	Value        int    // the answer to show again after an error; 0 for none
	Points       []int
}

func scaleOf(name, legend, low, high string, value int) scale {
	return scale{Name: name, Legend: legend, Low: low, High: high, Value: value, Points: []int{1, 2, 3, 4, 5}}
}

// surveyValue is an answer of a survey sent back with an error, 0 when there is none.
func surveyValue(sv *tracker.Survey, field string) int {
	if sv == nil {
		return 0
	}
	if field == "understanding" {
		return sv.Understanding
	}
	return sv.Usefulness
}
