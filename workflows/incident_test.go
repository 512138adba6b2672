package workflows_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

var notifier *activities.Notifier

// pageCall is one NotifyLevel call and its virtual time.
type pageCall struct {
	contract.NotifyInput
	At time.Duration // since the workflow started
}

type incidentEnv struct {
	*testsuite.TestWorkflowEnvironment
	mu     sync.Mutex // mocked activities run on their own goroutines
	start  time.Time
	pages  []pageCall
	events []contract.RecordIncidentInput
}

func newIncidentEnv(t *testing.T) *incidentEnv {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	e := &incidentEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment()}
	e.start = e.Now()
	e.RegisterWorkflowWithOptions(workflows.IncidentWorkflow, workflow.RegisterOptions{Name: contract.IncidentWorkflowType})
	e.RegisterActivity(&activities.Activities{})
	e.RegisterActivity(&activities.Notifier{})
	e.OnActivity(notifier.NotifyLevel, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in contract.NotifyInput) (contract.NotifyResult, error) {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.pages = append(e.pages, pageCall{in, e.Now().Sub(e.start)})
			return contract.NotifyResult{Recipients: []contract.Recipient{{Channel: "email", Target: in.Targets[0].Address, Status: "sent"}}}, nil
		})
	e.OnActivity(acts.RecordIncident, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in contract.RecordIncidentInput) error {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.events = append(e.events, in)
			return nil
		})
	return e
}

func emailLevel(delay time.Duration, addr string) domain.EscalationLevel {
	return domain.EscalationLevel{DelaySeconds: int(delay.Seconds()), Targets: []domain.Target{{Type: domain.TargetEmail, Address: addr}}}
}

func incidentInput(repeat int, levels ...domain.EscalationLevel) contract.IncidentInput {
	return contract.IncidentInput{IncidentID: "inc-1", ServiceName: "checkout", Title: "Checkout down",
		Severity: domain.SeverityCritical, Policy: domain.EscalationPolicy{Repeat: repeat, Levels: levels}}
}

// act sends an update at virtual time after, recording its error.
func (e *incidentEnv) act(after time.Duration, action domain.IncidentAction, errOut *error) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(contract.UpdateIncidentAction, string(action)+after.String(), &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { setErr(errOut, err) },
			OnAccept:   func() {},
			OnComplete: func(_ interface{}, err error) { setErr(errOut, err) },
		}, contract.ActionRequest{Action: action, Actor: "alice"})
	}, after)
}

func setErr(out *error, err error) {
	if out != nil && err != nil {
		*out = err
	}
}

// finish resolves and closes the incident at virtual time after.
func (e *incidentEnv) finish(after time.Duration) {
	e.act(after, domain.ActionResolve, nil)
	e.act(after+time.Second, domain.ActionClose, nil)
}

func (e *incidentEnv) pageTimes() []time.Duration {
	var out []time.Duration
	for _, p := range e.pages {
		out = append(out, p.At)
	}
	return out
}

func assertPages(t *testing.T, e *incidentEnv, want ...time.Duration) {
	t.Helper()
	got := e.pageTimes()
	if len(got) != len(want) {
		t.Fatalf("pages at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("pages at %v, want %v", got, want)
		}
	}
}

func TestSecondLevelIsPagedExactlyAtTheDelay(t *testing.T) {
	e := newIncidentEnv(t)
	e.finish(time.Hour)
	e.ExecuteWorkflow(contract.IncidentWorkflowType, incidentInput(0, emailLevel(10*time.Minute, "a@example.com"), emailLevel(10*time.Minute, "b@example.com")))
	if err := e.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	assertPages(t, e, 0, 10*time.Minute)
	if e.pages[1].Level != 2 || e.pages[1].Targets[0].Address != "b@example.com" || e.pages[1].Reason != "escalated" {
		t.Fatalf("second page = %+v", e.pages[1].NotifyInput)
	}
	if e.pages[0].EventKey == e.pages[1].EventKey {
		t.Fatal("two pages share an idempotency key")
	}
}

func TestAcknowledgeStopsEscalation(t *testing.T) {
	e := newIncidentEnv(t)
	e.act(4*time.Minute, domain.ActionAcknowledge, nil)
	e.finish(time.Hour)
	e.ExecuteWorkflow(contract.IncidentWorkflowType, incidentInput(0, emailLevel(10*time.Minute, "a@example.com"), emailLevel(10*time.Minute, "b@example.com")))
	assertPages(t, e, 0)
	var state contract.IncidentState
	if err := e.GetWorkflowResult(&state); err != nil {
		t.Fatal(err)
	}
	if state.Status != domain.StatusClosed || state.AcknowledgedAt == nil || state.AcknowledgedAt.Sub(e.start) != 4*time.Minute {
		t.Fatalf("state = %+v", state)
	}
}

func TestRepeatWrapsAroundThenStops(t *testing.T) {
	e := newIncidentEnv(t)
	e.finish(2 * time.Hour)
	e.ExecuteWorkflow(contract.IncidentWorkflowType, incidentInput(2, emailLevel(time.Minute, "a@example.com"), emailLevel(time.Minute, "b@example.com")))
	assertPages(t, e, 0, time.Minute, 2*time.Minute, 3*time.Minute, 4*time.Minute, 5*time.Minute)
	rounds := []int{0, 0, 1, 1, 2, 2}
	for i, p := range e.pages {
		if p.Round != rounds[i] || p.Level != i%2+1 {
			t.Fatalf("page %d: level %d round %d", i, p.Level, p.Round)
		}
	}
}

func TestMissedAckSLAEscalatesAtOnce(t *testing.T) {
	e := newIncidentEnv(t)
	e.finish(time.Hour)
	in := incidentInput(0, emailLevel(10*time.Minute, "a@example.com"), emailLevel(10*time.Minute, "b@example.com"), emailLevel(10*time.Minute, "c@example.com"))
	in.AckSLA = 5 * time.Minute
	e.ExecuteWorkflow(contract.IncidentWorkflowType, in)
	// Breach at +5m pages level 2 at once; level 3 follows level 2's own delay.
	assertPages(t, e, 0, 5*time.Minute, 15*time.Minute)
	if e.pages[1].Reason != "sla_ack_breached" || e.pages[1].Level != 2 {
		t.Fatalf("breach page = %+v", e.pages[1].NotifyInput)
	}
	if !hasEvent(e, domain.EventSLABreached) {
		t.Fatal("no sla_breached timeline event")
	}
}

func TestMissedResolveSLANotifiesCurrentLevel(t *testing.T) {
	e := newIncidentEnv(t)
	e.act(time.Minute, domain.ActionAcknowledge, nil)
	e.finish(3 * time.Hour)
	in := incidentInput(0, emailLevel(10*time.Minute, "a@example.com"), emailLevel(10*time.Minute, "b@example.com"))
	in.AckSLA, in.ResolveSLA = 5*time.Minute, 2*time.Hour
	e.ExecuteWorkflow(contract.IncidentWorkflowType, in)
	assertPages(t, e, 0, 2*time.Hour)
	if e.pages[1].Reason != "sla_resolve_breached" || e.pages[1].Level != 1 {
		t.Fatalf("resolve breach page = %+v", e.pages[1].NotifyInput)
	}
}

func TestResolveStopsEverything(t *testing.T) {
	e := newIncidentEnv(t)
	e.act(time.Minute, domain.ActionResolve, nil)
	e.act(5*time.Hour, domain.ActionClose, nil)
	in := incidentInput(3, emailLevel(2*time.Minute, "a@example.com"), emailLevel(2*time.Minute, "b@example.com"))
	in.AckSLA, in.ResolveSLA = 3*time.Minute, time.Hour
	e.ExecuteWorkflow(contract.IncidentWorkflowType, in)
	assertPages(t, e, 0)
	if hasEvent(e, domain.EventSLABreached) {
		t.Fatal("an SLA fired after resolve")
	}
}

func TestInvalidTransitionsAreRejected(t *testing.T) {
	e := newIncidentEnv(t)
	var closeErr, secondAckErr error
	e.act(time.Minute, domain.ActionClose, &closeErr) // close needs resolved first
	e.act(2*time.Minute, domain.ActionAcknowledge, nil)
	e.act(3*time.Minute, domain.ActionAcknowledge, &secondAckErr)
	e.finish(time.Hour)
	e.ExecuteWorkflow(contract.IncidentWorkflowType, incidentInput(0, emailLevel(10*time.Minute, "a@example.com")))
	if closeErr == nil || secondAckErr == nil {
		t.Fatalf("close while triggered: %v; second acknowledge: %v — both must be rejected", closeErr, secondAckErr)
	}
	if want := "cannot acknowledge an incident that is acknowledged"; !containsErr(secondAckErr, want) {
		t.Fatalf("rejection %q should say %q", secondAckErr, want)
	}
}

func TestReopenStartsAgainFromLevelOne(t *testing.T) {
	e := newIncidentEnv(t)
	e.act(15*time.Minute, domain.ActionResolve, nil)
	e.act(20*time.Minute, domain.ActionReopen, nil)
	e.act(2*time.Hour, domain.ActionResolve, nil)
	e.act(2*time.Hour+time.Second, domain.ActionClose, nil)
	e.ExecuteWorkflow(contract.IncidentWorkflowType, incidentInput(0, emailLevel(10*time.Minute, "a@example.com"), emailLevel(10*time.Minute, "b@example.com")))
	assertPages(t, e, 0, 10*time.Minute, 20*time.Minute, 30*time.Minute)
	if e.pages[2].Level != 1 || e.pages[2].Reason != "reopened" {
		t.Fatalf("page after reopen = %+v", e.pages[2].NotifyInput)
	}
}

func TestContinueAsNewKeepsState(t *testing.T) {
	e := newIncidentEnv(t)
	in := incidentInput(9, emailLevel(time.Minute, "a@example.com"), emailLevel(time.Minute, "b@example.com"))
	in.MaxRecords = 10
	e.ExecuteWorkflow(contract.IncidentWorkflowType, in)
	var can *workflow.ContinueAsNewError
	if err := e.GetWorkflowError(); !errors.As(err, &can) {
		t.Fatalf("workflow ended with %v, want continue-as-new", err)
	}
	var next contract.IncidentInput
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil {
		t.Fatal(err)
	}
	st := next.State
	if st == nil || st.Status != domain.StatusTriggered || st.Seq == 0 || len(st.Pages) != len(e.pages) ||
		st.Level != e.pages[len(e.pages)-1].Level-1 || st.NextEscalationAt == nil || next.Policy.Repeat != 9 {
		t.Fatalf("continued with %+v after %d pages", st, len(e.pages))
	}
}

func hasEvent(e *incidentEnv, typ string) bool {
	for _, ev := range e.events {
		if ev.Event != nil && ev.Event.Type == typ {
			return true
		}
	}
	return false
}

func containsErr(err error, s string) bool { return err != nil && strings.Contains(err.Error(), s) }

// TestFailingPageDoesNotStallTheSLA: level 1's webhook is down and its
// delivery keeps retrying; the acknowledge deadline still escalates on time.
func TestFailingPageDoesNotStallTheSLA(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	start := env.Now()
	env.RegisterWorkflowWithOptions(workflows.IncidentWorkflow, workflow.RegisterOptions{Name: contract.IncidentWorkflowType})
	env.RegisterActivity(&activities.Activities{})
	env.RegisterActivity(&activities.Notifier{})
	var mu sync.Mutex
	var level2At time.Duration
	env.OnActivity(notifier.NotifyLevel, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in contract.NotifyInput) (contract.NotifyResult, error) {
			mu.Lock()
			defer mu.Unlock()
			if in.Level == 1 {
				return contract.NotifyResult{}, errors.New("webhook: connection refused")
			}
			if level2At == 0 {
				level2At = env.Now().Sub(start)
			}
			return contract.NotifyResult{}, nil
		})
	env.OnActivity(acts.RecordIncident, mock.Anything, mock.Anything).Return(nil)
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(contract.UpdateIncidentAction, "resolve", &testsuite.TestUpdateCallback{
			OnAccept: func() {}, OnReject: func(error) {}, OnComplete: func(interface{}, error) {}},
			contract.ActionRequest{Action: domain.ActionResolve, Actor: "alice"})
	}, 3*time.Hour)
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(contract.UpdateIncidentAction, "close", &testsuite.TestUpdateCallback{
			OnAccept: func() {}, OnReject: func(error) {}, OnComplete: func(interface{}, error) {}},
			contract.ActionRequest{Action: domain.ActionClose, Actor: "alice"})
	}, 3*time.Hour+time.Second)
	in := incidentInput(0, domain.EscalationLevel{DelaySeconds: 3600, Targets: []domain.Target{{Type: domain.TargetWebhook, URL: "https://down.example.com"}}},
		emailLevel(time.Hour, "b@example.com"))
	in.AckSLA = 5 * time.Minute
	env.ExecuteWorkflow(contract.IncidentWorkflowType, in)
	if level2At != 5*time.Minute {
		t.Fatalf("level 2 paged at %v, want exactly +5m while level 1's delivery still retries", level2At)
	}
}
