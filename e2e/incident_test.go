package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/opsmanager/opsmanager/internal/mailpittest"
)

type apiClient struct {
	t     testing.TB
	base  string
	token string
}

func (a apiClient) post(path, body string) map[string]any {
	a.t.Helper()
	code, b := postJSON(a.t, a.base+path, body, a.token)
	if code >= 300 {
		a.t.Fatalf("POST %s: %d %s", path, code, b)
	}
	checkContract(a.t, "POST", path, code, b)
	var out struct{ Data map[string]any }
	_ = json.Unmarshal(b, &out)
	return out.Data
}

func (a apiClient) get(path string) string {
	a.t.Helper()
	code, body := getAs(a.base+path, a.token)
	if code != http.StatusOK {
		a.t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if !strings.HasPrefix(path, "/api/v1/events") {
		checkContract(a.t, "GET", path, code, []byte(body))
	}
	return body
}

// paging sets up a service whose SLA says acknowledge critical incidents
// within ackSeconds, level 1 emails a and level 2 (after 5 minutes) emails b.
func paging(a apiClient, ackSeconds int) (serviceID, emailA, emailB string) {
	emailA, emailB = "a-"+uuid.NewString()+"@example.com", "b-"+uuid.NewString()+"@example.com"
	policy := a.post("/api/v1/escalation-policies", fmt.Sprintf(`{"name":"p-%s","repeat":0,"levels":[
		{"delaySeconds":300,"targets":[{"type":"email","address":%q}]},
		{"delaySeconds":300,"targets":[{"type":"email","address":%q}]}]}`, uuid.NewString(), emailA, emailB))
	sla := a.post("/api/v1/sla-policies", fmt.Sprintf(`{"name":"s-%s","rules":[{"severity":"critical","ackSeconds":%d,"resolveSeconds":3600}]}`,
		uuid.NewString(), ackSeconds))
	svc := a.post("/api/v1/services", fmt.Sprintf(`{"name":"svc-%s","escalationPolicyId":%q,"slaPolicyId":%q,"autoResolve":true}`,
		uuid.NewString(), policy["id"], sla["id"]))
	return svc["id"].(string), emailA, emailB
}

func waitForMail(t testing.TB, address string, timeout time.Duration) []mailpittest.Message {
	t.Helper()
	var msgs []mailpittest.Message
	waitUntil(t, timeout, "email to "+address, func() (bool, string) {
		msgs = mailpittest.Search(t, address)
		return len(msgs) > 0, fmt.Sprintf("%d messages", len(msgs))
	})
	return msgs
}

// TestAckSLABreachEscalatesByEmail follows an incident through the real
// API, worker, Temporal, Postgres and Mailpit.
func TestAckSLABreachEscalatesByEmail(t *testing.T) {
	t.Parallel()
	p, a := startDev(t)
	serviceID, emailA, emailB := paging(a, 5)

	inc := a.post("/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":"Checkout is down","severity":"critical","description":"5xx everywhere","dedupKey":"checkout-5xx"}`, serviceID))
	id := inc["id"].(string)
	raw, _ := inc["ackDeadline"].(string)
	deadline, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		t.Fatalf("the created incident has no ack deadline: %v", inc)
	}
	first := waitForMail(t, emailA, 15*time.Second)
	if !strings.Contains(first[0].Subject, "Checkout is down") || !strings.Contains(strings.ToUpper(first[0].Subject), "CRITICAL") {
		t.Errorf("level 1 subject %q", first[0].Subject)
	}
	mails := waitForMail(t, emailB, 30*time.Second)
	if late := mails[0].Created.Sub(deadline); late > 2*time.Second {
		t.Errorf("b's email arrived %v after the ack deadline, want within 2s", late)
	}
	waitUntil(t, 10*time.Second, "timeline shows the breach and the escalation", func() (bool, string) {
		timeline := a.get("/api/v1/incidents/" + id + "/timeline")
		return strings.Contains(timeline, `"type":"sla_breached"`) && strings.Contains(timeline, `"type":"escalated"`) &&
			strings.Contains(timeline, emailB), timeline
	})

	// A second identical alert attaches instead of opening a new incident.
	code, b := postJSON(t, p.URL+"/api/v1/alerts", fmt.Sprintf(`{"serviceId":%q,"source":"prom","dedupKey":"checkout-5xx","severity":"critical","summary":"Checkout is down","status":"firing"}`, serviceID), a.token)
	if code != http.StatusAccepted || !strings.Contains(string(b), `"action":"attached"`) || !strings.Contains(string(b), id) {
		t.Fatalf("duplicate alert: %d %s", code, b)
	}
	a.post("/api/v1/incidents/"+id+"/acknowledge", "")
	code, b = postJSON(t, p.URL+"/api/v1/incidents/"+id+"/acknowledge", "", a.token)
	if code != http.StatusConflict || !strings.Contains(string(b), "acknowledged") {
		t.Fatalf("second acknowledge: %d %s, want 409 naming the status", code, b)
	}
	time.Sleep(3 * time.Second) // nothing may arrive after the acknowledgement
	if n := len(mailpittest.Search(t, emailA)) + len(mailpittest.Search(t, emailB)); n != 2 {
		t.Fatalf("%d emails in all, want exactly 2 (one per level)", n)
	}
	if body := a.get("/api/v1/incidents?status=open&serviceId=" + serviceID); strings.Count(body, `"workflowId"`) != 1 {
		t.Fatalf("want exactly one open incident: %s", body)
	}
	deliveries := a.get("/api/v1/incidents/" + id + "/notifications")
	if strings.Count(deliveries, `"status":"sent"`) != 2 {
		t.Fatalf("deliveries: %s", deliveries)
	}
	// The service auto-resolves: the alert's "resolved" resolves the incident.
	code, b = postJSON(t, p.URL+"/api/v1/alerts", fmt.Sprintf(`{"serviceId":%q,"source":"prom","dedupKey":"checkout-5xx","summary":"Checkout is back","status":"resolved"}`, serviceID), a.token)
	if code != http.StatusAccepted || !strings.Contains(string(b), `"action":"resolved"`) || !strings.Contains(string(b), `"status":"resolved"`) {
		t.Fatalf("resolved alert: %d %s", code, b)
	}
}

// startWorker runs `opsmanager worker` until t ends (or it is killed).
func startWorker(t testing.TB, env map[string]string) *exec.Cmd {
	t.Helper()
	out := &syncBuffer{}
	cmd := command(env, "worker")
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	waitUntil(t, 60*time.Second, "worker started", func() (bool, string) {
		return strings.Contains(out.String(), "worker started"), out.String()
	})
	return cmd
}

// TestKilledWorkerStillEscalatesOnceEach kills the worker right after an
// incident triggers; a new worker picks the incident up, escalates on time
// and no email is sent twice.
func TestKilledWorkerStillEscalatesOnceEach(t *testing.T) {
	t.Parallel()
	env := baseEnv(t)
	a := startAPIAsAdmin(t, env)
	serviceID, emailA, emailB := paging(a, 6)

	w := startWorker(t, env)
	inc := a.post("/api/v1/incidents", fmt.Sprintf(`{"serviceId":%q,"title":"Disk full","severity":"critical"}`, serviceID))
	created := time.Now()
	time.Sleep(300 * time.Millisecond)
	if err := w.Process.Kill(); err != nil { // SIGKILL: no graceful shutdown
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	startWorker(t, env)

	mails := waitForMail(t, emailB, 40*time.Second)
	if late := mails[0].Created.Sub(created.Add(6 * time.Second)); late > 15*time.Second {
		t.Errorf("escalation email %v late after a worker restart", late)
	}
	time.Sleep(2 * time.Second)
	if na, nb := len(mailpittest.Search(t, emailA)), len(mailpittest.Search(t, emailB)); na != 1 || nb != 1 {
		t.Fatalf("emails to a: %d, to b: %d; want exactly one each", na, nb)
	}
	_ = inc
}
