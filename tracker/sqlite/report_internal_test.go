package sqlite

import "isms/tracker"

// DecodeItems exposes the effectiveness report's reader of attempt items to the tests.
func DecodeItems(b []byte) ([]tracker.AttemptItem, error) { return newItemDecoder().decode(b) }
