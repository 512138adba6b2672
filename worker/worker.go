// Package worker registers OpsManager's workflows and activities with a
// Temporal worker.
package worker

import (
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/workflows"
)

// New returns a worker on taskQueue with every workflow (incidents and the
// catalog's playbooks) and every activity registered. Start it with Start.
func New(c client.Client, taskQueue string, catalog *workflows.Catalog, acts *activities.Activities, notifier *activities.Notifier,
	ssh *activities.SSH, targets *activities.Targets) sdkworker.Worker {
	w := sdkworker.New(c, taskQueue, sdkworker.Options{
		// Two cores here: keep concurrency modest so the API stays responsive.
		MaxConcurrentActivityExecutionSize:     100,
		MaxConcurrentWorkflowTaskExecutionSize: 50,
	})
	RegisterWorkflows(w, catalog)
	w.RegisterActivity(acts)
	w.RegisterActivity(notifier)
	w.RegisterActivity(ssh)
	w.RegisterActivity(targets)
	return w
}

// RegisterWorkflows registers every workflow type with r (a worker or a
// replayer), under the names the API starts them by.
func RegisterWorkflows(r workflows.WorkflowRegistry, catalog *workflows.Catalog) {
	r.RegisterWorkflowWithOptions(workflows.IncidentWorkflow, workflow.RegisterOptions{Name: workflows.IncidentWorkflowType})
	catalog.Register(r)
}
