package main

import (
	"context"
	"errors"
)

func runBuild(ctx context.Context, args []string) error {
	return errors.New("build: not wired yet")
}
