package activities

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/mailer"
)

// SentMessages remembers which run messages went out (store.RunMessages).
type SentMessages interface {
	WasSent(ctx context.Context, key string) (bool, error)
	RecordSent(ctx context.Context, key, runID string) error
}

// SendRunMessage sends a run's message to every target once: a retried
// attempt skips recipients an earlier attempt reached. Transient failures
// fail the activity (retryably); if every recipient failed for good, it
// fails without retry.
func (n *Notifier) SendRunMessage(ctx context.Context, in contract.RunMessageInput) (contract.NotifyResult, error) {
	var res contract.NotifyResult
	var addrs []address
	for _, t := range in.Targets {
		got, failure := n.resolve(ctx, contract.NotifyInput{}, t)
		addrs = append(addrs, got...)
		if failure != nil {
			res.Recipients = append(res.Recipients, *failure)
		}
	}
	for i, a := range addrs {
		heartbeat(ctx, i)
		res.Recipients = append(res.Recipients, n.sendRunMessage(ctx, in, a))
	}
	return res, messageOutcome(res)
}

func messageOutcome(res contract.NotifyResult) error {
	var pending, failed []string
	sent := 0
	for _, r := range res.Recipients {
		switch r.Status {
		case RecipientSent:
			sent++
		case RecipientPending:
			pending = append(pending, r.Target+": "+r.Error)
		case RecipientFailed, RecipientSkipped:
			failed = append(failed, r.Target+": "+r.Error)
		}
	}
	switch {
	case len(pending) > 0:
		return temporal.NewApplicationError("not delivered yet: "+strings.Join(pending, "; "), contract.ErrNotifyIncomplete, res)
	case sent == 0 && len(failed) > 0:
		return temporal.NewNonRetryableApplicationError("nobody received the message: "+strings.Join(failed, "; "), contract.ErrMessageUndelivered, nil, res)
	case sent == 0:
		return temporal.NewNonRetryableApplicationError("the message has no recipients", contract.ErrMessageUndelivered, nil, res)
	}
	return nil
}

func (n *Notifier) sendRunMessage(ctx context.Context, in contract.RunMessageInput, a address) contract.Recipient {
	rec := contract.Recipient{Channel: a.channel, Target: a.display()}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d/%s:%s", in.RunID, in.Seq, a.channel, a.target)))
	key := "run." + hex.EncodeToString(sum[:16])
	if sent, err := n.Sent.WasSent(ctx, key); err != nil || sent {
		if err != nil {
			rec.Status, rec.Error = RecipientPending, err.Error()
		} else {
			rec.Status = RecipientSent
		}
		return rec
	}
	var permanent bool
	var err error
	if a.channel == ChannelEmail {
		err = n.Mail.Send(ctx, mailer.Message{To: []string{a.target}, Subject: in.Subject, Text: n.runMessageText(in),
			MessageID: key, Headers: map[string]string{"X-OpsManager-Run": in.RunID, "Auto-Submitted": "auto-generated"}})
		permanent = mailer.IsPermanent(err)
	} else {
		permanent, err = n.postJSON(ctx, a, n.runMessagePayload(in, a.format), key)
	}
	switch {
	case err == nil:
		rec.Status = RecipientSent
		if rerr := n.Sent.RecordSent(context.WithoutCancel(ctx), key, in.RunID); rerr != nil {
			rec.Status, rec.Error = RecipientPending, "sent, but recording it failed: "+rerr.Error()
		}
	case permanent:
		rec.Status, rec.Error = RecipientFailed, err.Error()
	default:
		rec.Status, rec.Error = RecipientPending, err.Error()
	}
	return rec
}

func (n *Notifier) runURL(runID string) string {
	return strings.TrimRight(n.DashboardURL, "/") + "/runs/" + runID
}

func (n *Notifier) runMessageText(in contract.RunMessageInput) string {
	return fmt.Sprintf("%s\n\n--\nSent by step %q of playbook %s.\nRun: %s\n", in.Body, in.Step, in.Playbook, n.runURL(in.RunID))
}

func (n *Notifier) runMessagePayload(in contract.RunMessageInput, format string) []byte {
	var v any = map[string]any{"type": "playbook.message", "subject": in.Subject, "body": in.Body,
		"run": map[string]any{"id": in.RunID, "playbook": in.Playbook, "step": in.Step, "url": n.runURL(in.RunID)}}
	if format == "slack" {
		v = map[string]any{"text": fmt.Sprintf("*%s*\n%s\n<%s|Run of %s>", slackEscape(in.Subject), slackEscape(in.Body),
			n.runURL(in.RunID), slackEscape(in.Playbook))}
	}
	b, _ := json.Marshal(v) // maps of strings: cannot fail
	return b
}
