package assets

import "time"

// Import statuses.
const (
	ImportRunning   = "running"
	ImportCompleted = "completed"
	ImportFailed    = "failed"
)

// MaxImportErrors is how many row errors an import keeps.
const MaxImportErrors = 1000

// Import is a file being applied to the inventory by a workflow: how far it
// got and what it did. Importing the same file again reports every row
// unchanged.
type Import struct {
	ID                   string     `json:"id"`
	Format               string     `json:"format" enum:"csv,ndjson,backstage"`
	Atomic               bool       `json:"atomic"`
	Status               string     `json:"status" enum:"running,completed,failed"`
	Total                int        `json:"total"`
	Done                 int        `json:"done"`
	Created              int        `json:"created"`
	Updated              int        `json:"updated"`
	Unchanged            int        `json:"unchanged"`
	Failed               int        `json:"failed"`
	RelationshipsCreated int        `json:"relationshipsCreated"`
	Errors               []RowError `json:"errors"`
	RequestedBy          string     `json:"requestedBy"`
	WorkflowID           string     `json:"workflowId"`
	StartedAt            time.Time  `json:"startedAt"`
	FinishedAt           *time.Time `json:"finishedAt"`
}

// Outcome is what applying rows did, added up.
type Outcome struct {
	Created, Updated, Unchanged, Failed, RelationshipsCreated int
	Errors                                                    []RowError
}

// Add adds o2 to o.
func (o *Outcome) Add(o2 Outcome) {
	o.Created += o2.Created
	o.Updated += o2.Updated
	o.Unchanged += o2.Unchanged
	o.Failed += o2.Failed
	o.RelationshipsCreated += o2.RelationshipsCreated
	o.Errors = append(o.Errors, o2.Errors...)
}

// Action is what importing a row would do or did.
type Action string

// Actions.
const (
	ActionCreate    Action = "create"
	ActionUpdate    Action = "update"
	ActionUnchanged Action = "unchanged"
	ActionInvalid   Action = "invalid"
)
