// Package worker registers OpsManager's workflows and activities with a
// Temporal worker.
package worker

import (
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/workflows"
)

// New returns a worker on taskQueue with every playbook of catalog and every
// activity of acts registered. Start it with Start or Run.
func New(c client.Client, taskQueue string, catalog *workflows.Catalog, acts *activities.Activities) sdkworker.Worker {
	w := sdkworker.New(c, taskQueue, sdkworker.Options{
		// Two cores here: keep concurrency modest so the API stays responsive.
		MaxConcurrentActivityExecutionSize:     100,
		MaxConcurrentWorkflowTaskExecutionSize: 50,
	})
	catalog.Register(w)
	w.RegisterActivity(acts)
	return w
}
