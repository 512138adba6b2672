package live

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Hub defaults.
const (
	DefaultBuffer     = 64
	DefaultMinBackoff = 100 * time.Millisecond
	DefaultMaxBackoff = 10 * time.Second
	DefaultPingEvery  = 15 * time.Second
)

// Hub holds one Redis subscription per process and fans its events out to
// any number of subscribers. Each subscriber has a bounded queue; one that
// falls behind loses its queued events and gets a single resync event
// instead, so a slow client never holds up the others or the hub. If the
// subscription drops, the hub reconnects with backoff and sends resync to
// every subscriber once it is back, since events may have been missed.
//
// Set the exported fields before the first Start or Subscribe.
type Hub struct {
	rdb     redis.UniversalClient
	channel string
	log     *slog.Logger

	// Buffer is each subscriber's queue length (default DefaultBuffer).
	Buffer int
	// MinBackoff and MaxBackoff bound the wait between reconnection
	// attempts, which doubles per failure (defaults 100 ms and 10 s).
	MinBackoff, MaxBackoff time.Duration
	// PingEvery: after this long without a message the hub pings Redis,
	// and a ping left unanswered as long again means the connection is
	// dead (default 15 s).
	PingEvery time.Duration
	Now       func() time.Time

	startOnce sync.Once
	cancel    context.CancelFunc
	done      chan struct{}

	mu        sync.Mutex
	subs      map[*Subscription]struct{}
	connected bool
	closed    bool

	connects atomic.Int64
	lagged   atomic.Int64
}

// NewHub returns a hub for channel ("" means DefaultChannel). It connects
// on Start or on the first Subscribe; Close stops it.
func NewHub(rdb redis.UniversalClient, channel string, log *slog.Logger) *Hub {
	if channel == "" {
		channel = DefaultChannel
	}
	if log == nil {
		log = slog.Default()
	}
	return &Hub{rdb: rdb, channel: channel, log: log, subs: map[*Subscription]struct{}{}, done: make(chan struct{})}
}

// Subscription is one subscriber's view of the hub.
type Subscription struct {
	hub    *Hub
	ch     chan Event
	filter func(Event) bool
}

// Events delivers the subscriber's events. It is closed when the
// subscription or the hub is closed.
func (s *Subscription) Events() <-chan Event { return s.ch }

// Close ends the subscription. Closing twice is harmless.
func (s *Subscription) Close() {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[s]; ok {
		delete(h.subs, s)
		close(s.ch)
	}
}

// Subscribe registers a subscriber that receives the events filter accepts
// (all if filter is nil) and every resync. It starts the hub if needed.
func (h *Hub) Subscribe(filter func(Event) bool) *Subscription {
	s := &Subscription{hub: h, ch: make(chan Event, h.buffer()), filter: filter}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		close(s.ch)
		return s
	}
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	// Start after registering: a hub that connects at once must not send
	// its "connected" resync before this subscriber is there to get it.
	h.Start()
	return s
}

// Start connects to Redis in the background. Calling it again does nothing.
func (h *Hub) Start() {
	h.startOnce.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		h.mu.Lock()
		h.cancel = cancel
		h.mu.Unlock()
		go h.run(ctx)
	})
}

// Close stops the hub and closes every subscription, which ends the
// streams reading them.
func (h *Hub) Close() {
	h.startOnce.Do(func() { close(h.done) }) // never started: nothing to stop
	h.mu.Lock()
	h.closed = true
	cancel := h.cancel
	h.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	<-h.done
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		delete(h.subs, s)
		close(s.ch)
	}
}

// Connected reports whether the Redis subscription is up.
func (h *Hub) Connected() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.connected
}

// Connects counts how often the subscription was established.
func (h *Hub) Connects() int64 { return h.connects.Load() }

// Lagged counts how often a subscriber fell behind and got a resync.
func (h *Hub) Lagged() int64 { return h.lagged.Load() }

// Subscribers is the number of current subscribers.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

func (h *Hub) run(ctx context.Context) {
	defer close(h.done)
	backoff := h.minBackoff()
	failing := false
	for ctx.Err() == nil {
		connected, err := h.session(ctx)
		h.setConnected(false)
		if ctx.Err() != nil {
			return
		}
		if connected {
			backoff = h.minBackoff()
		}
		switch {
		case connected:
			h.log.Warn("live: redis subscription lost; reconnecting", "channel", h.channel, "err", err)
		case !failing:
			h.log.Warn("live: cannot subscribe to redis; retrying with backoff", "channel", h.channel, "err", err)
		}
		failing = true
		// Half fixed, half random, so API processes do not reconnect in step.
		wait := backoff/2 + rand.N(backoff/2+1)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		backoff = min(2*backoff, h.maxBackoff())
	}
}

// session subscribes, announces a resync, and relays messages until the
// connection fails or ctx ends. connected reports whether it got as far
// as a confirmed subscription.
func (h *Hub) session(ctx context.Context) (connected bool, err error) {
	ps := h.rdb.Subscribe(ctx, h.channel)
	defer ps.Close()
	// go-redis does not watch ctx while reading; closing the connection
	// ends a blocked read at once.
	stop := context.AfterFunc(ctx, func() { _ = ps.Close() })
	defer stop()

	msg, err := ps.ReceiveTimeout(ctx, h.pingEvery())
	if err != nil {
		return false, err
	}
	if sub, ok := msg.(*redis.Subscription); !ok || sub.Kind != "subscribe" {
		return false, errors.New("live: unexpected first pub/sub reply")
	}
	h.connects.Add(1)
	if h.connects.Load() > 1 {
		h.log.Info("live: redis subscription restored", "channel", h.channel)
	}
	// Whatever was published while nobody listened is lost: subscribers
	// that joined meanwhile, or stayed through an outage, refetch. Those
	// that find the hub connected get every event from then on.
	h.mu.Lock()
	h.connected = true
	h.broadcastLocked(Resync(h.now()))
	h.mu.Unlock()
	awaitingPong := false
	for {
		msg, err := ps.ReceiveTimeout(ctx, h.pingEvery())
		if err != nil {
			if isTimeout(err) && !awaitingPong {
				if err := ps.Ping(ctx); err != nil {
					return true, err
				}
				awaitingPong = true
				continue
			}
			return true, err
		}
		awaitingPong = false
		switch m := msg.(type) {
		case *redis.Message:
			ev, err := decode(m.Payload)
			if err != nil || ev.Kind == "" {
				h.log.Debug("live: ignoring malformed event", "payload", m.Payload)
				continue
			}
			h.broadcast(ev)
		case *redis.Subscription:
			// go-redis re-subscribed on a new connection by itself.
			if m.Kind == "subscribe" {
				h.broadcast(Resync(h.now()))
			}
		}
	}
}

// broadcast offers ev to every subscriber whose filter takes it, without
// ever waiting for one.
func (h *Hub) broadcast(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.broadcastLocked(ev)
}

func (h *Hub) broadcastLocked(ev Event) {
	for s := range h.subs {
		if ev.Kind != KindResync && s.filter != nil && !s.filter(ev) {
			continue
		}
		select {
		case s.ch <- ev:
			continue
		default:
		}
		// Full: the queued events are obsolete once the subscriber
		// refetches everything, so they make room for the resync.
		h.lagged.Add(1)
		for drained := false; !drained; {
			select {
			case <-s.ch:
			default:
				drained = true
			}
		}
		select {
		case s.ch <- Resync(h.now()):
		default:
		}
	}
}

func (h *Hub) setConnected(v bool) {
	h.mu.Lock()
	h.connected = v
	h.mu.Unlock()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func (h *Hub) now() time.Time {
	if h.Now != nil {
		return h.Now().UTC()
	}
	return time.Now().UTC()
}

func (h *Hub) buffer() int {
	if h.Buffer > 0 {
		return h.Buffer
	}
	return DefaultBuffer
}

func (h *Hub) minBackoff() time.Duration {
	if h.MinBackoff > 0 {
		return h.MinBackoff
	}
	return DefaultMinBackoff
}

func (h *Hub) maxBackoff() time.Duration {
	if h.MaxBackoff > 0 {
		return max(h.MaxBackoff, h.minBackoff())
	}
	return DefaultMaxBackoff
}

func (h *Hub) pingEvery() time.Duration {
	if h.PingEvery > 0 {
		return h.PingEvery
	}
	return DefaultPingEvery
}
