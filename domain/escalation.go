package domain

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Target types of an escalation level.
const (
	TargetUser     = "user"
	TargetSchedule = "schedule"
	TargetEmail    = "email"
	TargetWebhook  = "webhook"
)

// Target is whom a level pages.
type Target struct {
	Type    string `json:"type"`
	ID      string `json:"id,omitempty"`      // user or schedule
	Address string `json:"address,omitempty"` // email
	// URL of a webhook: in a request, the URL to page (or its masked form
	// to keep the stored one); everywhere else only masked (MaskURL), since
	// webhook URLs are secrets.
	URL    string `json:"url,omitempty"`
	Format string `json:"format,omitempty"` // webhook payload: "json" (default) or "slack"
	// SealedURL and SealedSecret are the webhook's URL and signing secret
	// sealed by the vault: what is stored and handed to the activity that
	// delivers. The API never accepts or returns them.
	SealedURL    string `json:"sealedUrl,omitempty"`
	SealedSecret string `json:"sealedSecret,omitempty"`
	// SigningSecret is the webhook's HMAC key, in the one response that
	// created it (X-OpsManager-Signature); never stored in clear.
	SigningSecret string `json:"signingSecret,omitempty"`
}

// MaskURL shows a webhook URL as scheme://host/… : enough to recognise
// it, nothing of the path, query or credentials that carry its secret.
func MaskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "…"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// IsMaskedURL reports whether s is a masked URL (as MaskURL makes).
func IsMaskedURL(s string) bool { return strings.HasSuffix(s, "…") }

// EscalationLevel pages its targets, then waits DelaySeconds for an
// acknowledgement before the next level.
type EscalationLevel struct {
	DelaySeconds int      `json:"delaySeconds"`
	Targets      []Target `json:"targets"`
}

// Delay returns the level's wait as a duration.
func (l EscalationLevel) Delay() time.Duration { return time.Duration(l.DelaySeconds) * time.Second }

// EscalationPolicy is an ordered list of levels, repeated Repeat times.
type EscalationPolicy struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Repeat    int               `json:"repeat"`
	Levels    []EscalationLevel `json:"levels"`
	CreatedAt time.Time         `json:"createdAt"`
	UpdatedAt time.Time         `json:"updatedAt"`
}

// Validate checks a policy and names every bad field.
func (p EscalationPolicy) Validate() error {
	var bad []FieldError
	CheckLength(&bad, "name", p.Name, 1, 100)
	if p.Repeat < 0 || p.Repeat > 9 {
		bad = append(bad, FieldError{"repeat", "must be from 0 to 9"})
	}
	if len(p.Levels) < 1 || len(p.Levels) > 20 {
		bad = append(bad, FieldError{"levels", "must have 1 to 20 levels"})
	}
	for i, l := range p.Levels {
		field := fmt.Sprintf("levels[%d]", i)
		if l.DelaySeconds < 1 || l.DelaySeconds > 7*24*3600 {
			bad = append(bad, FieldError{field + ".delaySeconds", "must be from 1 second to 7 days"})
		}
		if len(l.Targets) < 1 || len(l.Targets) > 50 {
			bad = append(bad, FieldError{field + ".targets", "must have 1 to 50 targets"})
		}
		for j, t := range l.Targets {
			if msg := t.Problem(); msg != "" {
				bad = append(bad, FieldError{fmt.Sprintf("%s.targets[%d]", field, j), msg})
			}
		}
	}
	return ValidationError(bad)
}

// Problem says what is wrong with t, or "".
func (t Target) Problem() string {
	switch t.Type {
	case TargetUser, TargetSchedule:
		if !IsUUID(t.ID) {
			return "needs the id of a " + t.Type
		}
	case TargetEmail:
		if _, ok := NormalizeEmail(t.Address); !ok {
			return "needs an email address"
		}
	case TargetWebhook:
		u, err := url.Parse(t.URL)
		if t.SealedURL == "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			return "needs an http(s) url"
		}
		if t.Format != "" && t.Format != "json" && t.Format != "slack" {
			return "format must be json or slack"
		}
	default:
		return "type must be user, schedule, email or webhook"
	}
	return ""
}

// SLARule gives the deadlines for one severity.
type SLARule struct {
	Severity       Severity `json:"severity"`
	AckSeconds     int      `json:"ackSeconds"`
	ResolveSeconds int      `json:"resolveSeconds"`
}

// SLAPolicy holds per-severity acknowledge and resolve deadlines.
type SLAPolicy struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Rules     []SLARule `json:"rules"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Validate checks an SLA policy.
func (p SLAPolicy) Validate() error {
	var bad []FieldError
	CheckLength(&bad, "name", p.Name, 1, 100)
	seen := map[Severity]bool{}
	for i, r := range p.Rules {
		field := fmt.Sprintf("rules[%d]", i)
		if !r.Severity.Valid() {
			bad = append(bad, FieldError{field + ".severity", "must be critical, high, medium or low"})
		} else if seen[r.Severity] {
			bad = append(bad, FieldError{field + ".severity", "appears twice"})
		}
		seen[r.Severity] = true
		if r.AckSeconds < 1 || r.ResolveSeconds < 1 || r.AckSeconds > r.ResolveSeconds {
			bad = append(bad, FieldError{field, "ackSeconds and resolveSeconds must be positive, ack no later than resolve"})
		}
	}
	return ValidationError(bad)
}

// Rule returns the rule for severity, if any.
func (p SLAPolicy) Rule(s Severity) (SLARule, bool) {
	for _, r := range p.Rules {
		if r.Severity == s {
			return r, true
		}
	}
	return SLARule{}, false
}

// Service is something that can break; its incidents follow its policies.
type Service struct {
	ID                 string  `json:"id"`
	Name               string  `json:"name"`
	Description        string  `json:"description"`
	EscalationPolicyID string  `json:"escalationPolicyId"`
	SLAPolicyID        *string `json:"slaPolicyId"`
	AutoResolve        bool    `json:"autoResolve"`
	// Playbooks start when one of the service's incidents triggers.
	Playbooks []PlaybookTrigger `json:"playbooks"`
	CreatedAt time.Time         `json:"createdAt"`
	UpdatedAt time.Time         `json:"updatedAt"`
}

// Delivery is one notification sent (or tried) for an incident.
type Delivery struct {
	ID             string     `json:"id"`
	IncidentID     string     `json:"incidentId"`
	IdempotencyKey string     `json:"idempotencyKey"`
	Channel        string     `json:"channel"` // email or webhook
	Target         string     `json:"target"`  // address or URL (query hidden)
	Level          int        `json:"level"`
	Reason         string     `json:"reason"`
	Status         string     `json:"status"` // pending, sent, failed
	Attempts       int        `json:"attempts"`
	LastError      string     `json:"lastError"`
	CreatedAt      time.Time  `json:"createdAt"`
	SentAt         *time.Time `json:"sentAt"`
}

// IsUUID reports whether s is a UUID in canonical form.
func IsUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && len(s) == 36 && u.String() == strings.ToLower(s)
}
