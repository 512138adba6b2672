package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/store"
)

// streamHeartbeat is how often an idle event stream gets a comment line,
// which keeps proxies from closing it and rechecks the caller's token.
const streamHeartbeat = 15 * time.Second

// maxStreamsPerPrincipal caps one user's or token's open event streams in
// this process: the dashboard shares one stream across its tabs, so more
// than a few means a leak or an attempt to exhaust connections.
const maxStreamsPerPrincipal = 5

// eventRoutes is the live-update stream. Any signed-in principal may open
// it; it carries only the kinds of event their permissions let them read
// (eventFilter), and one who can read none is refused with 403. GET
// requests are not audited, so opening a stream is not either.
func (s *Server) eventRoutes() []Route {
	return []Route{{"GET", "/events", domain.PermAuthenticated, "event.stream", raw(s.streamEvents)}}
}

// liveStreams lets shutdown end the long-lived event streams, which
// http.Server.Shutdown would otherwise wait for until its deadline.
type liveStreams struct {
	once      sync.Once
	closeOnce sync.Once
	closing   chan struct{}
	heartbeat time.Duration // 0: streamHeartbeat; tests shorten it

	mu   sync.Mutex
	open map[string]int // principal ID → streams open now
}

// acquire takes one of the principal's stream slots; false when all are in
// use. release gives it back.
func (l *liveStreams) acquire(principalID string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open == nil {
		l.open = map[string]int{}
	}
	if l.open[principalID] >= maxStreamsPerPrincipal {
		return false
	}
	l.open[principalID]++
	return true
}

func (l *liveStreams) release(principalID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[principalID]--; l.open[principalID] <= 0 {
		delete(l.open, principalID)
	}
}

func (l *liveStreams) done() <-chan struct{} { return l.channel() }

func (l *liveStreams) channel() chan struct{} {
	l.once.Do(func() { l.closing = make(chan struct{}) })
	return l.closing
}

// EndStreams ends every open event stream and refuses new ones. Register
// it with http.Server.RegisterOnShutdown, so that a graceful shutdown does
// not wait for dashboards to hang up.
func (s *Server) EndStreams() {
	ch := s.streams.channel()
	s.streams.closeOnce.Do(func() { close(ch) })
}

// announce tells open dashboards about a change the API made itself: in
// the request's unit of work, through the outbox (it is published once the
// change commits, even if this process dies first); else at once.
func (s *Server) announce(ctx context.Context, ev live.Event) {
	if _, inTx := store.TxFrom(ctx); inTx && s.deps.Outbox != nil {
		if err := s.deps.Outbox.Add(ctx, ev); err != nil {
			s.deps.Logger.Warn("live event not queued", "kind", ev.Kind, "err", err)
		}
		return
	}
	s.deps.LivePublisher.Publish(ev)
}

// announceAlert announces the incident an alert opened, joined or resolved.
func (s *Server) announceAlert(ctx context.Context, res AlertResult) {
	if res.Incident != nil {
		s.announce(ctx, live.Event{Kind: live.KindIncident, ID: res.Incident.ID, Status: string(res.Incident.Status)})
	}
}

// eventFilter returns which events p may receive, or nil if none: events
// name incidents and runs, so they need the permission to read those.
// Unknown kinds are never sent, so a new kind must be added here.
func eventFilter(p *domain.Principal) func(live.Event) bool {
	incidents, runs := p.Can(domain.PermIncidentsRead), p.Can(domain.PermPlaybooksRead)
	if !incidents && !runs {
		return nil
	}
	return func(ev live.Event) bool {
		switch ev.Kind {
		case live.KindIncident, live.KindNotification:
			return incidents
		case live.KindRun, live.KindRunLog:
			return runs
		}
		return false
	}
}

// streamEvents serves GET /events as text/event-stream: one SSE event per
// change (event: <kind>, data: {"kind","id","status","at"}), a comment
// every 15 s, and the end of the stream when the access token expires or
// is revoked (the client reconnects with a fresh one) or the server shuts
// down. Events say only what changed; clients refetch it through the API.
func (s *Server) streamEvents(c *gin.Context) {
	p := principal(c)
	filter := eventFilter(p)
	switch {
	case filter == nil:
		respondError(c, domain.Errorf(domain.EForbidden, "you need the %s or %s permission to follow live updates",
			domain.PermIncidentsRead, domain.PermPlaybooksRead))
		return
	case s.deps.LiveHub == nil:
		respondError(c, &domain.Error{Code: domain.EUnavailable, Message: "live updates are not available here; pages refresh by polling"})
		return
	case s.shuttingDown():
		respondError(c, &domain.Error{Code: domain.EUnavailable, Message: "the server is shutting down; reconnect shortly"})
		return
	case !s.streams.acquire(p.ID):
		c.Header("Retry-After", "30")
		respondError(c, domain.Errorf(domain.ERateLimited,
			"you already have %d live-update streams open; close one (or a browser tab) and retry", maxStreamsPerPrincipal))
		return
	}
	defer s.streams.release(p.ID)
	token := bearer(c)
	sub := s.deps.LiveHub.Subscribe(filter)
	defer sub.Close()

	h := c.Writer.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	// A server-wide WriteTimeout would cut the stream; this one has none.
	_ = http.NewResponseController(c.Writer).SetWriteDeadline(time.Time{})
	c.Status(http.StatusOK)
	if !send(c, ": connected\n\n") {
		return
	}
	end := s.stream(c, sub, token, p)
	send(c, ": closing: "+end+"\n\n")
}

// stream relays events until the stream should end, and says why.
func (s *Server) stream(c *gin.Context, sub *live.Subscription, token string, p *domain.Principal) string {
	ctx := c.Request.Context()
	heartbeat := time.NewTicker(s.heartbeatEvery())
	defer heartbeat.Stop()
	var expired <-chan time.Time
	if exp, ok := s.accessTokenExpiry(token); ok {
		t := time.NewTimer(exp.Sub(s.deps.Now()))
		defer t.Stop()
		expired = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return "client gone"
		case <-s.streams.done():
			return "server shutting down"
		case <-expired:
			return "access token expired"
		case ev, ok := <-sub.Events():
			if !ok {
				return "server shutting down"
			}
			if !send(c, formatEvent(ev)) {
				return "write failed"
			}
		case <-heartbeat.C:
			if why := s.recheck(ctx, token, p); why != "" {
				return why
			}
			if !send(c, ": ping\n\n") {
				return "write failed"
			}
		}
	}
}

// recheck authenticates the stream's token again: it may have expired or
// been revoked, the account deactivated, or its permissions changed (the
// client then reconnects and gets the events it may see now). A check that
// cannot be made (Redis or the database briefly down) keeps the stream.
func (s *Server) recheck(ctx context.Context, token string, was *domain.Principal) string {
	var now *domain.Principal
	var err error
	if strings.HasPrefix(token, apiTokenPrefix) {
		now, err = s.apiTokenPrincipal(ctx, token)
	} else {
		now, err = s.userPrincipal(ctx, token)
	}
	switch {
	case domain.ErrorCode(err) == domain.EUnauthorized:
		return "no longer authenticated"
	case err != nil:
		return ""
	case now.Can(domain.PermIncidentsRead) != was.Can(domain.PermIncidentsRead),
		now.Can(domain.PermPlaybooksRead) != was.Can(domain.PermPlaybooksRead):
		return "permissions changed"
	}
	return ""
}

// accessTokenExpiry is when a user's access token expires; API tokens
// have no expiry in the token itself (recheck notices theirs).
func (s *Server) accessTokenExpiry(token string) (time.Time, bool) {
	if strings.HasPrefix(token, apiTokenPrefix) {
		return time.Time{}, false
	}
	claims, err := s.id.Issuer.Verify(token)
	if err != nil || claims.ExpiresAt == nil {
		return time.Time{}, false
	}
	return claims.ExpiresAt.Time, true
}

func (s *Server) shuttingDown() bool {
	select {
	case <-s.streams.done():
		return true
	default:
		return false
	}
}

func (s *Server) heartbeatEvery() time.Duration {
	if s.streams.heartbeat > 0 {
		return s.streams.heartbeat
	}
	return streamHeartbeat
}

// bearer is the request's bearer token (authenticate has checked it).
func bearer(c *gin.Context) string {
	_, token, _ := strings.Cut(c.GetHeader("Authorization"), " ")
	return strings.TrimSpace(token)
}

func formatEvent(ev live.Event) string {
	data, _ := json.Marshal(ev)
	return fmt.Sprintf("event: %s\ndata: %s\n\n", ev.Kind, data)
}

// send writes and flushes at once: nothing between here and the client
// may hold events back.
func send(c *gin.Context, chunk string) bool {
	if _, err := io.WriteString(c.Writer, chunk); err != nil {
		return false
	}
	c.Writer.Flush()
	return true
}
