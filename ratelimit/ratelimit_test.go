package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/ratelimit"
	"github.com/opsmanager/opsmanager/redistest"
)

func newLimiter(t *testing.T) *ratelimit.Limiter {
	t.Helper()
	return ratelimit.New(redistest.NewClient(t), "test:"+uuid.NewString()+":")
}

func TestTenPerWindowThenDeniedWithRetryAfter(t *testing.T) {
	t.Parallel()
	l := newLimiter(t)
	ctx := context.Background()
	limit := ratelimit.Limit{Rate: 10, Period: 15 * time.Minute, Burst: 10}
	for i := 1; i <= 10; i++ {
		if r, err := l.Allow(ctx, ratelimit.Check{Key: "login:alice", Limit: limit}); err != nil || !r.Allowed {
			t.Fatalf("attempt %d denied (%v)", i, err)
		}
	}
	r, err := l.Allow(ctx, ratelimit.Check{Key: "login:alice", Limit: limit})
	if err != nil || r.Allowed || r.RetryAfter <= 0 || r.RetryAfter > 15*time.Minute {
		t.Fatalf("11th attempt: %+v, %v; want denied with a retry-after", r, err)
	}
	if r, _ := l.Allow(ctx, ratelimit.Check{Key: "login:bob", Limit: limit}); !r.Allowed {
		t.Fatal("another key was limited too")
	}
	if err := l.Reset(ctx, "login:alice"); err != nil {
		t.Fatal(err)
	}
	if r, _ := l.Allow(ctx, ratelimit.Check{Key: "login:alice", Limit: limit}); !r.Allowed {
		t.Fatal("reset key still limited")
	}
}

func TestAnyExhaustedCheckDenies(t *testing.T) {
	t.Parallel()
	l := newLimiter(t)
	ctx := context.Background()
	tight := ratelimit.Limit{Rate: 1, Period: time.Hour, Burst: 1}
	loose := ratelimit.Limit{Rate: 100, Period: time.Hour, Burst: 100}
	checks := []ratelimit.Check{{Key: "a", Limit: loose}, {Key: "b", Limit: tight}}
	if r, _ := l.Allow(ctx, checks...); !r.Allowed {
		t.Fatal("first call denied")
	}
	if r, _ := l.Allow(ctx, checks...); r.Allowed {
		t.Fatal("second call allowed although b allows one per hour")
	}
}
