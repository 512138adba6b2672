// Package ratelimit limits request rates with Redis, using the GCRA
// implementation of github.com/go-redis/redis_rate, so limits hold across
// every API process.
package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Limit is Rate events per Period, with bursts up to Burst.
type Limit struct {
	Rate   int
	Period time.Duration
	Burst  int
}

// Check is one key and the limit that applies to it.
type Check struct {
	Key   string
	Limit Limit
}

// Result is the outcome of Allow.
type Result struct {
	Allowed    bool
	Remaining  int
	RetryAfter time.Duration
}

// Limiter applies limits in Redis under a key prefix.
type Limiter struct {
	rl     *redis_rate.Limiter
	rdb    redis.UniversalClient
	prefix string
}

// New returns a limiter using rdb; prefix namespaces its keys.
func New(rdb redis.UniversalClient, prefix string) *Limiter {
	return &Limiter{rl: redis_rate.NewLimiter(rdb), rdb: rdb, prefix: prefix}
}

// Allow consumes one event from every check and denies if any is exhausted,
// reporting the longest wait. Each key is limited on its own, so a flood on
// one key (an attacker's IP) does not exhaust another (the user's other IP).
func (l *Limiter) Allow(ctx context.Context, checks ...Check) (Result, error) {
	res := Result{Allowed: true, Remaining: -1}
	for _, c := range checks {
		r, err := l.rl.Allow(ctx, l.prefix+c.Key, redis_rate.Limit{Rate: c.Limit.Rate, Period: c.Limit.Period, Burst: c.Limit.Burst})
		if err != nil {
			return Result{}, fmt.Errorf("rate limit %s: %w", c.Key, err)
		}
		if r.Allowed == 0 {
			res.Allowed = false
			if r.RetryAfter > res.RetryAfter {
				res.RetryAfter = r.RetryAfter
			}
		}
		if res.Remaining < 0 || r.Remaining < res.Remaining {
			res.Remaining = r.Remaining
		}
	}
	return res, nil
}

// Reset forgets the history of key.
func (l *Limiter) Reset(ctx context.Context, key string) error {
	return l.rl.Reset(ctx, l.prefix+key)
}
