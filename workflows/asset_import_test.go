package workflows_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/workflows"
)

// fakeImports is an import's store: each batch counts its rows as
// created; the batch at failAt fails once (a worker dying mid-import).
type fakeImports struct {
	mu        sync.Mutex
	imp       assets.Import
	calls     []string
	failAt    int
	failed    bool
	rejectAll bool
}

func (f *fakeImports) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeImports) ApplyImportBatch(_ context.Context, _ string, from, count int) (assets.Import, error) {
	f.record(fmt.Sprintf("assets %d+%d", from, count))
	f.mu.Lock()
	defer f.mu.Unlock()
	if from == f.failAt && !f.failed {
		f.failed = true
		return f.imp, errors.New("connection reset")
	}
	if f.imp.Done < from+count {
		n := min(from+count, f.imp.Total) - from
		f.imp.Done, f.imp.Created = from+n, f.imp.Created+n
	}
	return f.imp, nil
}

func (f *fakeImports) ApplyImportRelationships(_ context.Context, _ string, from, count int) (assets.Outcome, error) {
	f.record(fmt.Sprintf("relationships %d+%d", from, count))
	return assets.Outcome{}, nil
}

func (f *fakeImports) ApplyImportAtomic(_ context.Context, _ string, _ int, progress func(assets.Import)) (assets.Import, error) {
	f.record("atomic")
	if f.rejectAll {
		return f.imp, &store.ImportRejected{Errors: []assets.RowError{{Line: 2, Message: "bad"}}}
	}
	f.imp.Done, f.imp.Created = f.imp.Total, f.imp.Total
	progress(f.imp)
	return f.imp, nil
}

func (f *fakeImports) FinishImport(_ context.Context, _, status string, extra []assets.RowError) (assets.Import, error) {
	f.record("finish " + status)
	f.imp.Status = status
	return f.imp, nil
}

func (f *fakeImports) Import(context.Context, string) (assets.Import, error) { return f.imp, nil }

func runImport(t *testing.T, f *fakeImports, in contract.AssetImportInput) (contract.AssetImportProgress, error) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.AssetImportWorkflow, workflow.RegisterOptions{Name: contract.AssetImportWorkflowType})
	env.RegisterActivity(&activities.AssetImports{Store: f})
	env.ExecuteWorkflow(contract.AssetImportWorkflowType, in)
	if !env.IsWorkflowCompleted() {
		t.Fatal("import workflow did not complete")
	}
	var p contract.AssetImportProgress
	err := env.GetWorkflowError()
	if err == nil {
		_ = env.GetWorkflowResult(&p)
	}
	return p, err
}

func TestAssetImportAppliesBatchesThenRelationshipsAndSurvivesARetry(t *testing.T) {
	t.Parallel()
	f := &fakeImports{imp: assets.Import{Total: 2500, Status: assets.ImportRunning}, failAt: 1000}
	p, err := runImport(t, f, contract.AssetImportInput{ImportID: "i1", Total: 2500, BatchSize: 1000, HasRelationships: true})
	if err != nil {
		t.Fatal(err)
	}
	want := "assets 0+1000,assets 1000+1000,assets 1000+1000,assets 2000+1000,relationships 0+1000,relationships 1000+1000,relationships 2000+1000,finish completed"
	if got := strings.Join(f.calls, ","); got != want {
		t.Fatalf("calls\n%s\nwant\n%s", got, want)
	}
	if p.Created != 2500 || p.Status != assets.ImportCompleted {
		t.Fatalf("progress %+v", p)
	}
}

func TestAtomicImportWithABadRowFailsAndSaysSo(t *testing.T) {
	t.Parallel()
	f := &fakeImports{imp: assets.Import{Total: 10, Status: assets.ImportRunning}, rejectAll: true, failAt: -1}
	_, err := runImport(t, f, contract.AssetImportInput{ImportID: "i2", Total: 10, Atomic: true})
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("err %v, want the rejection", err)
	}
	if got := strings.Join(f.calls, ","); got != "atomic,finish failed" {
		t.Fatalf("calls %s: an atomic import is one attempt, then failed", got)
	}
}

// TestScheduledRunLaunchesThePlaybookOnce: a schedule's workflow hands the
// launch activity its own workflow ID as the key, so a retried start finds
// the same run.
func TestScheduledRunLaunchesThePlaybookOnce(t *testing.T) {
	t.Parallel()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.ScheduledRunWorkflow, workflow.RegisterOptions{Name: contract.ScheduledRunWorkflowType})
	var keys []string
	env.RegisterActivityWithOptions(func(_ context.Context, in contract.StartScheduledRunInput) (string, error) {
		keys = append(keys, in.Key)
		if len(keys) == 1 {
			return "", errors.New("temporal frontend unavailable")
		}
		return "run-" + in.Params["tag"].(string), nil
	}, activity.RegisterOptions{Name: "StartScheduledRun"})
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: "discovery-run/web-2026-12-03T00:00:00Z"})
	env.ExecuteWorkflow(contract.ScheduledRunWorkflowType, contract.ScheduledRunInput{ScheduleID: "discovery/web", Playbook: "collect-facts", Params: map[string]any{"tag": "web"}})
	var runID string
	if err := env.GetWorkflowResult(&runID); err != nil || runID != "run-web" {
		t.Fatalf("run %q, err %v", runID, env.GetWorkflowError())
	}
	if len(keys) != 2 || keys[0] != keys[1] || keys[0] != "discovery-run/web-2026-12-03T00:00:00Z" {
		t.Fatalf("keys %v: every attempt must carry the workflow's ID", keys)
	}
}
