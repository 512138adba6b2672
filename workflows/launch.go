package workflows

import (
	"context"

	"github.com/opsmanager/opsmanager/contract"
)

// LaunchActivities declares the activities that open incidents and start
// runs, so workflows call them by reference, with their argument and result
// types checked. They are implemented by launch.Activities, which the
// worker registers under the same names; launch imports this package, so
// it cannot be imported here. A test in launch checks that the method sets
// agree. These methods never run.
type LaunchActivities struct{}

// launchActs is the receiver of the method values workflows pass to
// ExecuteActivity (nil: only the method's name and types are used).
var launchActs *LaunchActivities

// OpenRunIncident opens (or finds) the incident about a failed run and
// returns its ID.
func (*LaunchActivities) OpenRunIncident(context.Context, contract.RunIncidentInput) (string, error) {
	panic("runs in the worker as launch.Activities.OpenRunIncident")
}

// StartIncidentPlaybooks starts the runs an incident's service triggers and
// returns their IDs.
func (*LaunchActivities) StartIncidentPlaybooks(context.Context, contract.IncidentPlaybooksInput) ([]string, error) {
	panic("runs in the worker as launch.Activities.StartIncidentPlaybooks")
}

// StartScheduledRun launches the run a schedule asks for and returns its ID.
func (*LaunchActivities) StartScheduledRun(context.Context, contract.StartScheduledRunInput) (string, error) {
	panic("runs in the worker as launch.Activities.StartScheduledRun")
}
