package activities

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/store"
)

// AssetImportStore applies import rows (store.Assets).
type AssetImportStore interface {
	ApplyImportBatch(ctx context.Context, id string, from, count int) (assets.Import, error)
	ApplyImportRelationships(ctx context.Context, id string, from, count int) (assets.Outcome, error)
	ApplyImportAtomic(ctx context.Context, id string, batch int, progress func(assets.Import)) (assets.Import, error)
	FinishImport(ctx context.Context, id, status string, extra []assets.RowError) (assets.Import, error)
	Import(ctx context.Context, id string) (assets.Import, error)
}

// AssetImports are the activities of the import workflow. Each batch
// commits with the import's counters, so a retried batch changes nothing.
type AssetImports struct {
	Store AssetImportStore
}

// ApplyAssetImportBatch applies one batch of rows in a phase.
func (a *AssetImports) ApplyAssetImportBatch(ctx context.Context, in contract.AssetImportBatchInput) (contract.AssetImportProgress, error) {
	ctx = importActor(ctx, in.ImportID)
	if in.Phase == contract.PhaseRelationships {
		if _, err := a.Store.ApplyImportRelationships(ctx, in.ImportID, in.From, in.Count); err != nil {
			return contract.AssetImportProgress{}, err
		}
		imp, err := a.Store.Import(ctx, in.ImportID)
		return progressOf(imp, in.Phase, in.From+in.Count), err
	}
	imp, err := a.Store.ApplyImportBatch(ctx, in.ImportID, in.From, in.Count)
	return progressOf(imp, in.Phase, imp.Done), err
}

// ApplyAssetImportAtomic applies a whole import in one transaction,
// heartbeating its progress; a bad row rolls everything back and fails
// for good with ImportRejected.
func (a *AssetImports) ApplyAssetImportAtomic(ctx context.Context, in contract.AssetImportInput) (contract.AssetImportProgress, error) {
	ctx = importActor(ctx, in.ImportID)
	imp, err := a.Store.ApplyImportAtomic(ctx, in.ImportID, in.BatchSize, func(imp assets.Import) {
		activity.RecordHeartbeat(ctx, progressOf(imp, contract.PhaseAssets, imp.Done))
	})
	var rejected *store.ImportRejected
	if errors.As(err, &rejected) {
		return contract.AssetImportProgress{}, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("%d row(s) are invalid; nothing was imported", len(rejected.Errors)), contract.ErrImportRejected, nil)
	}
	return progressOf(imp, contract.PhaseAssets, imp.Done), err
}

// FinishAssetImport marks the import completed or failed.
func (a *AssetImports) FinishAssetImport(ctx context.Context, in contract.FinishAssetImportInput) (contract.AssetImportProgress, error) {
	status, extra := assets.ImportCompleted, []assets.RowError(nil)
	if in.Failed {
		status, extra = assets.ImportFailed, []assets.RowError{{Message: in.Reason}}
	}
	imp, err := a.Store.FinishImport(ctx, in.ImportID, status, extra)
	return progressOf(imp, "", imp.Done), err
}

func importActor(ctx context.Context, importID string) context.Context {
	return assets.WithActor(ctx, assets.Actor{Type: "import", ID: importID, Name: "asset import"})
}

func progressOf(imp assets.Import, phase string, done int) contract.AssetImportProgress {
	return contract.AssetImportProgress{Phase: phase, Done: done, Total: imp.Total, Created: imp.Created, Updated: imp.Updated,
		Unchanged: imp.Unchanged, Failed: imp.Failed, RelationshipsCreated: imp.RelationshipsCreated, Status: imp.Status}
}
