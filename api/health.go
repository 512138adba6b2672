package api

import (
	"context"
	"net/http"
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
	Checks map[string]CheckResult `json:"checks"`
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "service": "opsmanager", "version": s.deps.Version})
}

// readyz probes every dependency concurrently and answers 503 naming the
// ones that are down.
func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	body := ReadyBody{Status: "ok", Checks: map[string]CheckResult{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, chk := range s.deps.Checks {
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
	status := http.StatusOK
	for _, r := range body.Checks {
		if r.Status != "ok" {
			body.Status, status = "unavailable", http.StatusServiceUnavailable
		}
	}
	c.JSON(status, body)
}
