package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
)

// AssetImportWorkflowID is the workflow of import id.
func AssetImportWorkflowID(id string) string { return "asset-import/" + id }

var importActs *activities.AssetImports

// DefaultImportBatch is how many rows one activity applies.
const DefaultImportBatch = 1000

// AssetImportWorkflow applies an import file the API stored: batch by
// batch (each its own activity and transaction, so good rows land whatever
// the bad ones), then the relationships between the imported assets; or,
// atomic, all in one activity and one transaction. Its progress is the
// asset-import.progress query and each batch's result in the history.
func AssetImportWorkflow(ctx workflow.Context, in contract.AssetImportInput) (contract.AssetImportProgress, error) {
	progress := contract.AssetImportProgress{Phase: contract.PhaseAssets, Total: in.Total, Status: "running"}
	if err := workflow.SetQueryHandler(ctx, contract.QueryAssetImportProgress, func() (contract.AssetImportProgress, error) {
		return progress, nil
	}); err != nil {
		return progress, err
	}
	batch := in.BatchSize
	if batch <= 0 {
		batch = DefaultImportBatch
	}
	err := applyImport(ctx, in, batch, &progress)
	finish := contract.FinishAssetImportInput{ImportID: in.ImportID}
	if err != nil {
		finish.Failed, finish.Reason = true, importFailure(err)
	}
	fctx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Minute, Summary: "Finish the import",
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, MaximumInterval: time.Minute, MaximumAttempts: 30}})
	if ferr := workflow.ExecuteActivity(fctx, importActs.FinishAssetImport, finish).Get(ctx, &progress); ferr != nil {
		return progress, ferr
	}
	return progress, err
}

func applyImport(ctx workflow.Context, in contract.AssetImportInput, batch int, progress *contract.AssetImportProgress) error {
	if in.Atomic {
		actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: time.Hour, HeartbeatTimeout: time.Minute,
			Summary: "Apply every row in one transaction", RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 3}})
		return workflow.ExecuteActivity(actx, importActs.ApplyAssetImportAtomic, in).Get(ctx, progress)
	}
	phases := []string{contract.PhaseAssets}
	if in.HasRelationships {
		phases = append(phases, contract.PhaseRelationships)
	}
	for _, phase := range phases {
		for from := 0; from < in.Total; from += batch {
			step := contract.AssetImportBatchInput{ImportID: in.ImportID, Phase: phase, From: from, Count: batch}
			bctx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 5 * time.Minute,
				Summary:     phase + " " + itoa(int64(from+1)) + "–" + itoa(int64(min(from+batch, in.Total))),
				RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, MaximumInterval: time.Minute, MaximumAttempts: 10}})
			if err := workflow.ExecuteActivity(bctx, importActs.ApplyAssetImportBatch, step).Get(ctx, progress); err != nil {
				return err
			}
		}
	}
	return nil
}

// importFailure is the reason an import failed, for its record.
func importFailure(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Message()
	}
	return err.Error()
}
