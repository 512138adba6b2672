package activities

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/redistest"
	"github.com/opsmanager/opsmanager/store"
)

// liveEvents publishes to a fresh channel of the test Redis and returns
// the publisher and the channel's events as they arrive.
func liveEvents(t *testing.T) (*live.Publisher, <-chan live.Event) {
	t.Helper()
	rdb := redistest.NewClient(t)
	ch := "opsmanager:test:" + uuid.NewString()
	hub := live.NewHub(rdb, ch, slog.New(slog.DiscardHandler))
	t.Cleanup(hub.Close)
	sub := hub.Subscribe(nil)
	if ev := <-sub.Events(); ev.Kind != live.KindResync { // connected
		t.Fatalf("first event %+v", ev)
	}
	pub := live.NewPublisher(rdb, ch, slog.New(slog.DiscardHandler))
	t.Cleanup(pub.Close)
	return pub, sub.Events()
}

func nextEvent(t *testing.T, events <-chan live.Event) live.Event {
	t.Helper()
	select {
	case ev := <-events:
		return ev
	case <-time.After(2 * time.Second):
		t.Fatal("no event within 2 s")
	}
	return live.Event{}
}

func noEvent(t *testing.T, events <-chan live.Event, within time.Duration) {
	t.Helper()
	select {
	case ev := <-events:
		t.Fatalf("unexpected event %+v", ev)
	case <-time.After(within):
	}
}

type fakeRunStore struct{ err error }

func (f fakeRunStore) MarkRunning(context.Context, string) error          { return f.err }
func (f fakeRunStore) RecordStep(context.Context, store.StepRecord) error { return f.err }
func (f fakeRunStore) SetWaiting(context.Context, string, bool, string, string) error {
	return f.err
}
func (f fakeRunStore) Finish(context.Context, string, domain.RunStatus, any, string) error {
	return f.err
}

func TestRunActivitiesAnnounceWritesThatSucceeded(t *testing.T) {
	t.Parallel()
	pub, events := liveEvents(t)
	ctx := context.Background()
	a := &Activities{Runs: fakeRunStore{}, Live: pub}
	steps := []func() error{
		func() error { return a.MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: "r1"}) },
		func() error { return a.RecordStep(ctx, contract.RecordStepInput{RunID: "r1", Seq: 1}) },
		func() error { return a.SetRunWaiting(ctx, contract.SetRunWaitingInput{RunID: "r1", Waiting: true}) },
		func() error {
			return a.FinishRun(ctx, contract.FinishRunInput{RunID: "r1", Status: domain.RunSucceeded})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"running", "", "waiting_approval", "succeeded"} {
		if ev := nextEvent(t, events); ev.Kind != live.KindRun || ev.ID != "r1" || ev.Status != want {
			t.Errorf("got %+v, want run r1 %q", ev, want)
		}
	}

	failing := &Activities{Runs: fakeRunStore{err: errors.New("database down")}, Live: pub}
	if err := failing.MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: "r2"}); err == nil {
		t.Fatal("want the store's error")
	}
	noEvent(t, events, 100*time.Millisecond)

	// Without a publisher, activities work as before.
	if err := (&Activities{Runs: fakeRunStore{}}).MarkRunRunning(ctx, contract.MarkRunRunningInput{RunID: "r3"}); err != nil {
		t.Fatal(err)
	}
}

type nopSink struct{}

func (nopSink) Append(context.Context, string, string, string, []byte) error { return nil }

// A command printing a line every few milliseconds yields a few events,
// not one per line, and its last line is announced too.
func TestOutputAnnouncesNewLinesAtMostEvery250ms(t *testing.T) {
	t.Parallel()
	pub, events := liveEvents(t)
	o := newOutput(context.Background(), nopSink{}, "run-1", "step", nil, 1<<20, 1<<10, slog.Default())
	o.live = pub
	arrivals := make(chan []time.Time)
	go func() {
		var got []time.Time
		for {
			select {
			case ev := <-events:
				if ev.Kind != live.KindRunLog || ev.ID != "run-1" {
					t.Errorf("event %+v", ev)
				}
				got = append(got, time.Now())
			case <-time.After(500 * time.Millisecond):
				arrivals <- got
				return
			}
		}
	}()
	start := time.Now()
	for time.Since(start) < 600*time.Millisecond {
		_, _ = o.stdout.Write([]byte("line\n"))
		time.Sleep(5 * time.Millisecond)
	}
	_, _ = o.stdout.Write([]byte("last line\n"))
	o.close()
	elapsed := time.Since(start)
	got := <-arrivals

	// 600 ms of output: one at once, then one per 250 ms, plus the last.
	if max := int(elapsed/logEventEvery) + 2; len(got) < 2 || len(got) > max {
		t.Fatalf("%d events for %v of output, want 2..%d", len(got), elapsed, max)
	}
	for i := 1; i < len(got)-1; i++ {
		if d := got[i].Sub(got[i-1]); d < logEventEvery-50*time.Millisecond {
			t.Errorf("events %d and %d only %v apart", i-1, i, d)
		}
	}
}

func TestOutputAnnouncesTrailingChunkWithinTheInterval(t *testing.T) {
	t.Parallel()
	pub, events := liveEvents(t)
	o := newOutput(context.Background(), nopSink{}, "run-2", "step", nil, 1<<20, 1<<10, slog.Default())
	o.live = pub
	_, _ = o.stdout.Write([]byte("first\n"))
	nextEvent(t, events)
	wrote := time.Now()
	_, _ = o.stdout.Write([]byte("second\n")) // within 250 ms of the first: deferred, not dropped
	nextEvent(t, events)
	if d := time.Since(wrote); d > logEventEvery+150*time.Millisecond {
		t.Errorf("trailing chunk announced after %v", d)
	}
	o.close()
}
