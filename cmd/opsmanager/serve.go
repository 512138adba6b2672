package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/api"
	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/temporal"
	"github.com/opsmanager/opsmanager/web"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

type role int

const (
	roleAPI role = 1 << iota
	roleWorker
	roleMigrate
)

// serve connects to every dependency, then runs the API and/or the worker
// until ctx ends (SIGINT/SIGTERM), shutting down gracefully.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, r role) error {
	var ln net.Listener
	if r&roleAPI != 0 {
		var err error
		if ln, err = listen(cfg.HTTPAddr); err != nil {
			return err
		}
		defer ln.Close()
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	sdkMetrics, closeMetrics, err := temporal.NewMetricsHandler(reg)
	if err != nil {
		return err
	}
	defer closeMetrics()
	if cfg.MetricsAddr != "" {
		stop, err := serveMetrics(cfg.MetricsAddr, reg, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	d, err := connectAll(ctx, cfg, log, r, sdkMetrics)
	if err != nil {
		return err
	}
	defer d.close()
	if err := startLive(cfg, d, log); err != nil {
		return err
	}
	if r&roleMigrate != 0 {
		if err := migrateUp(ctx, d.pool, log); err != nil {
			return err
		}
		if err := afterMigrations(ctx, cfg, d.pool, log); err != nil {
			return err
		}
	}
	if err := temporal.EnsureNamespace(ctx, d.temporal, cfg.TemporalNamespace); err != nil {
		return fmt.Errorf("temporal namespace: %w", err)
	}
	if err := temporal.EnsureSearchAttributes(ctx, d.temporal, cfg.TemporalNamespace, workflows.SearchAttributeTypes()); err != nil {
		return fmt.Errorf("temporal search attributes: %w", err)
	}
	if r&roleMigrate != 0 {
		if err := ensureFirstAdmin(ctx, cfg, store.NewUsers(d.pool), log); err != nil {
			return err
		}
	}
	catalog, err := workflows.NewCatalog(playbooks.All()...)
	if err != nil {
		return err
	}
	runs := store.NewRuns(d.pool)

	errc := make(chan error, 2)
	if r&roleWorker != 0 {
		w, err := newWorker(cfg, d, catalog)
		if err != nil {
			return err
		}
		if err := w.Start(); err != nil {
			return fmt.Errorf("start worker: %w", err)
		}
		defer w.Stop()
		log.Info("worker started", "task_queue", cfg.TemporalTaskQueue, "namespace", cfg.TemporalNamespace)
	}
	if r&roleAPI != 0 {
		identity, err := buildIdentity(cfg, d)
		if err != nil {
			return err
		}
		relayCtx, stopRelay := context.WithCancel(context.WithoutCancel(ctx))
		defer stopRelay()
		go live.RunRelay(relayCtx, store.NewOutbox(d.pool), d.live, log)
		srv := newHTTPServer(cfg, log, d, catalog, runs, reg, identity)
		go func() { errc <- srv.Serve(ln) }()
		defer shutdown(srv, cfg.ShutdownTimeout, log)
		printURLs(cfg)
	}
	select {
	case <-ctx.Done():
		log.Info("shutting down")
		return nil
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

func newHTTPServer(cfg config.Config, log *slog.Logger, d *deps, catalog *workflows.Catalog, runs *store.Runs,
	reg *prometheus.Registry, identity api.Identity) *http.Server {
	servers, credentials := store.NewServers(d.pool), store.NewCredentialVault(d.pool, identity.Box)
	assetStore := store.NewAssets(d.pool)
	hub := liveHub(d, log)
	s := api.New(api.Deps{
		LiveHub: hub, LivePublisher: d.live, Begin: d.pool.Begin, Outbox: store.NewOutbox(d.pool),
		Logger: log, Version: version, Catalog: catalog, Runs: runs, Temporal: d.temporal, TemporalSchedules: d.temporal.ScheduleClient(),
		TaskQueue: cfg.TemporalTaskQueue, Namespace: cfg.TemporalNamespace, TemporalUIURL: cfg.TemporalUIURL, Codec: d.codec,
		Checks: d.checks(cfg), Metrics: reg, MetricsElsewhere: cfg.MetricsAddr != "", Dashboard: web.Dist(), MaxBodyBytes: cfg.MaxBodyBytes,
		Identity: identity, TrustedProxies: cfg.TrustedProxies, AllowSelfApproval: cfg.AllowSelfApproval, PublicURL: cfg.PublicURL,
		Schedules: store.NewSchedules(d.pool), Policies: store.NewPolicies(d.pool),
		Incidents: store.NewIncidents(d.pool), Deliveries: store.NewDeliveries(d.pool),
		Servers: servers, Assets: assetStore, Imports: assetStore, AlertAssetRule: cfg.AlertAssetRule, Credentials: credentials, RunLogs: store.NewRunLogs(d.pool), ServerTester: activities.ServerTester{SSH: guardedSSH(cfg, servers, credentials, nil)},
	})
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	// Shutdown waits for open requests; event streams end at once instead.
	srv.RegisterOnShutdown(func() {
		s.EndStreams()
		hub.Close()
	})
	return srv
}

func shutdown(srv *http.Server, timeout time.Duration, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
}

// listen binds the API address first, so a second `opsmanager dev` says
// plainly that one is already running instead of failing later.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	if !isAddrInUse(err) {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	if runningOpsManager(addr) {
		return nil, fmt.Errorf("OpsManager is already running at http://%s (stop it with Ctrl-C in its terminal, or set HTTP_ADDR to use another port)", addr)
	}
	return nil, fmt.Errorf("port of %s is used by another program; stop it or set HTTP_ADDR=127.0.0.1:<free port>", addr)
}

func printURLs(cfg config.Config) {
	fmt.Printf(`
OpsManager is running.
  Dashboard + API   %s
  API reference     %s/api/docs
  Readiness         %s/readyz
  Metrics           %s
  Temporal UI       %s
  Mailpit UI        %s
Press Ctrl-C to stop.

`, cfg.PublicURL, cfg.PublicURL, cfg.PublicURL, metricsURL(cfg), cfg.TemporalUIURL, cfg.MailpitUIURL)
}

// compile-time check that the Temporal client starts workflows for the API.
var _ api.WorkflowStarter = client.Client(nil)
