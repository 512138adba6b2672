package contract

// AssetImportWorkflowType is the workflow that applies an import file
// (asset-import/<import id>), and QueryAssetImportProgress its progress.
const (
	AssetImportWorkflowType  = "asset-import"
	QueryAssetImportProgress = "asset-import.progress"
)

// AssetImportInput starts an import whose rows the API has stored.
type AssetImportInput struct {
	ImportID string `json:"importId"`
	Total    int    `json:"total"`
	// Atomic applies every row in one transaction: one bad row and nothing
	// is written.
	Atomic bool `json:"atomic"`
	// HasRelationships: some rows declare relationships, applied once all
	// the file's assets are in.
	HasRelationships bool `json:"hasRelationships"`
	BatchSize        int  `json:"batchSize"`
}

// Import phases: assets first, then the relationships between them.
const (
	PhaseAssets        = "assets"
	PhaseRelationships = "relationships"
)

// AssetImportBatchInput applies rows From..From+Count-1 in a phase.
type AssetImportBatchInput struct {
	ImportID string `json:"importId"`
	Phase    string `json:"phase"`
	From     int    `json:"from"`
	Count    int    `json:"count"`
}

// AssetImportProgress is how far an import is, as the workflow's query and
// its activities report it.
type AssetImportProgress struct {
	Phase                string `json:"phase"`
	Done                 int    `json:"done"`
	Total                int    `json:"total"`
	Created              int    `json:"created"`
	Updated              int    `json:"updated"`
	Unchanged            int    `json:"unchanged"`
	Failed               int    `json:"failed"`
	RelationshipsCreated int    `json:"relationshipsCreated"`
	Status               string `json:"status"`
}

// FinishAssetImportInput ends an import: completed, or failed with why.
type FinishAssetImportInput struct {
	ImportID string `json:"importId"`
	Failed   bool   `json:"failed"`
	Reason   string `json:"reason,omitempty"`
}

// ScheduledRunWorkflowType is the workflow a Temporal Schedule starts to
// launch a playbook run (a discovery schedule's collect-facts).
const ScheduledRunWorkflowType = "scheduled-run"

// ScheduledRunInput is what a schedule's action carries: the playbook to
// run, its parameters, and who saved the schedule.
type ScheduledRunInput struct {
	ScheduleID string         `json:"scheduleId"`
	Playbook   string         `json:"playbook"`
	Params     map[string]any `json:"params"`
	SavedBy    string         `json:"savedBy"`
}

// StartScheduledRunInput starts one scheduled run; Key (the scheduled
// workflow's ID) makes a retried start find the same run.
type StartScheduledRunInput struct {
	ScheduledRunInput
	Key string `json:"key"`
}
