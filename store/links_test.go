package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

func TestRunsAndIncidentsAreLinkedBothWays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewPool(t)
	incidents, runs := store.NewIncidents(pool), store.NewRuns(pool)
	svc := newService(t, pool)
	inc := newIncident(t, incidents, svc, "k", time.Now().UTC())
	r := newRun("http-check", time.Now().UTC())
	r.ServiceID = &svc.ID
	if err := runs.Create(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := runs.Create(ctx, r); err != store.ErrRunExists {
		t.Fatalf("second create = %v, want ErrRunExists", err)
	}
	for range 2 { // linking is idempotent
		if err := incidents.LinkRun(ctx, inc.ID, r.ID, domain.LinkTriggered); err != nil {
			t.Fatal(err)
		}
	}
	byRun, err := incidents.RunLinks(ctx, r.ID)
	if err != nil || len(byRun) != 1 || byRun[0].IncidentTitle != inc.Title || byRun[0].Relation != domain.LinkTriggered {
		t.Fatalf("run links = %+v, %v", byRun, err)
	}
	byIncident, err := incidents.IncidentLinks(ctx, inc.ID)
	if err != nil || len(byIncident) != 1 || byIncident[0].Playbook != "http-check" || byIncident[0].RunStatus != domain.RunPending {
		t.Fatalf("incident links = %+v, %v", byIncident, err)
	}
	listed, total, err := runs.List(ctx, domain.RunFilter{IncidentID: inc.ID, Page: 1, Limit: 10})
	if err != nil || total != 1 || listed[0].ID != r.ID || listed[0].ServiceID == nil || *listed[0].ServiceID != svc.ID {
		t.Fatalf("runs of incident = %+v (%d), %v", listed, total, err)
	}
}

func TestAddEventWritesOncePerKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewPool(t)
	incidents := store.NewIncidents(pool)
	inc := newIncident(t, incidents, newService(t, pool), "k", time.Now().UTC())
	ev := domain.TimelineEvent{At: time.Now().UTC(), Type: "playbook_started", Actor: "automation", Message: "started http-check"}
	for range 2 {
		if err := incidents.AddEvent(ctx, inc.ID, "run/1", ev); err != nil {
			t.Fatal(err)
		}
	}
	tl, err := incidents.Timeline(ctx, inc.ID)
	if err != nil || len(tl) != 1 || tl[0].Type != "playbook_started" {
		t.Fatalf("timeline = %+v, %v", tl, err)
	}
}

func TestServiceKeepsItsPlaybookTriggers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewPool(t)
	svc := newService(t, pool)
	svc.Playbooks = []domain.PlaybookTrigger{{Playbook: "http-check", Params: map[string]any{"url": "https://{{service.name}}"}}}
	p := store.NewPolicies(pool)
	if _, err := p.UpdateService(ctx, svc); err != nil {
		t.Fatal(err)
	}
	got, err := p.Service(ctx, svc.ID)
	if err != nil || len(got.Playbooks) != 1 || got.Playbooks[0].Params["url"] != "https://{{service.name}}" {
		t.Fatalf("service = %+v, %v", got, err)
	}
}

// locksOfAServer gives a test its own database with one server to lock.
func locksOfAServer(t *testing.T) (*store.ServerLocks, domain.Server) {
	t.Helper()
	pool, servers, _, cred := serverStores(t)
	return store.NewServerLocks(pool), addServer(t, servers, "web-1", cred.ID)
}

func TestServerLockAdmitsOneRunAtATime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	locks, srv := locksOfAServer(t)
	runA, runB := newRun("x", time.Now()).ID, newRun("x", time.Now()).ID

	if ok, _, err := locks.Acquire(ctx, srv.ID, runA, "restart", time.Minute); !ok || err != nil {
		t.Fatalf("A acquire = %v, %v", ok, err)
	}
	ok, holder, err := locks.Acquire(ctx, srv.ID, runB, "cleanup", time.Minute)
	if ok || err != nil || holder.RunID != runA || holder.Step != "restart" {
		t.Fatalf("B acquire while A holds = %v %+v %v", ok, holder, err)
	}
	if ok, _, err := locks.Acquire(ctx, srv.ID, runA, "restart", time.Minute); !ok || err != nil {
		t.Fatalf("A re-acquire (retried step) = %v, %v", ok, err)
	}
	if err := locks.Release(ctx, srv.ID, runB); err != nil { // not the holder: no effect
		t.Fatal(err)
	}
	if ok, _, _ := locks.Acquire(ctx, srv.ID, runB, "cleanup", time.Minute); ok {
		t.Fatal("B got the lock after releasing a lock it did not hold")
	}
	if err := locks.Release(ctx, srv.ID, runA); err != nil {
		t.Fatal(err)
	}
	if ok, _, err := locks.Acquire(ctx, srv.ID, runB, "cleanup", time.Minute); !ok || err != nil {
		t.Fatalf("B acquire after release = %v, %v", ok, err)
	}
}

func TestExpiredServerLockCanBeTaken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	locks, srv := locksOfAServer(t)
	if ok, _, err := locks.Acquire(ctx, srv.ID, newRun("x", time.Now()).ID, "s", -time.Second); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if ok, _, err := locks.Acquire(ctx, srv.ID, newRun("x", time.Now()).ID, "s", time.Minute); !ok || err != nil {
		t.Fatalf("acquire over an expired lease = %v, %v", ok, err)
	}
}
