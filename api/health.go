package api

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Check is one dependency probed by /readyz.
type Check struct {
	Name    string
	Address string
	Probe   func(ctx context.Context) error
}

// CheckResult is a dependency's state in the /readyz body.
type CheckResult struct {
	Status    string  `json:"status"` // "ok" or "down"
	Address   string  `json:"address"`
	LatencyMs float64 `json:"latencyMs"`
	Error     string  `json:"error,omitempty"`
}

// ReadyBody is the /readyz response.
type ReadyBody struct {
	Status string                 `json:"status"` // "ok" or "unavailable"
	Checks map[string]CheckResult `json:"checks,omitempty"`
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "service": "opsmanager", "version": s.deps.Version})
}

// readinessTTL is how long one round of probes answers /readyz, so a flood
// of probes costs the dependencies one round a second.
const readinessTTL = time.Second

// readiness caches the last round of probes; one round runs at a time.
type readiness struct {
	mu      sync.Mutex
	at      time.Time
	body    ReadyBody
	healthy bool
}

// readyz answers 200 or 503. Anonymous callers (load balancers, kubelets)
// get the status only; a signed-in caller also gets every dependency's
// address, latency and error, which tell an attacker what is behind us.
func (s *Server) readyz(c *gin.Context) {
	body, ok := s.ready.get(c.Request.Context(), s.deps.Now, s.deps.Checks)
	status := http.StatusOK
	if !ok {
		status = http.StatusServiceUnavailable
	}
	if !s.bearerAuthenticated(c) {
		c.JSON(status, ReadyBody{Status: body.Status})
		return
	}
	c.JSON(status, body)
}

// bearerAuthenticated reports whether the request carries a valid token,
// without answering 401 when it does not. An access token's signature and
// expiry suffice: no Redis or Postgres lookup, so the details stay readable
// while those are down, which is when they are needed.
func (s *Server) bearerAuthenticated(c *gin.Context) bool {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return false
	}
	if strings.HasPrefix(token, apiTokenPrefix) {
		_, err := s.apiTokenPrincipal(c.Request.Context(), token)
		return err == nil
	}
	_, err := s.id.Issuer.Verify(token)
	return err == nil
}

func (r *readiness) get(ctx context.Context, now func() time.Time, checks []Check) (ReadyBody, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if t := now(); r.at.IsZero() || t.Sub(r.at) >= readinessTTL || t.Before(r.at) {
		r.body, r.healthy = probeAll(ctx, checks)
		r.at = now()
	}
	return r.body, r.healthy
}

// probeAll probes every dependency concurrently; the body names the ones
// that are down.
func probeAll(ctx context.Context, checks []Check) (ReadyBody, bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	body := ReadyBody{Status: "ok", Checks: map[string]CheckResult{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, chk := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			err := chk.Probe(ctx)
			res := CheckResult{Status: "ok", Address: chk.Address, LatencyMs: float64(time.Since(start).Microseconds()) / 1000}
			if err != nil {
				res.Status, res.Error = "down", err.Error()
			}
			mu.Lock()
			body.Checks[chk.Name] = res
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, r := range body.Checks {
		if r.Status != "ok" {
			body.Status = "unavailable"
		}
	}
	return body, body.Status == "ok"
}
