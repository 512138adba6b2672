package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
)

// benchPlatform starts `opsmanager dev` with limits raised for load.
func benchPlatform(b *testing.B) (*platform, apiClient) {
	env := baseEnv(b)
	env["RATE_LIMIT_API_PER_MIN"] = "100000000"
	env["LOG_LEVEL"] = "warn"
	p := startPlatform(b, "dev", env)
	return p, apiClient{t: b, base: p.URL, token: p.adminToken(b)}
}

// webhookService makes a service whose level 1 and level 2 page webhooks
// at url, with the given acknowledge SLA.
func webhookService(a apiClient, url string, ackSeconds int) string {
	policy := a.post("/api/v1/escalation-policies", fmt.Sprintf(`{"name":"bench-%s","levels":[
		{"delaySeconds":3600,"targets":[{"type":"webhook","url":"%s/level1"}]},
		{"delaySeconds":3600,"targets":[{"type":"webhook","url":"%s/level2"}]}]}`, uuid.NewString(), url, url))
	sla := a.post("/api/v1/sla-policies", fmt.Sprintf(`{"name":"bench-%s","rules":[{"severity":"high","ackSeconds":%d,"resolveSeconds":86400}]}`, uuid.NewString(), ackSeconds))
	svc := a.post("/api/v1/services", fmt.Sprintf(`{"name":"bench-%s","escalationPolicyId":%q,"slaPolicyId":%q}`, uuid.NewString(), policy["id"], sla["id"]))
	return svc["id"].(string)
}

// BenchmarkIncidentCreate creates incidents through the API (each starts
// its workflow and pages level 1 by webhook) and reports incidents/s.
func BenchmarkIncidentCreate(b *testing.B) {
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer hook.Close()
	p, a := benchPlatform(b)
	svc := webhookService(a, hook.URL, 3600)
	throughput(b, 4, "incidents", func() error {
		code, body := postJSON(b, p.URL+"/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":"bench","severity":"high","dedupKey":%q}`, svc, uuid.NewString()), a.token)
		if code != http.StatusCreated {
			return fmt.Errorf("%d %s", code, body)
		}
		return nil
	})
}

// BenchmarkEscalationLateness opens 100 incidents whose acknowledge SLA
// breaches after 10 s and measures how late the level-2 webhook arrives
// behind each deadline (p50, p99, max). b.N is not used: one round takes
// longer than the benchmark's time budget.
func BenchmarkEscalationLateness(b *testing.B) {
	const incidents = 100
	var mu sync.Mutex
	arrived := map[string]time.Time{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/level2") {
			return
		}
		var body struct{ Incident struct{ ID string } }
		_ = json.NewDecoder(r.Body).Decode(&body)
		mu.Lock()
		if _, seen := arrived[body.Incident.ID]; !seen {
			arrived[body.Incident.ID] = time.Now()
		}
		mu.Unlock()
	}))
	defer hook.Close()
	p, a := benchPlatform(b)
	svc := webhookService(a, hook.URL, 10)
	deadlines := map[string]time.Time{}
	for i := 0; i < incidents; i++ {
		inc := a.post("/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":"lateness %d","severity":"high"}`, svc, i))
		d, _ := time.Parse(time.RFC3339Nano, inc["ackDeadline"].(string))
		deadlines[inc["id"].(string)] = d
	}
	waitUntil(b, 3*time.Minute, "every level-2 page", func() (bool, string) {
		mu.Lock()
		defer mu.Unlock()
		return len(arrived) == incidents, fmt.Sprintf("%d of %d", len(arrived), incidents)
	})
	var late []float64
	for id, d := range deadlines {
		late = append(late, arrived[id].Sub(d).Seconds()*1000)
	}
	sort.Float64s(late)
	b.ReportMetric(late[len(late)/2], "p50-late-ms")
	b.ReportMetric(late[len(late)*99/100], "p99-late-ms")
	b.ReportMetric(late[len(late)-1], "max-late-ms")
	_ = p
}

// BenchmarkRunStart starts http-check runs through the API against a local
// server and reports runs started per second (each run then executes).
func BenchmarkRunStart(b *testing.B) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer target.Close()
	p, a := benchPlatform(b)
	body := fmt.Sprintf(`{"params":{"url":%q}}`, target.URL)
	throughput(b, 4, "runs", func() error {
		if code, out := postJSON(b, p.URL+"/api/v1/playbooks/http-check/runs", body, a.token); code != http.StatusCreated {
			return fmt.Errorf("%d %s", code, out)
		}
		return nil
	})
}
