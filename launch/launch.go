// Package launch opens incidents and starts playbook runs: it records the
// row in Postgres, then starts the workflow. The API uses it for requests,
// and the worker's activities use it when a failed run opens an incident or
// an incident starts its service's playbooks.
package launch

import (
	"context"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// Engine starts and signals workflows (a Temporal client satisfies it).
type Engine interface {
	ExecuteWorkflow(ctx context.Context, options client.StartWorkflowOptions, workflow interface{}, args ...interface{}) (client.WorkflowRun, error)
	SignalWorkflow(ctx context.Context, workflowID, runID, signalName string, arg interface{}) error
}

// RunStore records runs.
type RunStore interface {
	Create(ctx context.Context, r domain.Run) error
	Get(ctx context.Context, id string) (domain.Run, error)
	SetTemporalRunID(ctx context.Context, id, temporalRunID string) error
	Finish(ctx context.Context, id string, status domain.RunStatus, result any, errMsg string) error
}

// IncidentStore records incidents and their links to runs.
type IncidentStore interface {
	Create(ctx context.Context, inc domain.Incident) (domain.Incident, error)
	Delete(ctx context.Context, id string) error
	LinkRun(ctx context.Context, incidentID, runID, relation string) error
	AddEvent(ctx context.Context, incidentID, eventKey string, ev domain.TimelineEvent) error
}

// PolicyStore reads services and their policies.
type PolicyStore interface {
	Service(ctx context.Context, id string) (domain.Service, error)
	EscalationPolicy(ctx context.Context, id string) (domain.EscalationPolicy, error)
	SLAPolicy(ctx context.Context, id string) (domain.SLAPolicy, error)
}

// Launcher opens incidents and starts runs.
type Launcher struct {
	Temporal  Engine
	TaskQueue string
	Catalog   *workflows.Catalog
	Runs      RunStore
	Incidents IncidentStore
	Policies  PolicyStore
	// AllowSelfApproval lets a requester approve their own run.
	AllowSelfApproval bool
	// PublicURL is the dashboard's address, for links in incidents.
	PublicURL string
	// FailureServiceID, when set, is paged about failed runs that act for no service.
	FailureServiceID string
	Now              func() time.Time
	Logger           *slog.Logger
}

func (l *Launcher) now() time.Time {
	if l.Now == nil {
		return time.Now().UTC()
	}
	return l.Now().UTC()
}

func (l *Launcher) log() *slog.Logger {
	if l.Logger == nil {
		return slog.Default()
	}
	return l.Logger
}
