package api

import (
	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
)

// onBehalfOf names the human behind a request made with an API token (the
// token's creator), "" for a user acting themself: runs the token starts,
// and approvals it gives, count as that person's for the four-eyes rule.
func onBehalfOf(c *gin.Context) string {
	if p := principal(c); p != nil && p.Type == domain.ActorToken {
		return p.Human()
	}
	return ""
}

// runPermission is the permission a run's playbook needs: to start the
// run, to cancel it, and to read its parameters, results and output. A run
// of a playbook no longer in the catalog needs the strictest,
// playbooks:run-command.
func (s *Server) runPermission(playbook string) domain.Permission {
	if def, ok := s.deps.Catalog.Lookup(playbook); ok {
		return domain.Permission(def.Permission)
	}
	return domain.PermPlaybooksRunCommand
}

// canReadRun reports whether the caller may read the details of runs of
// playbook.
func (s *Server) canReadRun(c *gin.Context, playbook string) bool {
	return principal(c).Can(s.runPermission(playbook))
}

// redact hides what only holders of the run's playbook permission may
// read: parameters, result, error, and each step's target, result and
// error. Status, timing, step names and links stay.
func redact(r domain.Run) domain.Run {
	r.Params, r.Result, r.Error = map[string]any{}, nil, nil
	steps := make([]domain.RunStep, len(r.Steps))
	for i, st := range r.Steps {
		st.Target, st.Result, st.Error = "", nil, nil
		steps[i] = st
	}
	if r.Steps != nil {
		r.Steps = steps
	}
	return r
}

// requestedByLabel names who requested a run, with the human behind an
// automated or token request: "automation (on behalf of alice@example.com)".
func requestedByLabel(r domain.Run) string {
	if r.OnBehalfOf == nil || *r.OnBehalfOf == "" || *r.OnBehalfOf == r.RequestedBy {
		return r.RequestedBy
	}
	return r.RequestedBy + " (on behalf of " + *r.OnBehalfOf + ")"
}

// runActionRefusal is a 403 when the caller lacks the run's playbook
// permission for what (nil when they hold it).
func (s *Server) runActionRefusal(c *gin.Context, r domain.Run, what string) error {
	perm := s.runPermission(r.Playbook)
	if principal(c).Can(perm) {
		return nil
	}
	auditNote(c, "playbook", r.Playbook)
	auditNote(c, "required", perm)
	return domain.Errorf(domain.EForbidden, "you need the %s permission to %s runs of %s", perm, what, r.Playbook)
}
