package live

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// publishQueue bounds the events waiting for Redis; beyond it they are
	// dropped (dashboards still poll).
	publishQueue = 4096
	// publishBatch is the most events sent in one pipeline round trip.
	publishBatch = 256
	// publishTimeout bounds one round trip to Redis.
	publishTimeout = 2 * time.Second
)

// Publisher sends events to Redis from one background goroutine, in the
// order they were published. Publish never blocks and never fails: with
// Redis slow or down, events queue up to a bound, then are dropped, and the
// failure is logged once per outage. A nil *Publisher does nothing, so code
// and tests that do not care about live updates need no setup.
type Publisher struct {
	rdb     redis.UniversalClient
	channel string
	log     *slog.Logger
	// Now stamps events that carry no time (default time.Now).
	Now func() time.Time

	queue   chan Event
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
	closed  atomic.Bool
	dropped atomic.Int64
	failing bool // only touched by the sending goroutine
}

// NewPublisher starts a publisher on channel ("" means DefaultChannel).
// Close it to send what is queued and stop its goroutine.
func NewPublisher(rdb redis.UniversalClient, channel string, log *slog.Logger) *Publisher {
	if channel == "" {
		channel = DefaultChannel
	}
	if log == nil {
		log = slog.Default()
	}
	p := &Publisher{rdb: rdb, channel: channel, log: log, Now: time.Now,
		queue: make(chan Event, publishQueue), stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	return p
}

// Publish queues ev for sending. It returns at once.
func (p *Publisher) Publish(ev Event) {
	if p == nil || p.closed.Load() {
		return
	}
	if ev.At.IsZero() {
		ev.At = p.Now().UTC()
	}
	select {
	case p.queue <- ev:
	default:
		if p.dropped.Add(1) == 1 {
			p.log.Warn("live events dropped: the publish queue is full", "channel", p.channel)
		}
	}
}

// Dropped is how many events were dropped because the queue was full.
func (p *Publisher) Dropped() int64 {
	if p == nil {
		return 0
	}
	return p.dropped.Load()
}

// Close sends what is queued (within a few seconds) and stops. Events
// published after Close are ignored.
func (p *Publisher) Close() {
	if p == nil {
		return
	}
	p.once.Do(func() {
		p.closed.Store(true)
		close(p.stop)
	})
	<-p.done
}

func (p *Publisher) loop() {
	defer close(p.done)
	batch := make([]Event, 0, publishBatch)
	for {
		select {
		case ev := <-p.queue:
			batch = p.fill(append(batch[:0], ev))
			p.send(batch)
		case <-p.stop:
			for {
				batch = p.fill(batch[:0])
				if len(batch) == 0 {
					return
				}
				p.send(batch)
			}
		}
	}
}

// fill adds what is already queued to batch, up to publishBatch.
func (p *Publisher) fill(batch []Event) []Event {
	for len(batch) < publishBatch {
		select {
		case ev := <-p.queue:
			batch = append(batch, ev)
		default:
			return batch
		}
	}
	return batch
}

func (p *Publisher) send(batch []Event) {
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	pipe := p.rdb.Pipeline()
	for _, ev := range batch {
		b, err := json.Marshal(ev)
		if err != nil {
			continue // a time out of JSON's range; nothing else can fail
		}
		pipe.Publish(ctx, p.channel, b)
	}
	_, err := pipe.Exec(ctx)
	switch {
	case err != nil && !p.failing:
		p.failing = true
		p.log.Warn("live events not published; dashboards fall back to polling", "channel", p.channel, "err", err)
	case err == nil && p.failing:
		p.failing = false
		p.log.Info("live events published again", "channel", p.channel)
	}
}

// Send publishes evs now, in one round trip, and reports whether Redis
// took them (the outbox relay deletes its rows only then).
func (p *Publisher) Send(ctx context.Context, evs []Event) error {
	ctx, cancel := context.WithTimeout(ctx, publishTimeout)
	defer cancel()
	pipe := p.rdb.Pipeline()
	for _, ev := range evs {
		b, err := json.Marshal(ev)
		if err != nil {
			continue
		}
		pipe.Publish(ctx, p.channel, b)
	}
	_, err := pipe.Exec(ctx)
	return err
}
