package http

import (
	"time"
)

func timeUnix(n int64) time.Time { return time.Unix(n, 0).UTC() }
