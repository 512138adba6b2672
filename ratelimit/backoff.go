package ratelimit

import (
	"context"
	"fmt"
	"time"
)

// Backoff locks a key out for an exponentially growing time after repeated
// failures: the first Free failures cost nothing, then each further failure
// locks the key for Base·2^(n-Free-1), capped at Max. The failure count is
// forgotten after Forget without failures, or on Clear (a success).
type Backoff struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
}

// Locked reports how long key is still locked out (0: not locked).
func (l *Limiter) Locked(ctx context.Context, key string) (time.Duration, error) {
	d, err := l.rdb.PTTL(ctx, l.prefix+"lock:"+key).Result()
	if err != nil {
		return 0, fmt.Errorf("backoff %s: %w", key, err)
	}
	return max(d, 0), nil
}

// Fail records one failure of key and returns the lock-out it now carries.
func (l *Limiter) Fail(ctx context.Context, key string, b Backoff) (time.Duration, error) {
	n, err := l.rdb.Incr(ctx, l.prefix+"fail:"+key).Result()
	if err != nil {
		return 0, fmt.Errorf("backoff %s: %w", key, err)
	}
	l.rdb.PExpire(ctx, l.prefix+"fail:"+key, b.Forget)
	lock := b.lockFor(int(n))
	if lock > 0 {
		if err := l.rdb.Set(ctx, l.prefix+"lock:"+key, n, lock).Err(); err != nil {
			return 0, fmt.Errorf("backoff %s: %w", key, err)
		}
	}
	return lock, nil
}

// Clear forgets key's failures and lock-out.
func (l *Limiter) Clear(ctx context.Context, key string) error {
	return l.rdb.Del(ctx, l.prefix+"fail:"+key, l.prefix+"lock:"+key).Err()
}

func (b Backoff) lockFor(failures int) time.Duration {
	over := failures - b.Free
	if over <= 0 {
		return 0
	}
	d := b.Base
	for i := 1; i < over && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}
