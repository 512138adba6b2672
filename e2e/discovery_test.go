package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"
)

// scheduleDiscovery tags the test server uniquely, schedules collect-facts
// on the tag through the API, triggers the schedule now in Temporal and
// returns the tag and the scheduled workflow's ID.
func scheduleDiscovery(t *testing.T, a apiClient, server string) (tag, workflowID string) {
	t.Helper()
	tag = "disc-" + uuid.NewString()[:8]
	id := decode[struct{ Data []struct{ ID string } }](t, []byte(a.get("/api/v1/servers?q="+server))).Data[0].ID
	if code, b := patchJSON(t, a.base+"/api/v1/servers/"+id, `{"tags":["e2e",`+fmt.Sprintf("%q", tag)+`]}`, a.token); code != http.StatusOK {
		t.Fatalf("tag server: %d %s", code, b)
	}
	sched := a.post("/api/v1/discovery-schedules", fmt.Sprintf(`{"tag":%q,"everyHours":24}`, tag))
	if sched["id"] != "discovery/"+tag || !strings.Contains(sched["temporalUrl"].(string), "/schedules/discovery%2F"+tag) {
		t.Fatalf("schedule: %v", sched)
	}
	addr := os.Getenv("TEMPORAL_ADDRESS")
	if addr == "" {
		addr = "127.0.0.1:7233"
	}
	c, err := client.Dial(client.Options{HostPort: addr})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	h := c.ScheduleClient().GetHandle(context.Background(), "discovery/"+tag)
	if err := h.Trigger(context.Background(), client.ScheduleTriggerOptions{}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 30*time.Second, "the schedule started its workflow", func() (bool, string) {
		d, err := h.Describe(context.Background())
		if err != nil || len(d.Info.RecentActions) == 0 {
			return false, fmt.Sprint(err)
		}
		workflowID = d.Info.RecentActions[0].StartWorkflowResult.WorkflowID
		return true, ""
	})
	return tag, workflowID
}

// TestDiscoveryScheduleRunsCollectFactsOnATag: a discovery schedule is a
// Temporal Schedule; when it fires, a collect-facts run on the tag's
// servers is recorded as requested by the schedule, on behalf of its saver.
func TestDiscoveryScheduleRunsCollectFactsOnATag(t *testing.T) {
	t.Parallel()
	_, a := startDev(t)
	server, _ := sshServer(t, a)
	tag, _ := scheduleDiscovery(t, a, server)
	defer func() {
		if code, b := deleteAs(t, a.base+"/api/v1/discovery-schedules/"+tag, a.token); code != http.StatusNoContent {
			t.Errorf("delete schedule: %d %s", code, b)
		}
		if code, _ := deleteAs(t, a.base+"/api/v1/discovery-schedules/"+tag, a.token); code != http.StatusNotFound {
			t.Errorf("delete it again: %d, want 404", code)
		}
	}()
	if code, b := postJSON(t, a.base+"/api/v1/discovery-schedules", `{"tag":"`+tag+`","everyHours":6}`, a.token); code != http.StatusConflict {
		t.Errorf("a second schedule for the tag: %d %s, want 409", code, b)
	}
	if list := a.get("/api/v1/discovery-schedules"); !strings.Contains(list, `"tag":"`+tag+`"`) || !strings.Contains(list, `"everyHours":24`) {
		t.Fatalf("schedules: %s", list)
	}
	var runID string
	waitUntil(t, 60*time.Second, "a succeeded scheduled collect-facts run", func() (bool, string) {
		body := a.get("/api/v1/runs?playbook=collect-facts")
		runs := decode[struct {
			Data []struct{ ID, Status, RequestedBy string }
		}](t, []byte(body)).Data
		for _, r := range runs {
			if strings.HasPrefix(r.RequestedBy, "schedule:discovery/"+tag+" ") && r.Status == "succeeded" {
				runID = r.ID
				return true, body
			}
		}
		return false, body
	})
	if got := a.get("/api/v1/servers?q=" + server); !strings.Contains(a.get("/api/v1/assets?type=server&q="+server), `"kernel"`) {
		t.Fatalf("scheduled run %s did not fill the facts: %s", runID, got)
	}
}
