package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
)

// uowRoute mounts handler behind the unit of work, as registerRoutes does.
func (s *testServer) uowRoute(action string, handler gin.HandlerFunc) http.Handler {
	e := gin.New()
	e.POST("/"+action, func(c *gin.Context) {
		c.Set(principalKey, &domain.Principal{Type: domain.ActorUser, ID: s.adminID, Name: "admin@example.com"})
	}, s.unitOfWork(action), handler)
	return e
}

func (s *testServer) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func post(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", path, nil))
	return rec
}

// A mutating request's change, its audit entry and its live event commit
// together or not at all; a failed request leaves only its failure entry.
func TestUnitOfWorkCommitsChangeAuditAndEventTogether(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	policy := func(name string) domain.EscalationPolicy {
		return domain.EscalationPolicy{Name: name, Levels: []domain.EscalationLevel{{DelaySeconds: 60,
			Targets: []domain.Target{{Type: domain.TargetEmail, Address: "a@example.com"}}}}}
	}
	create := func(name string, status int) gin.HandlerFunc {
		return func(c *gin.Context) {
			p, err := s.deps.Policies.CreateEscalationPolicy(c.Request.Context(), policy(name))
			if err != nil {
				respondError(c, err)
				return
			}
			s.announce(c.Request.Context(), live.Event{Kind: live.KindIncident, ID: p.ID})
			c.JSON(status, gin.H{"data": p})
		}
	}
	policies := func(name string) int {
		return s.count(t, `SELECT count(*) FROM escalation_policies WHERE name = $1`, name)
	}
	audits := func(action string, outcome domain.AuditOutcome) int { return s.auditCount(t, action, outcome) }
	outbox := func() int { return s.count(t, `SELECT count(*) FROM live_outbox`) }

	if rec := post(s.uowRoute("test.ok", create("committed", 201)), "/test.ok"); rec.Code != 201 {
		t.Fatalf("ok: %d %s", rec.Code, rec.Body)
	}
	if policies("committed") != 1 || audits("test.ok", domain.OutcomeSuccess) != 1 || outbox() != 1 {
		t.Fatalf("after a success: %d policies, %d audit entries, %d outbox rows; want 1 each",
			policies("committed"), audits("test.ok", domain.OutcomeSuccess), outbox())
	}

	if rec := post(s.uowRoute("test.fails", create("rolled-back", 500)), "/test.fails"); rec.Code != 500 {
		t.Fatalf("failing handler: %d", rec.Code)
	}
	if policies("rolled-back") != 0 || audits("test.fails", domain.OutcomeSuccess) != 0 || audits("test.fails", domain.OutcomeFailure) != 1 || outbox() != 1 {
		t.Fatalf("after a failure: %d policies, %d success and %d failure entries, %d outbox rows; want 0, 0, 1, 1",
			policies("rolled-back"), audits("test.fails", domain.OutcomeSuccess), audits("test.fails", domain.OutcomeFailure), outbox())
	}

	// Without its audit entry the change cannot commit: the client hears so.
	if _, err := s.pool.Exec(context.Background(), `ALTER TABLE audit_log RENAME TO audit_log_away`); err != nil {
		t.Fatal(err)
	}
	rec := post(s.uowRoute("test.unaudited", create("unaudited", 201)), "/test.unaudited")
	if _, err := s.pool.Exec(context.Background(), `ALTER TABLE audit_log_away RENAME TO audit_log`); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 503 || policies("unaudited") != 0 || outbox() != 1 {
		t.Fatalf("with the audit log unwritable: %d %s, %d policies, %d outbox rows; want 503 and nothing stored", rec.Code, rec.Body, policies("unaudited"), outbox())
	}
}
