package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/opsmanager/opsmanager/domain"
)

func TestPolicyAndServiceValidation(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	cases := []struct{ path, body, field string }{
		{"/api/v1/escalation-policies", `{"name":"","repeat":0,"levels":[]}`, "name"},
		{"/api/v1/escalation-policies", `{"name":"p","repeat":10,"levels":[{"delaySeconds":60,"targets":[{"type":"email","address":"a@example.com"}]}]}`, "repeat"},
		{"/api/v1/escalation-policies", `{"name":"p","levels":[{"delaySeconds":0,"targets":[{"type":"email","address":"a@example.com"}]}]}`, "levels[0].delaySeconds"},
		{"/api/v1/escalation-policies", `{"name":"p","levels":[{"delaySeconds":60,"targets":[{"type":"pager","id":"x"}]}]}`, "levels[0].targets[0]"},
		{"/api/v1/escalation-policies", `{"name":"p","levels":[{"delaySeconds":60,"targets":[{"type":"webhook","url":"ftp://x"}]}]}`, "levels[0].targets[0]"},
		{"/api/v1/sla-policies", `{"name":"s","rules":[{"severity":"urgent","ackSeconds":1,"resolveSeconds":2}]}`, "rules[0].severity"},
		{"/api/v1/sla-policies", `{"name":"s","rules":[{"severity":"low","ackSeconds":10,"resolveSeconds":5}]}`, "rules[0]"},
		{"/api/v1/services", `{"name":"svc","escalationPolicyId":"01a21300-0000-7000-8000-000000000000"}`, "escalationPolicyId"},
		{"/api/v1/incidents", `{"serviceId":"01a21300-0000-7000-8000-000000000000","title":"","severity":"bad"}`, "title"},
		{"/api/v1/incidents", `{"serviceId":"01a21300-0000-7000-8000-000000000000","title":"x","severity":"critical"}`, "serviceId"},
		{"/api/v1/alerts", `{"serviceId":"x","source":"s","dedupKey":"k","summary":"s","status":"exploded"}`, "status"},
		{"/api/v1/integrations/alertmanager", `{"alerts":[{"status":"firing","labels":{"alertname":"X"}}]}`, "serviceId"},
	}
	for _, tc := range cases {
		res, b := s.do(t, "POST", tc.path, tc.body)
		e := parseErrorBody(t, b)
		if res.StatusCode != 400 || len(e.Details) == 0 || e.Details[0].Field != tc.field {
			t.Errorf("POST %s %s: %d %s, want 400 naming %s", tc.path, tc.body, res.StatusCode, b, tc.field)
		}
	}
	for _, q := range []string{"status=exploded", "severity=urgent", "sort=title", "order=up", "serviceId=abc", "from=yesterday", "page=0", "breached=maybe"} {
		if res, b := s.do(t, "GET", "/api/v1/incidents?"+q, ""); res.StatusCode != 400 {
			t.Errorf("GET /incidents?%s: %d %s, want 400", q, res.StatusCode, b)
		}
	}
	if res, b := s.do(t, "GET", "/api/v1/incidents?status=open,resolved&severity=critical&sort=severity&order=asc&breached=true", ""); res.StatusCode != 200 {
		t.Errorf("valid filters: %d %s", res.StatusCode, b)
	}
	for _, q := range []string{"bucket=week", "bucket=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"} {
		if res, b := s.do(t, "GET", "/api/v1/metrics/incidents?"+q, ""); res.StatusCode != 400 || !strings.Contains(string(b), "bucket") {
			t.Errorf("GET /metrics/incidents?%s: %d %s, want 400 naming bucket", q, res.StatusCode, b)
		}
	}
	if res, b := s.do(t, "GET", "/api/v1/metrics/incidents?bucket=day&from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z", ""); res.StatusCode != 200 ||
		strings.Count(string(b), `"start"`) != 7 {
		t.Errorf("daily series over a week: %d %s", res.StatusCode, b)
	}
}

func TestPoliciesAndServicesCRUD(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/escalation-policies", `{"name":"Primary","repeat":1,"levels":[{"delaySeconds":600,"targets":[{"type":"email","address":"A@Example.com"}]}]}`)
	if res.StatusCode != 201 {
		t.Fatalf("create policy: %d %s", res.StatusCode, b)
	}
	var pol struct{ Data domain.EscalationPolicy }
	_ = json.Unmarshal(b, &pol)
	res, b = s.do(t, "POST", "/api/v1/services", `{"name":"Checkout","escalationPolicyId":"`+pol.Data.ID+`","autoResolve":true}`)
	if res.StatusCode != 201 || !strings.Contains(string(b), `"autoResolve":true`) {
		t.Fatalf("create service: %d %s", res.StatusCode, b)
	}
	if res, _ := s.do(t, "POST", "/api/v1/services", `{"name":"checkout","escalationPolicyId":"`+pol.Data.ID+`"}`); res.StatusCode != 409 {
		t.Errorf("duplicate service name: %d, want 409", res.StatusCode)
	}
	if res, _ := s.do(t, "DELETE", "/api/v1/escalation-policies/"+pol.Data.ID, ""); res.StatusCode != 409 {
		t.Errorf("deleting a policy in use: %d, want 409", res.StatusCode)
	}
	res, b = s.do(t, "PATCH", "/api/v1/escalation-policies/"+pol.Data.ID, `{"name":"Primary","repeat":2,"levels":[{"delaySeconds":300,"targets":[{"type":"email","address":"b@example.com"}]}]}`)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"repeat":2`) {
		t.Fatalf("update policy: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "GET", "/api/v1/services", ""); res.StatusCode != 200 || !strings.Contains(string(b), "Checkout") {
		t.Fatalf("list services: %d %s", res.StatusCode, b)
	}
}

func TestAlertmanagerAlertsMapToGenericAlerts(t *testing.T) {
	t.Parallel()
	a := fromAlertmanager("svc", alertmanagerAlert{Status: "firing", Fingerprint: "abc123",
		Labels: map[string]string{"alertname": "HighLatency", "severity": "warning"}, Annotations: map[string]string{"summary": "p99 above 2s"}})
	if a.DedupKey != "abc123" || a.Severity != domain.SeverityMedium || a.Summary != "p99 above 2s" || a.Status != "firing" || a.ServiceID != "svc" {
		t.Fatalf("mapped %+v", a)
	}
	b := fromAlertmanager("svc", alertmanagerAlert{Status: "resolved", Labels: map[string]string{"alertname": "DiskFull", "instance": "db1"}})
	c := fromAlertmanager("svc", alertmanagerAlert{Status: "firing", Labels: map[string]string{"instance": "db1", "alertname": "DiskFull"}})
	if b.DedupKey != c.DedupKey || b.Status != "resolved" || b.Summary != "DiskFull" || b.Severity != domain.SeverityHigh {
		t.Fatalf("without a fingerprint the labels must identify the alert: %+v %+v", b, c)
	}
	for label, want := range map[string]domain.Severity{"critical": domain.SeverityCritical, "info": domain.SeverityLow, "": domain.SeverityHigh} {
		if got := alertmanagerSeverity(label); got != want {
			t.Errorf("severity %q → %s, want %s", label, got, want)
		}
	}
}
