package activities_test

import (
	"context"
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/testsuite"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// newRunMessageFixture is a Notifier with the shared Mailpit (through
// flaky), a fresh database holding one run, and loopback webhooks allowed.
func newRunMessageFixture(t *testing.T, flaky *flakyMailer) (*activities.Notifier, string) {
	t.Helper()
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	f := newNotifyFixture(t, func(m activities.Mailer) activities.Mailer { flaky.next = m; return flaky }, []*net.IPNet{loopback})
	pool := storetest.NewPool(t)
	runID := uuid.Must(uuid.NewV7()).String()
	if err := store.NewRuns(pool).Create(context.Background(), domain.Run{ID: runID, Playbook: "restart-service",
		Status: domain.RunRunning, Params: map[string]any{}, WorkflowID: "playbook/restart-service/" + runID, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	f.n.Sent = store.NewRunMessages(pool)
	return f.n, runID
}

func sendRunMessage(t *testing.T, n *activities.Notifier, in contract.RunMessageInput) (contract.NotifyResult, error) {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(n)
	var res contract.NotifyResult
	val, err := env.ExecuteActivity(n.SendRunMessage, in)
	if err != nil {
		return res, err
	}
	return res, val.Get(&res)
}

func TestRunEmailReachesEachAddressOnceAcrossRetries(t *testing.T) {
	t.Parallel()
	a, b := newAddress(), newAddress()
	flaky := &flakyMailer{failFirst: map[string]bool{b: true}, sent: map[string]int{}}
	n, runID := newRunMessageFixture(t, flaky)
	in := contract.RunMessageInput{RunID: runID, Playbook: "restart-service", Step: "Tell the team", Seq: 3,
		Subject: "nginx restarted on web-1", Body: "Restarted after the health check failed.",
		Targets: []domain.Target{{Type: domain.TargetEmail, Address: a}, {Type: domain.TargetEmail, Address: b}}}

	if _, err := sendRunMessage(t, n, in); err == nil || !strings.Contains(err.Error(), "not delivered yet") {
		t.Fatalf("first attempt: %v, want a retryable failure for %s", err, b)
	}
	res, err := sendRunMessage(t, n, in) // Temporal's retry
	if err != nil || len(res.Recipients) != 2 {
		t.Fatalf("retry: %+v, %v", res, err)
	}
	if flaky.sent[a] != 1 || flaky.sent[b] != 1 {
		t.Fatalf("sends per address = %v, want one each", flaky.sent)
	}
	msgs := mailpitWait(t, a, 1)
	if msgs[0].Subject != "nginx restarted on web-1" || !strings.Contains(msgs[0].Text, "Restarted after the health check failed.") ||
		!strings.Contains(msgs[0].Text, "/runs/"+runID) {
		t.Fatalf("email = %+v", msgs[0])
	}
}

func TestRunMessageToNobodyFailsWithoutRetry(t *testing.T) {
	t.Parallel()
	n, runID := newRunMessageFixture(t, &flakyMailer{sent: map[string]int{}})
	_, err := sendRunMessage(t, n, contract.RunMessageInput{RunID: runID, Step: "x", Subject: "s", Body: "b",
		Targets: []domain.Target{{Type: domain.TargetEmail, Address: "not-an-address"}}})
	if ae := appError(t, err); ae.Type() != contract.ErrMessageUndelivered || !ae.NonRetryable() {
		t.Fatalf("err = %v, want non-retryable %s", err, contract.ErrMessageUndelivered)
	}
}

func TestRunNotifyPostsSlackWebhook(t *testing.T) {
	t.Parallel()
	hook := newHookServer(t, 200)
	n, runID := newRunMessageFixture(t, &flakyMailer{sent: map[string]int{}})
	in := contract.RunMessageInput{RunID: runID, Playbook: "free-disk-space", Step: "Report", Seq: 1, Subject: "Freed 2 GiB on db-1",
		Body: "Freed 2 GiB on db-1", Targets: []domain.Target{{Type: domain.TargetWebhook, URL: hook.URL + "/hook", Format: "slack"}}}
	for range 2 { // the second (a retry) does not post again
		if _, err := sendRunMessage(t, n, in); err != nil {
			t.Fatal(err)
		}
	}
	got := hook.received()
	if len(got) != 1 {
		t.Fatalf("webhook posts = %d, want 1", len(got))
	}
	var body struct{ Text string }
	if err := json.Unmarshal(got[0].body, &body); err != nil || !strings.Contains(body.Text, "Freed 2 GiB on db-1") ||
		!strings.Contains(body.Text, "/runs/"+runID) || got[0].header.Get("Idempotency-Key") == "" {
		t.Fatalf("webhook body %s, headers %v", got[0].body, got[0].header)
	}
}
