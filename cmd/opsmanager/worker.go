package main

import (
	"time"

	sdkworker "go.temporal.io/sdk/worker"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/launch"
	"github.com/opsmanager/opsmanager/outbound"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/worker"
	"github.com/opsmanager/opsmanager/workflows"
)

// newWorker builds the activities with their real dependencies and the
// Temporal worker that runs them.
func newWorker(cfg config.Config, d *deps, catalog *workflows.Catalog) (sdkworker.Worker, error) {
	_, box, err := loadSecrets(cfg)
	if err != nil {
		return nil, err
	}
	guard := outbound.NewGuard(cfg.OutboundAllowCIDRs)
	mail, err := newMailer(cfg)
	if err != nil {
		return nil, err
	}
	acts := &activities.Activities{
		Runs:      store.NewRuns(d.pool),
		Incidents: store.NewIncidents(d.pool),
		HTTP:      guard.NewClient(2 * time.Minute),
		Live:      d.live,
	}
	notifier := &activities.Notifier{
		Mail:         mail,
		HTTP:         guard.NewClient(10 * time.Second),
		Deliveries:   store.NewDeliveries(d.pool),
		Recipients:   store.NewRecipients(store.NewUsers(d.pool), store.NewSchedules(d.pool)),
		DashboardURL: cfg.PublicURL,
		Sent:         store.NewRunMessages(d.pool),
		Now:          time.Now,
		Live:         d.live,
		Box:          box,
	}
	servers := store.NewServers(d.pool)
	ssh := guardedSSH(cfg, servers, store.NewCredentialVault(d.pool, box), store.NewRunLogs(d.pool))
	ssh.Live = d.live
	inventory := store.NewAssets(d.pool)
	ssh.History = inventory
	incidents := store.NewIncidents(d.pool)
	launcher := &launch.Launcher{Temporal: d.temporal, TaskQueue: cfg.TemporalTaskQueue, Catalog: catalog,
		Runs: store.NewRuns(d.pool), Incidents: incidents, Policies: store.NewPolicies(d.pool),
		AllowSelfApproval: cfg.AllowSelfApproval, PublicURL: cfg.PublicURL, FailureServiceID: cfg.FailureServiceID}
	return worker.New(d.temporal, cfg.TemporalTaskQueue, catalog, acts, notifier, ssh, &activities.Targets{Servers: servers, Assets: inventory},
		&activities.Locks{Store: store.NewServerLocks(d.pool)}, &launch.Activities{L: launcher, Links: incidents},
		&activities.AssetImports{Store: inventory}, &activities.Inventory{Store: inventory}), nil
}

// guardedSSH returns the SSH activities with every connection passing the
// SSRF guard: servers on internal networks must be in SSH_ALLOW_CIDRS.
func guardedSSH(cfg config.Config, servers activities.ServerStore, creds activities.CredentialStore, out activities.OutputSink) *activities.SSH {
	ssh := activities.NewSSH(servers, creds, out)
	ssh.Dialer = outbound.NewGuard(cfg.SSHAllowCIDRs).Dialer(activities.DefaultConnectTimeout)
	return ssh
}
