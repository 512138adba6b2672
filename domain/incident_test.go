package domain_test

import (
	"testing"

	"github.com/opsmanager/opsmanager/domain"
)

// TestIncidentTransitionTable checks every action from every status
// against the lifecycle operators expect (PagerDuty's).
func TestIncidentTransitionTable(t *testing.T) {
	t.Parallel()
	const (
		Tr = domain.StatusTriggered
		Ac = domain.StatusAcknowledged
		In = domain.StatusInvestigating
		Mi = domain.StatusMitigated
		Re = domain.StatusResolved
		Cl = domain.StatusClosed
		no = domain.IncidentStatus("") // refused
	)
	want := map[domain.IncidentAction]map[domain.IncidentStatus]domain.IncidentStatus{
		domain.ActionAcknowledge: {Tr: Ac, Ac: no, In: no, Mi: no, Re: no, Cl: no},
		domain.ActionInvestigate: {Tr: In, Ac: In, In: no, Mi: no, Re: no, Cl: no},
		domain.ActionMitigate:    {Tr: Mi, Ac: Mi, In: Mi, Mi: no, Re: no, Cl: no},
		domain.ActionResolve:     {Tr: Re, Ac: Re, In: Re, Mi: Re, Re: no, Cl: no},
		domain.ActionClose:       {Tr: no, Ac: no, In: no, Mi: no, Re: Cl, Cl: no},
		domain.ActionReopen:      {Tr: no, Ac: no, In: no, Mi: no, Re: Tr, Cl: no},
		domain.ActionEscalate:    {Tr: Tr, Ac: Tr, In: no, Mi: no, Re: no, Cl: no},
		domain.ActionReassign:    {Tr: Tr, Ac: Ac, In: In, Mi: Mi, Re: no, Cl: no},
		domain.ActionComment:     {Tr: Tr, Ac: Ac, In: In, Mi: Mi, Re: Re, Cl: Cl},
	}
	for action, row := range want {
		for _, from := range domain.IncidentStatuses {
			to, ok := row[from]
			if !ok {
				t.Fatalf("table misses %s from %s", action, from)
			}
			got, err := action.Apply(from)
			switch {
			case to == no && domain.ErrorCode(err) != domain.EConflict:
				t.Errorf("%s from %s: got %s, %v; want a conflict", action, from, got, err)
			case to == no && err != nil && err.Error() != "conflict: cannot "+string(action)+" an incident that is "+string(from):
				t.Errorf("%s from %s: message %q must name the current status", action, from, err)
			case to != no && (err != nil || got != to):
				t.Errorf("%s from %s: got %s, %v; want %s", action, from, got, err, to)
			}
		}
	}
	if _, err := domain.IncidentAction("explode").Apply(Tr); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("unknown action: %v, want invalid", err)
	}
}

func TestOpenStatusesAndSeverities(t *testing.T) {
	t.Parallel()
	for s, open := range map[domain.IncidentStatus]bool{"triggered": true, "acknowledged": true, "investigating": true,
		"mitigated": true, "resolved": false, "closed": false} {
		if s.Open() != open || !s.Valid() {
			t.Errorf("%s: Open %v Valid %v", s, s.Open(), s.Valid())
		}
	}
	if domain.Severity("urgent").Valid() || !domain.Severity("critical").Valid() || domain.IncidentStatus("done").Valid() {
		t.Error("validity of severities or statuses is wrong")
	}
}

func TestEscalationPolicyValidation(t *testing.T) {
	t.Parallel()
	ok := domain.EscalationPolicy{Name: "Primary", Repeat: 2, Levels: []domain.EscalationLevel{{DelaySeconds: 300, Targets: []domain.Target{
		{Type: domain.TargetEmail, Address: "a@example.com"},
		{Type: domain.TargetUser, ID: "01a21300-0000-7000-8000-000000000000"},
		{Type: domain.TargetWebhook, URL: "https://hooks.example.com/x", Format: "slack"},
	}}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid policy rejected: %v", err)
	}
	bad := ok
	bad.Levels = []domain.EscalationLevel{{DelaySeconds: 0, Targets: []domain.Target{{Type: domain.TargetSchedule, ID: "nope"}}}}
	err := bad.Validate()
	var de *domain.Error
	if !asDomain(err, &de) || len(de.Fields) != 2 || de.Fields[0].Field != "levels[0].delaySeconds" || de.Fields[1].Field != "levels[0].targets[0]" {
		t.Fatalf("bad policy: %v", err)
	}
}

func asDomain(err error, target **domain.Error) bool {
	e, ok := err.(*domain.Error)
	*target = e
	return ok
}
