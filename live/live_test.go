package live

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/opsmanager/opsmanager/redistest"
)

// testChannel keeps parallel tests (and other packages' tests) apart.
func testChannel() string { return "opsmanager:test:" + uuid.NewString() }

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// next returns the subscription's next event, failing after within.
func next(t testing.TB, s *Subscription, within time.Duration) Event {
	t.Helper()
	select {
	case ev, ok := <-s.Events():
		if !ok {
			t.Fatal("subscription closed")
		}
		return ev
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
	}
	return Event{}
}

// subscribed waits for the hub to connect, then subscribes: every event
// published from then on reaches the subscription.
func subscribed(t testing.TB, h *Hub, filter func(Event) bool) *Subscription {
	t.Helper()
	waitConnected(t, h)
	return h.Subscribe(filter)
}

func waitConnected(t testing.TB, h *Hub) {
	t.Helper()
	h.Start()
	deadline := time.Now().Add(5 * time.Second)
	for !h.Connected() {
		if time.Now().After(deadline) {
			t.Fatal("hub did not connect to Redis within 5 s")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestPublishedEventsReachSubscribersInOrderAndFiltered(t *testing.T) {
	t.Parallel()
	rdb, ch := redistest.NewClient(t), testChannel()
	hub := NewHub(rdb, ch, quiet())
	defer hub.Close()
	pub := NewPublisher(rdb, ch, quiet())
	defer pub.Close()

	all := subscribed(t, hub, nil)
	incidentsOnly := subscribed(t, hub, func(ev Event) bool { return ev.Kind == KindIncident })
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	sent := []Event{
		{Kind: KindIncident, ID: "i1", Status: "triggered", At: at},
		{Kind: KindRun, ID: "r1", Status: "running", At: at},
		{Kind: KindIncident, ID: "i1", Status: "acknowledged", At: at},
	}
	for _, ev := range sent {
		pub.Publish(ev)
	}
	for i, want := range sent {
		if got := next(t, all, 500*time.Millisecond); got != want {
			t.Errorf("event %d = %+v, want %+v", i, got, want)
		}
	}
	for _, want := range []Event{sent[0], sent[2]} {
		if got := next(t, incidentsOnly, 500*time.Millisecond); got != want {
			t.Errorf("filtered: got %+v, want %+v", got, want)
		}
	}
	select {
	case ev := <-incidentsOnly.Events():
		t.Errorf("filter let through %+v", ev)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestPublishStampsTimeAndNilPublisherDoesNothing(t *testing.T) {
	t.Parallel()
	var nilPub *Publisher
	nilPub.Publish(Event{Kind: KindRun, ID: "x"}) // must not panic
	nilPub.Close()

	rdb, ch := redistest.NewClient(t), testChannel()
	hub := NewHub(rdb, ch, quiet())
	defer hub.Close()
	pub := NewPublisher(rdb, ch, quiet())
	fixed := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	pub.Now = func() time.Time { return fixed }
	s := subscribed(t, hub, nil)
	pub.Publish(Event{Kind: KindRun, ID: "r"})
	pub.Close() // sends what is queued
	if got := next(t, s, time.Second); !got.At.Equal(fixed) {
		t.Errorf("At = %v, want %v", got.At, fixed)
	}
	pub.Publish(Event{Kind: KindRun, ID: "after close"}) // ignored, no panic
}

func TestMalformedMessagesAreIgnored(t *testing.T) {
	t.Parallel()
	rdb, ch := redistest.NewClient(t), testChannel()
	hub := NewHub(rdb, ch, quiet())
	defer hub.Close()
	s := subscribed(t, hub, nil)
	ctx := context.Background()
	rdb.Publish(ctx, ch, "not json")
	rdb.Publish(ctx, ch, `{"id":"no kind"}`)
	rdb.Publish(ctx, ch, `{"kind":"run","id":"ok"}`)
	if got := next(t, s, time.Second); got.Kind != KindRun || got.ID != "ok" {
		t.Fatalf("got %+v", got)
	}
}

func TestSlowSubscriberGetsResyncWithoutHoldingUpOthers(t *testing.T) {
	t.Parallel()
	rdb, ch := redistest.NewClient(t), testChannel()
	hub := NewHub(rdb, ch, quiet())
	hub.Buffer = 4
	defer hub.Close()
	pub := NewPublisher(rdb, ch, quiet())
	defer pub.Close()

	slow := subscribed(t, hub, nil) // never reads while events flow
	fast := subscribed(t, hub, nil)
	// The fast one keeps up, and gets every event although the slow one's
	// queue is full from the fifth on.
	for i := range 50 {
		pub.Publish(Event{Kind: KindRun, ID: fmt.Sprint(i)})
		if got := next(t, fast, time.Second); got.ID != fmt.Sprint(i) {
			t.Fatalf("fast subscriber: event %d = %+v", i, got)
		}
	}
	// The slow one holds a bounded queue with a resync in place of what
	// it lost.
	var queued []Event
	for len(slow.Events()) > 0 {
		queued = append(queued, <-slow.Events())
	}
	if len(queued) > hub.Buffer || !slices.ContainsFunc(queued, func(ev Event) bool { return ev.Kind == KindResync }) {
		t.Errorf("slow subscriber's queue = %+v, want at most %d events with a resync", queued, hub.Buffer)
	}
	if hub.Lagged() == 0 {
		t.Error("lagging not counted")
	}
	// Once it reads again, it gets new events as they come.
	pub.Publish(Event{Kind: KindIncident, ID: "later"})
	if got := next(t, slow, time.Second); got.ID != "later" {
		t.Errorf("after catching up: %+v", got)
	}
}

// faultyDialer dials the real Redis unless it is down, and can cut every
// connection it made: an outage without touching the shared server.
type faultyDialer struct {
	mu    sync.Mutex
	down  bool
	dials int
	conns []net.Conn
}

func (f *faultyDialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dials++
	if f.down {
		return nil, errors.New("test: redis is down")
	}
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err == nil {
		f.conns = append(f.conns, c)
	}
	return c, err
}

func (f *faultyDialer) setDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
}

func (f *faultyDialer) cut() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.conns {
		_ = c.Close()
	}
	f.conns = nil
}

func (f *faultyDialer) dialCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dials
}

func faultyHub(t *testing.T, ch string) (*Hub, *faultyDialer) {
	t.Helper()
	redistest.NewClient(t) // fail early and clearly if Redis is not there
	opts := redistest.Options(t)
	f := &faultyDialer{}
	opts.Dialer = f.dial
	opts.DialerRetries = 1
	opts.PoolSize = 1000 // keep go-redis's dial circuit breaker out of the test
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { rdb.Close() })
	hub := NewHub(rdb, ch, quiet())
	hub.MinBackoff, hub.MaxBackoff = 20*time.Millisecond, 80*time.Millisecond
	t.Cleanup(hub.Close)
	return hub, f
}

func TestHubReconnectsAfterTheConnectionDropsAndSendsResync(t *testing.T) {
	t.Parallel()
	ch := testChannel()
	hub, f := faultyHub(t, ch)
	pub := NewPublisher(redistest.NewClient(t), ch, quiet())
	defer pub.Close()
	s := subscribed(t, hub, nil)

	f.setDown(true)
	f.cut()
	time.Sleep(200 * time.Millisecond) // a few failed attempts
	if hub.Connected() {
		t.Error("hub says connected while Redis is unreachable")
	}
	if d := f.dialCount(); d > 20 {
		t.Errorf("%d dials in 200 ms: reconnecting without backoff", d)
	}
	f.setDown(false)
	if ev := next(t, s, 3*time.Second); ev.Kind != KindResync {
		t.Fatalf("after reconnect got %+v, want resync", ev)
	}
	if hub.Connects() != 2 || !hub.Connected() {
		t.Errorf("connects = %d, connected = %v", hub.Connects(), hub.Connected())
	}
	pub.Publish(Event{Kind: KindRun, ID: "after"})
	if ev := next(t, s, time.Second); ev.ID != "after" {
		t.Errorf("after reconnect: %+v", ev)
	}
}

func TestHubStartedWhileRedisIsDownConnectsLater(t *testing.T) {
	t.Parallel()
	hub, f := faultyHub(t, testChannel())
	f.setDown(true)
	s := hub.Subscribe(nil)
	time.Sleep(100 * time.Millisecond)
	f.setDown(false)
	if ev := next(t, s, 3*time.Second); ev.Kind != KindResync {
		t.Fatalf("got %+v, want resync once connected", ev)
	}
}

func TestCloseEndsSubscriptionsPromptly(t *testing.T) {
	t.Parallel()
	rdb := redistest.NewClient(t)
	hub := NewHub(rdb, testChannel(), quiet())
	s := subscribed(t, hub, nil)
	other := hub.Subscribe(nil)
	other.Close()
	other.Close() // twice is harmless
	start := time.Now()
	hub.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	if _, ok := <-s.Events(); ok {
		t.Error("subscription still open after Close")
	}
	if _, ok := <-hub.Subscribe(nil).Events(); ok {
		t.Error("subscribing to a closed hub gives an open subscription")
	}
	NewHub(rdb, "", quiet()).Close() // never started
}
