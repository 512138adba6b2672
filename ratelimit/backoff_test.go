package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/ratelimit"
)

func TestBackoffDoublesAfterTheFreeFailuresUpToTheCap(t *testing.T) {
	t.Parallel()
	l := newLimiter(t)
	ctx := context.Background()
	b := ratelimit.Backoff{Free: 2, Base: time.Minute, Max: 5 * time.Minute, Forget: time.Hour}
	want := []time.Duration{0, 0, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, w := range want {
		got, err := l.Fail(ctx, "acct", b)
		if err != nil || got != w {
			t.Fatalf("failure %d: lock %v (%v), want %v", i+1, got, err, w)
		}
	}
	if locked, err := l.Locked(ctx, "acct"); err != nil || locked <= 4*time.Minute {
		t.Fatalf("locked for %v (%v), want about 5 min", locked, err)
	}
	if locked, _ := l.Locked(ctx, "someone-else"); locked != 0 {
		t.Fatalf("another key is locked for %v", locked)
	}
	if err := l.Clear(ctx, "acct"); err != nil {
		t.Fatal(err)
	}
	if locked, _ := l.Locked(ctx, "acct"); locked != 0 {
		t.Fatalf("still locked after Clear: %v", locked)
	}
	if got, _ := l.Fail(ctx, "acct", b); got != 0 {
		t.Fatalf("first failure after Clear locks for %v", got)
	}
}
