package activities

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/mailer"
	"github.com/opsmanager/opsmanager/outbound"
	"github.com/opsmanager/opsmanager/vault"
)

// contract.Recipient statuses of a contract.NotifyResult.
const (
	RecipientSent    = "sent"    // delivered, now or by an earlier attempt
	RecipientFailed  = "failed"  // permanent failure, recorded and not retried
	RecipientPending = "pending" // transient failure; the activity fails so Temporal retries
	RecipientSkipped = "skipped" // nobody to page: inactive or unknown user, nobody on call
)

// Channels of a delivery.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// defaultWebhookTimeout bounds one webhook call.
const defaultWebhookTimeout = 10 * time.Second

// Mailer sends one email (mailer.Mailer in production).
type Mailer interface {
	Send(ctx context.Context, msg mailer.Message) error
}

// DeliveryStore records deliveries by idempotency key (store.Deliveries).
type DeliveryStore interface {
	Begin(ctx context.Context, d domain.Delivery) (domain.Delivery, bool, error)
	MarkSent(ctx context.Context, key string, at time.Time) error
	MarkFailed(ctx context.Context, key, errMsg string, permanent bool) error
}

// RecipientResolver turns users and schedules into email addresses.
type RecipientResolver interface {
	// UserEmail returns a user's address and whether the user is active. An
	// unknown user is a domain.ENotFound error.
	UserEmail(ctx context.Context, userID string) (email string, active bool, err error)
	// OnCallEmails returns the addresses of whoever is on call at at.
	OnCallEmails(ctx context.Context, scheduleID string, at time.Time) ([]string, error)
}

// Notifier sends an incident's pages. Built once in cmd, registered with the worker.
type Notifier struct {
	Mail       Mailer
	HTTP       HTTPDoer // the SSRF-guarded client
	Deliveries DeliveryStore
	Recipients RecipientResolver
	// DashboardURL is the public base URL; pages link to /incidents/<id>.
	DashboardURL string
	Now          func() time.Time
	// WebhookTimeout bounds each webhook call (default 10 s).
	WebhookTimeout time.Duration
	// Sent remembers the messages playbook steps sent (SendRunMessage).
	Sent SentMessages
	// Live announces recorded deliveries to open dashboards (nil: none).
	Live *live.Publisher
	// Box opens sealed webhook URLs and signing secrets (nil: sealed
	// webhooks fail).
	Box *vault.Box
}

// address is a resolved recipient.
type address struct {
	channel string
	target  string // email address or full webhook URL
	format  string // webhook payload format
	secret  string // webhook signing secret ("" for webhooks saved before signing)
}

// NotifyLevel pages every target of a level once. Each recipient's delivery
// is recorded under an idempotency key before sending and marked sent
// after, so a retried attempt skips those already reached. Permanent
// failures (5xx SMTP replies, 4xx webhook answers, blocked addresses) are
// recorded and reported without failing the activity; if any transient
// failure remains, the activity fails with a retryable contract.ErrNotifyIncomplete.
func (n *Notifier) NotifyLevel(ctx context.Context, in contract.NotifyInput) (contract.NotifyResult, error) {
	if _, err := uuid.Parse(in.IncidentID); err != nil || in.EventKey == "" {
		return contract.NotifyResult{}, temporal.NewNonRetryableApplicationError(
			"notify needs the incident's ID and an event key", contract.ErrNotifyInvalidInput, nil)
	}
	var res contract.NotifyResult
	var pending []string
	seen := map[string]bool{}
	for _, t := range in.Targets {
		addrs, skipped := n.resolve(ctx, in, t)
		if skipped != nil {
			res.Recipients = append(res.Recipients, *skipped)
			if skipped.Status == RecipientPending {
				pending = append(pending, skipped.Target+": "+skipped.Error)
			}
		}
		for _, a := range addrs {
			if seen[a.channel+":"+a.target] {
				continue
			}
			seen[a.channel+":"+a.target] = true
			heartbeat(ctx, len(res.Recipients))
			r := n.deliver(ctx, in, a)
			n.Live.Publish(live.Event{Kind: live.KindNotification, ID: in.IncidentID, Status: r.Status})
			res.Recipients = append(res.Recipients, r)
			if r.Status == RecipientPending {
				pending = append(pending, r.Target+": "+r.Error)
			}
		}
	}
	if len(pending) > 0 {
		msg := fmt.Sprintf("%d recipient(s) not reached yet: %s", len(pending), strings.Join(pending, "; "))
		return res, temporal.NewApplicationError(msg, contract.ErrNotifyIncomplete, res)
	}
	return res, nil
}

func heartbeat(ctx context.Context, done int) {
	if activity.IsActivity(ctx) {
		activity.RecordHeartbeat(ctx, done)
	}
}

// resolve returns the addresses of t, or the recipient entry that says why
// there are none.
func (n *Notifier) resolve(ctx context.Context, in contract.NotifyInput, t domain.Target) ([]address, *contract.Recipient) {
	switch t.Type {
	case domain.TargetUser:
		email, active, err := n.Recipients.UserEmail(ctx, t.ID)
		switch {
		case err != nil:
			return nil, lookupFailure(domain.TargetUser, t.ID, "user", err)
		case !active:
			return nil, &contract.Recipient{Channel: domain.TargetUser, Target: t.ID, Status: RecipientSkipped, Error: "user is inactive"}
		}
		return emailAddresses(domain.TargetUser, t.ID, []string{email})
	case domain.TargetSchedule:
		at := in.OnCallAt
		if at.IsZero() {
			at = n.now()
		}
		emails, err := n.Recipients.OnCallEmails(ctx, t.ID, at)
		if err != nil {
			return nil, lookupFailure(domain.TargetSchedule, t.ID, "schedule", err)
		}
		if len(emails) == 0 {
			return nil, &contract.Recipient{Channel: domain.TargetSchedule, Target: t.ID, Status: RecipientSkipped, Error: "nobody is on call"}
		}
		return emailAddresses(domain.TargetSchedule, t.ID, emails)
	case domain.TargetEmail:
		return emailAddresses(ChannelEmail, t.Address, []string{t.Address})
	case domain.TargetWebhook:
		return n.webhookAddress(t)
	}
	return nil, &contract.Recipient{Channel: t.Type, Status: RecipientFailed, Error: fmt.Sprintf("unknown target type %q", t.Type)}
}

func lookupFailure(channel, id, what string, err error) *contract.Recipient {
	if domain.ErrorCode(err) == domain.ENotFound {
		return &contract.Recipient{Channel: channel, Target: id, Status: RecipientSkipped, Error: what + " not found"}
	}
	return &contract.Recipient{Channel: channel, Target: id, Status: RecipientPending, Error: "look up " + what + ": " + err.Error()}
}

func emailAddresses(channel, target string, emails []string) ([]address, *contract.Recipient) {
	var out []address
	var bad []string
	for _, e := range emails {
		norm, ok := domain.NormalizeEmail(e)
		if !ok {
			bad = append(bad, e)
			continue
		}
		out = append(out, address{channel: ChannelEmail, target: norm})
	}
	if len(bad) > 0 {
		return out, &contract.Recipient{Channel: channel, Target: target, Status: RecipientFailed,
			Error: "invalid email address " + strings.Join(bad, ", ")}
	}
	return out, nil
}

// deliver sends to one address unless an earlier attempt already did.
func (n *Notifier) deliver(ctx context.Context, in contract.NotifyInput, a address) contract.Recipient {
	key := deliveryKey(in, a)
	rec := contract.Recipient{Channel: a.channel, Target: a.display()}
	d, sent, err := n.Deliveries.Begin(ctx, domain.Delivery{IncidentID: in.IncidentID, IdempotencyKey: key,
		Channel: a.channel, Target: rec.Target, Level: in.Level, Reason: in.Reason})
	switch {
	case err != nil:
		rec.Status, rec.Error = RecipientPending, "record delivery: "+err.Error()
		return rec
	case sent:
		rec.Status = RecipientSent
		return rec
	case d.Status == RecipientFailed:
		rec.Status, rec.Error = RecipientFailed, d.LastError
		return rec
	}
	var permanent bool
	if a.channel == ChannelEmail {
		err = n.sendEmail(ctx, in, a.target, key)
		permanent = mailer.IsPermanent(err)
	} else {
		permanent, err = n.postWebhook(ctx, in, a, d.ID)
	}
	// Record the outcome even if the activity's context ran out during the
	// send: a page that went out must not be sent again.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err == nil {
		if err := n.Deliveries.MarkSent(rctx, key, n.now()); err != nil {
			// The retry will send again: at least once beats not at all.
			rec.Status, rec.Error = RecipientPending, "sent, but recording it failed: "+err.Error()
			return rec
		}
		rec.Status = RecipientSent
		return rec
	}
	rec.Status, rec.Error = RecipientPending, err.Error()
	if permanent {
		rec.Status = RecipientFailed
	}
	if merr := n.Deliveries.MarkFailed(rctx, key, rec.Error, permanent); merr != nil {
		rec.Status, rec.Error = RecipientPending, rec.Error+" (recording the failure failed: "+merr.Error()+")"
	}
	return rec
}

// deliveryKey is IncidentID/EventKey/channel:target. A webhook's URL may
// carry a secret, so the key holds its redacted form plus a hash.
func deliveryKey(in contract.NotifyInput, a address) string {
	target := a.target
	if a.channel == ChannelWebhook {
		sum := sha256.Sum256([]byte(a.target))
		target = a.display() + "#" + hex.EncodeToString(sum[:8])
	}
	return in.IncidentID + "/" + in.EventKey + "/" + a.channel + ":" + target
}

// display is the address as stored and reported: webhook URLs lose their
// query and user info, and Slack-style URLs, whose path is the secret, their path.
func (a address) display() string {
	if a.channel != ChannelWebhook {
		return a.target
	}
	u, err := url.Parse(a.target)
	if err != nil {
		return "(invalid URL)"
	}
	if a.format == "slack" && u.Path != "" && u.Path != "/" {
		u.Path, u.RawPath = "/redacted", ""
	}
	return redactURL(u.String())
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) incidentURL(id string) string {
	return strings.TrimRight(n.DashboardURL, "/") + "/incidents/" + url.PathEscape(id)
}

func (n *Notifier) sendEmail(ctx context.Context, in contract.NotifyInput, to, key string) error {
	sum := sha256.Sum256([]byte(key))
	link := n.incidentURL(in.IncidentID)
	ackURL := strings.TrimRight(n.DashboardURL, "/") + "/api/v1/incidents/" + url.PathEscape(in.IncidentID) + "/acknowledge"
	return n.Mail.Send(ctx, mailer.Message{
		To:      []string{to},
		Subject: pageSubject(in),
		Text:    pageText(in, link, ackURL),
		HTML:    pageHTML(in, link, ackURL),
		// Stable across retries, so mail systems can drop a duplicate.
		MessageID: "page." + hex.EncodeToString(sum[:16]),
		Headers: map[string]string{
			"X-OpsManager-Incident": in.IncidentID,
			"Auto-Submitted":        "auto-generated", // RFC 3834: no vacation replies
		},
	})
}

// postWebhook sends the page to a webhook. permanent says that retrying
// cannot help: a blocked address, or a 4xx answer other than 408 and 429.
func (n *Notifier) postWebhook(ctx context.Context, in contract.NotifyInput, a address, deliveryID string) (permanent bool, err error) {
	timeout := n.WebhookTimeout
	if timeout <= 0 {
		timeout = defaultWebhookTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	body, err := json.Marshal(n.webhookPayload(in, a.format, deliveryID))
	if err != nil {
		return true, fmt.Errorf("encode webhook payload: %w", err)
	}
	return n.postJSON(ctx, a, body, deliveryID)
}

// postJSON posts body to a webhook address with an idempotency key.
// permanent says that retrying cannot help.
func (n *Notifier) postJSON(ctx context.Context, a address, body []byte, idempotencyKey string) (permanent bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.target, bytes.NewReader(body))
	if err != nil || (req.URL.Scheme != "http" && req.URL.Scheme != "https") {
		return true, fmt.Errorf("webhook url %s must be an absolute http or https URL", a.display())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "OpsManager/1")
	if a.secret != "" {
		req.Header.Set(SignatureHeader, Signature(a.secret, n.now(), body))
	}
	// The same on every retry, so receivers can drop duplicates.
	req.Header.Set("Idempotency-Key", idempotencyKey)
	resp, err := n.HTTP.Do(req)
	if err != nil {
		// *url.Error repeats the URL with its secrets: keep only its cause.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		var blocked *outbound.BlockedError
		return errors.As(err, &blocked), fmt.Errorf("POST %s: %w", a.display(), err)
	}
	defer resp.Body.Close()
	snippet, _, _ := readCapped(resp.Body, 200)
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	code := resp.StatusCode
	if code >= 200 && code < 300 {
		return false, nil
	}
	err = fmt.Errorf("POST %s answered %d %s", a.display(), code, strings.TrimSpace(snippet))
	transient := code >= 500 || code == http.StatusRequestTimeout || code == http.StatusTooManyRequests
	return !transient, err
}

// reasons explains each page reason: a few words for subjects, a sentence for bodies.
var reasons = map[string][2]string{
	contract.PageTriggered:          {"triggered", "A new incident was triggered."},
	contract.PageEscalated:          {"escalated", "Nobody acknowledged the incident at the previous level in time, so it escalated."},
	contract.PageSLAAckBreached:     {"acknowledge SLA breached", "The incident was not acknowledged within its SLA."},
	contract.PageSLAResolveBreached: {"resolve SLA breached", "The incident was not resolved within its SLA."},
	contract.PageEscalateNow:        {"escalated by hand", "Someone escalated the incident by hand."},
	contract.PageReopened:           {"reopened", "The incident was resolved, and has been reopened."},
}

func reasonShort(r string) string {
	if v, ok := reasons[r]; ok {
		return v[0]
	}
	return strings.ReplaceAll(r, "_", " ")
}

func reasonLong(r string) string {
	if v, ok := reasons[r]; ok {
		return v[1]
	}
	return "Reason: " + strings.ReplaceAll(r, "_", " ") + "."
}

// pageLevel reads "level 2" or, after the policy repeated, "level 2, round 3".
func pageLevel(in contract.NotifyInput) string {
	if in.Round > 1 {
		return fmt.Sprintf("level %d, round %d", in.Level, in.Round)
	}
	return fmt.Sprintf("level %d", in.Level)
}

// pageSubject reads like "[CRITICAL] Database down — checkout (level 2, escalated)".
func pageSubject(in contract.NotifyInput) string {
	s := "[" + strings.ToUpper(in.Severity) + "] " + in.Title
	if in.ServiceName != "" {
		s += " — " + in.ServiceName
	}
	return s + " (" + pageLevel(in) + ", " + reasonShort(in.Reason) + ")"
}

func pageText(in contract.NotifyInput, link, ackURL string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", in.Title)
	fmt.Fprintf(&b, "Severity: %s\nService:  %s\nStatus:   %s\nPage:     %s\n\n",
		strings.ToUpper(in.Severity), in.ServiceName, in.Status, pageLevel(in))
	fmt.Fprintf(&b, "Why you get this page: %s You are on %s of the service's escalation policy.\n\n",
		reasonLong(in.Reason), pageLevel(in))
	if d := strings.TrimSpace(in.Description); d != "" {
		fmt.Fprintf(&b, "%s\n\n", d)
	}
	fmt.Fprintf(&b, "Open the incident: %s\n\n", link)
	fmt.Fprintf(&b, "To acknowledge, press Acknowledge on that page, or call the API:\n")
	fmt.Fprintf(&b, "  curl -X POST -H \"Authorization: Bearer $OPSMANAGER_TOKEN\" %s\n", ackURL)
	return b.String()
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html><body style="font-family: sans-serif">
<h2>{{.Title}}</h2>
<table>
<tr><th align="left">Severity</th><td>{{.Severity}}</td></tr>
<tr><th align="left">Service</th><td>{{.Service}}</td></tr>
<tr><th align="left">Status</th><td>{{.Status}}</td></tr>
<tr><th align="left">Page</th><td>{{.Level}}</td></tr>
</table>
<p><b>Why you get this page:</b> {{.Why}} You are on {{.Level}} of the service's escalation policy.</p>
{{if .Description}}<p style="white-space: pre-wrap">{{.Description}}</p>{{end}}
<p><a href="{{.Link}}">Open the incident</a> and press <b>Acknowledge</b>, or call the API:</p>
<pre>curl -X POST -H "Authorization: Bearer $OPSMANAGER_TOKEN" {{.AckURL}}</pre>
</body></html>
`))

func pageHTML(in contract.NotifyInput, link, ackURL string) string {
	var b strings.Builder
	err := pageTemplate.Execute(&b, map[string]string{
		"Title": in.Title, "Severity": strings.ToUpper(in.Severity), "Service": in.ServiceName,
		"Status": in.Status, "Level": pageLevel(in), "Why": reasonLong(in.Reason),
		"Description": strings.TrimSpace(in.Description), "Link": link, "AckURL": ackURL,
	})
	if err != nil {
		return "" // the plain-text part still carries the page
	}
	return b.String()
}

// webhookIncident is the incident as webhooks see it.
type webhookIncident struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Service  string `json:"service"`
	URL      string `json:"url"`
}

// webhookPage is the JSON body of an "incident.page" webhook.
type webhookPage struct {
	Event      string          `json:"event"`
	DeliveryID string          `json:"deliveryId"`
	Incident   webhookIncident `json:"incident"`
	Level      int             `json:"level"`
	Round      int             `json:"round"`
	Reason     string          `json:"reason"`
}

func (n *Notifier) webhookPayload(in contract.NotifyInput, format, deliveryID string) any {
	link := n.incidentURL(in.IncidentID)
	if format == "slack" {
		head := fmt.Sprintf("*[%s] %s*", strings.ToUpper(in.Severity), slackEscape(in.Title))
		if in.ServiceName != "" {
			head += " — " + slackEscape(in.ServiceName)
		}
		text := fmt.Sprintf(":rotating_light: %s\n%s (%s). Status: %s.\n<%s|Open the incident> to acknowledge it.",
			head, capitalize(pageLevel(in)), reasonShort(in.Reason), in.Status, link)
		return map[string]any{
			"text": text,
			"blocks": []any{map[string]any{
				"type": "section",
				"text": map[string]string{"type": "mrkdwn", "text": text},
			}},
		}
	}
	return webhookPage{
		Event: "incident.page", DeliveryID: deliveryID,
		Incident: webhookIncident{ID: in.IncidentID, Title: in.Title, Severity: in.Severity,
			Status: in.Status, Service: in.ServiceName, URL: link},
		Level: in.Level, Round: in.Round, Reason: in.Reason,
	}
}

// slackEscape escapes the characters Slack's mrkdwn treats as markup.
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
