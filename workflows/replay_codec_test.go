package workflows_test

import (
	"path/filepath"
	"testing"

	sdktemporal "go.temporal.io/sdk/temporal"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/opsmanager/opsmanager/temporal"
	"github.com/opsmanager/opsmanager/vault"
	"github.com/opsmanager/opsmanager/worker"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

// TestReplayRecordedHistoriesThroughTheCodec replays every recorded history
// as a worker does, with the encrypting codec as data and failure
// converter: histories recorded before the codec hold plain payloads, which
// Decode passes through unchanged.
func TestReplayRecordedHistoriesThroughTheCodec(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded histories in testdata (err %v)", err)
	}
	codec, err := temporal.NewCodec(vault.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	dc := temporal.DataConverter(codec)
	catalog, err := workflows.NewCatalog(playbooks.All()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r, err := sdkworker.NewWorkflowReplayerWithOptions(sdkworker.WorkflowReplayerOptions{
				DataConverter: dc,
				FailureConverter: sdktemporal.NewDefaultFailureConverter(sdktemporal.DefaultFailureConverterOptions{
					DataConverter: dc, EncodeCommonAttributes: true}),
			})
			if err != nil {
				t.Fatal(err)
			}
			worker.RegisterWorkflows(r, catalog)
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}
