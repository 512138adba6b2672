package launch_test

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"
	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/internal/testsvc"
	"github.com/opsmanager/opsmanager/launch"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
	"github.com/opsmanager/opsmanager/temporal"
	"github.com/opsmanager/opsmanager/vault"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

// env is a launcher over a fresh database and the real Temporal dev server,
// on a task queue no worker polls: started workflows wait, which is all
// these tests need to see.
type env struct {
	acts      *launch.Activities
	l         *launch.Launcher
	temporal  client.Client
	incidents *store.Incidents
	runs      *store.Runs
	policies  *store.Policies
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	addr := os.Getenv("TEMPORAL_ADDRESS")
	if addr == "" {
		addr = "127.0.0.1:7233"
	}
	testsvc.Reachable(t, "the Temporal dev server", addr)
	codec, err := temporal.NewCodec(vault.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	c, err := temporal.Dial(ctx, temporal.Options{Address: addr, Namespace: "default", Codec: codec})
	if err != nil {
		testsvc.Unavailable(t, "the Temporal dev server", addr, err)
	}
	t.Cleanup(c.Close)
	if err := temporal.EnsureSearchAttributes(ctx, c, "default", workflows.SearchAttributeTypes()); err != nil {
		t.Fatal(err)
	}
	pool := storetest.NewPool(t)
	e := &env{temporal: c, incidents: store.NewIncidents(pool), runs: store.NewRuns(pool), policies: store.NewPolicies(pool)}
	catalog, err := workflows.NewCatalog(playbooks.All()...)
	if err != nil {
		t.Fatal(err)
	}
	e.l = &launch.Launcher{Temporal: c, TaskQueue: "launch-test-" + uuid.NewString(), Catalog: catalog, Runs: e.runs,
		Incidents: e.incidents, Policies: e.policies, PublicURL: "http://ops.test"}
	e.acts = &launch.Activities{L: e.l, Links: e.incidents}
	return e
}

func (e *env) service(t *testing.T, triggers ...domain.PlaybookTrigger) domain.Service {
	t.Helper()
	ctx := context.Background()
	pol, err := e.policies.CreateEscalationPolicy(ctx, domain.EscalationPolicy{Name: "p-" + uuid.NewString(), Levels: []domain.EscalationLevel{
		{DelaySeconds: 60, Targets: []domain.Target{{Type: domain.TargetEmail, Address: "oncall@example.com"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := e.policies.CreateService(ctx, domain.Service{Name: "checkout-" + uuid.NewString()[:8], EscalationPolicyID: pol.ID, Playbooks: triggers})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func (e *env) failedRun(t *testing.T, serviceID string) domain.Run {
	t.Helper()
	def, _ := e.l.Catalog.Lookup("http-check")
	run, err := e.l.Run(context.Background(), launch.NewRun{Def: def, Params: map[string]any{"url": "https://x.example.com"},
		RequestedBy: "alice@example.com", ServiceID: serviceID})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestFailedRunOpensOneIncidentInItsServiceLinkedBothWays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	svc := e.service(t)
	run := e.failedRun(t, svc.ID)
	in := contract.RunIncidentInput{RunID: run.ID, Playbook: "http-check", Relation: domain.LinkFailure, Message: "GET answered 503"}

	id, err := e.acts.OpenRunIncident(ctx, in)
	if err != nil || id == "" {
		t.Fatalf("OpenRunIncident = %q, %v", id, err)
	}
	again, err := e.acts.OpenRunIncident(ctx, in) // a retried attempt
	if err != nil || again != id {
		t.Fatalf("retry opened %q (%v), want the same incident %q", again, err, id)
	}
	inc, err := e.incidents.Get(ctx, id)
	if err != nil || inc.ServiceID != svc.ID || inc.Severity != domain.SeverityHigh || !strings.Contains(inc.Title, "http-check failed: GET answered 503") ||
		!strings.Contains(inc.Description, "http://ops.test/runs/"+run.ID) {
		t.Fatalf("incident = %+v, %v", inc, err)
	}
	links, _ := e.incidents.RunLinks(ctx, run.ID)
	if len(links) != 1 || links[0].IncidentID != id || links[0].Relation != domain.LinkFailure {
		t.Fatalf("run links = %+v", links)
	}
	tl, _ := e.incidents.Timeline(ctx, id)
	if len(tl) != 1 || tl[0].Type != "playbook_failure" || tl[0].Details["runId"] != run.ID {
		t.Fatalf("timeline = %+v", tl)
	}
	// The incident's workflow was started, so its escalation policy pages.
	desc, err := e.temporal.DescribeWorkflow(ctx, inc.WorkflowID, "")
	if err != nil || desc.WorkflowType.Name != contract.IncidentWorkflowType {
		t.Fatalf("incident workflow: %v", err)
	}
}

func TestRepeatedFailuresOfAPlaybookAttachToTheOpenIncident(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	svc := e.service(t)
	first, second := e.failedRun(t, svc.ID), e.failedRun(t, svc.ID)
	a, err := e.acts.OpenRunIncident(ctx, contract.RunIncidentInput{RunID: first.ID, Playbook: "http-check", Relation: domain.LinkFailure, Message: "boom"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.acts.OpenRunIncident(ctx, contract.RunIncidentInput{RunID: second.ID, Playbook: "http-check", Relation: domain.LinkFailure, Message: "boom"})
	if err != nil || a != b {
		t.Fatalf("second failure opened %q (%v), want it attached to %q", b, err, a)
	}
	links, _ := e.incidents.IncidentLinks(ctx, a)
	if len(links) != 2 {
		t.Fatalf("incident links = %+v, want both runs", links)
	}
}

func TestFailedRunWithoutServiceOpensNothingUnlessFailureServiceSet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	run := e.failedRun(t, "")
	in := contract.RunIncidentInput{RunID: run.ID, Playbook: "http-check", Relation: domain.LinkApprovalTimeout, Message: "nobody approved within 30m"}
	if id, err := e.acts.OpenRunIncident(ctx, in); id != "" || err != nil {
		t.Fatalf("without a service: %q, %v", id, err)
	}
	e.l.FailureServiceID = e.service(t).ID
	id, err := e.acts.OpenRunIncident(ctx, in)
	if err != nil || id == "" {
		t.Fatalf("with PLAYBOOK_FAILURE_SERVICE_ID: %q, %v", id, err)
	}
	inc, _ := e.incidents.Get(ctx, id)
	if inc.ServiceID != e.l.FailureServiceID || !strings.Contains(inc.Title, "Approval needed") {
		t.Fatalf("incident = %+v", inc)
	}
}

func TestIncidentStartsItsServicePlaybooksOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	svc := e.service(t,
		domain.PlaybookTrigger{Playbook: "http-check", Params: map[string]any{"url": "https://{{service.name}}.example.com/health"},
			SavedBy: "alice@example.com"},
		domain.PlaybookTrigger{Playbook: "http-check", Params: map[string]any{"url": "{{incident.title}}"}}, // not a URL once rendered
		domain.PlaybookTrigger{Playbook: "no-such-playbook"},
	)
	inc, _, err := e.l.Incident(ctx, launch.NewIncident{ServiceID: svc.ID, Title: "Checkout down", Severity: domain.SeverityCritical})
	if err != nil {
		t.Fatal(err)
	}
	in := contract.IncidentPlaybooksInput{IncidentID: inc.ID, ServiceID: svc.ID, ServiceName: svc.Name, Title: inc.Title,
		Severity: inc.Severity, Triggers: svc.Playbooks}
	started, err := e.acts.StartIncidentPlaybooks(ctx, in)
	if err != nil || len(started) != 1 {
		t.Fatalf("started %v, %v; want exactly one run", started, err)
	}
	again, err := e.acts.StartIncidentPlaybooks(ctx, in) // a retried attempt
	if err != nil || len(again) != 1 || again[0] != started[0] {
		t.Fatalf("retry started %v (%v), want the same run %v", again, err, started)
	}
	run, err := e.runs.Get(ctx, started[0])
	if err != nil || run.Params["url"] != "https://"+svc.Name+".example.com/health" || run.RequestedBy != launch.Automation ||
		run.OnBehalfOf == nil || *run.OnBehalfOf != "alice@example.com" ||
		run.ServiceID == nil || *run.ServiceID != svc.ID || run.TemporalRunID == "" {
		t.Fatalf("run = %+v, %v", run, err)
	}
	if _, total, _ := e.runs.List(ctx, domain.RunFilter{IncidentID: inc.ID, Page: 1, Limit: 10}); total != 1 {
		t.Fatalf("runs linked to the incident = %d, want 1", total)
	}
	tl, _ := e.incidents.Timeline(ctx, inc.ID)
	types := map[string]int{}
	for _, ev := range tl {
		types[ev.Type]++
	}
	if types["playbook_started"] != 1 || types["playbook_skipped"] != 2 {
		t.Fatalf("timeline = %+v", tl)
	}
}

func TestOpenCircuitBreakerHoldsBackAutomaticRuns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newEnv(t)
	svc := e.service(t, domain.PlaybookTrigger{Playbook: "http-check", Params: map[string]any{"url": "https://example.com"}})
	if _, err := e.acts.OpenRunIncident(ctx, contract.RunIncidentInput{RunID: e.failedRun(t, svc.ID).ID, Playbook: "http-check",
		Relation: domain.LinkFailure, Message: "503"}); err != nil {
		t.Fatal(err)
	}
	inc, _, err := e.l.Incident(ctx, launch.NewIncident{ServiceID: svc.ID, Title: "Checkout slow", Severity: domain.SeverityHigh})
	if err != nil {
		t.Fatal(err)
	}
	started, err := e.acts.StartIncidentPlaybooks(ctx, contract.IncidentPlaybooksInput{IncidentID: inc.ID, ServiceID: svc.ID,
		ServiceName: svc.Name, Title: inc.Title, Severity: inc.Severity, Triggers: svc.Playbooks})
	if err != nil || len(started) != 0 {
		t.Fatalf("started %v, %v; want none while the breaker is open", started, err)
	}
	tl, _ := e.incidents.Timeline(ctx, inc.ID)
	if len(tl) != 1 || !strings.Contains(tl[0].Message, "circuit breaker is open") {
		t.Fatalf("timeline = %+v", tl)
	}
}

// Workflows call the launch activities through workflows.LaunchActivities;
// its method set must be exactly launch.Activities' exported one, with the
// same signatures, or a workflow would schedule an activity no worker has.
func TestLaunchActivitiesMatchTheirDeclaration(t *testing.T) {
	declared := reflect.TypeFor[*workflows.LaunchActivities]()
	impl := reflect.TypeFor[*launch.Activities]()
	if declared.NumMethod() != impl.NumMethod() {
		t.Fatalf("workflows.LaunchActivities has %d methods, launch.Activities %d", declared.NumMethod(), impl.NumMethod())
	}
	for i := range declared.NumMethod() {
		d := declared.Method(i)
		r, ok := impl.MethodByName(d.Name)
		if !ok {
			t.Errorf("launch.Activities lacks %s", d.Name)
			continue
		}
		// Compare without the receiver.
		dt, rt := d.Type, r.Type
		if dt.NumIn() != rt.NumIn() || dt.NumOut() != rt.NumOut() {
			t.Errorf("%s: %v, launch has %v", d.Name, dt, rt)
			continue
		}
		for j := 1; j < dt.NumIn(); j++ {
			if dt.In(j) != rt.In(j) {
				t.Errorf("%s argument %d: %v, launch has %v", d.Name, j, dt.In(j), rt.In(j))
			}
		}
		for j := range dt.NumOut() {
			if dt.Out(j) != rt.Out(j) {
				t.Errorf("%s result %d: %v, launch has %v", d.Name, j, dt.Out(j), rt.Out(j))
			}
		}
	}
}
