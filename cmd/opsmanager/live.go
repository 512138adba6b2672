package main

import (
	"log/slog"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/live"
)

// startLive gives the process its live-update publisher. The API role has
// connected to Redis already; the worker alone does not require Redis at
// start, because live updates are best effort and paging must not wait
// for them: its client connects when it first publishes.
func startLive(cfg config.Config, d *deps, log *slog.Logger) error {
	if d.redis == nil {
		rdb, err := newRedisClient(cfg, log)
		if err != nil {
			return err
		}
		d.redis = rdb
	}
	d.live = live.NewPublisher(d.redis, live.DefaultChannel, log)
	return nil
}

// liveHub is the API process's one Redis subscription for GET /events.
func liveHub(d *deps, log *slog.Logger) *live.Hub {
	hub := live.NewHub(d.redis, live.DefaultChannel, log)
	hub.Start()
	return hub
}
