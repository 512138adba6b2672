package store_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/redistest"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// Events committed with a change survive the process that made it dying
// before it published them: the next relay to run (another process, or
// this one restarted) publishes each once, in order.
func TestOutboxEventsCommittedBeforeACrashArePublishedByTheNextRelay(t *testing.T) {
	t.Parallel()
	pool := storetest.NewPool(t)
	outbox := store.NewOutbox(pool)
	ctx := context.Background()
	ids := []string{uuid.NewString(), uuid.NewString(), uuid.NewString()}
	// The "crashed" process: its unit of work commits, its relay never runs.
	err := store.InTx(ctx, pool, func(ctx context.Context) error {
		for _, id := range ids {
			if err := outbox.Add(ctx, live.Event{Kind: live.KindIncident, ID: id, Status: "triggered"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A unit of work that rolls back leaves nothing to publish.
	_ = store.InTx(ctx, pool, func(ctx context.Context) error {
		_ = outbox.Add(ctx, live.Event{Kind: live.KindIncident, ID: "rolled-back"})
		return context.Canceled
	})

	rdb := redistest.NewClient(t)
	channel := "opsmanager:test:" + uuid.NewString()
	sub := rdb.Subscribe(ctx, channel)
	t.Cleanup(func() { sub.Close() })
	if _, err := sub.Receive(ctx); err != nil {
		t.Fatal(err)
	}
	pub := live.NewPublisher(rdb, channel, slog.New(slog.DiscardHandler))
	t.Cleanup(pub.Close)
	relay, stop := context.WithCancel(ctx)
	defer stop()
	go live.RunRelay(relay, outbox, pub, slog.New(slog.DiscardHandler))

	for i, want := range ids {
		select {
		case msg := <-sub.Channel():
			var ev live.Event
			if err := json.Unmarshal([]byte(msg.Payload), &ev); err != nil || ev.ID != want {
				t.Fatalf("event %d = %s, want incident %s", i, msg.Payload, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("event %d of %d never arrived", i+1, len(ids))
		}
	}
	select {
	case msg := <-sub.Channel():
		t.Fatalf("unexpected event %s (published twice, or from a rolled-back change)", msg.Payload)
	case <-time.After(500 * time.Millisecond):
	}
	var left int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM live_outbox`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d rows left in the outbox (%v)", left, err)
	}
}
