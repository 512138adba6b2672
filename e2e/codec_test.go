package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestHistoriesHoldNoPlaintext (M7): a real incident (with a webhook
// target) and a real run-command run leave no plaintext title, parameter,
// URL or command output in their Temporal histories, while the Temporal
// CLI, pointed at OpsManager's codec endpoint with an authorised token,
// reads them all; a viewer's token cannot, and every decode is audited.
func TestHistoriesHoldNoPlaintext(t *testing.T) {
	t.Parallel()
	p, admin := startDev(t)
	server, _ := sshServer(t, admin)
	got := make(chan hookCall, 10)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- hookCall{path: r.URL.Path, signature: r.Header.Get("X-OpsManager-Signature"), body: body}
	}))
	defer hook.Close()
	tag := uuid.NewString()[:8]
	title, hookPath, marker := "Checkout down "+tag, "/hooks/secret-"+tag, "output-"+tag

	policy := admin.post("/api/v1/escalation-policies", fmt.Sprintf(`{"name":"p-%s","levels":[
		{"delaySeconds":300,"targets":[{"type":"webhook","url":%q}]}]}`, tag, hook.URL+hookPath))
	secret := policy["levels"].([]any)[0].(map[string]any)["targets"].([]any)[0].(map[string]any)["signingSecret"].(string)
	svc := admin.post("/api/v1/services", fmt.Sprintf(`{"name":"svc-%s","escalationPolicyId":%q}`, tag, policy["id"]))
	inc := admin.post("/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":%q,"severity":"high"}`, svc["id"], title))
	run := admin.post("/api/v1/playbooks/run-command/runs", fmt.Sprintf(`{"params":{"servers":[%q],"commands":["echo %s"]}}`, server, marker))
	r, body := admin.waitRun(run["id"].(string), 90*time.Second, "succeeded", "failed")
	if r.Status != "succeeded" {
		t.Fatalf("run: %.2000s", body)
	}
	_, viewer := newUser(t, admin, "viewer")
	select {
	case call := <-got:
		if call.path != hookPath || !validSignature(call.signature, secret, call.body) {
			t.Errorf("the webhook got %s signed %q; want %s signed with the secret shown at creation", call.path, call.signature, hookPath)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the incident's webhook was not paged at its sealed URL")
	}

	histories := map[string][]string{
		"incident/" + inc["id"].(string): {title, hookPath},
		r.WorkflowID:                     {marker, "echo " + marker},
	}
	for id, secrets := range histories {
		var raw string
		waitUntil(t, 30*time.Second, "history of "+id+" records its work", func() (bool, string) {
			raw = temporalHistory(t, id)
			return strings.Contains(raw, "ActivityTaskCompleted") || strings.Contains(raw, "ACTIVITY_TASK_COMPLETED"), raw
		})
		decoded := temporalHistory(t, id, "--codec-endpoint", p.URL+"/codec", "--codec-auth", "Bearer "+admin.token)
		for _, s := range secrets {
			if strings.Contains(raw, s) {
				t.Errorf("history of %s holds %q in plaintext", id, s)
			}
			if !strings.Contains(decoded, s) {
				t.Errorf("the codec endpoint did not reveal %q in the history of %s", s, id)
			}
		}
		if !strings.Contains(raw, "binary/encrypted") && !strings.Contains(raw, "YmluYXJ5L2VuY3J5cHRlZA==") {
			t.Errorf("history of %s has no encrypted payload: %.1000s", id, raw)
		}
		out, _ := temporalShow(id, "--codec-endpoint", p.URL+"/codec", "--codec-auth", "Bearer "+viewer.token)
		asViewer, _ := withDecodedStrings(out)
		for _, s := range secrets {
			if strings.Contains(asViewer+string(out), s) {
				t.Errorf("a viewer read %q through the codec", s)
			}
		}
	}
	audit := admin.get("/api/v1/audit?action=temporal.decode")
	if !strings.Contains(audit, `"outcome":"success"`) || !strings.Contains(audit, `"outcome":"denied"`) {
		t.Errorf("decodes are not audited: %.2000s", audit)
	}
}

type hookCall struct {
	path, signature string
	body            []byte
}

// validSignature checks X-OpsManager-Signature as a receiver would.
func validSignature(header, secret string, body []byte) bool {
	ts, sig, _ := strings.Cut(strings.TrimPrefix(header, "t="), ",v1=")
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return ts != "" && hmac.Equal([]byte(sig), []byte(hex.EncodeToString(mac.Sum(nil))))
}
