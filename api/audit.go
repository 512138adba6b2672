package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
)

const (
	auditTargetTypeKey = "audit.targetType"
	auditTargetIDKey   = "audit.targetID"
	auditSummaryKey    = "audit.summary"
)

// setAuditTarget names what a mutating request acted on.
func setAuditTarget(c *gin.Context, typ, id string) {
	c.Set(auditTargetTypeKey, typ)
	c.Set(auditTargetIDKey, id)
}

// auditNote adds a non-secret detail to the request's audit entry.
func auditNote(c *gin.Context, key string, value any) {
	m, _ := c.Get(auditSummaryKey)
	summary, _ := m.(map[string]any)
	if summary == nil {
		summary = map[string]any{}
	}
	summary[key] = value
	c.Set(auditSummaryKey, summary)
}

// audit appends e, filling in the actor and request details. A failure to
// write is logged: the action already happened and cannot be undone.
func (s *Server) audit(c *gin.Context, e domain.AuditEntry) {
	if e.ActorType == "" {
		e.ActorType, e.ActorID, e.ActorName = actor(c)
	}
	e.At = s.deps.Now().UTC()
	e.RequestID = c.GetString(requestIDKey)
	e.ClientIP = c.ClientIP()
	e.UserAgent = c.Request.UserAgent()
	if e.TargetType == "" {
		e.TargetType, e.TargetID = c.GetString(auditTargetTypeKey), c.GetString(auditTargetIDKey)
	}
	if e.Summary == nil {
		if m, ok := c.Get(auditSummaryKey); ok {
			e.Summary, _ = m.(map[string]any)
		}
	}
	if err := s.id.Audit.Append(c.Request.Context(), e); err != nil {
		logger(c).Error("audit entry not written", "action", e.Action, "err", err)
	}
}

// auditMutation records every state-changing request after it ran.
func (s *Server) auditMutation(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
			return
		}
		outcome := domain.OutcomeSuccess
		switch status := c.Writer.Status(); {
		case status == http.StatusUnauthorized || status == http.StatusForbidden:
			outcome = domain.OutcomeDenied
		case status >= 400:
			outcome = domain.OutcomeFailure
			auditNote(c, "status", status)
		}
		s.audit(c, domain.AuditEntry{Action: action, Outcome: outcome})
	}
}

func (s *Server) listAudit(c *gin.Context, _ none) (paged[domain.AuditEntry, CursorPagination], error) {
	var bad []domain.FieldError
	f := domain.AuditFilter{
		ActorID: c.Query("actor"), Action: c.Query("action"), TargetType: c.Query("targetType"),
		TargetID: c.Query("targetId"), Cursor: c.Query("cursor"),
		Limit: intQuery(c, "limit", 50, 1, 200, &bad),
	}
	f.From = timeQuery(c, "from", &bad)
	f.To = timeQuery(c, "to", &bad)
	if err := domain.ValidationError(bad); err != nil {
		return paged[domain.AuditEntry, CursorPagination]{}, err
	}
	entries, next, err := s.id.Audit.List(c.Request.Context(), f)
	return pageOf(entries, CursorPagination{Limit: f.Limit, NextCursor: next}), err
}

func timeQuery(c *gin.Context, name string, bad *[]domain.FieldError) time.Time {
	raw := c.Query(name)
	if raw == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		*bad = append(*bad, domain.FieldError{Field: name, Message: "must be an RFC 3339 time such as 2026-01-02T15:04:05Z"})
	}
	return t
}
