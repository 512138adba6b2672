package workflows

import (
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

func (w *incidentRun) registerHandlers(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, contract.QueryIncidentState, func() (contract.IncidentState, error) {
		return w.state, nil
	}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, contract.UpdateIncidentAction, w.act,
		workflow.UpdateHandlerOptions{Validator: w.validate}); err != nil {
		return err
	}
	w.alerts = workflow.GetSignalChannel(ctx, contract.SignalIncidentAlert)
	workflow.Go(ctx, func(gctx workflow.Context) {
		for {
			var a contract.AlertReceived
			if !w.alerts.Receive(gctx, &a) {
				return
			}
			w.alertReceived(gctx, a)
		}
	})
	return nil
}

// validate rejects an invalid action before it enters history; the API
// answers 409 with this message.
func (w *incidentRun) validate(req contract.ActionRequest) error {
	if _, err := req.Action.Apply(w.state.Status); err != nil {
		return temporal.NewApplicationError(domain.ErrorMessage(err), "InvalidTransition")
	}
	switch {
	case req.Action == domain.ActionComment && req.Note == "":
		return temporal.NewApplicationError("a comment needs text", contract.ErrInvalidRequest)
	case req.Action == domain.ActionReassign && req.AssigneeID == "":
		return temporal.NewApplicationError("reassign needs an assignee", contract.ErrInvalidRequest)
	}
	return nil
}

// act applies a validated action, records it, and wakes the main loop so
// timers and pages follow the new state.
func (w *incidentRun) act(ctx workflow.Context, req contract.ActionRequest) (contract.IncidentState, error) {
	s := &w.state
	from := s.Status
	to, err := req.Action.Apply(from)
	if err != nil { // the state changed since validation
		return w.state, temporal.NewApplicationError(domain.ErrorMessage(err), "InvalidTransition")
	}
	now := workflow.Now(ctx)
	s.Status = to
	details := map[string]any{"action": req.Action, "from": from, "to": to}
	switch req.Action {
	case domain.ActionAcknowledge, domain.ActionInvestigate, domain.ActionMitigate:
		if s.AcknowledgedAt == nil {
			s.AcknowledgedAt = &now
		}
		s.NextEscalationAt = nil
	case domain.ActionResolve:
		s.ResolvedAt, s.NextEscalationAt = &now, nil
	case domain.ActionClose:
		s.ClosedAt = &now
	case domain.ActionReopen:
		s.ResolvedAt, s.AcknowledgedAt, s.AckBreached, s.ResolveBreached = nil, nil, false, false
		w.setDeadlines(now)
		w.pending = append(w.pending, contract.PageReopened)
	case domain.ActionEscalate:
		w.pending = append(w.pending, contract.PageEscalateNow)
	case domain.ActionReassign:
		s.AssigneeID = req.AssigneeID
		details["assigneeId"] = req.AssigneeID
	}
	if req.Note != "" {
		details["note"] = req.Note
	}
	if to != from {
		w.setStatusAttribute(ctx)
	}
	w.record(ctx, eventTypeOf(req.Action), req.Actor, actionMessage(req, from, to), details)
	w.wake.SendAsync(nil)
	return w.state, nil
}

func eventTypeOf(a domain.IncidentAction) string {
	switch a {
	case domain.ActionComment:
		return domain.EventComment
	case domain.ActionReassign:
		return domain.EventReassigned
	}
	return domain.EventTransition
}

func actionMessage(req contract.ActionRequest, from, to domain.IncidentStatus) string {
	switch req.Action {
	case domain.ActionComment:
		return req.Note
	case domain.ActionReassign:
		return "reassigned"
	case domain.ActionEscalate:
		return "escalation requested"
	}
	return string(from) + " → " + string(to)
}

func (w *incidentRun) alertReceived(ctx workflow.Context, a contract.AlertReceived) {
	w.state.AlertCount++
	at := a.At
	w.state.LastAlertAt = &at
	w.recordAsync(ctx, domain.EventAlertAttached, a.Source, a.Summary, map[string]any{"count": w.state.AlertCount})
}

func (w *incidentRun) setStatusAttribute(ctx workflow.Context) {
	if err := workflow.UpsertTypedSearchAttributes(ctx, AttrStatus.ValueSet(string(w.state.Status))); err != nil {
		workflow.GetLogger(ctx).Warn("upsert status search attribute", "err", err)
	}
}

// record writes the current state and, if typ is set, a timeline event,
// and waits until it is stored (update handlers answer after it).
// Each call takes the next sequence number, which is both the event's
// idempotency key and the guard against writing older state over newer.
func (w *incidentRun) record(ctx workflow.Context, typ, actor, message string, details map[string]any) {
	w.logRecordError(ctx, w.startRecord(ctx, typ, actor, message, details))
}

// recordAsync is record without waiting, so timers' pages are not delayed
// behind bookkeeping. Writes stay ordered by their sequence numbers.
func (w *incidentRun) recordAsync(ctx workflow.Context, typ, actor, message string, details map[string]any) {
	f := w.startRecord(ctx, typ, actor, message, details)
	w.inflight++
	workflow.Go(ctx, func(gctx workflow.Context) {
		defer func() { w.inflight-- }()
		w.logRecordError(gctx, f)
	})
}

func (w *incidentRun) startRecord(ctx workflow.Context, typ, actor, message string, details map[string]any) workflow.Future {
	s := &w.state
	s.Seq++
	w.records++
	in := contract.RecordIncidentInput{Snapshot: w.snapshot(), EventKey: "event-" + itoa(s.Seq)}
	if typ != "" {
		in.Event = &domain.TimelineEvent{At: workflow.Now(ctx), Type: typ, Actor: actor, Message: message, Details: details}
	}
	return workflow.ExecuteActivity(bookkeeping(ctx), acts.RecordIncident, in)
}

func (w *incidentRun) logRecordError(ctx workflow.Context, f workflow.Future) {
	if err := f.Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("record incident state", "err", err)
	}
}

func (w *incidentRun) snapshot() contract.IncidentSnapshot {
	s := w.state
	return contract.IncidentSnapshot{
		IncidentID: w.in.IncidentID, Seq: s.Seq, Status: s.Status, EscalationLevel: s.Level + 1,
		EscalationRound: s.Round, NextEscalationAt: s.NextEscalationAt, AckDeadline: s.AckDeadline,
		ResolveDeadline: s.ResolveDeadline, AckBreached: s.AckBreached, ResolveBreached: s.ResolveBreached,
		AssigneeID: s.AssigneeID, AcknowledgedAt: s.AcknowledgedAt, ResolvedAt: s.ResolvedAt, ClosedAt: s.ClosedAt,
		AlertCount: s.AlertCount, LastAlertAt: s.LastAlertAt,
	}
}

func (w *incidentRun) shouldContinueAsNew(ctx workflow.Context) bool {
	limit := w.in.MaxRecords
	if limit <= 0 {
		limit = defaultMaxRecords
	}
	return workflow.GetInfo(ctx).GetContinueAsNewSuggested() || w.records >= limit
}

// continueAsNew hands the state to a fresh run once every update handler
// has finished, so no accepted update is lost.
func (w *incidentRun) continueAsNew(ctx workflow.Context) (contract.IncidentState, error) {
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) && w.inflight == 0 }); err != nil {
		return w.state, err
	}
	var a contract.AlertReceived
	for w.alerts.ReceiveAsync(&a) { // signals not yet handled must not be lost
		w.alertReceived(ctx, a)
	}
	next := w.in
	state := w.state
	next.State = &state
	return w.state, workflow.NewContinueAsNewError(ctx, contract.IncidentWorkflowType, next)
}
