// Package redistest connects tests to the test Redis: REDIS_URL, or the one
// `make deps` starts.
package redistest

import (
	"context"
	"os"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/internal/testsvc"
)

// URL is the test Redis's URL: REDIS_URL, else the local default.
func URL() string {
	if v := os.Getenv("REDIS_URL"); v != "" {
		return v
	}
	return config.DefaultRedisURL
}

// Options returns the parsed options of the test Redis, new on each call so
// that the caller may change them.
func Options(t testing.TB) *redis.Options {
	t.Helper()
	opts, err := redis.ParseURL(URL())
	if err != nil {
		t.Fatal(err)
	}
	return opts
}

// NewClient returns a client of the test Redis, closed when t ends; t fails
// at once, saying how to start Redis, if it does not answer.
func NewClient(t testing.TB) *redis.Client {
	t.Helper()
	opts := Options(t)
	testsvc.Reachable(t, "Redis", opts.Addr)
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { rdb.Close() })
	if err := rdb.Ping(context.Background()).Err(); err != nil {
		testsvc.Unavailable(t, "Redis", opts.Addr, err)
	}
	return rdb
}
