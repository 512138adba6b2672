package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

func addUser(t *testing.T, pool *pgxpool.Pool, email string) domain.User {
	t.Helper()
	u, err := store.NewUsers(pool).Create(context.Background(),
		domain.User{Email: email, DisplayName: strings.Split(email, "@")[0], Roles: []string{"responder"}, Active: true}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func fieldsOf(err error) []string {
	var out []string
	if e, ok := err.(*domain.Error); ok {
		for _, f := range e.Fields {
			out = append(out, f.Field)
		}
	}
	return out
}

func emails(users []domain.User) string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.Email
	}
	return strings.Join(out, ",")
}

func TestScheduleCRUD(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewPool(t)
	schedules := store.NewSchedules(pool)
	alice, bob := addUser(t, pool, "alice@example.com"), addUser(t, pool, "bob@example.com")
	sc := domain.Schedule{Name: " Primary ", Description: "first line", TimeZone: "Europe/Berlin",
		Rotations: []domain.Rotation{{Name: "week", ShiftType: domain.ShiftWeekly, ShiftLength: 1, Start: "2026-01-05T09:00",
			UserIDs: []string{strings.ToUpper(alice.ID), bob.ID}}}}
	created, err := schedules.Create(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if created.Name != "Primary" || created.Rotations[0].UserIDs[0] != alice.ID || created.Overrides == nil || created.CreatedAt.IsZero() {
		t.Fatalf("created = %+v", created)
	}
	if _, err := schedules.Create(ctx, domain.Schedule{Name: "PRIMARY", TimeZone: "UTC", Rotations: sc.Rotations}); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("duplicate name: %v, want conflict", err)
	}
	unknown := uuid.NewString()
	bad := sc
	bad.Name = "other"
	bad.Rotations = []domain.Rotation{sc.Rotations[0], sc.Rotations[0]}
	bad.Rotations[1].UserIDs = []string{bob.ID, unknown}
	_, err = schedules.Create(ctx, bad)
	if got := fieldsOf(err); len(got) != 1 || got[0] != "rotations[1].userIds[1]" {
		t.Fatalf("unknown user: %v (fields %v), want rotations[1].userIds[1]", err, got)
	}
	if _, err := schedules.Create(ctx, domain.Schedule{Name: "x", TimeZone: "Nowhere/Special", Rotations: sc.Rotations}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("bad zone: %v", err)
	}

	newZone := "America/New_York"
	up, err := schedules.Update(ctx, created.ID, store.ScheduleUpdate{TimeZone: &newZone})
	if err != nil || up.TimeZone != newZone || up.Name != "Primary" || len(up.Rotations) != 1 {
		t.Fatalf("update zone: %+v %v", up, err)
	}
	rots := []domain.Rotation{{Name: "day", ShiftType: domain.ShiftDaily, ShiftLength: 1, Start: "2026-01-05T09:00", UserIDs: []string{unknown}}}
	if _, err := schedules.Update(ctx, created.ID, store.ScheduleUpdate{Rotations: &rots}); fmt.Sprint(fieldsOf(err)) != "[rotations[0].userIds[0]]" {
		t.Fatalf("update with unknown user: %v", err)
	}
	empty := ""
	if _, err := schedules.Update(ctx, created.ID, store.ScheduleUpdate{Name: &empty}); fmt.Sprint(fieldsOf(err)) != "[name]" {
		t.Fatalf("update with empty name: %v", err)
	}
	if _, err := schedules.Update(ctx, uuid.NewString(), store.ScheduleUpdate{}); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("update unknown: %v", err)
	}

	second := sc
	second.Name = "Another"
	if _, err := schedules.Create(ctx, second); err != nil {
		t.Fatal(err)
	}
	list, total, err := schedules.List(ctx, store.ScheduleFilter{Page: 1, Limit: 1})
	if err != nil || total != 2 || len(list) != 1 || list[0].Name != "Another" || list[0].Overrides != nil {
		t.Fatalf("list page 1: %+v total %d %v", list, total, err)
	}
	list, _, _ = schedules.List(ctx, store.ScheduleFilter{Page: 2, Limit: 1})
	if len(list) != 1 || list[0].Name != "Primary" {
		t.Fatalf("list page 2: %+v", list)
	}
	if list, total, _ := schedules.List(ctx, store.ScheduleFilter{Query: "prim", Page: 1, Limit: 10}); total != 1 || list[0].ID != created.ID {
		t.Fatalf("list q=prim: %+v", list)
	}

	for _, id := range []string{"not-a-uuid", uuid.NewString()} {
		if _, err := schedules.Get(ctx, id); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("get %s: %v", id, err)
		}
		if err := schedules.Delete(ctx, id); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("delete %s: %v", id, err)
		}
	}
	if err := schedules.Delete(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := schedules.Get(ctx, created.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("get after delete: %v", err)
	}
}

func TestScheduleUsedByAPolicyCannotBeDeleted(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewPool(t)
	schedules := store.NewSchedules(pool)
	alice := addUser(t, pool, "alice@example.com")
	sc, err := schedules.Create(ctx, domain.Schedule{Name: "Primary", TimeZone: "UTC", Rotations: []domain.Rotation{
		{Name: "r", ShiftType: domain.ShiftDaily, ShiftLength: 1, Start: "2026-01-01T00:00", UserIDs: []string{alice.ID}}}})
	if err != nil {
		t.Fatal(err)
	}
	levels := fmt.Sprintf(`[{"delaySeconds":60,"targets":[{"type":"email","address":"a@example.com"}]},
		{"delaySeconds":60,"targets":[{"type":"user","id":%q},{"type":"schedule","id":%q}]}]`,
		alice.ID, strings.ToUpper(sc.ID))
	if _, err := pool.Exec(ctx, `INSERT INTO escalation_policies (id, name, levels) VALUES ($1, 'Database team', $2)`,
		uuid.NewString(), levels); err != nil {
		t.Fatal(err)
	}
	err = schedules.Delete(ctx, sc.ID)
	if domain.ErrorCode(err) != domain.EConflict || !strings.Contains(err.Error(), "Database team") {
		t.Fatalf("delete used schedule: %v, want conflict naming the policy", err)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM escalation_policies`); err != nil {
		t.Fatal(err)
	}
	if err := schedules.Delete(ctx, sc.ID); err != nil {
		t.Fatalf("delete after the policy is gone: %v", err)
	}
}

func TestOverridesAndOnCallUsers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := storetest.NewPool(t)
	schedules := store.NewSchedules(pool)
	users := store.NewUsers(pool)
	alice, bob := addUser(t, pool, "alice@example.com"), addUser(t, pool, "bob@example.com")
	oscar, olga := addUser(t, pool, "oscar@example.com"), addUser(t, pool, "olga@example.com")
	// Daily at 09:00 New York from Saturday 2026-03-07: Sunday's hand-off
	// (after the switch to summer time) is at 13:00Z.
	sc, err := schedules.Create(ctx, domain.Schedule{Name: "Primary", TimeZone: "America/New_York", Rotations: []domain.Rotation{
		{Name: "day", ShiftType: domain.ShiftDaily, ShiftLength: 1, Start: "2026-03-07T09:00", UserIDs: []string{alice.ID, bob.ID}}}})
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	onCall := func(s string) string {
		t.Helper()
		got, err := schedules.OnCallUsers(ctx, sc.ID, at(s))
		if err != nil {
			t.Fatal(err)
		}
		return emails(got)
	}
	if got := onCall("2026-03-07T13:59:00Z"); got != "" {
		t.Fatalf("before start: %q", got)
	}
	if got := onCall("2026-03-08T12:59:00Z"); got != "alice@example.com" {
		t.Fatalf("saturday: %q", got)
	}
	if got := onCall("2026-03-08T13:00:00Z"); got != "bob@example.com" {
		t.Fatalf("sunday 09:00 EDT: %q", got)
	}

	o1, err := schedules.AddOverride(ctx, sc.ID, domain.Override{UserID: oscar.ID, StartsAt: at("2026-03-08T15:00:00Z"), EndsAt: at("2026-03-08T17:00:00Z")})
	if err != nil || o1.ID == "" || o1.ScheduleID != sc.ID || !o1.EndsAt.Equal(at("2026-03-08T17:00:00Z")) {
		t.Fatalf("add override: %+v %v", o1, err)
	}
	if _, err := schedules.AddOverride(ctx, sc.ID, domain.Override{UserID: olga.ID, StartsAt: at("2026-03-08T16:00:00Z"), EndsAt: at("2026-03-08T18:00:00Z")}); err != nil {
		t.Fatal(err)
	}
	if got := onCall("2026-03-08T16:30:00Z"); got != "oscar@example.com,olga@example.com" {
		t.Fatalf("two overrides: %q", got)
	}
	if got := onCall("2026-03-08T17:00:00Z"); got != "olga@example.com" {
		t.Fatalf("first override ended: %q", got)
	}

	full, err := schedules.OnCall(ctx, sc.ID, at("2026-03-08T14:00:00Z"))
	if err != nil || emails(full.Users) != "bob@example.com" || full.NextAt == nil ||
		!full.NextAt.Equal(at("2026-03-08T15:00:00Z")) || emails(full.NextUsers) != "oscar@example.com" {
		t.Fatalf("on call with next: %+v %v", full, err)
	}

	// A deactivated user's override no longer applies; their shifts page nobody.
	inactive := false
	if _, err := users.Update(ctx, oscar.ID, store.UserUpdate{Active: &inactive}); err != nil {
		t.Fatal(err)
	}
	if got := onCall("2026-03-08T15:30:00Z"); got != "bob@example.com" {
		t.Fatalf("inactive override: %q", got)
	}
	if _, err := users.Update(ctx, bob.ID, store.UserUpdate{Active: &inactive}); err != nil {
		t.Fatal(err)
	}
	if got := onCall("2026-03-08T15:30:00Z"); got != "" {
		t.Fatalf("inactive rotation user: %q", got)
	}

	got, err := schedules.Get(ctx, sc.ID)
	if err != nil || len(got.Overrides) != 2 || got.Overrides[0].ID != o1.ID {
		t.Fatalf("get with overrides: %+v %v", got.Overrides, err)
	}

	badOverrides := []struct {
		o     domain.Override
		field string
	}{
		{domain.Override{UserID: uuid.NewString(), StartsAt: at("2026-03-08T15:00:00Z"), EndsAt: at("2026-03-08T16:00:00Z")}, "userId"},
		{domain.Override{UserID: alice.ID, StartsAt: at("2026-03-08T15:00:00Z"), EndsAt: at("2026-03-08T15:00:00Z")}, "endsAt"},
	}
	for _, tc := range badOverrides {
		if _, err := schedules.AddOverride(ctx, sc.ID, tc.o); fmt.Sprint(fieldsOf(err)) != "["+tc.field+"]" {
			t.Errorf("override %+v: %v, want invalid %s", tc.o, err, tc.field)
		}
	}
	good := domain.Override{UserID: alice.ID, StartsAt: at("2026-03-08T15:00:00Z"), EndsAt: at("2026-03-08T16:00:00Z")}
	for _, id := range []string{"nope", uuid.NewString()} {
		if _, err := schedules.AddOverride(ctx, id, good); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("override on schedule %s: %v, want not found", id, err)
		}
		if err := schedules.DeleteOverride(ctx, sc.ID, id); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("delete override %s: %v, want not found", id, err)
		}
		if err := schedules.DeleteOverride(ctx, id, o1.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("delete override of schedule %s: %v, want not found", id, err)
		}
	}
	if err := schedules.DeleteOverride(ctx, sc.ID, o1.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := schedules.Get(ctx, sc.ID); len(got.Overrides) != 1 {
		t.Fatalf("after deleting an override: %+v", got.Overrides)
	}
	if _, err := schedules.OnCallUsers(ctx, uuid.NewString(), at("2026-03-08T15:00:00Z")); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("on call of unknown schedule: %v", err)
	}
}
