package http

import "net/http"

// Actions that cannot be undone (issuing a temporary password, applying a roster, recording a
// plan's approval) ask for a ticked box "内容を確認しました" in their form: the pages have no script
// to ask with, and a box is as easy to reach by keyboard as the button beside it.

// confirmField is the name of the box; its value when ticked is "1".
const confirmField = "confirmed"

// confirmMessage is what an unticked box answers; the form is shown again as it was.
const confirmMessage = "内容を確認したら「内容を確認しました」にチェックを入れて、もう一度ボタンを押してください。まだ何も変更していません。"

// confirmed reports whether the form's box was ticked.
func confirmed(r *http.Request) bool { return r.PostFormValue(confirmField) == "1" }
