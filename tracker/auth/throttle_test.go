package auth_test

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"isms/tracker/auth"
)

var t0 = time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)

func addr(s string) auth.Client { return auth.Client{Address: netip.MustParseAddr(s)} }

// try runs one sign-in through the throttle: refused, or checked and failed (ok false) or
// succeeded. It returns the refusal, if any.
func try(th *auth.Throttle, c auth.Client, login string, admin bool, tag string, now time.Time, ok bool) *auth.Refusal {
	k, r := th.Enter(c, now)
	if r != nil {
		return r
	}
	defer k.Leave()
	if r := k.Check(login, admin, tag, now); r != nil {
		return r
	}
	if ok {
		k.Succeed()
	} else {
		k.Fail(now)
	}
	return nil
}

func reason(r *auth.Refusal) auth.Reason {
	if r == nil {
		return 0
	}
	return r.Reason
}

func TestThrottle(t *testing.T) {
	t.Run("LockedPerClient", func(t *testing.T) {
		th := auth.NewThrottle(auth.Limits{})
		a, b := addr("10.0.1.2"), addr("10.0.2.2")
		for i := range 5 {
			if r := try(th, a, "1001", false, "h", t0, false); r != nil {
				t.Fatalf("failure %d refused: %+v", i+1, r)
			}
		}
		if r := try(th, a, "1001", false, "h", t0, true); reason(r) != auth.Locked || !r.Until.Equal(t0.Add(15*time.Minute)) {
			t.Fatalf("after 5 failures: got %+v, want locked for 15 minutes", r)
		}
		if r := try(th, b, "1001", false, "h", t0, true); r != nil {
			t.Fatalf("the owner elsewhere: got %+v, want admitted", r)
		}
		if r := try(th, a, "1001", false, "h", t0.Add(15*time.Minute), true); r != nil {
			t.Fatalf("after the lock: got %+v", r)
		}
	})
	t.Run("AdminStricter", func(t *testing.T) {
		th := auth.NewThrottle(auth.Limits{})
		a := addr("10.0.1.2")
		k, _ := th.Enter(a, t0)
		k.Check("jimukyoku", true, "h", t0)
		k.Fail(t0)
		left, _ := k.Fail(t0)
		k.Leave()
		if left != 1 {
			t.Fatalf("got %d left after 2 failures, want 1", left)
		}
		try(th, a, "jimukyoku", true, "h", t0, false)
		if r := try(th, a, "jimukyoku", true, "h", t0, true); reason(r) != auth.Locked {
			t.Fatalf("after 3 failures: got %+v, want locked", r)
		}
	})
	t.Run("NewPasswordForgets", func(t *testing.T) {
		th := auth.NewThrottle(auth.Limits{})
		a := addr("10.0.1.2")
		for range 5 {
			try(th, a, "1001", false, "old", t0, false)
		}
		if r := try(th, a, "1001", false, "new", t0, true); r != nil {
			t.Fatalf("after a reset: got %+v, want admitted", r)
		}
	})
	t.Run("SuccessForgets", func(t *testing.T) {
		th := auth.NewThrottle(auth.Limits{})
		a := addr("10.0.1.2")
		for range 4 {
			try(th, a, "1001", false, "h", t0, false)
		}
		try(th, a, "1001", false, "h", t0, true)
		for range 4 {
			try(th, a, "1001", false, "h", t0, false)
		}
		if r := try(th, a, "1001", false, "h", t0, true); r != nil {
			t.Fatalf("4 failures after a success: got %+v", r)
		}
	})
	t.Run("OneAtATime", func(t *testing.T) {
		th := auth.NewThrottle(auth.Limits{})
		a := addr("10.0.1.2")
		k, r := th.Enter(a, t0)
		if r != nil {
			t.Fatal(r)
		}
		if _, r := th.Enter(a, t0); reason(r) != auth.Busy {
			t.Fatalf("a second sign-in from the address: got %+v, want busy", r)
		}
		if _, r := th.Enter(auth.Client{Address: a.Address, Device: "d1"}, t0); r != nil {
			t.Fatalf("a browser with its device token: got %+v", r)
		}
		k.Leave()
		if _, r := th.Enter(a, t0); r != nil {
			t.Fatalf("after the first left: got %+v", r)
		}
	})
	t.Run("AddressBudget", func(t *testing.T) {
		th := auth.NewThrottle(auth.Limits{})
		a := addr("10.0.1.2")
		for i := range 20 {
			if r := try(th, a, fmt.Sprint(2000+i), false, "", t0, false); r != nil {
				t.Fatalf("failure %d refused: %+v", i+1, r)
			}
		}
		r := try(th, a, "1001", false, "h", t0, true)
		if reason(r) != auth.AddressLimit || !r.Until.Equal(t0.Add(45*time.Second)) {
			t.Fatalf("after 20 failures: got %+v, want refused for 45 s (15 minutes / 20)", r)
		}
		if r := try(th, auth.Client{Address: a.Address, Device: "d1"}, "1001", false, "h", t0, true); r != nil {
			t.Fatalf("the owner's browser at that address: got %+v", r)
		}
		if r := try(th, addr("10.0.1.3"), "1001", false, "h", t0, true); r != nil {
			t.Fatalf("another address of the block: got %+v", r)
		}
		if r := try(th, a, "1001", false, "h", t0.Add(45*time.Second), true); r != nil {
			t.Fatalf("once a failure has leaked away: got %+v", r)
		}
	})
	t.Run("BlockBudget", func(t *testing.T) {
		th := auth.NewThrottle(auth.Limits{AddressFailures: 1000, BlockFailures: 30})
		for i := range 30 {
			try(th, addr(fmt.Sprintf("10.0.1.%d", 10+i)), fmt.Sprint(3000+i), false, "", t0, false)
		}
		if r := try(th, addr("10.0.1.200"), "1002", false, "h", t0, true); reason(r) != auth.BlockLimit {
			t.Fatalf("a new address of the block: got %+v, want the block refused", r)
		}
		if r := try(th, addr("10.0.2.200"), "1002", false, "h", t0, true); r != nil {
			t.Fatalf("another block: got %+v", r)
		}
		v6 := auth.Block(netip.MustParseAddr("2001:db8:1:2:3:4:5:6"))
		if v6.String() != "2001:db8:1:2::/64" {
			t.Fatalf("IPv6 block: got %s", v6)
		}
	})
	t.Run("IDSlowedNotLocked", func(t *testing.T) {
		th := auth.NewThrottle(auth.Limits{})
		// Ten addresses, one failure each: no address is locked out, but the ID slows down.
		for i := range 10 {
			try(th, addr(fmt.Sprintf("10.0.%d.2", i)), "1001", false, "h", t0, false)
		}
		stranger := addr("10.9.9.9")
		r := try(th, stranger, "1001", false, "h", t0, true)
		if reason(r) != auth.Slowed || !r.Until.Equal(t0.Add(time.Second)) {
			t.Fatalf("got %+v, want a wait of 1 s", r)
		}
		if r := try(th, auth.Client{Address: stranger.Address, Device: "owner"}, "1001", false, "h", t0, true); r != nil {
			t.Fatalf("the owner's browser: got %+v", r)
		}
		at := t0.Add(time.Second)
		if r := try(th, stranger, "1001", false, "h", at, false); r != nil {
			t.Fatalf("after the wait: got %+v", r)
		}
		if r := try(th, stranger, "1001", false, "h", at.Add(time.Second), true); reason(r) != auth.Slowed || !r.Until.Equal(at.Add(2*time.Second)) {
			t.Fatalf("after one more failure: got %+v, want a wait of 2 s", r)
		}
		for i := range 20 {
			k, _ := th.Enter(addr(fmt.Sprintf("10.1.%d.2", i)), at)
			k.Check("1001", false, "h", at)
			k.Fail(at)
			k.Leave()
		}
		if r := try(th, stranger, "1001", false, "h", at, true); reason(r) != auth.Slowed || !r.Until.Equal(at.Add(time.Minute)) {
			t.Fatalf("after many failures: got %+v, want the wait capped at a minute", r)
		}
	})
}
