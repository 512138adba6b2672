package workflows

import (
	"errors"
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// defaultMaxRecords continues an incident as new after this many recorded
// events in one run (each adds about six history events), well before
// Temporal's limits, so incidents open for weeks stay cheap to replay.
const defaultMaxRecords = 500

// IncidentWorkflowID is the workflow ID of incident id.
func IncidentWorkflowID(id string) string { return "incident/" + id }

const maxPages = 50

// IncidentWorkflow owns one incident until it is closed: its state machine,
// escalation and SLA timers, and its notifications.
func IncidentWorkflow(ctx workflow.Context, in contract.IncidentInput) (contract.IncidentState, error) {
	w := &incidentRun{in: in}
	return w.run(ctx)
}

type incidentRun struct {
	in       contract.IncidentInput
	state    contract.IncidentState
	wake     workflow.Channel
	alerts   workflow.ReceiveChannel
	pending  []string // page reasons queued by update handlers
	records  int      // events recorded in this run
	inflight int      // asynchronous records not yet stored
}

func (w *incidentRun) run(ctx workflow.Context) (contract.IncidentState, error) {
	w.wake = workflow.NewBufferedChannel(ctx, 1)
	fresh := w.in.State == nil
	if fresh {
		w.start(ctx)
	} else {
		w.state = *w.in.State
	}
	if err := w.registerHandlers(ctx); err != nil {
		return w.state, err
	}
	if fresh {
		w.record(ctx, domain.EventTriggered, "system", "incident triggered", map[string]any{"severity": w.in.Severity})
		w.pending = append(w.pending, contract.PageTriggered)
		w.startPlaybooks(ctx)
	}
	for w.state.Status != domain.StatusClosed {
		if w.shouldContinueAsNew(ctx) {
			return w.continueAsNew(ctx)
		}
		w.runPendingPages(ctx)
		w.processDue(ctx)
		if w.state.Status == domain.StatusClosed || len(w.pending) > 0 {
			continue
		}
		w.sleepUntilNext(ctx)
	}
	err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) && w.inflight == 0 })
	return w.state, err
}

// start sets the initial state and SLA deadlines.
func (w *incidentRun) start(ctx workflow.Context) {
	created := w.in.CreatedAt
	if created.IsZero() {
		created = workflow.Now(ctx)
	}
	w.state = contract.IncidentState{Status: domain.StatusTriggered, Level: -1, CreatedAt: created, AlertCount: 1, LastAlertAt: &created}
	w.setDeadlines(created)
}

func (w *incidentRun) setDeadlines(from time.Time) {
	w.state.AckDeadline, w.state.ResolveDeadline = nil, nil
	if w.in.AckSLA > 0 {
		t := from.Add(w.in.AckSLA)
		w.state.AckDeadline = &t
	}
	if w.in.ResolveSLA > 0 {
		t := from.Add(w.in.ResolveSLA)
		w.state.ResolveDeadline = &t
	}
}

// sleepUntilNext waits for the earliest deadline or for an update.
func (w *incidentRun) sleepUntilNext(ctx workflow.Context) {
	next := w.nextDeadline()
	timerCtx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	sel := workflow.NewSelector(ctx)
	if next != nil {
		d := next.Sub(workflow.Now(ctx))
		if d <= 0 {
			return
		}
		sel.AddFuture(workflow.NewTimer(timerCtx, d), func(workflow.Future) {})
	}
	sel.AddReceive(w.wake, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil) })
	sel.Select(ctx)
}

func (w *incidentRun) nextDeadline() *time.Time {
	var next *time.Time
	consider := func(t *time.Time, active bool) {
		if t != nil && active && (next == nil || t.Before(*next)) {
			next = t
		}
	}
	s := w.state
	consider(s.NextEscalationAt, s.Status == domain.StatusTriggered)
	consider(s.AckDeadline, !s.AckBreached && s.Status == domain.StatusTriggered)
	consider(s.ResolveDeadline, !s.ResolveBreached && s.Status.Open())
	return next
}

func due(t *time.Time, now time.Time) bool { return t != nil && !t.After(now) }

// processDue acts on every deadline that has passed.
func (w *incidentRun) processDue(ctx workflow.Context) {
	now := workflow.Now(ctx)
	s := &w.state
	if s.Status == domain.StatusTriggered && !s.AckBreached && due(s.AckDeadline, now) {
		s.AckBreached = true
		w.recordAsync(ctx, domain.EventSLABreached, "system", "acknowledge deadline missed: escalating now",
			map[string]any{"sla": "acknowledge", "deadline": s.AckDeadline})
		w.escalate(ctx, contract.PageSLAAckBreached)
	}
	if s.Status.Open() && !s.ResolveBreached && due(s.ResolveDeadline, now) {
		s.ResolveBreached = true
		w.recordAsync(ctx, domain.EventSLABreached, "system", "resolve deadline missed",
			map[string]any{"sla": "resolve", "deadline": s.ResolveDeadline})
		if s.Level < 0 {
			s.Level = 0
		}
		w.page(ctx, contract.PageSLAResolveBreached)
	}
	if s.Status == domain.StatusTriggered && due(s.NextEscalationAt, now) {
		w.escalate(ctx, contract.PageEscalated)
	}
}

func (w *incidentRun) runPendingPages(ctx workflow.Context) {
	for len(w.pending) > 0 {
		reason := w.pending[0]
		w.pending = w.pending[1:]
		if !w.state.Status.Open() {
			continue // resolved before the page went out: nobody needs it
		}
		if reason == contract.PageTriggered || reason == contract.PageReopened {
			w.state.Level, w.state.Round = 0, 0
			w.page(ctx, reason)
			continue
		}
		w.escalate(ctx, reason)
	}
}

// escalate moves to the next level (wrapping around the policy Repeat
// times) and pages it. With every level exhausted, an explicit escalation
// re-pages the last level and a timer escalation stops.
func (w *incidentRun) escalate(ctx workflow.Context, reason string) {
	s := &w.state
	levels := len(w.in.Policy.Levels)
	switch {
	case s.Level+1 < levels:
		s.Level++
	case s.Round < w.in.Policy.Repeat:
		s.Round++
		s.Level = 0
	case reason == contract.PageEscalated:
		s.NextEscalationAt = nil
		w.recordAsync(ctx, "", "", "", nil)
		return
	}
	w.page(ctx, reason)
}

// hasNextLevel reports whether escalation can go further.
func (w *incidentRun) hasNextLevel() bool {
	return w.state.Level+1 < len(w.in.Policy.Levels) || w.state.Round < w.in.Policy.Repeat
}

// page notifies the current level and records who was paged and why.
func (w *incidentRun) page(ctx workflow.Context, reason string) {
	s := &w.state
	now := workflow.Now(ctx)
	level := w.in.Policy.Levels[s.Level]
	s.NextEscalationAt = nil
	if s.Status == domain.StatusTriggered && w.hasNextLevel() {
		t := now.Add(level.Delay())
		s.NextEscalationAt = &t
	}
	s.Seq++
	p := contract.Page{At: now, Level: s.Level + 1, Round: s.Round, Reason: reason}
	f := workflow.ExecuteActivity(notifyOptions(ctx), notifier.NotifyLevel, contract.NotifyInput{
		IncidentID: w.in.IncidentID, Title: w.in.Title, Description: w.in.Description, ServiceName: w.in.ServiceName,
		Severity: string(w.in.Severity), Status: string(s.Status), Level: s.Level + 1, Round: s.Round,
		Reason: reason, EventKey: "page-" + itoa(s.Seq), Targets: level.Targets, OnCallAt: now,
	})
	// Deliveries may retry for minutes (a webhook that is down): wait for
	// them in a goroutine, so SLA and escalation timers keep running.
	nextAt := s.NextEscalationAt
	w.inflight++
	workflow.Go(ctx, func(gctx workflow.Context) {
		defer func() { w.inflight-- }()
		w.pageDone(gctx, p, f, nextAt)
	})
}

// pageDone records who a page reached once its deliveries finished.
func (w *incidentRun) pageDone(ctx workflow.Context, p contract.Page, f workflow.Future, nextAt *time.Time) {
	var res contract.NotifyResult
	if err := f.Get(ctx, &res); err != nil {
		p.Error = failureMessage(err)
		var app *temporal.ApplicationError
		if errors.As(err, &app) && app.HasDetails() {
			_ = app.Details(&res) // who was reached before the attempts ran out
		}
	}
	p.Recipients = res.Recipients
	s := &w.state
	s.Pages = append(s.Pages, p)
	if len(s.Pages) > maxPages {
		s.Pages = s.Pages[len(s.Pages)-maxPages:]
	}
	typ := domain.EventEscalated
	if p.Reason == contract.PageTriggered || p.Reason == contract.PageSLAResolveBreached {
		typ = domain.EventNotified
	}
	w.recordAsync(ctx, typ, "system", pageMessage(p), map[string]any{
		"level": p.Level, "round": p.Round, "reason": p.Reason, "recipients": p.Recipients, "error": p.Error,
		"pagedAt": p.At, "nextEscalationAt": nextAt,
	})
}

func pageMessage(p contract.Page) string {
	msg := "paged level " + itoa(int64(p.Level))
	switch p.Reason {
	case contract.PageEscalated:
		msg = "nobody acknowledged in time: " + msg
	case contract.PageSLAAckBreached:
		msg = "acknowledge SLA breached: " + msg
	case contract.PageSLAResolveBreached:
		msg = "resolve SLA breached: " + msg
	case contract.PageEscalateNow:
		msg = "escalated by hand: " + msg
	case contract.PageReopened:
		msg = "reopened: " + msg
	}
	return msg
}

func notifyOptions(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute, // up to 50 targets, each with its own timeout
		HeartbeatTimeout:    30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: 2 * time.Second, BackoffCoefficient: 2,
			MaximumInterval: time.Minute, MaximumAttempts: 20},
	})
}

var notifier *activities.Notifier

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
