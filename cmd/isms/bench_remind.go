package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"isms/tracker/reportbench"
)

// runBenchRemind measures the reminders at the city's scale: preparing them for 50,000 staff
// (target ≤ 2 s) and sending them through a real SMTP server on loopback (target ≥ 200 messages/s).
func runBenchRemind(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench remind", flag.ContinueOnError)
	staff := fs.Int("staff", 50000, "staff of the city whose reminders are prepared")
	send := fs.Int("send-staff", 5000, "staff of the city whose reminders are all sent")
	runs := fs.Int("runs", 5, "runs of each measurement")
	dir := fs.String("dir", "", "working directory (default: a temporary one, removed afterwards)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	res, err := reportbench.Remind(ctx, reportbench.RemindOptions{Staff: *staff, SendStaff: *send, Runs: *runs, Dir: *dir, Keep: *dir != "",
		Out: os.Stdout})
	if err != nil {
		return err
	}
	prep, sendT := reportbench.MedianDuration(res.Prepare), reportbench.MedianDuration(res.Send)
	fmt.Printf("prepare: %d reminders for %d staff, median %.2f s (CPU %.2f s) of %d runs\n", res.Reminders, *staff, prep.Seconds(),
		reportbench.MedianDuration(res.PrepCPU).Seconds(), *runs)
	fmt.Printf("send: %d messages, median %.2f s, %.0f messages/s (each sent over STARTTLS and recorded as evidence)\n", res.Sent,
		sendT.Seconds(), float64(res.Sent)/sendT.Seconds())
	return nil
}
