package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/api"
	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/temporal"
)

// deps are the live connections of one process.
type deps struct {
	pool     *pgxpool.Pool
	redis    *redis.Client
	temporal client.Client
	codec    *temporal.Codec // encrypts the client's and workers' payloads
	live     *live.Publisher // set by startLive
}

// connectAll connects to what role needs and reports every unreachable
// service, one line each.
func connectAll(ctx context.Context, cfg config.Config, log *slog.Logger, r role, metrics client.MetricsHandler) (*deps, error) {
	d := &deps{}
	var errs []error
	var err error
	if d.pool, err = connectPostgres(ctx, cfg); err != nil {
		errs = append(errs, err)
	}
	if r&roleAPI != 0 {
		if d.redis, err = connectRedis(ctx, cfg, log); err != nil {
			errs = append(errs, err)
		}
	}
	if d.codec, err = payloadCodec(cfg); err != nil {
		return nil, err
	}
	if d.temporal, err = connectTemporal(ctx, cfg, log, metrics, d.codec); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		d.close()
		return nil, errors.Join(errs...)
	}
	log.Info("connected", "postgres", redactedURL(cfg.DatabaseURL), "redis", redactedURL(cfg.RedisURL), "temporal", cfg.TemporalAddress)
	return d, nil
}

func (d *deps) close() {
	if d.temporal != nil {
		d.temporal.Close()
	}
	d.live.Close() // sends what is queued; nil-safe
	if d.redis != nil {
		d.redis.Close()
	}
	if d.pool != nil {
		d.pool.Close()
	}
}

// checks are the readiness probes of /readyz.
func (d *deps) checks(cfg config.Config) []api.Check {
	return []api.Check{
		{Name: "postgres", Address: store.Address(cfg.DatabaseURL), Probe: d.pool.Ping},
		{Name: "redis", Address: d.redis.Options().Addr, Probe: func(ctx context.Context) error { return d.redis.Ping(ctx).Err() }},
		{Name: "temporal", Address: cfg.TemporalAddress, Probe: func(ctx context.Context) error {
			_, err := d.temporal.CheckHealth(ctx, &client.CheckHealthRequest{})
			return err
		}},
	}
}

func isAddrInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE)
}

// runningOpsManager reports whether addr answers /healthz as OpsManager.
func runningOpsManager(addr string) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var buf [512]byte
	n, _ := resp.Body.Read(buf[:])
	return resp.StatusCode == http.StatusOK && strings.Contains(string(buf[:n]), `"opsmanager"`)
}
