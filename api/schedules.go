package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

// ScheduleStore is what the API needs of the on-call schedule repository
// (store.Schedules).
type ScheduleStore interface {
	rowStore[domain.Schedule, domain.Schedule, store.ScheduleUpdate]
	pagedList[domain.Schedule, store.ScheduleFilter]
	AddOverride(ctx context.Context, scheduleID string, o domain.Override) (domain.Override, error)
	DeleteOverride(ctx context.Context, scheduleID, overrideID string) error
	OnCall(ctx context.Context, scheduleID string, at time.Time) (store.OnCall, error)
}

// scheduleRoutes are the on-call schedule routes.
func (s *Server) scheduleRoutes() []Route {
	r, w := domain.PermIncidentsRead, domain.PermIncidentsWrite
	return []Route{
		{"GET", "/schedules", r, "schedule.list", endpoint(http.StatusOK, s.listSchedules)},
		{"POST", "/schedules", w, "schedule.create", endpoint(http.StatusCreated, s.createSchedule)},
		{"GET", "/schedules/:id", r, "schedule.get", endpoint(http.StatusOK, s.getSchedule)},
		{"PATCH", "/schedules/:id", w, "schedule.update", endpoint(http.StatusOK, s.updateSchedule)},
		{"DELETE", "/schedules/:id", w, "schedule.delete", endpoint(http.StatusNoContent, s.deleteSchedule)},
		{"POST", "/schedules/:id/overrides", w, "schedule.override.create", endpoint(http.StatusCreated, s.createOverride)},
		{"DELETE", "/schedules/:id/overrides/:overrideId", w, "schedule.override.delete", endpoint(http.StatusNoContent, s.deleteOverride)},
		{"GET", "/schedules/:id/oncall", r, "schedule.oncall", endpoint(http.StatusOK, s.getOnCall)},
	}
}

type createScheduleRequest struct {
	Name        string            `json:"name" validate:"max=200"`
	Description string            `json:"description" validate:"max=2000"`
	TimeZone    string            `json:"timeZone" validate:"max=100"`
	Rotations   []domain.Rotation `json:"rotations"`
}

func (s *Server) createSchedule(c *gin.Context, req createScheduleRequest) (domain.Schedule, error) {
	sc := domain.Schedule{Name: req.Name, Description: req.Description, TimeZone: req.TimeZone, Rotations: req.Rotations}.Normalized()
	if err := sc.Validate(); err != nil {
		return sc, err
	}
	created, err := s.deps.Schedules.Create(c.Request.Context(), sc)
	if err != nil {
		return created, err
	}
	setAuditTarget(c, "schedule", created.ID)
	auditNote(c, "name", created.Name)
	return created, nil
}

func (s *Server) listSchedules(c *gin.Context, _ none) (paged[domain.Schedule, Pagination], error) {
	var bad []domain.FieldError
	f := store.ScheduleFilter{Query: strings.TrimSpace(c.Query("q"))}
	f.Page, f.Limit = pageQuery(c, &bad)
	if err := domain.ValidationError(bad); err != nil {
		return paged[domain.Schedule, Pagination]{}, err
	}
	list, total, err := s.deps.Schedules.List(c.Request.Context(), f)
	return pageOf(list, newPagination(f.Page, f.Limit, total)), err
}

func (s *Server) getSchedule(c *gin.Context, _ none) (domain.Schedule, error) {
	return s.deps.Schedules.Get(c.Request.Context(), c.Param("id"))
}

type updateScheduleRequest struct {
	Name        *string            `json:"name" validate:"omitempty,max=200"`
	Description *string            `json:"description" validate:"omitempty,max=2000"`
	TimeZone    *string            `json:"timeZone" validate:"omitempty,max=100"`
	Rotations   *[]domain.Rotation `json:"rotations"`
}

// updateSchedule changes the given fields; the store validates the result
// as a whole, so a field is checked against the ones that stay.
func (s *Server) updateSchedule(c *gin.Context, req updateScheduleRequest) (domain.Schedule, error) {
	id := c.Param("id")
	setAuditTarget(c, "schedule", id)
	sc, err := s.deps.Schedules.Update(c.Request.Context(), id, store.ScheduleUpdate{
		Name: req.Name, Description: req.Description, TimeZone: req.TimeZone, Rotations: req.Rotations})
	if err == nil {
		auditNote(c, "changed", changedScheduleFields(req))
	}
	return sc, err
}

func changedScheduleFields(req updateScheduleRequest) []string {
	out := []string{}
	for _, f := range []struct {
		name string
		set  bool
	}{{"name", req.Name != nil}, {"description", req.Description != nil},
		{"timeZone", req.TimeZone != nil}, {"rotations", req.Rotations != nil}} {
		if f.set {
			out = append(out, f.name)
		}
	}
	return out
}

func (s *Server) deleteSchedule(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "schedule", c.Param("id"))
	return none{}, s.deps.Schedules.Delete(c.Request.Context(), c.Param("id"))
}

type overrideRequest struct {
	UserID   string `json:"userId" validate:"max=100"`
	StartsAt string `json:"startsAt" validate:"max=100"`
	EndsAt   string `json:"endsAt" validate:"max=100"`
}

// instant parses a required RFC 3339 body field as a UTC instant.
func instant(field, raw string, bad *[]domain.FieldError) time.Time {
	if raw == "" {
		*bad = append(*bad, domain.FieldError{Field: field, Message: "is required"})
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		*bad = append(*bad, domain.FieldError{Field: field, Message: "must be an RFC 3339 time such as 2026-01-02T15:04:05Z"})
		return time.Time{}
	}
	return t.UTC()
}

// createOverride puts someone on call instead of the rotations for a while.
func (s *Server) createOverride(c *gin.Context, req overrideRequest) (domain.Override, error) {
	id := c.Param("id")
	setAuditTarget(c, "schedule", id)
	var bad []domain.FieldError
	o := domain.Override{UserID: strings.ToLower(strings.TrimSpace(req.UserID)),
		StartsAt: instant("startsAt", req.StartsAt, &bad), EndsAt: instant("endsAt", req.EndsAt, &bad)}
	if err := domain.ValidationError(bad); err != nil {
		return o, err
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	created, err := s.deps.Schedules.AddOverride(c.Request.Context(), id, o)
	if err != nil {
		return created, err
	}
	auditNote(c, "overrideId", created.ID)
	auditNote(c, "userId", created.UserID)
	auditNote(c, "startsAt", created.StartsAt)
	auditNote(c, "endsAt", created.EndsAt)
	return created, nil
}

func (s *Server) deleteOverride(c *gin.Context, _ none) (none, error) {
	setAuditTarget(c, "schedule", c.Param("id"))
	auditNote(c, "overrideId", c.Param("overrideId"))
	return none{}, s.deps.Schedules.DeleteOverride(c.Request.Context(), c.Param("id"), c.Param("overrideId"))
}

// OnCallPerson is someone on call, as the on-call endpoint shows them.
type OnCallPerson struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
}

// OnCallSet is who is on call from At.
type OnCallSet struct {
	At    time.Time      `json:"at"`
	Users []OnCallPerson `json:"users"`
}

// OnCallView answers "who is on call at at, and who is next?". Next is null
// when the set does not change within about two years.
type OnCallView struct {
	OnCallSet
	Next *OnCallSet `json:"next"`
}

func onCallPeople(users []domain.User) []OnCallPerson {
	out := make([]OnCallPerson, 0, len(users))
	for _, u := range users {
		out = append(out, OnCallPerson{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName})
	}
	return out
}

func (s *Server) getOnCall(c *gin.Context, _ none) (OnCallView, error) {
	var bad []domain.FieldError
	at := timeQuery(c, "at", &bad)
	if err := domain.ValidationError(bad); err != nil {
		return OnCallView{}, err
	}
	if at.IsZero() {
		at = s.deps.Now()
	}
	oc, err := s.deps.Schedules.OnCall(c.Request.Context(), c.Param("id"), at)
	if err != nil {
		return OnCallView{}, err
	}
	view := OnCallView{OnCallSet: OnCallSet{At: oc.At, Users: onCallPeople(oc.Users)}}
	if oc.NextAt != nil {
		view.Next = &OnCallSet{At: *oc.NextAt, Users: onCallPeople(oc.NextUsers)}
	}
	return view, nil
}
