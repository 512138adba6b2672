package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestIncidentStartsPlaybookAndItsFailureOpensLinkedIncident follows the
// automation loop through the real platform: an incident on a service
// starts the service's health-check playbook (parameters filled from the
// incident); the check keeps answering 500, so the step uses up its
// retries, the run fails, and the circuit breaker opens a second incident
// in the service, linked to the run. The run appears on the first
// incident's timeline, and both incidents on the run.
func TestIncidentStartsPlaybookAndItsFailureOpensLinkedIncident(t *testing.T) {
	t.Parallel()
	var probes atomic.Int32
	var lastPath atomic.Value
	health := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		probes.Add(1)
		lastPath.Store(r.URL.Path)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer health.Close()

	_, a := startDev(t)
	policy := a.post("/api/v1/escalation-policies", fmt.Sprintf(`{"name":"p-%s","levels":[
		{"delaySeconds":300,"targets":[{"type":"email","address":"oncall-%s@example.com"}]}]}`, uuid.NewString(), uuid.NewString()))
	svc := a.post("/api/v1/services", fmt.Sprintf(`{"name":"checkout-%s","escalationPolicyId":%q,"playbooks":[
		{"playbook":"http-check","params":{"url":%q,"timeoutSeconds":2}}]}`,
		uuid.NewString()[:8], policy["id"], health.URL+"/health/{{incident.severity}}"))

	inc := a.post("/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":"Checkout errors","severity":"critical"}`, svc["id"]))
	incID := inc["id"].(string)

	var runID string
	waitUntil(t, 30*time.Second, "the incident starts the service's playbook", func() (bool, string) {
		body := a.get("/api/v1/incidents/" + incID)
		got := decode[struct {
			Data struct {
				Runs []struct{ RunID, Relation, Playbook string }
			}
		}](t, []byte(body))
		if len(got.Data.Runs) == 1 && got.Data.Runs[0].Relation == "triggered" && got.Data.Runs[0].Playbook == "http-check" {
			runID = got.Data.Runs[0].RunID
			return true, body
		}
		return false, body
	})
	waitUntil(t, 60*time.Second, "the run fails after its retries", func() (bool, string) {
		body := a.get("/api/v1/runs/" + runID)
		return strings.Contains(body, `"status":"failed"`), body
	})
	if n := probes.Load(); n != 3 {
		t.Errorf("health endpoint probed %d times, want 3 (the step's attempts)", n)
	}
	if got := lastPath.Load(); got != "/health/critical" {
		t.Errorf("probed %v, want the URL with {{incident.severity}} filled in", got)
	}
	var breakerID string
	waitUntil(t, 30*time.Second, "the failed run opens a linked incident", func() (bool, string) {
		body := a.get("/api/v1/runs/" + runID)
		got := decode[struct {
			Data struct {
				Incidents []struct{ IncidentID, Relation string }
			}
		}](t, []byte(body))
		for _, l := range got.Data.Incidents {
			if l.Relation == "failure" {
				breakerID = l.IncidentID
				return true, body
			}
		}
		return false, body
	})
	if breakerID == incID {
		t.Fatal("the failure attached to the triggering incident, want its own")
	}
	breaker := a.get("/api/v1/incidents/" + breakerID)
	if !strings.Contains(breaker, "Playbook http-check failed") || !strings.Contains(breaker, `"status":"triggered"`) ||
		!strings.Contains(breaker, `"serviceId":"`+svc["id"].(string)+`"`) {
		t.Fatalf("breaker incident: %s", breaker)
	}
	timeline := a.get("/api/v1/incidents/" + incID + "/timeline")
	if !strings.Contains(timeline, `"type":"playbook_started"`) || !strings.Contains(timeline, runID) {
		t.Fatalf("the run is not on the incident's timeline: %s", timeline)
	}
	if body := a.get("/api/v1/runs?incidentId=" + incID); !strings.Contains(body, runID) {
		t.Fatalf("runs of the incident: %s", body)
	}

	// While the breaker incident is open, a new incident does not start
	// the playbook again: the timeline says why.
	second := a.post("/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":"Checkout errors again","severity":"high"}`, svc["id"]))
	waitUntil(t, 30*time.Second, "the open breaker holds the playbook back", func() (bool, string) {
		tl := a.get("/api/v1/incidents/" + second["id"].(string) + "/timeline")
		return strings.Contains(tl, `"type":"playbook_skipped"`) && strings.Contains(tl, "circuit breaker is open"), tl
	})
	if n := probes.Load(); n != 3 {
		t.Errorf("health endpoint probed %d times in all, want still 3", n)
	}
}
