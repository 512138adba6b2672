package api

import (
	"encoding/json"
	"strings"
	"testing"
)

// alertmanagerV035Body is what Alertmanager v0.35 posts to a webhook: it
// carries fields older releases did not send (truncatedAlerts, and per
// notification "notification_reason", "routeLabels"...), and later releases
// will add more.
const alertmanagerV035Body = `{"receiver":"opsmanager","status":"firing","alerts":[{"status":"firing",
"labels":{"alertname":"HighLatency","severity":"critical","instance":"web-1"},"annotations":{"summary":"p99 above 2s"},
"startsAt":"2026-12-03T10:00:00.000Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus:9090/graph",
"fingerprint":"3f1e2d","silencedBy":null,"inhibitedBy":null}],
"groupLabels":{"alertname":"HighLatency"},"commonLabels":{"alertname":"HighLatency"},"commonAnnotations":{"summary":"p99 above 2s"},
"externalURL":"http://alertmanager:9093","version":"4","groupKey":"{}:{alertname=\"HighLatency\"}","truncatedAlerts":0,
"notification_reason":"new_alerts","routeLabels":{"team":"checkout"},"someFutureField":{"x":1}}`

func TestIntegrationEndpointsIgnoreFieldsTheyDoNotKnow(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	svc := s.createService(t, "Checkout")

	res, b := s.do(t, "POST", "/api/v1/integrations/alertmanager?serviceId="+svc, alertmanagerV035Body)
	if res.StatusCode != 202 || !strings.Contains(string(b), `"action":"created"`) {
		t.Fatalf("Alertmanager v0.35 webhook: %d %s, want 202 with an incident created", res.StatusCode, b)
	}
	res, b = s.do(t, "POST", "/api/v1/alerts", `{"serviceId":"`+svc+`","source":"zabbix","dedupKey":"k1","summary":"disk full",
		"status":"firing","eventId":"123","tags":["x"]}`)
	if res.StatusCode != 201 && res.StatusCode != 202 && res.StatusCode != 200 {
		t.Fatalf("generic alert with extra fields: %d %s", res.StatusCode, b)
	}
	// What they do read is still validated.
	res, b = s.do(t, "POST", "/api/v1/integrations/alertmanager?serviceId="+svc, `{"alerts":[],"notification_reason":"x"}`)
	if res.StatusCode != 400 || !strings.Contains(string(b), "alerts") {
		t.Fatalf("no alerts: %d %s, want 400 naming alerts", res.StatusCode, b)
	}
}

func TestOwnRequestBodiesStayStrict(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/escalation-policies", `{"name":"P","repeat":1,"levels":[{"delaySeconds":60,"targets":[{"type":"email","address":"a@example.com"}]}],"colour":"red"}`)
	if res.StatusCode != 400 || !strings.Contains(string(b), "colour") {
		t.Fatalf("unknown field in our own body: %d %s, want 400 naming it", res.StatusCode, b)
	}
}

// createPolicy makes a one-level escalation policy that mails
// oncall@example.com, and returns its ID.
func (s *testServer) createPolicy(t *testing.T, name string) string {
	t.Helper()
	res, b := s.do(t, "POST", "/api/v1/escalation-policies", `{"name":"`+name+`","repeat":0,"levels":[{"delaySeconds":600,"targets":[{"type":"email","address":"oncall@example.com"}]}]}`)
	if res.StatusCode != 201 {
		t.Fatalf("create policy: %d %s", res.StatusCode, b)
	}
	var pol struct{ Data struct{ ID string } }
	_ = json.Unmarshal(b, &pol)
	return pol.Data.ID
}

// createService makes an escalation policy and a service using it.
func (s *testServer) createService(t *testing.T, name string) string {
	t.Helper()
	policy := s.createPolicy(t, name+" policy")
	res, b := s.do(t, "POST", "/api/v1/services", `{"name":"`+name+`","escalationPolicyId":"`+policy+`","autoResolve":true}`)
	if res.StatusCode != 201 {
		t.Fatalf("create service: %d %s", res.StatusCode, b)
	}
	var svc struct{ Data struct{ ID string } }
	_ = json.Unmarshal(b, &svc)
	return svc.Data.ID
}

// An integration endpoint ignores what it does not know but still checks
// what it needs: an Alertmanager alert with neither labels nor fingerprint
// has no identity to deduplicate by.
func TestAlertmanagerAlertWithoutIdentityIsRejected(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	svc := s.createService(t, "Identity")
	for _, body := range []string{`{"alerts":[{"status":"firing","annotations":{"summary":"x"}}],"routeLabels":{}}`, `{"alerts":[null]}`} {
		res, b := s.do(t, "POST", "/api/v1/integrations/alertmanager?serviceId="+svc, body)
		if res.StatusCode != 400 || !strings.Contains(string(b), `"statusCode":400`) || !strings.Contains(string(b), "labels: is required when fingerprint is empty") {
			t.Fatalf("%s: %d %s, want 400 naming labels", body, res.StatusCode, b)
		}
	}
	long := strings.Repeat("f", 256)
	res, b := s.do(t, "POST", "/api/v1/integrations/alertmanager?serviceId="+svc, `{"alerts":[{"status":"firing","fingerprint":"`+long+`"}]}`)
	if res.StatusCode != 400 || !strings.Contains(string(b), "fingerprint") {
		t.Fatalf("256-char fingerprint: %d %s, want 400 naming fingerprint", res.StatusCode, b)
	}
}
