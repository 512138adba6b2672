// Package activities holds the Temporal activities of OpsManager: the steps
// that touch the outside world (HTTP, SSH, email) and write domain state.
// Activities run at least once, so each one is idempotent.
package activities

import (
	"context"
	"net/http"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/store"
)

// RunStore records playbook runs' progress.
type RunStore interface {
	MarkRunning(ctx context.Context, id string) error
	RecordStep(ctx context.Context, r store.StepRecord) error
	SetWaiting(ctx context.Context, id string, waiting bool, approvedBy, note string) error
	Finish(ctx context.Context, id string, status domain.RunStatus, result any, errMsg string) error
}

// HTTPDoer sends HTTP requests; the worker injects a client with an SSRF guard.
type HTTPDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Activities carries the dependencies every activity needs. It is built once
// in cmd and registered once; workflows reference its methods by value.
type Activities struct {
	Runs      RunStore
	Incidents IncidentStore
	HTTP      HTTPDoer
	// Live announces state changes to open dashboards (nil: none).
	Live *live.Publisher
	// MaxResponseBytes caps how much of a response body an HTTP step keeps.
	MaxResponseBytes int64
}
