package domain

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person who signs in.
type User struct {
	ID          string     `json:"id"`
	Email       string     `json:"email"`
	DisplayName string     `json:"displayName"`
	Roles       []string   `json:"roles"`
	Active      bool       `json:"active"`
	MFAEnabled  bool       `json:"mfaEnabled"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
	LastLoginAt *time.Time `json:"lastLoginAt"`
	// MustChangePassword: the user signed in with a password another person
	// saw (the first admin's printed one) and must set their own first.
	MustChangePassword bool `json:"mustChangePassword"`
}

// Role is a named set of permissions.
type Role struct {
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Permissions []Permission `json:"permissions"`
	Builtin     bool         `json:"builtin"`
	RequireMFA  bool         `json:"requireMfa"`
}

// ActorType says who performed an action.
type ActorType string

// Actor types.
const (
	ActorUser      ActorType = "user"
	ActorToken     ActorType = "token"
	ActorSystem    ActorType = "system"
	ActorAnonymous ActorType = "anonymous"
)

// Principal is the authenticated caller of a request.
type Principal struct {
	Type        ActorType
	ID          string // user or token ID
	Name        string // email or token name
	SessionID   string // refresh-token family of a user session
	Permissions PermissionSet
	// MFAPending is set when a role requires MFA the user has not enrolled
	// yet: only PermAuthenticated routes are open until they do.
	MFAPending bool
	// MustChangePassword: only the password-change, me and logout routes
	// are open until the user sets their own password.
	MustChangePassword bool
	// CreatorEmail, for an API token, is the email of the user who created
	// it: the human answerable for what the token does.
	CreatorEmail string
}

// Human names the person answerable for the principal's actions: the user
// themself, or an API token's creator ("" if unknown).
func (p *Principal) Human() string {
	if p == nil {
		return ""
	}
	if p.Type == ActorToken {
		return p.CreatorEmail
	}
	return p.Name
}

// Can reports whether the principal holds p.
func (p *Principal) Can(perm Permission) bool {
	if p == nil {
		return false
	}
	if p.MFAPending {
		return perm == PermAuthenticated
	}
	return p.Permissions.Has(perm)
}

// NormalizeEmail trims and lowercases an email address and checks its form.
func NormalizeEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > 254 {
		return s, false
	}
	addr, err := mail.ParseAddress(s)
	return s, err == nil && addr.Address == s && addr.Name == ""
}

// ValidateDisplayName checks a display name: 1..100 characters after trimming.
func ValidateDisplayName(s string) (string, bool) {
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	return s, n >= 1 && n <= 100
}

// ValidRoleName reports whether s can name a role.
func ValidRoleName(s string) bool { return roleName.MatchString(s) }

// AuditOutcome is how an audited action ended.
type AuditOutcome string

// Audit outcomes.
const (
	OutcomeSuccess AuditOutcome = "success"
	OutcomeFailure AuditOutcome = "failure"
	OutcomeDenied  AuditOutcome = "denied"
)

// AuditEntry is one append-only audit record. Summary never holds secrets.
type AuditEntry struct {
	ID         string         `json:"id"`
	At         time.Time      `json:"at"`
	ActorType  ActorType      `json:"actorType"`
	ActorID    string         `json:"actorId"`
	ActorName  string         `json:"actorName"`
	Action     string         `json:"action"`
	TargetType string         `json:"targetType"`
	TargetID   string         `json:"targetId"`
	Outcome    AuditOutcome   `json:"outcome"`
	RequestID  string         `json:"requestId"`
	ClientIP   string         `json:"clientIp"`
	UserAgent  string         `json:"userAgent"`
	Summary    map[string]any `json:"summary"`
}

// AuditFilter selects audit entries; Cursor continues a previous page.
type AuditFilter struct {
	ActorID    string
	Action     string
	TargetType string
	TargetID   string
	From, To   time.Time
	Cursor     string
	Limit      int
}

// APIToken is a service token for machines. The secret is shown once.
type APIToken struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Prefix      string       `json:"prefix"`
	Permissions []Permission `json:"permissions"`
	CreatedBy   string       `json:"createdBy"`
	CreatedAt   time.Time    `json:"createdAt"`
	ExpiresAt   *time.Time   `json:"expiresAt"`
	RevokedAt   *time.Time   `json:"revokedAt"`
	LastUsedAt  *time.Time   `json:"lastUsedAt"`
}
