package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/opsmanager/opsmanager/config"
)

type runBody struct{ Data httpCheckRun }

// httpCheckRun is the data of a run answer, as these tests read it.
type httpCheckRun struct {
	ID          string
	Status      string
	WorkflowID  string
	TemporalURL string
	Result      map[string]any
	Error       *string
}

// startHTTPCheck starts http-check with body as the admin behind token,
// failing t unless the API accepts it.
func startHTTPCheck(t *testing.T, p *platform, token, body string) httpCheckRun {
	t.Helper()
	code, b := postJSON(t, p.URL+"/api/v1/playbooks/http-check/runs", body, token)
	if code != http.StatusCreated {
		t.Fatalf("start run: %d %s", code, b)
	}
	return decode[runBody](t, b).Data
}

// waitRunEnds polls the run until it succeeded or failed, and returns it.
func waitRunEnds(t *testing.T, p *platform, token string, run httpCheckRun) httpCheckRun {
	t.Helper()
	waitUntil(t, 60*time.Second, "run "+run.ID+" finished", func() (bool, string) {
		_, body := getAs(p.URL+"/api/v1/runs/"+run.ID, token)
		run = decode[runBody](t, []byte(body)).Data
		return run.Status == "succeeded" || run.Status == "failed", body
	})
	return run
}

// TestHTTPCheckRunEndToEnd starts the http-check playbook through the API
// and follows it through the real worker, Temporal and Postgres.
func TestHTTPCheckRunEndToEnd(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer target.Close()
	p := startPlatform(t, "dev", baseEnv(t))
	token := p.adminToken(t)
	if code, _ := postJSON(t, p.URL+"/api/v1/playbooks/http-check/runs", `{"params":{}}`, ""); code != http.StatusUnauthorized {
		t.Fatalf("starting a run without a token: %d, want 401", code)
	}

	run := startHTTPCheck(t, p, token, fmt.Sprintf(`{"params":{"url":%q}}`, target.URL+"/health"))
	if run.ID == "" || run.WorkflowID != "playbook/http-check/"+run.ID || !strings.Contains(run.TemporalURL, "/workflows/playbook%2Fhttp-check%2F"+run.ID) {
		t.Fatalf("created run = %+v", run)
	}

	run = waitRunEnds(t, p, token, run)
	if run.Status != "succeeded" || run.Result["status"] != float64(200) || run.Result["healthy"] != true {
		t.Fatalf("run = %+v, want succeeded with status 200", run)
	}
	if hits.Load() != 1 {
		t.Fatalf("target was called %d times, want 1", hits.Load())
	}
	_, body := getAs(p.URL+"/api/v1/runs/"+run.ID, token)
	if !strings.Contains(body, `"steps":[{"seq":1,"name":"Request `+target.URL+`/health","kind":"http"`) || !strings.Contains(body, `"status":"succeeded","attempts":1`) {
		t.Errorf("run view lacks the recorded step: %s", body)
	}

	// A dry run plans the same request without making it.
	dry := startHTTPCheck(t, p, token, fmt.Sprintf(`{"params":{"url":%q},"dryRun":true}`, target.URL+"/health"))
	dry = waitRunEnds(t, p, token, dry)
	if plan, _ := dry.Result["plan"].([]any); len(plan) != 1 || dry.Result["dryRun"] != true || hits.Load() != 1 {
		t.Errorf("dry run result %v, target hits %d (want the plan and no request)", dry.Result, hits.Load())
	}
	assertFindableInTemporal(t, run.ID, p.admin)
	_, audit := getAs(p.URL+"/api/v1/audit?action=playbook.run.start", token)
	if !strings.Contains(audit, run.ID) || !strings.Contains(audit, `"actorName":"`+p.admin+`"`) {
		t.Errorf("run start not audited with its actor: %s", audit)
	}

	_, metrics := get(p.URL + "/metrics")
	for _, want := range []string{"opsmanager_http_requests_total", "temporal_workflow_completed", "temporal_activity_execution_latency", "go_goroutines"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestFailingRunIsRecordedWithTheStepError checks a 404 fails the run at
// once (no retries of a client error) with a message naming the status.
func TestFailingRunIsRecordedWithTheStepError(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.NotFound(w, r)
	}))
	defer target.Close()
	p := startPlatform(t, "dev", baseEnv(t))
	token := p.adminToken(t)

	run := startHTTPCheck(t, p, token, fmt.Sprintf(`{"params":{"url":%q}}`, target.URL))
	run = waitRunEnds(t, p, token, run)
	if run.Status != "failed" || run.Error == nil || !strings.Contains(*run.Error, "answered 404") {
		t.Fatalf("run = %+v, want failed naming the 404", run)
	}
	if hits.Load() != 1 {
		t.Fatalf("a 404 was retried: %d calls", hits.Load())
	}
}

// assertFindableInTemporal checks engineers can find the run in the
// Temporal UI by its search attributes.
func assertFindableInTemporal(t *testing.T, runID, requestedBy string) {
	t.Helper()
	addr := os.Getenv("TEMPORAL_ADDRESS")
	if addr == "" {
		addr = config.DefaultTemporalAddr
	}
	c, err := client.Dial(client.Options{HostPort: addr})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	query := fmt.Sprintf(`OpsRunId = %q AND OpsPlaybook = "http-check" AND OpsStatus = "succeeded" AND OpsRequestedBy = %q`, runID, requestedBy)
	waitUntil(t, 30*time.Second, "run visible in Temporal", func() (bool, string) {
		resp, err := c.ListWorkflow(context.Background(), &workflowservice.ListWorkflowExecutionsRequest{Query: query})
		if err != nil {
			return false, err.Error()
		}
		if len(resp.Executions) != 1 {
			return false, fmt.Sprintf("%d executions match %s", len(resp.Executions), query)
		}
		e := resp.Executions[0]
		var playbook string
		_ = converter.GetDefaultDataConverter().FromPayload(e.SearchAttributes.IndexedFields["OpsPlaybook"], &playbook)
		return e.Type.Name == "playbook.http-check" && playbook == "http-check", e.String()
	})
}
