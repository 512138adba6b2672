package activities_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.temporal.io/sdk/testsuite"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/internal/mailpittest"
	"github.com/opsmanager/opsmanager/mailer"
	"github.com/opsmanager/opsmanager/outbound"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// mailpitWait waits until Mailpit holds want messages to addr and returns
// them in full.
func mailpitWait(t *testing.T, addr string, want int) []mailpittest.Message {
	t.Helper()
	return mailpittest.Full(t, mailpittest.Wait(t, addr, want, 10*time.Second))
}

func newAddress() string { return uuid.NewString() + "@example.com" }

// --- Fixtures ---

// insertPagedIncident adds the policy, service and incident rows that
// deliveries reference, and returns the incident's ID.
func insertPagedIncident(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	policyID, serviceID, incidentID := uuid.NewString(), uuid.NewString(), uuid.NewString()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO escalation_policies (id, name, levels) VALUES ($1, $2, '[]')`, []any{policyID, "policy-" + policyID}},
		{`INSERT INTO services (id, name, escalation_policy_id) VALUES ($1, 'checkout', $2)`, []any{serviceID, policyID}},
		{`INSERT INTO incidents (id, service_id, title, severity, dedup_key, workflow_id) VALUES ($1, $2, 'Database down', 'critical', $3, $4)`,
			[]any{incidentID, serviceID, "dedup-" + incidentID, "incident/" + incidentID}},
	} {
		if _, err := pool.Exec(context.Background(), q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	return incidentID
}

// fakeResolver knows a few users and schedules. A schedule listed in
// failOnce fails its first lookup, as if the database blinked.
type fakeUser struct {
	email  string
	active bool
}

type fakeResolver struct {
	mu       sync.Mutex
	users    map[string]fakeUser
	onCall   map[string][]string
	failOnce map[string]bool
	asked    []time.Time
}

func (f *fakeResolver) UserEmail(_ context.Context, id string) (string, bool, error) {
	u, ok := f.users[id]
	if !ok {
		return "", false, domain.Errorf(domain.ENotFound, "user %s not found", id)
	}
	return u.email, u.active, nil
}

func (f *fakeResolver) OnCallEmails(_ context.Context, id string, at time.Time) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked = append(f.asked, at)
	if f.failOnce[id] {
		f.failOnce[id] = false
		return nil, errors.New("connection refused")
	}
	emails, ok := f.onCall[id]
	if !ok {
		return nil, domain.Errorf(domain.ENotFound, "schedule %s not found", id)
	}
	return emails, nil
}

type notifyFixture struct {
	n          *activities.Notifier
	deliveries *store.Deliveries
	incidentID string
}

// newNotifyFixture builds a Notifier on a fresh database, the shared Mailpit
// (through wrap, if given) and an SSRF-guarded client allowing allow.
func newNotifyFixture(t *testing.T, wrap func(activities.Mailer) activities.Mailer, allow []*net.IPNet) notifyFixture {
	t.Helper()
	pool := storetest.NewPool(t)
	m, err := mailer.New(mailer.Config{Host: "127.0.0.1", Port: 1025, From: "OpsManager <opsmanager@example.org>"})
	if err != nil {
		t.Fatal(err)
	}
	var mail activities.Mailer = m
	if wrap != nil {
		mail = wrap(m)
	}
	deliveries := store.NewDeliveries(pool)
	return notifyFixture{
		n: &activities.Notifier{
			Mail: mail, HTTP: outbound.NewGuard(allow).NewClient(30 * time.Second), Deliveries: deliveries,
			Recipients: &fakeResolver{}, DashboardURL: "http://localhost:8080/",
			Now: func() time.Time { return time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC) },
		},
		deliveries: deliveries,
		incidentID: insertPagedIncident(t, pool),
	}
}

func (f notifyFixture) input(eventKey string, targets ...domain.Target) contract.NotifyInput {
	return contract.NotifyInput{
		IncidentID: f.incidentID, Title: "Database down", Description: "p99 latency above 5 s",
		ServiceName: "checkout", Severity: "critical", Status: "triggered",
		Level: 2, Round: 1, Reason: "escalated", EventKey: eventKey, Targets: targets,
	}
}

func (f notifyFixture) deliveriesByTarget(t *testing.T) map[string]domain.Delivery {
	t.Helper()
	list, err := f.deliveries.ListByIncident(context.Background(), f.incidentID)
	if err != nil {
		t.Fatal(err)
	}
	byTarget := map[string]domain.Delivery{}
	for _, d := range list {
		byTarget[d.Target] = d
	}
	return byTarget
}

// runNotify executes NotifyLevel in Temporal's test activity environment,
// so errors come back as a workflow sees them. On failure the attempt's
// result is read from the error's details.
func runNotify(t *testing.T, n *activities.Notifier, in contract.NotifyInput) (contract.NotifyResult, error) {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(n)
	var res contract.NotifyResult
	val, err := env.ExecuteActivity(n.NotifyLevel, in)
	if err != nil {
		if ae := appError(t, err); ae.HasDetails() {
			if derr := ae.Details(&res); derr != nil {
				t.Fatalf("decode error details: %v", derr)
			}
		}
		return res, err
	}
	if err := val.Get(&res); err != nil {
		t.Fatalf("decode result: %v", err)
	}
	return res, nil
}

func statuses(res contract.NotifyResult) map[string]string {
	m := map[string]string{}
	for _, r := range res.Recipients {
		m[r.Target] = r.Status
	}
	return m
}

func assertStatuses(t *testing.T, res contract.NotifyResult, want map[string]string) {
	t.Helper()
	got := statuses(res)
	if len(got) != len(want) || len(res.Recipients) != len(want) {
		t.Fatalf("recipients = %+v, want %v", res.Recipients, want)
	}
	for target, status := range want {
		if got[target] != status {
			t.Errorf("%s: status %q, want %q (recipients %+v)", target, got[target], status, res.Recipients)
		}
	}
}

// --- Email ---

func TestNotifyPagesEveryRecipientOnce(t *testing.T) {
	t.Parallel()
	f := newNotifyFixture(t, nil, nil)
	alice, bob, carol, inactive := newAddress(), newAddress(), newAddress(), newAddress()
	aliceID, inactiveID, unknownID, scheduleID := uuid.NewString(), uuid.NewString(), uuid.NewString(), uuid.NewString()
	f.n.Recipients = &fakeResolver{
		users:  map[string]fakeUser{aliceID: {alice, true}, inactiveID: {inactive, false}},
		onCall: map[string][]string{scheduleID: {bob, strings.ToUpper(alice)}},
	}
	in := f.input("page-1",
		domain.Target{Type: domain.TargetUser, ID: aliceID},
		domain.Target{Type: domain.TargetUser, ID: inactiveID},
		domain.Target{Type: domain.TargetUser, ID: unknownID},
		domain.Target{Type: domain.TargetSchedule, ID: scheduleID}, // alice again, in capitals
		domain.Target{Type: domain.TargetEmail, Address: carol},
		domain.Target{Type: domain.TargetEmail, Address: alice},
	)
	want := map[string]string{alice: "sent", bob: "sent", carol: "sent", inactiveID: "skipped", unknownID: "skipped"}
	for attempt := 1; attempt <= 2; attempt++ {
		res, err := f.n.NotifyLevel(context.Background(), in) // a direct call, outside any activity
		if err != nil {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
		assertStatuses(t, res, want)
	}

	for _, addr := range []string{alice, bob, carol} {
		mailpitWait(t, addr, 1)
	}
	mailpitWait(t, inactive, 0)
	msg := mailpitWait(t, alice, 1)[0]
	if msg.Subject != "[CRITICAL] Database down — checkout (level 2, escalated)" {
		t.Errorf("subject = %q", msg.Subject)
	}
	link := "http://localhost:8080/incidents/" + f.incidentID
	for _, s := range []string{"Database down", "Severity: CRITICAL", "Service:  checkout", "Status:   triggered",
		"Nobody acknowledged", "p99 latency above 5 s", link,
		"POST", "http://localhost:8080/api/v1/incidents/" + f.incidentID + "/acknowledge"} {
		if !strings.Contains(msg.Text, s) {
			t.Errorf("text body lacks %q:\n%s", s, msg.Text)
		}
	}
	if !strings.Contains(msg.HTML, `href="`+link+`"`) {
		t.Errorf("HTML body lacks the link:\n%s", msg.HTML)
	}
	if !strings.HasPrefix(msg.MessageID, "page.") || !strings.HasSuffix(msg.MessageID, "@example.org") {
		t.Errorf("Message-ID = %q, want one derived from the idempotency key", msg.MessageID)
	}

	byTarget := f.deliveriesByTarget(t)
	if len(byTarget) != 3 {
		t.Fatalf("deliveries = %v, want alice, bob and carol", byTarget)
	}
	for _, addr := range []string{alice, bob, carol} {
		d := byTarget[addr]
		if d.Status != "sent" || d.Attempts != 1 || d.Channel != "email" || d.Level != 2 || d.Reason != "escalated" ||
			d.SentAt == nil || !strings.HasPrefix(d.IdempotencyKey, f.incidentID+"/page-1/email:") {
			t.Errorf("delivery to %s = %+v", addr, d)
		}
	}
}

// flakyMailer fails the first send to each address in failFirst before
// reaching the server, and counts what reaches the server.
type flakyMailer struct {
	next      activities.Mailer
	mu        sync.Mutex
	failFirst map[string]bool
	sent      map[string]int
}

func (m *flakyMailer) Send(ctx context.Context, msg mailer.Message) error {
	m.mu.Lock()
	to := msg.To[0]
	if m.failFirst[to] {
		m.failFirst[to] = false
		m.mu.Unlock()
		return errors.New("dial tcp: connection reset by peer")
	}
	m.sent[to]++
	m.mu.Unlock()
	return m.next.Send(ctx, msg)
}

// A retry after transient failures pages only those not reached yet: the
// window closed by recording each delivery before sending and after it.
func TestNotifyRetryPagesOnlyRecipientsNotReached(t *testing.T) {
	t.Parallel()
	alice, bob, dave := newAddress(), newAddress(), newAddress()
	flaky := &flakyMailer{failFirst: map[string]bool{bob: true}, sent: map[string]int{}}
	f := newNotifyFixture(t, func(m activities.Mailer) activities.Mailer { flaky.next = m; return flaky }, nil)
	scheduleID := uuid.NewString()
	resolver := &fakeResolver{onCall: map[string][]string{scheduleID: {dave}}, failOnce: map[string]bool{scheduleID: true}}
	f.n.Recipients = resolver
	onCallAt := time.Date(2026, 11, 25, 17, 59, 0, 0, time.UTC)
	in := f.input("page-1",
		domain.Target{Type: domain.TargetEmail, Address: alice},
		domain.Target{Type: domain.TargetEmail, Address: bob},
		domain.Target{Type: domain.TargetSchedule, ID: scheduleID})
	in.OnCallAt = onCallAt

	res, err := runNotify(t, f.n, in)
	assertAppError(t, err, contract.ErrNotifyIncomplete, false)
	assertStatuses(t, res, map[string]string{alice: "sent", bob: "pending", scheduleID: "pending"})

	res, err = runNotify(t, f.n, in) // Temporal's retry
	if err != nil {
		t.Fatal(err)
	}
	assertStatuses(t, res, map[string]string{alice: "sent", bob: "sent", dave: "sent"})

	for _, addr := range []string{alice, bob, dave} {
		mailpitWait(t, addr, 1)
		if flaky.sent[addr] != 1 {
			t.Errorf("%s reached the server %d times, want 1", addr, flaky.sent[addr])
		}
	}
	byTarget := f.deliveriesByTarget(t)
	if a, b := byTarget[alice], byTarget[bob]; a.Attempts != 1 || b.Attempts != 2 || b.Status != "sent" || b.LastError != "" {
		t.Errorf("alice %+v, bob %+v: want one attempt for alice, two for bob", a, b)
	}
	for _, at := range resolver.asked {
		if !at.Equal(onCallAt) {
			t.Errorf("on-call resolved at %v, want the page's time %v", at, onCallAt)
		}
	}
}

// sendThenLose delivers the first message to the server, then reports an
// error, as when a worker dies between sending and recording the send.
type sendThenLose struct {
	next activities.Mailer
	lost atomic.Bool
}

func (m *sendThenLose) Send(ctx context.Context, msg mailer.Message) error {
	if err := m.next.Send(ctx, msg); err != nil {
		return err
	}
	if m.lost.CompareAndSwap(false, true) {
		return errors.New("worker lost before recording the send")
	}
	return nil
}

// The window that cannot be closed: a send that is never recorded is sent
// again by the retry. Both copies carry the same Message-ID, so mail
// systems can drop the second.
func TestNotifyUnrecordedSendIsRepeatedWithSameMessageID(t *testing.T) {
	t.Parallel()
	lose := &sendThenLose{}
	f := newNotifyFixture(t, func(m activities.Mailer) activities.Mailer { lose.next = m; return lose }, nil)
	alice := newAddress()
	in := f.input("page-1", domain.Target{Type: domain.TargetEmail, Address: alice})
	if _, err := f.n.NotifyLevel(context.Background(), in); err == nil {
		t.Fatal("first attempt succeeded, want a transient failure")
	}
	if _, err := f.n.NotifyLevel(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	msgs := mailpitWait(t, alice, 2)
	if msgs[0].MessageID == "" || msgs[0].MessageID != msgs[1].MessageID {
		t.Errorf("Message-IDs %q and %q, want the same", msgs[0].MessageID, msgs[1].MessageID)
	}
}

func TestNotifyRejectsInputWithoutIdempotencyKey(t *testing.T) {
	t.Parallel()
	f := newNotifyFixture(t, nil, nil)
	in := f.input("", domain.Target{Type: domain.TargetEmail, Address: newAddress()})
	_, err := runNotify(t, f.n, in)
	assertAppError(t, err, contract.ErrNotifyInvalidInput, true)
}

// --- Webhooks ---

type hookRequest struct {
	header http.Header
	body   []byte
	path   string // with the query
}

// hookServer answers each request with the next of statuses (the last one
// repeats) and keeps what it received.
type hookServer struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	requests []hookRequest
}

func newHookServer(t *testing.T, statuses ...int) *hookServer {
	t.Helper()
	h := &hookServer{statuses: statuses}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.requests = append(h.requests, hookRequest{r.Header.Clone(), body, r.URL.RequestURI()})
		status := h.statuses[0]
		if len(h.statuses) > 1 {
			h.statuses = h.statuses[1:]
		}
		h.mu.Unlock()
		w.WriteHeader(status)
		_, _ = io.WriteString(w, http.StatusText(status))
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookServer) received() []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookRequest(nil), h.requests...)
}

// assertNoSecret checks that nothing reported or stored shows the secret.
func assertNoSecret(t *testing.T, f notifyFixture, res contract.NotifyResult, err error, secret string) {
	t.Helper()
	for _, r := range res.Recipients {
		if strings.Contains(r.Target+r.Error, secret) {
			t.Errorf("recipient %+v shows the secret", r)
		}
	}
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Errorf("error %q shows the secret", err)
	}
	for _, d := range f.deliveriesByTarget(t) {
		if strings.Contains(d.Target+d.LastError+d.IdempotencyKey, secret) {
			t.Errorf("stored delivery %+v shows the secret", d)
		}
	}
}

func TestNotifyPostsWebhooks(t *testing.T) {
	t.Parallel()
	f := newNotifyFixture(t, nil, loopback)
	plain, slack := newHookServer(t, http.StatusNoContent), newHookServer(t, http.StatusOK)
	in := f.input("page-1",
		domain.Target{Type: domain.TargetWebhook, URL: plain.URL + "/hooks/pager?token=s3cret"},
		domain.Target{Type: domain.TargetWebhook, URL: slack.URL + "/services/T0/B0/slacksecret", Format: "slack"})
	var res contract.NotifyResult
	var err error
	for attempt := 1; attempt <= 2; attempt++ {
		if res, err = runNotify(t, f.n, in); err != nil {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
	}
	assertStatuses(t, res, map[string]string{
		plain.URL + "/hooks/pager?redacted": "sent",
		slack.URL + "/redacted":             "sent",
	})
	assertNoSecret(t, f, res, err, "s3cret")
	assertNoSecret(t, f, res, err, "slacksecret")

	got := plain.received()
	if len(got) != 1 {
		t.Fatalf("json webhook got %d requests, want 1", len(got))
	}
	var page struct {
		Event      string
		DeliveryID string
		Incident   map[string]string
		Level      int
		Round      int
		Reason     string
	}
	if err := json.Unmarshal(got[0].body, &page); err != nil {
		t.Fatalf("body %s: %v", got[0].body, err)
	}
	wantIncident := map[string]string{"id": f.incidentID, "title": "Database down", "severity": "critical",
		"status": "triggered", "service": "checkout", "url": "http://localhost:8080/incidents/" + f.incidentID}
	if page.Event != "incident.page" || page.Level != 2 || page.Round != 1 || page.Reason != "escalated" ||
		len(page.Incident) != len(wantIncident) {
		t.Errorf("payload = %s", got[0].body)
	}
	for k, v := range wantIncident {
		if page.Incident[k] != v {
			t.Errorf("incident.%s = %q, want %q", k, page.Incident[k], v)
		}
	}
	if ct := got[0].header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if key := got[0].header.Get("Idempotency-Key"); key == "" || key != page.DeliveryID {
		t.Errorf("Idempotency-Key = %q, deliveryId = %q: want the delivery's ID in both", key, page.DeliveryID)
	}

	got = slack.received()
	if len(got) != 1 {
		t.Fatalf("slack webhook got %d requests, want 1", len(got))
	}
	var msg struct{ Text string }
	if err := json.Unmarshal(got[0].body, &msg); err != nil {
		t.Fatalf("body %s: %v", got[0].body, err)
	}
	for _, s := range []string{"[CRITICAL] Database down", "checkout", "Level 2", "escalated",
		"<http://localhost:8080/incidents/" + f.incidentID + "|"} {
		if !strings.Contains(msg.Text, s) {
			t.Errorf("slack text lacks %q: %q", s, msg.Text)
		}
	}
}

func TestNotifyWebhookClientErrorIsRecordedNotRetried(t *testing.T) {
	t.Parallel()
	f := newNotifyFixture(t, nil, loopback)
	hook := newHookServer(t, http.StatusNotFound)
	in := f.input("page-1", domain.Target{Type: domain.TargetWebhook, URL: hook.URL + "/x?token=s3cret"})
	shown := hook.URL + "/x?redacted"
	for attempt := 1; attempt <= 2; attempt++ {
		res, err := runNotify(t, f.n, in)
		if err != nil {
			t.Fatalf("attempt %d: a permanent failure must not fail the activity: %v", attempt, err)
		}
		assertStatuses(t, res, map[string]string{shown: "failed"})
		if !strings.Contains(res.Recipients[0].Error, "404") {
			t.Errorf("error %q does not name the status", res.Recipients[0].Error)
		}
		assertNoSecret(t, f, res, err, "s3cret")
	}
	if n := len(hook.received()); n != 1 {
		t.Errorf("webhook got %d requests, want 1: a 4xx is not retried", n)
	}
	d := f.deliveriesByTarget(t)[shown]
	if d.Status != "failed" || d.Attempts != 1 || !strings.Contains(d.LastError, "404") {
		t.Errorf("delivery = %+v", d)
	}
}

func TestNotifyWebhookServerErrorIsRetriedUntilItRecovers(t *testing.T) {
	t.Parallel()
	f := newNotifyFixture(t, nil, loopback)
	hook := newHookServer(t, http.StatusServiceUnavailable, http.StatusOK)
	in := f.input("page-1", domain.Target{Type: domain.TargetWebhook, URL: hook.URL + "/x?token=s3cret"})
	shown := hook.URL + "/x?redacted"

	res, err := runNotify(t, f.n, in)
	ae := assertAppError(t, err, contract.ErrNotifyIncomplete, false)
	assertStatuses(t, res, map[string]string{shown: "pending"})
	assertNoSecret(t, f, res, err, "s3cret")
	if !strings.Contains(ae.Error(), "503") {
		t.Errorf("error %q does not name the status", ae.Error())
	}
	if d := f.deliveriesByTarget(t)[shown]; d.Status != "pending" || !strings.Contains(d.LastError, "503") {
		t.Errorf("after the 503: delivery = %+v", d)
	}

	for attempt := 2; attempt <= 3; attempt++ {
		if res, err = runNotify(t, f.n, in); err != nil {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
		assertStatuses(t, res, map[string]string{shown: "sent"})
	}
	if n := len(hook.received()); n != 2 {
		t.Errorf("webhook got %d requests, want 2 (the 503, then the success)", n)
	}
	if d := f.deliveriesByTarget(t)[shown]; d.Status != "sent" || d.Attempts != 2 || d.LastError != "" {
		t.Errorf("delivery = %+v", d)
	}
}

func TestNotifyWebhookTimeoutIsTransient(t *testing.T) {
	t.Parallel()
	f := newNotifyFixture(t, nil, loopback)
	f.n.WebhookTimeout = 100 * time.Millisecond
	release := make(chan struct{})
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release // answers only when the test ends
	}))
	t.Cleanup(hook.Close)
	t.Cleanup(func() { close(release) }) // runs before Close, which waits for the handler
	in := f.input("page-1", domain.Target{Type: domain.TargetWebhook, URL: hook.URL})
	res, err := runNotify(t, f.n, in)
	assertAppError(t, err, contract.ErrNotifyIncomplete, false)
	assertStatuses(t, res, map[string]string{hook.URL: "pending"})
}

func TestNotifyRefusesInternalWebhooks(t *testing.T) {
	t.Parallel()
	f := newNotifyFixture(t, nil, nil) // no allowlist: loopback is internal
	hook := newHookServer(t, http.StatusOK)
	in := f.input("page-1", domain.Target{Type: domain.TargetWebhook, URL: hook.URL + "/x?token=s3cret"})
	res, err := runNotify(t, f.n, in)
	if err != nil {
		t.Fatalf("a blocked webhook is a permanent failure and must not fail the activity: %v", err)
	}
	shown := hook.URL + "/x?redacted"
	assertStatuses(t, res, map[string]string{shown: "failed"})
	if !strings.Contains(res.Recipients[0].Error, "internal address") {
		t.Errorf("error = %q, want it to say the address is internal", res.Recipients[0].Error)
	}
	if n := len(hook.received()); n != 0 {
		t.Errorf("the guarded client reached the server %d times", n)
	}
	if d := f.deliveriesByTarget(t)[shown]; d.Status != "failed" {
		t.Errorf("delivery = %+v, want failed", d)
	}
	assertNoSecret(t, f, res, err, "s3cret")
}
