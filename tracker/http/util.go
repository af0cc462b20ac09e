package http

import (
	"errors"
	"time"
)

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func timeUnix(n int64) time.Time { return time.Unix(n, 0).UTC() }
