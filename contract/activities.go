package contract

import (
	"time"

	"github.com/opsmanager/opsmanager/domain"
)

// HTTPRequestInput is one HTTP call made by a playbook step.
type HTTPRequestInput struct {
	Method  string
	URL     string
	Headers map[string]string
	// JSON is sent as the request body with Content-Type application/json.
	JSON           any `json:",omitempty"`
	TimeoutSeconds int
	// ExpectStatus lists the statuses that count as success (default: any 2xx).
	ExpectStatus []int `json:",omitempty"`
}

// HTTPRequestResult is what a step keeps of the response.
type HTTPRequestResult struct {
	Status      int
	ContentType string
	Body        string
	Truncated   bool
	DurationMs  int64
}

// RecordIncidentInput is one state change and, optionally, its timeline event.
type RecordIncidentInput struct {
	Snapshot IncidentSnapshot
	// EventKey makes the event idempotent within the incident.
	EventKey string
	Event    *domain.TimelineEvent
}

// ServerLockInput names the server, the run that wants it and for what.
type ServerLockInput struct {
	ServerID   string
	ServerName string
	RunID      string
	Step       string
	TTLSeconds int
}

// NotifyInput is one page of one escalation level.
type NotifyInput struct {
	IncidentID, Title, Description, ServiceName string
	Severity, Status                            string
	Level, Round                                int // Level is 1-based
	// Reason: triggered, escalated, sla_ack_breached, sla_resolve_breached,
	// escalate_now or reopened.
	Reason string
	// EventKey is unique per page event within the incident; with the
	// recipient it forms each delivery's idempotency key.
	EventKey string
	Targets  []domain.Target
	// OnCallAt is when schedules are resolved; zero means Now(). The workflow
	// should pass workflow.Now, so that retries page the same people.
	OnCallAt time.Time
}

// NotifyResult lists every recipient of the page.
type NotifyResult struct {
	Recipients []Recipient
}

// Recipient is the outcome for one address. Channel is email or webhook,
// or user or schedule when a target gave no address (Status skipped).
type Recipient struct {
	Channel string `json:"channel"`
	Target  string `json:"target"` // address, or URL with secrets hidden, or user/schedule ID
	Status  string `json:"status"`
	Error   string `json:"error,omitempty"`
}

// RunMessageInput is a message a playbook step sends: an email, or a
// notification to users, whoever is on call on a schedule, addresses and
// webhooks (the same targets as escalation policies).
type RunMessageInput struct {
	RunID    string
	Playbook string
	Step     string
	Seq      int // the step's sequence number: with the recipient, the idempotency key
	Subject  string
	Body     string
	Targets  []domain.Target
}

// MarkRunRunningInput names the run whose first step starts.
type MarkRunRunningInput struct {
	RunID string
}

// FinishRunInput is a run's terminal status and outcome.
type FinishRunInput struct {
	RunID  string
	Status domain.RunStatus
	Result map[string]any
	Error  string
}

// SetRunWaitingInput moves a run into or out of waiting for approval.
type SetRunWaitingInput struct {
	RunID      string
	Waiting    bool
	ApprovedBy string
	Note       string
}

// RunCommandInput is one command on one server.
type RunCommandInput struct {
	RunID    string // the run whose log receives the output ("" = not stored)
	StepName string
	ServerID string
	// Command is an argv: each element reaches the program as one argument,
	// quoted for the remote POSIX shell, never interpreted by it. To use
	// shell syntax, run ["sh", "-c", script] explicitly.
	Command []string
	Env     map[string]string `json:",omitempty"`
	// TimeoutSeconds bounds the command (0: the activity's own timeout).
	TimeoutSeconds int
	// MaxOutputBytes caps Stdout and Stderr in the result, each keeping its
	// tail (default 32 KiB, at most 1 MiB).
	MaxOutputBytes int
	// Mutating commands change the server. Once one has started, a lost
	// connection or a timeout is not retried: it may have had its effect.
	Mutating bool
	// AllowFailure returns a non-zero exit as a result instead of an error.
	AllowFailure bool
}

// RunCommandResult is how a command ended. Stdout and Stderr are masked.
type RunCommandResult struct {
	ServerID   string
	ServerName string
	ExitCode   int    // 128+n when killed by signal n; -1 when the end is unknown
	Signal     string `json:",omitempty"` // e.g. "KILL" when killed by a signal
	Stdout     string
	Stderr     string
	Truncated  bool // Stdout or Stderr lost its beginning to MaxOutputBytes
	DurationMs int64
}

// ResolveServersInput names servers by ID or name, or selects them by tag.
type ResolveServersInput struct {
	Refs []string
	Tag  string
	// Hosting selects the servers an asset (by name) runs on, directly or
	// through VMs: "the servers that host payments-db".
	Hosting string `json:",omitempty"`
	// Where selects servers by an attribute: "os=Debian 12".
	Where string `json:",omitempty"`
}

// RecordFactsInput hands a server's collected facts (assets.FactsScript's
// output) to be stored as its asset's attributes.
type RecordFactsInput struct {
	RunID    string `json:"runId"`
	StepName string `json:"stepName"`
	ServerID string `json:"serverId"`
	Output   string `json:"output"`
}

// RecordFactsResult is what changed: the attribute paths.
type RecordFactsResult struct {
	Changed []string `json:"changed"`
}

// ServerRef is what a workflow needs of a server: never its credential.
type ServerRef struct {
	ID   string
	Name string
	Host string
}

// IncidentSnapshot is the incident workflow's state at sequence Seq. The
// store applies it only if Seq is newer than what it holds, so retried or
// late activities never roll the record back.
type IncidentSnapshot struct {
	IncidentID       string
	Seq              int64
	Status           domain.IncidentStatus
	EscalationLevel  int // 1-based; 0 before the first page
	EscalationRound  int
	NextEscalationAt *time.Time
	AckDeadline      *time.Time
	ResolveDeadline  *time.Time
	AckBreached      bool
	ResolveBreached  bool
	AssigneeID       string
	AcknowledgedAt   *time.Time
	ResolvedAt       *time.Time
	ClosedAt         *time.Time
	AlertCount       int
	LastAlertAt      *time.Time
}

// RecordStepInput is one write about a playbook step. Writes are
// idempotent and order-insensitive: a finished step is never set back.
type RecordStepInput struct {
	RunID      string
	Seq        int
	Name       string
	Kind       string
	Target     string
	Status     domain.StepStatus
	Attempts   int
	ExitCode   *int
	Error      string
	Result     any
	At         time.Time
	FinishedAt *time.Time
}
