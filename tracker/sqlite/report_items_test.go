package sqlite_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"isms/tracker"
	"isms/tracker/sqlite"
)

// TestDecodeItems: the fast reader gives what encoding/json gives, for what the tracker writes and
// for the JSON it does not expect.
func TestDecodeItems(t *testing.T) {
	written, _ := json.Marshal([]tracker.AttemptItem{
		{QuestionID: "general-001", Competency: "duty", Chosen: []string{"a", "c"}, Right: true},
		{QuestionID: "general-002", Competency: "法的要求事項", Chosen: []string{}, Right: false},
		{QuestionID: "q\"3\\", Competency: "改行\nあり"},
	})
	tests := []struct {
		name string
		in   string
	}{
		{"AsWritten", string(written)},
		{"Empty", `[]`},
		{"Spaces", " [ { \"right\" : true , \"questionId\" : \"x\" , \"competency\" : \"c\" , \"chosen\" : [ \"a\" , \"b\" ] } ] "},
		{"ExtraFields", `[{"questionId":"x","competency":"c","score":1.5e0,"note":null,"right":false,"chosen":["a"]}]`},
		{"Escapes", `[{"questionId":"\u0067en-1","competency":"\t","right":true}]`},
		{"NestedObjectFallsBack", `[{"questionId":"x","extra":{"a":1},"right":true}]`},
		{"OtherCaseFallsBack", `[{"QuestionID":"x","Right":true}]`},
		{"NullItems", `null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []tracker.AttemptItem
			if err := json.Unmarshal([]byte(tt.in), &want); err != nil {
				t.Fatal(err)
			}
			got, err := sqlite.DecodeItems([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			// Only the fields the report reads.
			for i := range want {
				want[i].Chosen = nil
			}
			if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(strip(got), want)) {
				t.Fatalf("got %+v, want %+v", got, want)
			}
		})
	}
	for _, bad := range []string{``, `[`, `[{"questionId":"x"`, `{"questionId":"x"}`, `[{"questionId":"x","right":tru}]`, `[] x`} {
		if _, err := sqlite.DecodeItems([]byte(bad)); err == nil {
			t.Errorf("%q: got no error", bad)
		}
	}
}

func strip(items []tracker.AttemptItem) []tracker.AttemptItem {
	out := make([]tracker.AttemptItem, len(items))
	for i, it := range items {
		out[i] = tracker.AttemptItem{QuestionID: it.QuestionID, Competency: it.Competency, Right: it.Right}
	}
	return out
}

// FuzzDecodeItems: whatever the input, the reader agrees with encoding/json on success, and
// fails when it fails.
func FuzzDecodeItems(f *testing.F) {
	f.Add(`[{"questionId":"general-001","competency":"duty","chosen":["a"],"right":true}]`)
	f.Add(`[]`)
	f.Add(`[{"questionId":"x","right":false,"n":-1.5}]`)
	f.Fuzz(func(t *testing.T, in string) {
		var want []tracker.AttemptItem
		werr := json.Unmarshal([]byte(in), &want)
		got, err := sqlite.DecodeItems([]byte(in))
		if (werr == nil) != (err == nil) {
			t.Fatalf("%q: encoding/json %v, reader %v", in, werr, err)
		}
		if err == nil && len(want) > 0 && !reflect.DeepEqual(strip(got), strip(want)) {
			t.Fatalf("%q: got %+v, want %+v", in, got, want)
		}
	})
}
