package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/domain"
)

// scheduleBody is a create request for a daily 09:00 New York rotation.
func scheduleBody(name string, users ...string) string {
	ids, _ := json.Marshal(users)
	return fmt.Sprintf(`{"name":%q,"timeZone":"America/New_York","rotations":[{"name":"day","shiftType":"daily","shiftLength":1,"start":"2026-03-07T09:00","userIds":%s}]}`,
		name, ids)
}

func (s *testServer) createSchedule(t *testing.T, body string) domain.Schedule {
	t.Helper()
	res, b := s.do(t, "POST", "/api/v1/schedules", body)
	if res.StatusCode != 201 {
		t.Fatalf("create schedule: %d %s", res.StatusCode, b)
	}
	var out struct{ Data domain.Schedule }
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out.Data
}

func TestSchedulesCRUD(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	alice, bob := s.createUser(t, "alice@example.com", "responder"), s.createUser(t, "bob@example.com", "responder")
	sc := s.createSchedule(t, scheduleBody("Primary", alice.ID, bob.ID))
	if sc.ID == "" || sc.TimeZone != "America/New_York" || len(sc.Rotations) != 1 || sc.Overrides == nil {
		t.Fatalf("created %+v", sc)
	}
	if n := s.auditCount(t, "schedule.create", domain.OutcomeSuccess); n != 1 {
		t.Fatalf("%d schedule.create audit entries, want 1", n)
	}

	unknown := uuid.NewString()
	bad := []struct{ body, field string }{
		{`{"name":"","timeZone":"UTC","rotations":[{"name":"r","shiftType":"daily","shiftLength":1,"start":"2026-01-01T00:00","userIds":["` + alice.ID + `"]}]}`, "name"},
		{`{"name":"x","timeZone":"Moon/Base","rotations":[{"name":"r","shiftType":"daily","shiftLength":1,"start":"2026-01-01T00:00","userIds":["` + alice.ID + `"]}]}`, "timeZone"},
		{`{"name":"x","timeZone":"UTC","rotations":[]}`, "rotations"},
		{`{"name":"x","timeZone":"UTC"}`, "rotations"},
		{`{"name":"x","timeZone":"UTC","rotations":[{"name":"r","shiftType":"monthly","shiftLength":1,"start":"2026-01-01T00:00","userIds":["` + alice.ID + `"]}]}`, "rotations[0].shiftType"},
		{`{"name":"x","timeZone":"UTC","rotations":[{"name":"r","shiftType":"daily","shiftLength":0,"start":"2026-01-01T00:00","userIds":["` + alice.ID + `"]}]}`, "rotations[0].shiftLength"},
		{`{"name":"x","timeZone":"UTC","rotations":[{"name":"r","shiftType":"daily","shiftLength":1,"start":"tomorrow","userIds":["` + alice.ID + `"]}]}`, "rotations[0].start"},
		{`{"name":"x","timeZone":"UTC","rotations":[{"name":"r","shiftType":"daily","shiftLength":1,"start":"2026-01-01T00:00","userIds":["alice"]}]}`, "rotations[0].userIds[0]"},
		{`{"name":"x","timeZone":"UTC","rotations":[{"name":"r","shiftType":"daily","shiftLength":1,"start":"2026-01-01T00:00","userIds":["` + alice.ID + `","` + unknown + `"]}]}`, "rotations[0].userIds[1]"},
		{`{"name":"x","timeZone":"UTC","rotations":[{"name":"r","shiftType":"daily","shiftLength":"1","start":"2026-01-01T00:00","userIds":[]}]}`, "rotations.shiftLength"},
		{`{"name":"x","timeZone":"UTC","rotations":[],"color":"red"}`, "color"},
	}
	for _, tc := range bad {
		res, b := s.do(t, "POST", "/api/v1/schedules", tc.body)
		e := parseErrorBody(t, b)
		if res.StatusCode != 400 || len(e.Details) == 0 || e.Details[0].Field != tc.field {
			t.Errorf("%s: %d %s, want 400 naming %s", tc.body, res.StatusCode, b, tc.field)
		}
	}
	if res, b := s.do(t, "POST", "/api/v1/schedules", `{"name":`); res.StatusCode != 400 {
		t.Errorf("malformed JSON: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "POST", "/api/v1/schedules", scheduleBody("primary", alice.ID)); res.StatusCode != 409 {
		t.Errorf("duplicate name: %d %s, want 409", res.StatusCode, b)
	}

	s.createSchedule(t, scheduleBody("Backup", bob.ID))
	res, b := s.do(t, "GET", "/api/v1/schedules?limit=1&page=2", "")
	var page struct {
		Data       []domain.Schedule
		Pagination Pagination
	}
	_ = json.Unmarshal(b, &page)
	if res.StatusCode != 200 || len(page.Data) != 1 || page.Data[0].Name != "Primary" ||
		page.Pagination != (Pagination{Page: 2, Limit: 1, Total: 2, TotalPages: 2}) || strings.Contains(string(b), "overrides") {
		t.Fatalf("list page 2: %d %s", res.StatusCode, b)
	}
	if res, b := s.do(t, "GET", "/api/v1/schedules?limit=0", ""); res.StatusCode != 400 || parseErrorBody(t, b).Details[0].Field != "limit" {
		t.Errorf("limit=0: %d %s", res.StatusCode, b)
	}

	if res, b := s.do(t, "GET", "/api/v1/schedules/"+sc.ID, ""); res.StatusCode != 200 || !strings.Contains(string(b), `"overrides":[]`) {
		t.Fatalf("get: %d %s", res.StatusCode, b)
	}
	res, b = s.do(t, "PATCH", "/api/v1/schedules/"+sc.ID, `{"timeZone":"Europe/Berlin","description":"first line"}`)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"timeZone":"Europe/Berlin"`) || !strings.Contains(string(b), `"name":"Primary"`) {
		t.Fatalf("patch: %d %s", res.StatusCode, b)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"timeZone":"Nowhere"}`, "timeZone"},
		{`{"name":"Backup"}`, ""},
		{`{"rotations":[{"name":"r","shiftType":"hourly","shiftLength":1,"start":"2026-01-01T00:00","userIds":["` + unknown + `"]}]}`, "rotations[0].userIds[0]"},
	} {
		res, b := s.do(t, "PATCH", "/api/v1/schedules/"+sc.ID, tc.body)
		want := 400
		if tc.field == "" {
			want = 409
		}
		if e := parseErrorBody(t, b); res.StatusCode != want || (tc.field != "" && (len(e.Details) == 0 || e.Details[0].Field != tc.field)) {
			t.Errorf("patch %s: %d %s, want %d naming %q", tc.body, res.StatusCode, b, want, tc.field)
		}
	}

	for _, id := range []string{"not-a-uuid", uuid.NewString()} {
		for _, r := range []request{{Method: "GET", Path: "/api/v1/schedules/" + id}, {Method: "PATCH", Path: "/api/v1/schedules/" + id, Body: `{}`},
			{Method: "DELETE", Path: "/api/v1/schedules/" + id}, {Method: "GET", Path: "/api/v1/schedules/" + id + "/oncall"}} {
			if res, b := s.call(t, r); res.StatusCode != 404 {
				t.Errorf("%s %s: %d %s, want 404", r.Method, r.Path, res.StatusCode, b)
			}
		}
	}
	if res, b := s.do(t, "DELETE", "/api/v1/schedules/"+sc.ID, ""); res.StatusCode != 204 {
		t.Fatalf("delete: %d %s", res.StatusCode, b)
	}
	if res, _ := s.do(t, "GET", "/api/v1/schedules/"+sc.ID, ""); res.StatusCode != 404 {
		t.Fatalf("get after delete: %d", res.StatusCode)
	}
	if n := s.auditCount(t, "schedule.delete", domain.OutcomeSuccess); n != 1 {
		t.Fatalf("%d schedule.delete audit entries, want 1", n)
	}
}

func TestScheduleOnCallAndOverrides(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	alice, bob := s.createUser(t, "alice@example.com", "responder"), s.createUser(t, "bob@example.com", "responder")
	oscar := s.createUser(t, "oscar@example.com", "responder")
	sc := s.createSchedule(t, scheduleBody("Primary", alice.ID, bob.ID))
	base := "/api/v1/schedules/" + sc.ID

	type view struct {
		Data struct {
			At    time.Time
			Users []OnCallPerson
			Next  *struct {
				At    time.Time
				Users []OnCallPerson
			}
		}
	}
	onCall := func(query string) view {
		t.Helper()
		res, b := s.do(t, "GET", base+"/oncall"+query, "")
		if res.StatusCode != 200 {
			t.Fatalf("oncall%s: %d %s", query, res.StatusCode, b)
		}
		var v view
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}

	// Saturday 09:00 EST is 14:00Z; Sunday 09:00 EDT (after the switch) is 13:00Z.
	v := onCall("?at=2026-03-08T12:00:00Z")
	if len(v.Data.Users) != 1 || v.Data.Users[0].Email != "alice@example.com" || v.Data.Users[0].DisplayName == "" ||
		v.Data.Next == nil || !v.Data.Next.At.Equal(time.Date(2026, 3, 8, 13, 0, 0, 0, time.UTC)) || v.Data.Next.Users[0].ID != bob.ID {
		t.Fatalf("on call across DST: %+v", v.Data)
	}
	if v := onCall("?at=2026-03-08T08:00:00-05:00"); !v.Data.At.Equal(time.Date(2026, 3, 8, 13, 0, 0, 0, time.UTC)) || v.Data.Users[0].ID != bob.ID {
		t.Fatalf("at with offset: %+v", v.Data)
	}
	if v := onCall("?at=2026-03-01T00:00:00Z"); len(v.Data.Users) != 0 || v.Data.Users == nil || v.Data.Next.Users[0].ID != alice.ID {
		t.Fatalf("before start: %+v", v.Data)
	}
	if v := onCall(""); !v.Data.At.Equal(s.clock.Now()) {
		t.Fatalf("default at = %s, want the clock's now %s", v.Data.At, s.clock.Now())
	}
	for _, q := range []string{"?at=yesterday", "?at=2026-03-08", "?at=2026-03-08T12:00:00"} {
		res, b := s.do(t, "GET", base+"/oncall"+q, "")
		if e := parseErrorBody(t, b); res.StatusCode != 400 || len(e.Details) == 0 || e.Details[0].Field != "at" {
			t.Errorf("oncall%s: %d %s, want 400 naming at", q, res.StatusCode, b)
		}
	}

	res, b := s.do(t, "POST", base+"/overrides", `{"userId":"`+oscar.ID+`","startsAt":"2026-03-08T15:00:00Z","endsAt":"2026-03-08T12:00:00-05:00"}`)
	if res.StatusCode != 201 {
		t.Fatalf("add override: %d %s", res.StatusCode, b)
	}
	var created struct{ Data domain.Override }
	_ = json.Unmarshal(b, &created)
	if !created.Data.EndsAt.Equal(time.Date(2026, 3, 8, 17, 0, 0, 0, time.UTC)) || created.Data.UserID != oscar.ID {
		t.Fatalf("override %s", b)
	}
	if v := onCall("?at=2026-03-08T16:59:59Z"); len(v.Data.Users) != 1 || v.Data.Users[0].ID != oscar.ID ||
		!v.Data.Next.At.Equal(time.Date(2026, 3, 8, 17, 0, 0, 0, time.UTC)) || v.Data.Next.Users[0].ID != bob.ID {
		t.Fatalf("during override: %+v", v.Data)
	}
	if v := onCall("?at=2026-03-08T17:00:00Z"); v.Data.Users[0].ID != bob.ID {
		t.Fatalf("override ends at endsAt: %+v", v.Data)
	}
	if res, b := s.do(t, "GET", base, ""); res.StatusCode != 200 || !strings.Contains(string(b), created.Data.ID) {
		t.Fatalf("schedule shows its override: %s", b)
	}

	for _, tc := range []struct{ body, field string }{
		{`{"userId":"` + uuid.NewString() + `","startsAt":"2026-03-08T15:00:00Z","endsAt":"2026-03-08T16:00:00Z"}`, "userId"},
		{`{"userId":"oscar","startsAt":"2026-03-08T15:00:00Z","endsAt":"2026-03-08T16:00:00Z"}`, "userId"},
		{`{"userId":"` + oscar.ID + `","startsAt":"2026-03-08T15:00:00Z","endsAt":"2026-03-08T15:00:00Z"}`, "endsAt"},
		{`{"userId":"` + oscar.ID + `","startsAt":"2026-03-08 15:00","endsAt":"2026-03-08T16:00:00Z"}`, "startsAt"},
		{`{"userId":"` + oscar.ID + `","startsAt":"2026-03-08T15:00:00Z"}`, "endsAt"},
		{`{"userId":"` + oscar.ID + `","startsAt":1,"endsAt":"2026-03-08T16:00:00Z"}`, "startsAt"},
	} {
		res, b := s.do(t, "POST", base+"/overrides", tc.body)
		if e := parseErrorBody(t, b); res.StatusCode != 400 || len(e.Details) == 0 || e.Details[0].Field != tc.field {
			t.Errorf("override %s: %d %s, want 400 naming %s", tc.body, res.StatusCode, b, tc.field)
		}
	}
	good := `{"userId":"` + oscar.ID + `","startsAt":"2026-03-08T15:00:00Z","endsAt":"2026-03-08T16:00:00Z"}`
	if res, b := s.do(t, "POST", "/api/v1/schedules/"+uuid.NewString()+"/overrides", good); res.StatusCode != 404 {
		t.Errorf("override on unknown schedule: %d %s", res.StatusCode, b)
	}

	for _, path := range []string{base + "/overrides/" + uuid.NewString(), base + "/overrides/nope",
		"/api/v1/schedules/" + uuid.NewString() + "/overrides/" + created.Data.ID} {
		if res, b := s.do(t, "DELETE", path, ""); res.StatusCode != 404 {
			t.Errorf("DELETE %s: %d %s, want 404", path, res.StatusCode, b)
		}
	}
	if res, b := s.do(t, "DELETE", base+"/overrides/"+created.Data.ID, ""); res.StatusCode != 204 {
		t.Fatalf("delete override: %d %s", res.StatusCode, b)
	}
	if v := onCall("?at=2026-03-08T16:00:00Z"); v.Data.Users[0].ID != bob.ID {
		t.Fatalf("after deleting the override: %+v", v.Data)
	}
	if n := s.auditCount(t, "schedule.override.create", domain.OutcomeSuccess); n != 1 {
		t.Fatalf("%d override audit entries, want 1", n)
	}
}

func TestViewerReadsSchedulesButCannotChangeThem(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	alice := s.createUser(t, "alice@example.com", "responder")
	sc := s.createSchedule(t, scheduleBody("Primary", alice.ID))
	viewer := s.tokenFor(t, s.createUser(t, "viewer@example.com", "viewer").ID)
	if res, b := s.call(t, request{Method: "GET", Path: "/api/v1/schedules/" + sc.ID + "/oncall", Token: viewer}); res.StatusCode != 200 {
		t.Fatalf("viewer reads on-call: %d %s", res.StatusCode, b)
	}
	if res, _ := s.call(t, request{Method: "DELETE", Path: "/api/v1/schedules/" + sc.ID, Token: viewer}); res.StatusCode != 403 {
		t.Fatalf("viewer deletes schedule: %d, want 403", res.StatusCode)
	}
}
