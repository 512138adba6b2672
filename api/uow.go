package api

import (
	"bytes"
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

// bufferedWriter holds a response until the request's unit of work has
// committed: a client is never told of a change that then rolled back.
type bufferedWriter struct {
	gin.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *bufferedWriter) WriteHeader(code int)              { w.status = code }
func (w *bufferedWriter) WriteHeaderNow()                   {}
func (w *bufferedWriter) Write(b []byte) (int, error)       { return w.body.Write(b) }
func (w *bufferedWriter) WriteString(s string) (int, error) { return w.body.WriteString(s) }
func (w *bufferedWriter) Status() int                       { return w.status }
func (w *bufferedWriter) Size() int                         { return w.body.Len() }
func (w *bufferedWriter) Written() bool                     { return w.body.Len() > 0 }
func (w *bufferedWriter) Flush()                            {}
func (w *bufferedWriter) Pusher() http.Pusher               { return nil }
func (w *bufferedWriter) flushTo(real gin.ResponseWriter) {
	real.WriteHeader(w.status)
	_, _ = real.Write(w.body.Bytes())
}

// unitOfWork runs a mutating request in one transaction: the handler's
// store calls, its audit entry and its live events (outbox) commit
// together, and only then is the response sent. A request that fails
// rolls back, and its audit entry (outcome failure or denied) is written
// on its own, so no entry claims a change that did not happen.
func (s *Server) unitOfWork(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.deps.Begin == nil || c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
			s.auditMutation(action)(c)
			return
		}
		base := c.Request.Context()
		tx, err := s.deps.Begin(base)
		if err != nil {
			respondError(c, domain.Errorf(domain.EUnavailable, "the database is not available; try again"))
			c.Abort()
			return
		}
		defer tx.Rollback(context.WithoutCancel(base))
		real := c.Writer
		buf := &bufferedWriter{ResponseWriter: real, status: http.StatusOK}
		c.Writer = buf
		c.Request = c.Request.WithContext(store.WithTx(base, tx))
		c.Next()
		c.Writer = real
		if buf.status < 400 {
			s.audit(c, domain.AuditEntry{Action: action, Outcome: domain.OutcomeSuccess})
			if err := tx.Commit(base); err == nil {
				buf.flushTo(real)
				return
			}
			logger(c).Error("unit of work not committed", "action", action, "err", err)
			buf = &bufferedWriter{ResponseWriter: real}
			c.Writer = buf
			respondError(c, domain.Errorf(domain.EUnavailable, "the change could not be saved; try again"))
			c.Writer = real
		}
		_ = tx.Rollback(base)
		c.Request = c.Request.WithContext(store.Detached(base))
		if failureOutcome(buf.status) == domain.OutcomeFailure {
			auditNote(c, "status", buf.status)
		}
		s.audit(c, domain.AuditEntry{Action: action, Outcome: failureOutcome(buf.status)})
		buf.flushTo(real)
	}
}

func failureOutcome(status int) domain.AuditOutcome {
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		return domain.OutcomeDenied
	}
	return domain.OutcomeFailure
}
