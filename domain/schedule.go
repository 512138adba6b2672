package domain

import (
	"fmt"
	"strings"
	"sync"
	"time"

	// The zone database is embedded so schedules work on hosts without
	// /usr/share/zoneinfo (the distroless image).
	_ "time/tzdata"
)

// Shift types of a rotation.
const (
	ShiftHourly = "hourly"
	ShiftDaily  = "daily"
	ShiftWeekly = "weekly"
)

// RotationStartLayout is the local wall-clock form of a rotation's first
// hand-off, read in the schedule's time zone.
const RotationStartLayout = "2006-01-02T15:04"

// Search bounds of NextChange: a schedule whose on-call set does not change
// within them has no next change.
const (
	changeHorizon  = 2 * 366 * 24 * time.Hour
	maxChangeSteps = 10_000
)

// Rotation hands on-call duty from one user to the next every ShiftLength
// units. Daily and weekly hand-offs keep the local wall-clock time of Start
// across DST changes; hourly ones are absolute durations.
type Rotation struct {
	Name        string   `json:"name"`
	ShiftType   string   `json:"shiftType"`
	ShiftLength int      `json:"shiftLength"`
	Start       string   `json:"start"`   // RotationStartLayout, in the schedule's zone
	UserIDs     []string `json:"userIds"` // in rotation order; repeats allowed
}

// Override puts UserID on call instead of the rotations' users from
// StartsAt (inclusive) to EndsAt (exclusive).
type Override struct {
	ID         string    `json:"id"`
	ScheduleID string    `json:"scheduleId"`
	UserID     string    `json:"userId"`
	StartsAt   time.Time `json:"startsAt"`
	EndsAt     time.Time `json:"endsAt"`
	CreatedAt  time.Time `json:"createdAt"`
}

// Active reports whether o covers instant t.
func (o Override) Active(t time.Time) bool { return !t.Before(o.StartsAt) && t.Before(o.EndsAt) }

// Validate checks an override and names every bad field.
func (o Override) Validate() error {
	var bad []FieldError
	if !IsUUID(o.UserID) {
		bad = append(bad, FieldError{"userId", "must be the id of a user"})
	}
	if o.StartsAt.IsZero() {
		bad = append(bad, FieldError{"startsAt", "is required"})
	}
	if o.EndsAt.IsZero() {
		bad = append(bad, FieldError{"endsAt", "is required"})
	} else if !o.StartsAt.IsZero() && !o.EndsAt.After(o.StartsAt) {
		bad = append(bad, FieldError{"endsAt", "must be after startsAt"})
	}
	return ValidationError(bad)
}

// Schedule says who is on call when: the union of its rotations' users,
// unless overrides are active, in which case exactly the overrides' users.
type Schedule struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	TimeZone    string     `json:"timeZone"`
	Rotations   []Rotation `json:"rotations"`
	// Overrides are loaded for a single schedule, not in lists.
	Overrides []Override `json:"overrides,omitzero"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
}

// Normalized trims names and lowercases user IDs, so equal IDs compare equal.
func (s Schedule) Normalized() Schedule {
	s.Name = strings.TrimSpace(s.Name)
	s.Description = strings.TrimSpace(s.Description)
	s.TimeZone = strings.TrimSpace(s.TimeZone)
	rots := make([]Rotation, len(s.Rotations))
	for i, r := range s.Rotations {
		r.Name = strings.TrimSpace(r.Name)
		r.Start = strings.TrimSpace(r.Start)
		ids := make([]string, len(r.UserIDs))
		for j, id := range r.UserIDs {
			ids[j] = strings.ToLower(strings.TrimSpace(id))
		}
		r.UserIDs = ids
		rots[i] = r
	}
	if s.Rotations != nil {
		s.Rotations = rots
	}
	return s
}

// Validate checks a schedule and names every bad field, e.g. "rotations[0].start".
func (s Schedule) Validate() error {
	var bad []FieldError
	CheckLength(&bad, "name", s.Name, 1, 100)
	CheckLength(&bad, "description", s.Description, 0, 1000)
	if _, err := LoadZone(s.TimeZone); err != nil {
		bad = append(bad, FieldError{"timeZone", "must be an IANA time zone such as Europe/Berlin"})
	}
	if len(s.Rotations) < 1 || len(s.Rotations) > 10 {
		bad = append(bad, FieldError{"rotations", "must have 1 to 10 rotations"})
	}
	for i, r := range s.Rotations {
		bad = append(bad, r.problems(fmt.Sprintf("rotations[%d]", i))...)
	}
	return ValidationError(bad)
}

func (r Rotation) problems(field string) []FieldError {
	var bad []FieldError
	CheckLength(&bad, field+".name", r.Name, 1, 100)
	switch r.ShiftType {
	case ShiftHourly, ShiftDaily, ShiftWeekly:
	default:
		bad = append(bad, FieldError{field + ".shiftType", "must be hourly, daily or weekly"})
	}
	if r.ShiftLength < 1 || r.ShiftLength > 365 {
		bad = append(bad, FieldError{field + ".shiftLength", "must be from 1 to 365"})
	}
	if _, err := time.Parse(RotationStartLayout, r.Start); err != nil {
		bad = append(bad, FieldError{field + ".start", "must be a local time like 2026-01-05T09:00"})
	}
	if len(r.UserIDs) < 1 || len(r.UserIDs) > 100 {
		bad = append(bad, FieldError{field + ".userIds", "must have 1 to 100 users"})
	}
	for j, id := range r.UserIDs {
		if !IsUUID(id) {
			bad = append(bad, FieldError{fmt.Sprintf("%s.userIds[%d]", field, j), "must be the id of a user"})
		}
	}
	return bad
}

var zones sync.Map // name → *time.Location

// LoadZone loads an IANA time zone, refusing "" and "Local" (which would
// silently mean UTC or the server's zone). Zones are cached.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}

// OnCallAt returns the IDs of the users on call at t: the users of the
// overrides active at t if there are any, else each rotation's current user,
// in rotation order without repeats. Before a rotation's start it has nobody.
func (s Schedule) OnCallAt(t time.Time, overrides []Override) ([]string, error) {
	clocks, err := s.clocks()
	if err != nil {
		return nil, err
	}
	return onCallAt(clocks, t, overrides), nil
}

// NextChange returns the first instant after t at which the set of users on
// call differs from the set at t, and that set. It looks at most about two
// years ahead; a schedule that does not change within that has a zero time.
func (s Schedule) NextChange(t time.Time, overrides []Override) (time.Time, []string, error) {
	clocks, err := s.clocks()
	if err != nil {
		return time.Time{}, nil, err
	}
	current := onCallAt(clocks, t, overrides)
	horizon := t.Add(changeHorizon)
	at := t
	for range maxChangeSteps {
		next, ok := nextCandidate(clocks, at, overrides)
		if !ok || next.After(horizon) {
			break
		}
		if set := onCallAt(clocks, next, overrides); !sameSet(set, current) {
			return next, set, nil
		}
		at = next
	}
	return time.Time{}, nil, nil
}

func onCallAt(clocks []rotationClock, t time.Time, overrides []Override) []string {
	out := []string{}
	for _, o := range overrides {
		if o.Active(t) {
			out = appendNew(out, o.UserID)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, c := range clocks {
		if k, ok := c.shiftAt(t); ok {
			out = appendNew(out, c.userOf(k))
		}
	}
	return out
}

// nextCandidate returns the earliest instant after t at which an override
// begins or ends or a rotation hands over to a different user. While an
// override is active only override boundaries can change the set.
func nextCandidate(clocks []rotationClock, t time.Time, overrides []Override) (time.Time, bool) {
	var best time.Time
	consider := func(c time.Time) {
		if c.After(t) && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	covered := false
	for _, o := range overrides {
		consider(o.StartsAt)
		consider(o.EndsAt)
		covered = covered || o.Active(t)
	}
	if !covered {
		for _, c := range clocks {
			if next, ok := c.nextHandover(t); ok {
				consider(next)
			}
		}
	}
	return best, !best.IsZero()
}

func appendNew(list []string, id string) []string {
	for _, v := range list {
		if v == id {
			return list
		}
	}
	return append(list, id)
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			return false
		}
	}
	return true
}

// rotationClock computes a rotation's hand-offs in its schedule's zone.
type rotationClock struct {
	users []string
	loc   *time.Location
	wall  time.Time // Start as read, in UTC: its fields are the local wall clock
	start time.Time // the first hand-off instant
	kind  string
	len   int // shift length in units of kind
}

func (s Schedule) clocks() ([]rotationClock, error) {
	loc, err := LoadZone(s.TimeZone)
	if err != nil {
		return nil, Errorf(EInvalid, "schedule %s: bad time zone %q", s.ID, s.TimeZone)
	}
	out := make([]rotationClock, 0, len(s.Rotations))
	for i, r := range s.Rotations {
		wall, err := time.Parse(RotationStartLayout, r.Start)
		if err != nil || r.ShiftLength < 1 || len(r.UserIDs) == 0 {
			return nil, Errorf(EInvalid, "schedule %s: rotation %d is invalid", s.ID, i)
		}
		switch r.ShiftType {
		case ShiftHourly, ShiftDaily, ShiftWeekly:
		default:
			return nil, Errorf(EInvalid, "schedule %s: rotation %d has shift type %q", s.ID, i, r.ShiftType)
		}
		start := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), 0, 0, loc)
		out = append(out, rotationClock{users: r.UserIDs, loc: loc, wall: wall, start: start, kind: r.ShiftType, len: r.ShiftLength})
	}
	return out, nil
}

// days is the shift length in calendar days (0 for hourly shifts).
func (c rotationClock) days() int {
	switch c.kind {
	case ShiftDaily:
		return c.len
	case ShiftWeekly:
		return 7 * c.len
	}
	return 0
}

// handoff returns the start of shift k. Calendar shifts keep Start's local
// wall-clock time (time.Date normalises days past the month's end and picks
// an offset for times that a DST change skips or repeats).
func (c rotationClock) handoff(k int) time.Time {
	if d := c.days(); d > 0 {
		// From the wall clock as written, so a start inside a DST gap
		// does not move every later hand-off.
		y, m, day := c.wall.Date()
		return time.Date(y, m, day+k*d, c.wall.Hour(), c.wall.Minute(), 0, 0, c.loc)
	}
	return time.Unix(c.start.Unix()+int64(k)*int64(c.len)*3600, 0).In(c.loc)
}

// shiftAt returns the index k with handoff(k) <= t < handoff(k+1); false
// before the rotation starts, when nobody is on call in it.
func (c rotationClock) shiftAt(t time.Time) (int, bool) {
	if t.Before(c.start) {
		return 0, false
	}
	period := int64(c.len) * 3600
	if d := c.days(); d > 0 {
		period = int64(d) * 24 * 3600
	}
	// Estimate in whole seconds (no Duration overflow for far dates), then
	// correct for DST hours gained or lost since the start.
	k := int((t.Unix() - c.start.Unix()) / period)
	for k > 0 && c.handoff(k).After(t) {
		k--
	}
	for !c.handoff(k + 1).After(t) {
		k++
	}
	return k, true
}

func (c rotationClock) userOf(k int) string { return c.users[k%len(c.users)] }

// nextHandover returns the first hand-off after t to a user other than the
// one on call at t (the start, if t is before it); false if the rotation
// never changes user.
func (c rotationClock) nextHandover(t time.Time) (time.Time, bool) {
	k, ok := c.shiftAt(t)
	if !ok {
		return c.start, true
	}
	cur := c.userOf(k)
	for j := 1; j <= len(c.users); j++ {
		if c.userOf(k+j) != cur {
			return c.handoff(k + j), true
		}
	}
	return time.Time{}, false
}
