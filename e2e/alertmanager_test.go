package e2e

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/internal/testsvc"
)

// alertmanagerBinary is the real Alertmanager that `make deps` builds.
func alertmanagerBinary(t *testing.T) string {
	t.Helper()
	bin, err := filepath.Abs("../bin/alertmanager")
	if err == nil {
		if _, err = os.Stat(bin); err == nil {
			return bin
		}
	}
	testsvc.Unavailable(t, "Alertmanager (../bin/alertmanager, built once per machine by `make deps`)", "../bin/alertmanager", err)
	return ""
}

// startAlertmanager runs a real Alertmanager whose only receiver is the
// OpsManager webhook at hook, authenticated with token, and returns its URL.
func startAlertmanager(t *testing.T, hook, token string) string {
	t.Helper()
	dir := t.TempDir()
	config := fmt.Sprintf(`route:
  receiver: opsmanager
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
receivers:
  - name: opsmanager
    webhook_configs:
      - url: %q
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: %q
`, hook, token)
	if err := os.WriteFile(filepath.Join(dir, "alertmanager.yml"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(alertmanagerBinary(t), "--config.file="+filepath.Join(dir, "alertmanager.yml"),
		"--storage.path="+dir, "--web.listen-address="+addr, "--cluster.listen-address=")
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	base := "http://" + addr
	waitUntil(t, 30*time.Second, "alertmanager ready", func() (bool, string) {
		code, _ := get(base + "/-/ready")
		return code == http.StatusOK, out.String()
	})
	return base
}

// pushAlert posts one alert to Alertmanager's API, as Prometheus does.
func pushAlert(t *testing.T, am, name string, endsAt time.Time) {
	t.Helper()
	ends := ""
	if !endsAt.IsZero() {
		ends = fmt.Sprintf(`,"endsAt":%q`, endsAt.UTC().Format(time.RFC3339Nano))
	}
	body := fmt.Sprintf(`[{"labels":{"alertname":%q,"severity":"critical","instance":"web-1"},
		"annotations":{"summary":"Checkout p99 above 2s"},"generatorURL":"http://prometheus.example/graph"%s}]`, name, ends)
	if code, b := postJSON(t, am+"/api/v2/alerts", body, ""); code != http.StatusOK {
		t.Fatalf("push alert to Alertmanager: %d %s", code, b)
	}
}

var webhookSent = regexp.MustCompile(`(?m)^alertmanager_notifications_total\{integration="webhook"[^}]*\} (\d+)`)
var webhookFailed = regexp.MustCompile(`(?m)^alertmanager_notifications_failed_total\{[^}]*integration="webhook"[^}]*\} (\d+)`)

// webhookCounts reads how many webhook notifications Alertmanager sent and
// how many failed (an OpsManager 4xx counts as failed).
func webhookCounts(am string) (sent, failed int) {
	_, metrics := get(am + "/metrics")
	for _, m := range webhookSent.FindAllStringSubmatch(metrics, -1) {
		n, _ := strconv.Atoi(m[1])
		sent += n
	}
	for _, m := range webhookFailed.FindAllStringSubmatch(metrics, -1) {
		n, _ := strconv.Atoi(m[1])
		failed += n
	}
	return sent, failed
}

// TestRealAlertmanagerOpensAndResolvesOneIncident points a real, current
// Alertmanager at the real API: a firing alert opens one incident, its
// repeated notifications attach to it, its instance label links it to the
// asset of that name, and its resolution resolves it.
func TestRealAlertmanagerOpensAndResolvesOneIncident(t *testing.T) {
	t.Parallel()
	p, a := startDev(t)
	serviceID, _, _ := paging(a, 600)
	a.post("/api/v1/assets", `{"type":"server","name":"web-1"}`)
	tok := a.post("/api/v1/tokens", `{"name":"alertmanager-`+uuid.NewString()[:8]+`","permissions":["alerts:write"]}`)
	hook := p.URL + "/api/v1/integrations/alertmanager?serviceId=" + serviceID
	am := startAlertmanager(t, hook, tok["token"].(string))

	pushAlert(t, am, "CheckoutLatency", time.Time{})
	incidents := func() string { return a.get("/api/v1/incidents?serviceId=" + serviceID) }
	waitUntil(t, 30*time.Second, "one open incident from Alertmanager", func() (bool, string) {
		body := incidents()
		return strings.Count(body, `"workflowId"`) == 1 && strings.Contains(body, `"status":"triggered"`) &&
			strings.Contains(body, "Checkout p99 above 2s"), body
	})

	list := decode[struct{ Data []struct{ ID string } }](t, []byte(incidents())).Data
	if blast := a.get("/api/v1/incidents/" + list[0].ID + "/impact"); !strings.Contains(blast, `"name":"web-1"`) {
		t.Fatalf("the alert's instance=web-1 did not link the incident to asset web-1: %s", blast)
	}

	// Alertmanager re-sends the firing alert every repeat_interval (2 s); the
	// alert fires again from Prometheus' side too. Still one incident.
	pushAlert(t, am, "CheckoutLatency", time.Time{})
	waitUntil(t, 30*time.Second, "three webhook deliveries", func() (bool, string) {
		sent, failed := webhookCounts(am)
		return sent >= 3, fmt.Sprintf("sent %d, failed %d", sent, failed)
	})
	if body := incidents(); strings.Count(body, `"workflowId"`) != 1 {
		t.Fatalf("re-fired alert opened another incident: %s", body)
	}

	// Resolved (endsAt in the past): the service auto-resolves its incident.
	pushAlert(t, am, "CheckoutLatency", time.Now().Add(-time.Second))
	waitUntil(t, 30*time.Second, "incident resolved by Alertmanager", func() (bool, string) {
		body := incidents()
		return strings.Count(body, `"workflowId"`) == 1 && strings.Contains(body, `"status":"resolved"`), body
	})
	if sent, failed := webhookCounts(am); failed != 0 {
		t.Fatalf("OpsManager refused %d of Alertmanager's %d webhook deliveries", failed, sent)
	}
}
