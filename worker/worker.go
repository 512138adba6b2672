// Package worker registers OpsManager's workflows and activities with a
// Temporal worker.
package worker

import (
	"time"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/workflows"
)

// New returns a worker on taskQueue with every workflow (incidents and the
// catalog's playbooks) and the given activity structs registered (each
// exported method is an activity named after it). Start it with Start.
func New(c client.Client, taskQueue string, catalog *workflows.Catalog, activitySets ...any) sdkworker.Worker {
	w := sdkworker.New(c, taskQueue, sdkworker.Options{
		// Two cores here: keep concurrency modest so the API stays responsive.
		MaxConcurrentActivityExecutionSize:     100,
		MaxConcurrentWorkflowTaskExecutionSize: 50,
		// The SDK otherwise sends heartbeats only every 80% of the heartbeat
		// timeout (16 s for SSH steps), and a cancellation reaches an activity
		// only in a heartbeat's answer: this keeps "cancel" killing a remote
		// command within seconds (e2e/playbook_safety_test.go).
		MaxHeartbeatThrottleInterval: 2 * time.Second,
	})
	RegisterWorkflows(w, catalog)
	for _, set := range activitySets {
		w.RegisterActivity(set)
	}
	return w
}

// RegisterWorkflows registers every workflow type with r (a worker or a
// replayer), under the names the API starts them by.
func RegisterWorkflows(r workflows.WorkflowRegistry, catalog *workflows.Catalog) {
	r.RegisterWorkflowWithOptions(workflows.IncidentWorkflow, workflow.RegisterOptions{Name: contract.IncidentWorkflowType})
	r.RegisterWorkflowWithOptions(workflows.AssetImportWorkflow, workflow.RegisterOptions{Name: contract.AssetImportWorkflowType})
	r.RegisterWorkflowWithOptions(workflows.ScheduledRunWorkflow, workflow.RegisterOptions{Name: contract.ScheduledRunWorkflowType})
	catalog.Register(r)
}
