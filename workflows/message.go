package workflows

import (
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// Email sends an email to addresses as the step called name.
func (rb *Runbook) Email(name string, to []string, subject, body string) error {
	targets := make([]domain.Target, 0, len(to))
	for _, addr := range to {
		targets = append(targets, domain.Target{Type: domain.TargetEmail, Address: addr})
	}
	return rb.message(name, "email", targets, subject, body)
}

// Notify sends message to targets (users, whoever is on call on a
// schedule, addresses, webhooks — as in escalation policies) as the step
// called name.
func (rb *Runbook) Notify(name string, targets []domain.Target, message string) error {
	subject := message
	if i := strings.IndexByte(subject, '\n'); i >= 0 {
		subject = subject[:i]
	}
	return rb.message(name, "notify", targets, subject, message)
}

func (rb *Runbook) message(name, kind string, targets []domain.Target, subject, body string) error {
	st := rb.begin(name, kind, targetList(targets), map[string]any{"targets": targets, "subject": subject})
	if rb.input.DryRun {
		return nil
	}
	ctx := workflow.WithActivityOptions(rb.ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 2 * time.Minute,
		HeartbeatTimeout:    30 * time.Second,
		Summary:             name,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: 5 * time.Second, BackoffCoefficient: 2,
			MaximumInterval: time.Minute, MaximumAttempts: 5},
	})
	var res contract.NotifyResult
	err := workflow.ExecuteActivity(ctx, notifier.SendRunMessage, contract.RunMessageInput{
		RunID: rb.input.RunID, Playbook: rb.playbook, Step: name, Seq: st.seq, Subject: subject, Body: body, Targets: targets,
	}).Get(rb.ctx, &res)
	st.end(err, nil, map[string]any{"recipients": res.Recipients})
	return err
}

func targetList(targets []domain.Target) string {
	parts := make([]string, 0, len(targets))
	for _, t := range targets {
		switch {
		case t.Address != "":
			parts = append(parts, t.Address)
		case t.URL != "":
			parts = append(parts, "webhook")
		default:
			parts = append(parts, t.Type+" "+t.ID)
		}
	}
	return strings.Join(parts, ", ")
}
