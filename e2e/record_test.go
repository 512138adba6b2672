//go:build record

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRecordHistories is not a test but the recorder behind
// scripts/record-histories.sh (build tag record): it runs the playbooks
// that have no recorded history yet, against the real platform, Temporal
// dev server and test sshd, and saves each run's history into
// workflows/testdata for TestReplayRecordedHistories.
func TestRecordHistories(t *testing.T) {
	p, admin := startDev(t)
	server, _ := sshServer(t, admin)
	_, approver := newUser(t, admin, "operator")
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") }))
	defer healthy.Close()
	unit := "opsmanager-record.service"

	record := func(file, playbook, params string, approve bool, want string) {
		t.Helper()
		id := admin.post("/api/v1/playbooks/"+playbook+"/runs", `{"params":`+params+`}`)["id"].(string)
		if approve {
			admin.waitRun(id, 60*time.Second, "waiting_approval")
			if code, b := postJSON(t, p.URL+"/api/v1/runs/"+id+"/approve", `{"note":"recording"}`, approver.token); code != http.StatusOK {
				t.Fatalf("approve %s: %d %s", playbook, code, b)
			}
		}
		r, body := admin.waitRun(id, 3*time.Minute, "succeeded", "failed", "cancelled")
		if r.Status != want {
			t.Fatalf("%s ended %s, want %s: %.3000s", playbook, r.Status, want, body)
		}
		saveHistory(t, r.WorkflowID, file, "--codec-endpoint", p.URL+"/codec", "--codec-auth", "Bearer "+admin.token)
	}
	record("restart-service-approved-healthy.json", "restart-service",
		fmt.Sprintf(`{"servers":[%q],"unit":%q,"healthUrl":%q}`, server, unit, healthy.URL), true, "succeeded")
	record("rolling-restart-approved-healthy.json", "rolling-restart",
		fmt.Sprintf(`{"tag":"e2e","unit":%q,"healthUrl":%q,"pauseSeconds":0}`, unit, healthy.URL), true, "succeeded")
	record("run-command-succeeded.json", "run-command",
		fmt.Sprintf(`{"servers":[%q],"commands":["echo recorded on $(hostname)"]}`, server), false, "succeeded")
	record("free-disk-space-report.json", "free-disk-space",
		fmt.Sprintf(`{"servers":[%q],"reportTo":["record@example.com"]}`, server), false, "succeeded")
}

// saveHistory writes the history of workflowID, as `temporal workflow show
// -o json` prints it, to workflows/testdata/file; args point it at the
// platform's codec endpoint, so the saved payloads are decoded and replay
// without the key.
func saveHistory(t *testing.T, workflowID, file string, args ...string) {
	t.Helper()
	temporal, err := filepath.Abs("../bin/temporal")
	if err != nil {
		t.Fatal(err)
	}
	addr := os.Getenv("TEMPORAL_ADDRESS")
	if addr == "" {
		addr = "127.0.0.1:7233"
	}
	var out []byte
	// The run's row says succeeded a moment before the workflow completes
	// (or fails, for a failure recorded on purpose).
	waitUntil(t, 30*time.Second, "workflow "+workflowID+" completed", func() (bool, string) {
		var err error
		out, err = exec.Command(temporal, append([]string{"workflow", "show", "--address", addr, "-w", workflowID, "-o", "json"}, args...)...).Output()
		ended := strings.Contains(string(out), "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED") || strings.Contains(string(out), "EVENT_TYPE_WORKFLOW_EXECUTION_FAILED")
		return err == nil && ended, fmt.Sprintf("%v %.300s", err, out)
	})
	path := filepath.Join("..", "workflows", "testdata", file)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %s into %s", workflowID, path)
}

// TestRecordAssetImportHistories records the asset-import workflow: an
// NDJSON import in batches with relationships (and a bad row), and an
// atomic import that a bad row rejects.
func TestRecordAssetImportHistories(t *testing.T) {
	p, admin := startDev(t)
	codec := []string{"--codec-endpoint", p.URL + "/codec", "--codec-auth", "Bearer " + admin.token}
	batches := importAndWait(admin, "format=ndjson", `{"type":"server","name":"rec-host","externalKey":"h1"}
{"type":"virtual-machine","name":"rec-vm","relationships":[{"type":"runs_on","target":"server:h1"}]}
{"type":"spaceship","name":"rec-bad"}
`)
	saveHistory(t, batches.WorkflowID, "asset-import-batches-with-relationships.json", codec...)
	atomic := importAndWait(admin, "format=csv&atomic=true", "type,name,attr.cpuCores\nserver,rec-a,2\nserver,rec-b,two\n")
	saveHistory(t, atomic.WorkflowID, "asset-import-atomic-rejected.json", codec...)
}

// TestRecordCollectFactsHistory records collect-facts selecting its
// server by an asset query (the servers hosting an application).
func TestRecordCollectFactsHistory(t *testing.T) {
	p, admin := startDev(t)
	server, _ := sshServer(t, admin)
	host := decode[struct{ Data []struct{ ID string } }](t, []byte(admin.get("/api/v1/assets?type=server&q="+server))).Data[0].ID
	app := admin.post("/api/v1/assets", `{"type":"application","name":"recorded-app"}`)
	admin.post("/api/v1/relationships", fmt.Sprintf(`{"type":"runs_on","sourceId":%q,"targetId":%q}`, app["id"], host))
	id := admin.post("/api/v1/playbooks/collect-facts/runs", `{"params":{"hosting":"recorded-app"}}`)["id"].(string)
	if r, body := admin.waitRun(id, 2*time.Minute, "succeeded", "failed"); r.Status != "succeeded" {
		t.Fatalf("collect-facts %s: %.3000s", r.Status, body)
	} else {
		saveHistory(t, r.WorkflowID, "collect-facts-hosting.json", "--codec-endpoint", p.URL+"/codec", "--codec-auth", "Bearer "+admin.token)
	}
}

// TestRecordScheduledRunHistory records the workflow a discovery schedule
// starts (it launches collect-facts on the tag).
func TestRecordScheduledRunHistory(t *testing.T) {
	p, admin := startDev(t)
	server, _ := sshServer(t, admin)
	tag, workflowID := scheduleDiscovery(t, admin, server)
	defer deleteAs(t, admin.base+"/api/v1/discovery-schedules/"+tag, admin.token)
	saveHistory(t, workflowID, "scheduled-run-collect-facts.json", "--codec-endpoint", p.URL+"/codec", "--codec-auth", "Bearer "+admin.token)
}
