package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/assets"
)

// TestCollectFactsFillsServerAttributesOverSSH runs collect-facts against
// the test sshd, selecting the server by an asset query (the servers that
// host an application), and finds the facts in the server's attributes and
// the run in its history.
func TestCollectFactsFillsServerAttributesOverSSH(t *testing.T) {
	t.Parallel()
	_, a := startDev(t)
	server, sshd := sshServer(t, a)
	list := decode[struct{ Data []assets.Asset }](t, []byte(a.get("/api/v1/assets?type=server&q="+server))).Data
	if len(list) != 1 {
		t.Fatalf("the server %s is not an asset: %v", server, list)
	}
	host := list[0]
	app := a.post("/api/v1/assets", `{"type":"application","name":"facts-app-`+host.ID[:8]+`"}`)
	a.post("/api/v1/relationships", fmt.Sprintf(`{"type":"runs_on","sourceId":%q,"targetId":%q}`, app["id"], host.ID))

	run := a.post("/api/v1/playbooks/collect-facts/runs", fmt.Sprintf(`{"params":{"hosting":%q}}`, app["name"]))
	r, body := a.waitRun(run["id"].(string), 2*time.Minute, "succeeded", "failed")
	if r.Status != "succeeded" {
		t.Fatalf("collect-facts %s: %.3000s", r.Status, body)
	}
	got := decode[struct{ Data assets.Asset }](t, []byte(a.get("/api/v1/assets/"+host.ID))).Data
	attrs, _ := json.Marshal(got.Attributes)
	for _, key := range []string{"os", "kernel", "cpuCores", "memoryMb", "fqdn", "disks", "listeningPorts"} {
		if _, ok := got.Attributes[key]; !ok {
			t.Errorf("attribute %s not collected: %s", key, attrs)
		}
	}
	if ports := fmt.Sprint(got.Attributes["listeningPorts"]); !strings.Contains(ports, fmt.Sprint(sshd.Port)) {
		t.Errorf("listening ports %s do not include the sshd's", ports)
	}
	history := a.get("/api/v1/assets/" + host.ID + "/history")
	if !strings.Contains(history, `"action":"run.acted"`) || !strings.Contains(history, `"runId":"`+r.ID+`"`) ||
		!strings.Contains(history, `"path":"attributes.kernel"`) {
		t.Fatalf("history does not show the run and its changes: %s", history)
	}
}
