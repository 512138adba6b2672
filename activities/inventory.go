package activities

import (
	"context"

	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/contract"
)

// InventoryStore writes what playbooks learn about assets (store.Assets).
type InventoryStore interface {
	MergeAttributes(ctx context.Context, id string, attrs map[string]any, runID, step string) ([]assets.FieldChange, error)
}

// Inventory are the activities that keep the CMDB up to date from runs.
type Inventory struct {
	Store InventoryStore
}

// RecordServerFacts parses collected facts and merges them into the
// server's asset attributes, as a change of the run. Storing the same
// facts again changes nothing, so a retry is harmless.
func (i *Inventory) RecordServerFacts(ctx context.Context, in contract.RecordFactsInput) (contract.RecordFactsResult, error) {
	facts := assets.ParseFacts(in.Output)
	if len(facts) == 0 {
		return contract.RecordFactsResult{}, temporal.NewNonRetryableApplicationError("the server reported no facts", contract.ErrFactsUnreadable, nil)
	}
	ctx = assets.WithActor(ctx, assets.Actor{Type: "run", ID: in.RunID, Name: "playbook run"})
	diff, err := i.Store.MergeAttributes(ctx, in.ServerID, facts, in.RunID, in.StepName)
	if err != nil {
		return contract.RecordFactsResult{}, permanentIfDomain(err)
	}
	out := contract.RecordFactsResult{Changed: []string{}}
	for _, c := range diff {
		out.Changed = append(out.Changed, c.Path)
	}
	return out, nil
}
