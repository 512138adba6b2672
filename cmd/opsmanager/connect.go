package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/temporal"
)

// unreachableError is the one line a user sees when a dependency is down.
type unreachableError struct {
	service, address, start string
	err                     error
}

func (e *unreachableError) Error() string {
	return fmt.Sprintf("%s is not reachable at %s (%s); start it with `%s`", e.service, e.address, shortCause(e.err), e.start)
}

// shortCause reduces a driver's long error chain to the part a user needs.
func shortCause(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED) || strings.Contains(err.Error(), "connection refused"):
		return "connection refused"
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "deadline exceeded"):
		return "timed out"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 && len(msg) > 160 {
		msg = msg[i+2:]
	}
	return strings.ReplaceAll(msg, "\n", " ")
}

func connectPostgres(ctx context.Context, cfg config.Config) (*pgxpool.Pool, error) {
	pool, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, &unreachableError{"PostgreSQL", store.Address(cfg.DatabaseURL), "make deps", err}
	}
	return pool, nil
}

// redisLogger sends go-redis's internal messages (dial retries...) to slog
// at debug level; /readyz and startup errors report outages to users.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...interface{}) {
	l.log.DebugContext(ctx, fmt.Sprintf(format, v...), "component", "redis")
}

// newRedisClient returns a client for REDIS_URL; it connects on first use.
func newRedisClient(cfg config.Config, log *slog.Logger) (*redis.Client, error) {
	redis.SetLogger(redisLogger{log})
	opts, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	return redis.NewClient(opts), nil
}

func connectRedis(ctx context.Context, cfg config.Config, log *slog.Logger) (*redis.Client, error) {
	rdb, err := newRedisClient(cfg, log)
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := rdb.Ping(pingCtx).Err(); err != nil {
		rdb.Close()
		return nil, &unreachableError{"Redis", rdb.Options().Addr, "make deps", err}
	}
	return rdb, nil
}

func connectTemporal(ctx context.Context, cfg config.Config, log *slog.Logger, metrics client.MetricsHandler, codec *temporal.Codec) (client.Client, error) {
	o := temporal.Options{Address: cfg.TemporalAddress, Namespace: cfg.TemporalNamespace, Logger: log, Metrics: metrics, Codec: codec}
	if t := cfg.TemporalTLS; t.Enabled() {
		var err error
		if o.TLS, err = temporal.TLSConfig(t.CertFile, t.KeyFile, t.CAFile, t.ServerName); err != nil {
			return nil, err
		}
	}
	c, err := temporal.Dial(ctx, o)
	if err != nil {
		return nil, &unreachableError{"Temporal", cfg.TemporalAddress, "make deps", tcpCause(cfg.TemporalAddress, err)}
	}
	return c, nil
}

// tcpCause explains a gRPC dial that gave up: gRPC retries a refused
// connection until its deadline, so its error often says only "deadline
// exceeded". A plain TCP connect names the real cause (refused, no such
// host); if it connects, the original error stands.
func tcpCause(addr string, err error) error {
	conn, derr := net.DialTimeout("tcp", addr, time.Second)
	if derr != nil {
		return derr
	}
	conn.Close()
	return err
}

// redactedURL hides a URL's password for logs.
func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	return u.Redacted()
}
