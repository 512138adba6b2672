package api

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/launch"
)

// validTriggers checks a service's playbook triggers: each names a
// playbook the caller may run, and its parameters, with every placeholder
// filled with a sample value, pass the playbook's validation.
func (s *Server) validTriggers(c *gin.Context, triggers []domain.PlaybookTrigger) []domain.FieldError {
	var bad []domain.FieldError
	if len(triggers) > domain.MaxTriggers {
		return []domain.FieldError{{Field: "playbooks", Message: fmt.Sprintf("at most %d playbooks", domain.MaxTriggers)}}
	}
	for i, t := range triggers {
		field := fmt.Sprintf("playbooks[%d]", i)
		def, ok := s.deps.Catalog.Lookup(t.Playbook)
		switch {
		case !ok:
			bad = append(bad, domain.FieldError{Field: field + ".playbook", Message: "is not a playbook"})
		case !principal(c).Can(domain.Permission(def.Permission)):
			bad = append(bad, domain.FieldError{Field: field + ".playbook",
				Message: "you may not run this playbook, so you cannot have incidents start it"})
		}
		if !ok {
			continue
		}
		// Placeholders where incident data would become code (a command's
		// argv, a quoted part of a shell line) are named field by field.
		if _, misplaced := domain.RenderTriggerParams(def.Params, t.Params, domain.SampleTriggerVars()); len(misplaced) > 0 {
			for _, fe := range misplaced {
				bad = append(bad, domain.FieldError{Field: field + "." + fe.Field, Message: fe.Message})
			}
			continue
		}
		if _, reason := launch.RenderParams(def, t.Params, domain.SampleTriggerVars()); reason != "" {
			bad = append(bad, domain.FieldError{Field: field + ".params", Message: reason})
		}
	}
	return bad
}
