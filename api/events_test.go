package api

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/redistest"
	"github.com/opsmanager/opsmanager/store"
)

// liveTestServer is the test API served over real HTTP, with a live hub
// and publisher on a channel of its own in the test Redis.
type liveTestServer struct {
	*testServer
	http    *httptest.Server
	rdb     *redis.Client
	channel string
	hub     *live.Hub
}

func newLiveTestServer(t *testing.T) *liveTestServer {
	t.Helper()
	ts := newTestServer(t)
	rdb := redistest.NewClient(t)
	ch := "opsmanager:test:" + uuid.NewString()
	quiet := slog.New(slog.DiscardHandler)
	hub := live.NewHub(rdb, ch, quiet)
	t.Cleanup(hub.Close)
	pub := live.NewPublisher(rdb, ch, quiet)
	t.Cleanup(pub.Close)
	ts.deps.LiveHub, ts.deps.LivePublisher = hub, pub
	relay, stopRelay := context.WithCancel(context.Background())
	go live.RunRelay(relay, store.NewOutbox(ts.pool), pub, quiet)
	t.Cleanup(stopRelay)
	ls := &liveTestServer{testServer: ts, rdb: rdb, channel: ch, hub: hub}
	ls.http = httptest.NewUnstartedServer(ts.Handler())
	ls.http.Config.RegisterOnShutdown(ts.EndStreams)
	ls.http.Start()
	t.Cleanup(ls.http.Close)
	t.Cleanup(ts.EndStreams) // runs first: Close waits for open streams
	hub.Start()
	deadline := time.Now().Add(5 * time.Second)
	for !hub.Connected() {
		if time.Now().After(deadline) {
			t.Fatal("live hub did not connect to Redis")
		}
		time.Sleep(2 * time.Millisecond)
	}
	return ls
}

// publish sends an event to Redis as a worker would.
func (s *liveTestServer) publish(t *testing.T, ev live.Event) time.Time {
	t.Helper()
	b, _ := json.Marshal(ev)
	at := time.Now()
	if err := s.rdb.Publish(context.Background(), s.channel, b).Err(); err != nil {
		t.Fatal(err)
	}
	return at
}

type sseEvent struct {
	name string
	live.Event
	at time.Time // arrival
}

// sseStream reads a text/event-stream response: events arrive on events,
// which is closed when the stream ends.
type sseStream struct {
	res    *http.Response
	events chan sseEvent
	cancel context.CancelFunc
}

func (s *liveTestServer) open(t *testing.T, token string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", s.http.URL+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	st := &sseStream{res: res, events: make(chan sseEvent, 64), cancel: cancel}
	if res.StatusCode != http.StatusOK {
		close(st.events)
		return st
	}
	// The stream's first line comes at once, before any event.
	sc := bufio.NewScanner(res.Body)
	if !sc.Scan() || sc.Text() != ": connected" {
		t.Fatalf("first line %q", sc.Text())
	}
	go func() {
		defer close(st.events)
		defer res.Body.Close()
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && data != "":
				ev := sseEvent{name: name, at: time.Now()}
				if err := json.Unmarshal([]byte(data), &ev.Event); err != nil {
					t.Errorf("event data %q: %v", data, err)
				}
				st.events <- ev
				name, data = "", ""
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return st
}

func (st *sseStream) next(t *testing.T, within time.Duration) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-st.events:
		if !ok {
			t.Fatal("stream ended")
		}
		return ev
	case <-time.After(within):
		t.Fatalf("no event within %v", within)
	}
	return sseEvent{}
}

// ended waits for the stream to end, failing after within.
func (st *sseStream) ended(t *testing.T, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case _, ok := <-st.events:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatalf("stream still open after %v", within)
		}
	}
}

func TestEventStreamDeliversPublishedEventsWithin500ms(t *testing.T) {
	t.Parallel()
	s := newLiveTestServer(t)
	st := s.open(t, s.adminToken)
	if st.res.StatusCode != 200 {
		t.Fatalf("status %d", st.res.StatusCode)
	}
	h := st.res.Header
	if h.Get("Content-Type") != "text/event-stream" || h.Get("Cache-Control") != "no-cache" || h.Get("X-Accel-Buffering") != "no" {
		t.Errorf("headers %v", h)
	}
	for _, ev := range []live.Event{
		{Kind: live.KindIncident, ID: uuid.NewString(), Status: "acknowledged"},
		{Kind: live.KindRun, ID: uuid.NewString(), Status: "running"},
		{Kind: live.KindRunLog, ID: uuid.NewString()},
	} {
		sent := s.publish(t, ev)
		got := st.next(t, 500*time.Millisecond)
		if got.name != ev.Kind || got.Kind != ev.Kind || got.ID != ev.ID || got.Status != ev.Status {
			t.Errorf("got %+v, want %+v", got, ev)
		}
		if d := got.at.Sub(sent); d > 500*time.Millisecond {
			t.Errorf("%s event took %v", ev.Kind, d)
		}
	}
}

func TestEventStreamSendsOnlyWhatThePrincipalMayRead(t *testing.T) {
	t.Parallel()
	s := newLiveTestServer(t)
	if res, b := s.do(t, "POST", "/api/v1/roles", `{"name":"incident-viewer","permissions":["incidents:read"]}`); res.StatusCode != 201 {
		t.Fatalf("create role: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "POST", "/api/v1/roles", `{"name":"auditor","permissions":["audit:read"]}`); res.StatusCode != 201 {
		t.Fatalf("create role: %d %s", res.StatusCode, b)
	}
	viewer := s.createUser(t, "incident-viewer@example.com", "incident-viewer")
	st := s.open(t, s.tokenFor(t, viewer.ID))
	if st.res.StatusCode != 200 {
		t.Fatalf("status %d", st.res.StatusCode)
	}
	s.publish(t, live.Event{Kind: live.KindRun, ID: "run-1", Status: "running"})
	s.publish(t, live.Event{Kind: live.KindRunLog, ID: "run-1"})
	s.publish(t, live.Event{Kind: "something-new", ID: "x"})
	incident := uuid.NewString()
	s.publish(t, live.Event{Kind: live.KindIncident, ID: incident, Status: "triggered"})
	// Events arrive in order, so the incident coming first means the
	// run events were held back.
	if got := st.next(t, time.Second); got.Kind != live.KindIncident || got.ID != incident {
		t.Fatalf("viewer without playbooks:read got %+v first", got)
	}

	auditor := s.createUser(t, "auditor@example.com", "auditor")
	res, b := s.call(t, request{Method: "GET", Path: "/api/v1/events", Token: s.tokenFor(t, auditor.ID)})
	if res.StatusCode != 403 || parseErrorBody(t, b).Error != "forbidden" {
		t.Fatalf("principal who can read nothing: %d %s", res.StatusCode, b)
	}
}

func TestEventStreamRequiresAuthentication(t *testing.T) {
	t.Parallel()
	s := newLiveTestServer(t)
	res, b := s.call(t, request{Method: "GET", Path: "/api/v1/events", Token: "-"})
	body := parseErrorBody(t, b)
	if res.StatusCode != 401 || body.StatusCode != 401 || body.Error != "unauthorized" || body.Message == "" {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
	if st := s.open(t, "not-a-token"); st.res.StatusCode != 401 {
		t.Fatalf("bad token: %d", st.res.StatusCode)
	}
}

func TestEventStreamsAreCappedPerPrincipal(t *testing.T) {
	t.Parallel()
	s := newLiveTestServer(t)
	var streams []*sseStream
	for i := range maxStreamsPerPrincipal {
		st := s.open(t, s.adminToken)
		if st.res.StatusCode != 200 {
			t.Fatalf("stream %d: %d", i+1, st.res.StatusCode)
		}
		streams = append(streams, st)
	}
	over := s.open(t, s.adminToken)
	b, _ := io.ReadAll(over.res.Body)
	if over.res.StatusCode != 429 || over.res.Header.Get("Retry-After") == "" || parseErrorBody(t, b).Error != "rate_limited" {
		t.Fatalf("stream %d: %d %s, want 429 with Retry-After", maxStreamsPerPrincipal+1, over.res.StatusCode, b)
	}
	// Another principal is not affected.
	viewer := s.createUser(t, "viewer@example.com", "viewer")
	if other := s.open(t, s.tokenFor(t, viewer.ID)); other.res.StatusCode != 200 {
		t.Fatalf("another user's stream: %d", other.res.StatusCode)
	}
	// Closing one frees its slot.
	streams[0].cancel()
	streams[0].ended(t, 5*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := s.open(t, s.adminToken)
		if st.res.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot not freed after a stream closed: %d", st.res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestEventStreamEndsOnServerShutdown(t *testing.T) {
	t.Parallel()
	s := newLiveTestServer(t)
	st := s.open(t, s.adminToken)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	if err := s.http.Config.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("graceful shutdown waited %v for the stream", d)
	}
	st.ended(t, 2*time.Second)
}

func TestEventStreamEndsWhenTheAccessTokenExpires(t *testing.T) {
	t.Parallel()
	s := newLiveTestServer(t)
	s.streams.heartbeat = 20 * time.Millisecond
	st := s.open(t, s.adminToken)
	s.publish(t, live.Event{Kind: live.KindRun, ID: "r"})
	st.next(t, time.Second) // still open after some heartbeats
	s.clock.Advance(16 * time.Minute)
	st.ended(t, 2*time.Second)
}

func TestAPIAnnouncesTheRunsItStarts(t *testing.T) {
	t.Parallel()
	s := newLiveTestServer(t)
	st := s.open(t, s.adminToken)
	res, b := s.do(t, "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"https://x.example.com"}}`)
	if res.StatusCode != 201 {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
	var out struct{ Data struct{ ID string } }
	_ = json.Unmarshal(b, &out)
	if got := st.next(t, time.Second); got.Kind != live.KindRun || got.ID != out.Data.ID {
		t.Fatalf("got %+v, want run %s", got, out.Data.ID)
	}
}
