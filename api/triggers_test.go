package api

import (
	"strings"
	"testing"
)

func TestServicePlaybookTriggersAreValidatedAndKept(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	policy := s.createPolicy(t, "Primary")
	service := func(playbooks string) string {
		return `{"name":"Checkout","escalationPolicyId":"` + policy + `","playbooks":` + playbooks + `}`
	}
	responder := s.tokenFor(t, s.createUser(t, "responder@example.com", "responder").ID)
	cases := []struct{ name, playbooks, token, field string }{
		{"unknown playbook", `[{"playbook":"reboot-the-world","params":{}}]`, "", "playbooks[0].playbook"},
		{"unknown placeholder", `[{"playbook":"http-check","params":{"url":"https://{{incident.owner}}"}}]`, "", "playbooks[0].params.url"},
		{"params invalid once rendered", `[{"playbook":"http-check","params":{"url":"{{incident.title}}"}}]`, "", "playbooks[0].params"},
		{"missing required param", `[{"playbook":"http-check","params":{}}]`, "", "playbooks[0].params"},
		{"playbook the caller may not run", `[{"playbook":"run-command","params":{"servers":["web-1"],"commands":["uptime"]}}]`, responder, "playbooks[0].playbook"},
	}
	for _, tc := range cases {
		res, b := s.call(t, request{Method: "POST", Path: "/api/v1/services", Body: service(tc.playbooks), Token: tc.token})
		if res.StatusCode != 400 {
			t.Errorf("%s: %d %s, want 400", tc.name, res.StatusCode, b)
			continue
		}
		if e := parseErrorBody(t, b); e.Details[0].Field != tc.field {
			t.Errorf("%s: error names %q, want %q (%s)", tc.name, e.Details[0].Field, tc.field, b)
		}
	}
	res, b := s.do(t, "POST", "/api/v1/services", service(`[{"playbook":"http-check","params":{"url":"https://{{service.name}}.example.com/health"}}]`))
	if res.StatusCode != 201 || !strings.Contains(string(b), `"url":"https://{{service.name}}.example.com/health"`) {
		t.Fatalf("valid trigger: %d %s", res.StatusCode, b)
	}
}

func TestStartRunChecksServiceAndRunListChecksIncident(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"https://example.com"},"serviceId":"01a21300-0000-7000-8000-000000000000"}`)
	if e := parseErrorBody(t, b); res.StatusCode != 400 || e.Details[0].Field != "serviceId" {
		t.Errorf("unknown service: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "GET", "/api/v1/runs?incidentId=nope", ""); res.StatusCode != 400 {
		t.Errorf("bad incidentId filter: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "GET", "/api/v1/runs?incidentId=01a21300-0000-7000-8000-000000000000", ""); res.StatusCode != 200 ||
		!strings.Contains(string(b), `"total":0`) {
		t.Errorf("runs of an incident with none: %d %s", res.StatusCode, b)
	}
}
