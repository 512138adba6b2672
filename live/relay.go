package live

import (
	"context"
	"log/slog"
	"time"
)

// Outbox is where a request's events wait, committed with its change, for
// the relay (store.Outbox).
type Outbox interface {
	Relay(ctx context.Context, limit int, publish func(context.Context, []Event) error) (int, error)
}

// RelayEvery is how often the relay looks for committed events.
const RelayEvery = 100 * time.Millisecond

// RunRelay publishes the outbox's events through p until ctx ends: at once
// while there is a backlog, else every RelayEvery. Events left by a process
// that crashed after committing are published by the next relay to run.
func RunRelay(ctx context.Context, outbox Outbox, p *Publisher, log *slog.Logger) {
	failing := false
	for {
		n, err := outbox.Relay(ctx, publishBatch, p.Send)
		switch {
		case err != nil && ctx.Err() != nil:
			return
		case err != nil && !failing:
			failing = true
			log.Warn("live outbox not relayed; retrying", "err", err)
		case err == nil && failing:
			failing = false
			log.Info("live outbox relayed again")
		}
		if n == publishBatch {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(RelayEvery):
		}
	}
}
