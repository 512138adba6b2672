package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/opsmanager/opsmanager/domain"
)

const slackHook = "https://hooks.slack.com/services/T000/B000/SECRETXYZ"

func (s *testServer) rawLevels(t *testing.T, id string) string {
	t.Helper()
	var levels string
	if err := s.pool.QueryRow(context.Background(), `SELECT levels::text FROM escalation_policies WHERE id = $1`, id).Scan(&levels); err != nil {
		t.Fatal(err)
	}
	return levels
}

type policyJSON struct {
	Data struct {
		ID     string
		Levels []struct{ Targets []map[string]any }
	}
}

// M6: a webhook URL is stored sealed, shown masked to everyone (admins
// included), never read back; saving the policy with the masked URL keeps
// it, and the signing secret is shown once, on creation.
func TestWebhookURLsAreSealedMaskedAndNeverReadBack(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/escalation-policies", `{"name":"Payments","levels":[{"delaySeconds":60,"targets":[
		{"type":"email","address":"oncall@example.com"},{"type":"webhook","url":"`+slackHook+`","format":"slack"}]}]}`)
	var created policyJSON
	_ = json.Unmarshal(b, &created)
	if res.StatusCode != 201 || strings.Contains(string(b), "SECRETXYZ") || strings.Contains(string(b), "sealed") {
		t.Fatalf("create: %d %s", res.StatusCode, b)
	}
	hook := created.Data.Levels[0].Targets[1]
	if hook["url"] != "https://hooks.slack.com/…" || !strings.HasPrefix(hook["signingSecret"].(string), "whsec_") {
		t.Fatalf("created webhook target %v, want the masked URL and a signing secret", hook)
	}
	id := created.Data.ID
	raw := s.rawLevels(t, id)
	if strings.Contains(raw, "SECRETXYZ") || strings.Contains(raw, "/services/") || strings.Contains(raw, hook["signingSecret"].(string)) {
		t.Fatalf("the stored row holds the URL or secret in clear: %s", raw)
	}
	viewer := s.tokenFor(t, s.createUser(t, "viewer@example.com", "viewer").ID)
	for _, r := range []request{
		{Method: "GET", Path: "/api/v1/escalation-policies/" + id},
		{Method: "GET", Path: "/api/v1/escalation-policies"},
		{Method: "GET", Path: "/api/v1/escalation-policies/" + id, Token: viewer},
	} {
		res, b := s.call(t, r)
		if res.StatusCode != 200 || strings.Contains(string(b), "SECRETXYZ") || strings.Contains(string(b), "whsec_") ||
			strings.Contains(string(b), "sealed") || !strings.Contains(string(b), "https://hooks.slack.com/…") {
			t.Errorf("%s as %q: %d %s", r.Path, r.Token, res.StatusCode, b)
		}
	}

	// Saving what the API showed keeps the sealed URL and secret.
	sealedBefore := raw[strings.Index(raw, `"sealedUrl"`):]
	res, b = s.do(t, "PATCH", "/api/v1/escalation-policies/"+id, `{"name":"Payments team","levels":[{"delaySeconds":120,"targets":[
		{"type":"webhook","url":"https://hooks.slack.com/…","format":"slack"}]}]}`)
	if res.StatusCode != 200 || strings.Contains(string(b), "whsec_") {
		t.Fatalf("patch with the masked URL: %d %s", res.StatusCode, b)
	}
	if after := s.rawLevels(t, id); !strings.Contains(after, sealedBefore[:strings.Index(sealedBefore, ",")]) {
		t.Fatalf("the sealed URL changed: before %s, after %s", raw, after)
	}
	for body, field := range map[string]string{
		`{"name":"x","levels":[{"delaySeconds":60,"targets":[{"type":"webhook","url":"https://other.example/…"}]}]}`:            "levels[0].targets[0].url",
		`{"name":"x","levels":[{"delaySeconds":60,"targets":[{"type":"webhook","sealedUrl":"AAAA","url":"https://x.test/"}]}]}`: "levels[0].targets[0]",
	} {
		res, b := s.do(t, "PATCH", "/api/v1/escalation-policies/"+id, body)
		if res.StatusCode != 400 || !strings.Contains(string(b), field) {
			t.Errorf("PATCH %s: %d %s, want 400 naming %s", body, res.StatusCode, b, field)
		}
	}
	if after := s.rawLevels(t, id); !strings.Contains(after, sealedBefore[:strings.Index(sealedBefore, ",")]) {
		t.Fatal("a refused PATCH changed the stored policy")
	}
	// Replacing the URL seals the new one and issues a new secret.
	res, b = s.do(t, "PATCH", "/api/v1/escalation-policies/"+id, `{"name":"Payments team","levels":[{"delaySeconds":120,"targets":[
		{"type":"webhook","url":"https://hooks.example.net/pager/NEWSECRET"}]}]}`)
	if res.StatusCode != 200 || !strings.Contains(string(b), "whsec_") || strings.Contains(string(b), "NEWSECRET") ||
		strings.Contains(s.rawLevels(t, id), "NEWSECRET") {
		t.Fatalf("replace the URL: %d %s", res.StatusCode, b)
	}
}

// Policies stored before sealing existed are sealed at startup.
func TestLegacyWebhookURLsAreSealed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	p, err := s.deps.Policies.CreateEscalationPolicy(context.Background(), domain.EscalationPolicy{Name: "old", Levels: []domain.EscalationLevel{
		{DelaySeconds: 60, Targets: []domain.Target{{Type: domain.TargetWebhook, URL: "https://hooks.example.net/LEGACYSECRET"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, b := s.do(t, "GET", "/api/v1/escalation-policies/"+p.ID, ""); strings.Contains(string(b), "LEGACYSECRET") {
		t.Fatalf("a legacy URL is shown: %s", b)
	}
	n, err := SealLegacyWebhooks(context.Background(), s.deps.Policies, s.id.Box)
	if err != nil || n != 1 || strings.Contains(s.rawLevels(t, p.ID), "LEGACYSECRET") {
		t.Fatalf("sealed %d, %v; row %s", n, err, s.rawLevels(t, p.ID))
	}
	if n, _ := SealLegacyWebhooks(context.Background(), s.deps.Policies, s.id.Box); n != 0 {
		t.Fatalf("sealing again sealed %d", n)
	}
}
