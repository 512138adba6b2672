package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// Users of the schedule tests; any well-formed UUIDs do.
const (
	alice = "00000000-0000-4000-8000-00000000000a"
	bob   = "00000000-0000-4000-8000-00000000000b"
	carol = "00000000-0000-4000-8000-00000000000c"
	oscar = "00000000-0000-4000-8000-0000000000ff"
	olga  = "00000000-0000-4000-8000-0000000000fe"
)

var names = map[string]string{alice: "alice", bob: "bob", carol: "carol", oscar: "oscar", olga: "olga"}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func schedule(zone string, rots ...Rotation) Schedule {
	return Schedule{ID: "s", Name: "primary", TimeZone: zone, Rotations: rots}
}

func rotation(kind string, length int, start string, users ...string) Rotation {
	return Rotation{Name: kind, ShiftType: kind, ShiftLength: length, Start: start, UserIDs: users}
}

func who(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = names[id]
	}
	return strings.Join(out, ",")
}

func TestOnCallAt(t *testing.T) {
	t.Parallel()
	// Daily at 09:00 New York, starting Friday 2026-03-06; DST begins Sunday
	// 2026-03-08, so Saturday's shift lasts 23 hours and 09:00 EDT is 13:00Z.
	nySpring := schedule("America/New_York", rotation(ShiftDaily, 1, "2026-03-06T09:00", alice, bob, carol))
	// DST ends Sunday 2026-11-01: Saturday's shift lasts 25 hours, 09:00 EST is 14:00Z.
	nyFall := schedule("America/New_York", rotation(ShiftDaily, 1, "2026-10-30T09:00", alice, bob, carol))
	// Berlin: summer time 2026-03-29 (09:00 CEST = 07:00Z), winter 2026-10-25 (09:00 CET = 08:00Z).
	berlinSpring := schedule("Europe/Berlin", rotation(ShiftDaily, 1, "2026-03-28T09:00", alice, bob))
	berlinFall := schedule("Europe/Berlin", rotation(ShiftDaily, 1, "2026-10-24T09:00", alice, bob))
	// Weekly on Mondays at 09:00 New York, across the March change.
	weekly := schedule("America/New_York", rotation(ShiftWeekly, 1, "2026-03-02T09:00", alice, bob))
	// Hourly from midnight New York (05:00Z) on the spring-forward day: absolute hours.
	hourly := schedule("America/New_York", rotation(ShiftHourly, 1, "2026-03-08T00:00", alice, bob, carol))
	eightHours := schedule("Europe/Berlin", rotation(ShiftHourly, 8, "2026-10-25T00:00", alice, bob, carol))
	twoRotations := schedule("UTC",
		rotation(ShiftDaily, 1, "2026-01-01T00:00", alice, bob),
		rotation(ShiftDaily, 1, "2026-01-01T00:00", bob, carol))
	// A hand-off at 02:30 does not exist on 2026-03-08 in New York; the
	// next day it is 02:30 again.
	gap := schedule("America/New_York", rotation(ShiftDaily, 1, "2026-03-07T02:30", alice, bob, carol))
	overrides := []Override{
		{UserID: oscar, StartsAt: utc("2026-03-08T15:00:00Z"), EndsAt: utc("2026-03-08T17:00:00Z")},
		{UserID: olga, StartsAt: utc("2026-03-08T16:00:00Z"), EndsAt: utc("2026-03-08T18:00:00Z")},
	}

	tests := []struct {
		name      string
		s         Schedule
		at        string
		overrides []Override
		want      string
	}{
		{"before start nobody", nySpring, "2026-03-06T13:59:59Z", nil, ""},
		{"first shift at start", nySpring, "2026-03-06T14:00:00Z", nil, "alice"},
		{"second shift 09:00 EST", nySpring, "2026-03-07T14:00:00Z", nil, "bob"},
		{"23h day: 08:30 EDT still bob", nySpring, "2026-03-08T12:30:00Z", nil, "bob"},
		{"09:00 EDT is 13:00Z", nySpring, "2026-03-08T13:00:00Z", nil, "carol"},
		{"a day later still 09:00 EDT", nySpring, "2026-03-09T12:59:00Z", nil, "carol"},
		{"wraps around", nySpring, "2026-03-09T13:00:00Z", nil, "alice"},
		{"ten years on: shift 3656", nySpring, "2036-03-09T18:00:00Z", nil, "carol"},
		{"fall 09:00 EDT is 13:00Z", nyFall, "2026-10-31T13:00:00Z", nil, "bob"},
		{"25h day: 08:30 EST is 13:30Z, still bob", nyFall, "2026-11-01T13:30:00Z", nil, "bob"},
		{"09:00 EST is 14:00Z", nyFall, "2026-11-01T14:00:00Z", nil, "carol"},
		{"berlin 09:00 CET is 08:00Z", berlinSpring, "2026-03-28T08:00:00Z", nil, "alice"},
		{"berlin 08:30 CEST still alice", berlinSpring, "2026-03-29T06:30:00Z", nil, "alice"},
		{"berlin 09:00 CEST is 07:00Z", berlinSpring, "2026-03-29T07:00:00Z", nil, "bob"},
		{"berlin 09:00 CEST fall", berlinFall, "2026-10-24T07:00:00Z", nil, "alice"},
		{"berlin 08:30 CET still alice", berlinFall, "2026-10-25T07:30:00Z", nil, "alice"},
		{"berlin 09:00 CET is 08:00Z", berlinFall, "2026-10-25T08:00:00Z", nil, "bob"},
		{"weekly first week", weekly, "2026-03-09T12:59:00Z", nil, "alice"},
		{"weekly hands off 09:00 EDT", weekly, "2026-03-09T13:00:00Z", nil, "bob"},
		{"weekly third week", weekly, "2026-03-16T13:00:00Z", nil, "alice"},
		{"hourly: 01:30 EST", hourly, "2026-03-08T06:30:00Z", nil, "bob"},
		{"hourly: 03:30 EDT is 2h30 after midnight", hourly, "2026-03-08T07:30:00Z", nil, "carol"},
		{"8h shifts: 25h day keeps 8h shifts", eightHours, "2026-10-25T22:00:00Z", nil, "alice"},
		{"8h shifts: before the 4th", eightHours, "2026-10-25T21:59:59Z", nil, "carol"},
		{"two rotations, union in rotation order", twoRotations, "2026-01-01T12:00:00Z", nil, "alice,bob"},
		{"two rotations, shared user once", twoRotations, "2026-01-02T12:00:00Z", nil, "bob,carol"},
		{"gap day hands off once", gap, "2026-03-08T12:00:00Z", nil, "bob"},
		{"after gap day 02:30 EDT", gap, "2026-03-09T06:30:00Z", nil, "carol"},
		{"override replaces rotation", nySpring, "2026-03-08T15:00:00Z", overrides, "oscar"},
		{"overlapping overrides all on call", nySpring, "2026-03-08T16:59:59Z", overrides, "oscar,olga"},
		{"override ends exactly at endsAt", nySpring, "2026-03-08T17:00:00Z", overrides, "olga"},
		{"back to rotation after overrides", nySpring, "2026-03-08T18:00:00Z", overrides, "carol"},
		{"override before start counts", nySpring, "2026-03-01T00:00:00Z",
			[]Override{{UserID: oscar, StartsAt: utc("2026-02-28T00:00:00Z"), EndsAt: utc("2026-03-02T00:00:00Z")}}, "oscar"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.s.OnCallAt(utc(tc.at), tc.overrides)
			if err != nil {
				t.Fatal(err)
			}
			if who(got) != tc.want {
				t.Errorf("on call at %s = %q, want %q", tc.at, who(got), tc.want)
			}
		})
	}
}

func TestNextChange(t *testing.T) {
	t.Parallel()
	nySpring := schedule("America/New_York", rotation(ShiftDaily, 1, "2026-03-06T09:00", alice, bob, carol))
	berlinFall := schedule("Europe/Berlin", rotation(ShiftDaily, 1, "2026-10-24T09:00", alice, bob))
	solo := schedule("UTC", rotation(ShiftHourly, 1, "2026-01-01T00:00", alice))
	repeated := schedule("UTC", rotation(ShiftDaily, 1, "2026-01-01T00:00", alice, alice, bob))
	swapping := schedule("UTC",
		rotation(ShiftDaily, 1, "2026-01-01T00:00", alice, bob),
		rotation(ShiftDaily, 1, "2026-01-01T00:00", bob, alice))
	override := []Override{{UserID: oscar, StartsAt: utc("2026-03-08T15:00:00Z"), EndsAt: utc("2026-03-10T17:00:00Z")}}

	tests := []struct {
		name      string
		s         Schedule
		from      string
		overrides []Override
		wantAt    string // "" = no change within the horizon
		want      string
	}{
		{"before start: the start", nySpring, "2026-01-01T00:00:00Z", nil, "2026-03-06T14:00:00Z", "alice"},
		{"across spring forward: 13:00Z", nySpring, "2026-03-07T15:00:00Z", nil, "2026-03-08T13:00:00Z", "carol"},
		{"from exactly a hand-off", nySpring, "2026-03-08T13:00:00Z", nil, "2026-03-09T13:00:00Z", "alice"},
		{"across fall back in Berlin: 08:00Z", berlinFall, "2026-10-24T12:00:00Z", nil, "2026-10-25T08:00:00Z", "bob"},
		{"override starts", nySpring, "2026-03-08T14:00:00Z", override, "2026-03-08T15:00:00Z", "oscar"},
		{"hand-offs under an override are hidden", nySpring, "2026-03-08T15:30:00Z", override, "2026-03-10T17:00:00Z", "bob"},
		{"single user never changes", solo, "2026-02-01T00:00:00Z", nil, "", ""},
		{"repeated user skips a no-op hand-off", repeated, "2026-01-01T01:00:00Z", nil, "2026-01-03T00:00:00Z", "bob"},
		{"same people in other rotations is no change", swapping, "2026-01-01T01:00:00Z", nil, "", ""},
		{"override on a solo schedule", solo, "2026-02-01T00:00:00Z",
			[]Override{{UserID: oscar, StartsAt: utc("2026-02-03T00:00:00Z"), EndsAt: utc("2026-02-04T00:00:00Z")}},
			"2026-02-03T00:00:00Z", "oscar"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at, users, err := tc.s.NextChange(utc(tc.from), tc.overrides)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantAt == "" {
				if !at.IsZero() || users != nil {
					t.Fatalf("next change = %s %q, want none", at, who(users))
				}
				return
			}
			if !at.Equal(utc(tc.wantAt)) || who(users) != tc.want {
				t.Errorf("next change = %s %q, want %s %q", at.UTC().Format(time.RFC3339), who(users), tc.wantAt, tc.want)
			}
		})
	}
}

func TestHandoffsKeepLocalTimeForAYear(t *testing.T) {
	t.Parallel()
	for _, zone := range []string{"America/New_York", "Europe/Berlin", "Australia/Sydney"} {
		s := schedule(zone, rotation(ShiftDaily, 1, "2026-01-01T09:00", alice, bob))
		clocks, err := s.clocks()
		if err != nil {
			t.Fatal(err)
		}
		c := clocks[0]
		for k := 0; k < 366; k++ {
			h := c.handoff(k)
			if local := h.In(c.loc); local.Hour() != 9 || local.Minute() != 0 {
				t.Fatalf("%s: hand-off %d at %s local", zone, k, local)
			}
			got, ok := c.shiftAt(h)
			before, _ := c.shiftAt(h.Add(-time.Second))
			if !ok || got != k || (k > 0 && before != k-1) {
				t.Fatalf("%s: shiftAt(handoff(%d)) = %d, one second before = %d", zone, k, got, before)
			}
		}
	}
}

func TestScheduleValidateNamesEveryBadField(t *testing.T) {
	t.Parallel()
	good := schedule("Europe/Berlin", rotation(ShiftWeekly, 1, "2026-01-05T09:00", alice, bob))
	if err := good.Validate(); err != nil {
		t.Fatalf("valid schedule: %v", err)
	}
	tests := []struct {
		name   string
		mutate func(*Schedule)
		fields []string
	}{
		{"empty name", func(s *Schedule) { s.Name = "  " }, []string{"name"}},
		{"long name", func(s *Schedule) { s.Name = strings.Repeat("x", 101) }, []string{"name"}},
		{"unknown zone", func(s *Schedule) { s.TimeZone = "Mars/Olympus" }, []string{"timeZone"}},
		{"empty zone", func(s *Schedule) { s.TimeZone = "" }, []string{"timeZone"}},
		{"Local zone", func(s *Schedule) { s.TimeZone = "Local" }, []string{"timeZone"}},
		{"no rotations", func(s *Schedule) { s.Rotations = nil }, []string{"rotations"}},
		{"eleven rotations", func(s *Schedule) {
			for len(s.Rotations) < 11 {
				s.Rotations = append(s.Rotations, s.Rotations[0])
			}
		}, []string{"rotations"}},
		{"bad rotation fields", func(s *Schedule) {
			s.Rotations = append(s.Rotations, Rotation{ShiftType: "monthly", ShiftLength: 0, Start: "2026-01-05 09:00",
				UserIDs: []string{alice, "bob"}})
		}, []string{"rotations[1].name", "rotations[1].shiftType", "rotations[1].shiftLength", "rotations[1].start", "rotations[1].userIds[1]"}},
		{"shift too long", func(s *Schedule) { s.Rotations[0].ShiftLength = 366 }, []string{"rotations[0].shiftLength"}},
		{"no users", func(s *Schedule) { s.Rotations[0].UserIDs = nil }, []string{"rotations[0].userIds"}},
		{"seconds in start", func(s *Schedule) { s.Rotations[0].Start = "2026-01-05T09:00:00" }, []string{"rotations[0].start"}},
		{"impossible date", func(s *Schedule) { s.Rotations[0].Start = "2026-02-30T09:00" }, []string{"rotations[0].start"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := good
			s.Rotations = append([]Rotation{}, good.Rotations...)
			tc.mutate(&s)
			err := s.Validate()
			var got []string
			if e, ok := err.(*Error); ok && e.Code == EInvalid {
				for _, f := range e.Fields {
					got = append(got, f.Field)
				}
			}
			if !reflect.DeepEqual(got, tc.fields) {
				t.Fatalf("fields = %v, want %v (err %v)", got, tc.fields, err)
			}
		})
	}
}

func TestOverrideValidate(t *testing.T) {
	t.Parallel()
	start := utc("2026-03-08T15:00:00Z")
	tests := []struct {
		o     Override
		field string
	}{
		{Override{UserID: alice, StartsAt: start, EndsAt: start.Add(time.Hour)}, ""},
		{Override{UserID: "alice", StartsAt: start, EndsAt: start.Add(time.Hour)}, "userId"},
		{Override{UserID: alice, EndsAt: start}, "startsAt"},
		{Override{UserID: alice, StartsAt: start}, "endsAt"},
		{Override{UserID: alice, StartsAt: start, EndsAt: start}, "endsAt"},
		{Override{UserID: alice, StartsAt: start, EndsAt: start.Add(-time.Minute)}, "endsAt"},
	}
	for _, tc := range tests {
		err := tc.o.Validate()
		field := ""
		if e, ok := err.(*Error); ok {
			field = e.Fields[0].Field
		}
		if field != tc.field {
			t.Errorf("%+v: bad field %q, want %q (%v)", tc.o, field, tc.field, err)
		}
	}
}

func TestNormalizedLowercasesUserIDs(t *testing.T) {
	t.Parallel()
	s := schedule(" UTC ", rotation(ShiftDaily, 1, "2026-01-01T00:00", strings.ToUpper(alice)))
	s.Name = "  primary "
	n := s.Normalized()
	if n.Name != "primary" || n.TimeZone != "UTC" || n.Rotations[0].UserIDs[0] != alice {
		t.Fatalf("normalized = %+v", n)
	}
	if s.Rotations[0].UserIDs[0] == alice {
		t.Fatal("Normalized changed its receiver's rotations")
	}
}
