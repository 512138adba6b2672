package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"
)

// CredentialKind is what a stored secret is.
type CredentialKind string

// Credential kinds. Servers log in with an SSH private key or a password;
// tokens are for integrations (and masked in command output like the others).
const (
	CredentialSSHKey   CredentialKind = "ssh-private-key"
	CredentialPassword CredentialKind = "password"
	CredentialToken    CredentialKind = "token"
)

// Valid reports whether k is a known kind.
func (k CredentialKind) Valid() bool {
	return k == CredentialSSHKey || k == CredentialPassword || k == CredentialToken
}

// CanLogIn reports whether a server can log in with a credential of kind k.
func (k CredentialKind) CanLogIn() bool { return k == CredentialSSHKey || k == CredentialPassword }

// Credential is a stored secret as everyone but the SSH activity sees it:
// metadata only, never the secret.
type Credential struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Kind CredentialKind `json:"kind"`
	// PublicKey is the authorized_keys line of an ssh-private-key, to install on servers.
	PublicKey   string    `json:"publicKey,omitempty"`
	ServerCount int       `json:"serverCount"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// CredentialSecret is a decrypted credential. It formats and marshals
// without its value, so logging it by mistake leaks nothing.
type CredentialSecret struct {
	ID    string
	Name  string
	Kind  CredentialKind
	Value []byte
}

// String hides the value.
func (c CredentialSecret) String() string {
	return fmt.Sprintf("credential %s (%s, value redacted)", c.Name, c.Kind)
}

// GoString hides the value from %#v.
func (c CredentialSecret) GoString() string { return c.String() }

// MarshalJSON hides the value.
func (c CredentialSecret) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID    string         `json:"id"`
		Name  string         `json:"name"`
		Kind  CredentialKind `json:"kind"`
		Value string         `json:"value"`
	}{c.ID, c.Name, c.Kind, "[redacted]"})
}

// ValidateCredentialName trims name and checks it is 1 to 100 characters.
func ValidateCredentialName(name string) (string, *FieldError) {
	name = strings.TrimSpace(name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		return name, &FieldError{"name", "must be 1 to 100 characters"}
	}
	return name, nil
}

// ValidateSecret checks a secret for its kind and returns, for an SSH key,
// its public half. Messages never quote the secret.
func ValidateSecret(kind CredentialKind, secret string) (publicKey string, problem *FieldError) {
	bad := func(msg string) (string, *FieldError) { return "", &FieldError{"secret", msg} }
	if strings.ContainsRune(secret, 0) {
		return bad("must not contain NUL characters")
	}
	switch kind {
	case CredentialSSHKey:
		if len(secret) > 16<<10 {
			return bad("must be at most 16 KiB")
		}
		signer, err := ssh.ParsePrivateKey([]byte(secret))
		var pass *ssh.PassphraseMissingError
		if errors.As(err, &pass) {
			return bad("is protected by a passphrase; store the key without one (the vault encrypts it)")
		}
		if err != nil {
			return bad("is not a PEM or OpenSSH private key")
		}
		return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signer.PublicKey()))), nil
	case CredentialPassword:
		if secret == "" || len(secret) > 1024 {
			return bad("must be 1 to 1024 bytes")
		}
	case CredentialToken:
		if secret == "" || len(secret) > 8192 {
			return bad("must be 1 to 8192 bytes")
		}
	default:
		return "", &FieldError{"kind", "must be ssh-private-key, password or token"}
	}
	return "", nil
}

// Server is a machine playbooks run commands on over SSH.
type Server struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Host           string   `json:"host"`
	Port           int      `json:"port"`
	Username       string   `json:"username"`
	CredentialID   string   `json:"credentialId"`
	CredentialName string   `json:"credentialName"`
	Tags           []string `json:"tags"`
	// HostKey is the pinned host key (authorized_keys format); empty until
	// pinned up front or at the first connection.
	HostKey            string    `json:"hostKey"`
	HostKeyFingerprint string    `json:"hostKeyFingerprint"`
	CreatedAt          time.Time `json:"createdAt"`
	UpdatedAt          time.Time `json:"updatedAt"`
}

// Address returns host:port for dialing.
func (s Server) Address() string { return net.JoinHostPort(s.Host, fmt.Sprint(s.Port)) }

// ServerFilter selects servers: all Tags must be present, Query matches name or host.
type ServerFilter struct {
	Tags  []string
	Query string
	Page  int
	Limit int
}

// Normalize trims the server's fields, lowercases and dedupes its tags and
// puts its host key in canonical form (when it parses).
func (s *Server) Normalize() {
	s.Name = strings.TrimSpace(s.Name)
	s.Host = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s.Host), "["), "]")
	s.Username = strings.TrimSpace(s.Username)
	s.CredentialID = strings.TrimSpace(s.CredentialID)
	s.Tags = NormalizeTags(s.Tags)
	if s.HostKey != "" {
		if line, fp, err := ParseHostKey(s.HostKey); err == nil {
			s.HostKey, s.HostKeyFingerprint = line, fp
		}
	}
}

// NormalizeTags trims, lowercases and dedupes tags, keeping their order.
func NormalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// ValidTag reports whether t is a valid (normalized) tag.
func ValidTag(t string) bool { return tagName.MatchString(t) }

// CheckTags adds a problem to bad for too many tags and for each bad one.
func CheckTags(bad *[]FieldError, tags []string) {
	if len(tags) > 30 {
		*bad = append(*bad, FieldError{"tags", "must have at most 30 tags"})
	}
	for i, t := range tags {
		if !ValidTag(t) {
			*bad = append(*bad, FieldError{fmt.Sprintf("tags[%d]", i), "must be 1 to 50 of a-z 0-9 _ . : = / - (starting with a letter or digit)"})
		}
	}
}

// Validate checks a normalized server and names every bad field. Whether
// the credential exists is the caller's check.
func (s Server) Validate() error {
	var bad []FieldError
	if n := utf8.RuneCountInString(s.Name); n < 1 || n > 100 {
		bad = append(bad, FieldError{"name", "must be 1 to 100 characters"})
	}
	if !ValidHost(s.Host) {
		bad = append(bad, FieldError{"host", "must be a hostname or an IP address"})
	}
	if s.Port < 1 || s.Port > 65535 {
		bad = append(bad, FieldError{"port", "must be from 1 to 65535"})
	}
	if !userName.MatchString(s.Username) {
		bad = append(bad, FieldError{"username", "must be 1 to 64 letters, digits or _ . @ - (not starting with . @ -)"})
	}
	if !IsUUID(s.CredentialID) {
		bad = append(bad, FieldError{"credentialId", "must be the id of a credential"})
	}
	CheckTags(&bad, s.Tags)
	if s.HostKey != "" {
		if _, _, err := ParseHostKey(s.HostKey); err != nil {
			bad = append(bad, FieldError{"hostKey", err.Error()})
		}
	}
	return ValidationError(bad)
}

// ValidHost reports whether h is an IP address or a DNS hostname.
func ValidHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if !hostLabel.MatchString(label) {
			return false
		}
	}
	return true
}

// ParseHostKey parses a public host key in authorized_keys (or known_hosts
// key) format, "ssh-ed25519 AAAA... [comment]", and returns it in canonical
// form without the comment, with its SHA256 fingerprint.
func ParseHostKey(s string) (line, fingerprint string, err error) {
	key, _, options, rest, err := ssh.ParseAuthorizedKey([]byte(strings.TrimSpace(s)))
	if err != nil || len(options) > 0 || len(strings.TrimSpace(string(rest))) > 0 {
		return "", "", errors.New(`must be one public key in authorized_keys format, e.g. "ssh-ed25519 AAAA..." (see /etc/ssh/ssh_host_*_key.pub)`)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key))), ssh.FingerprintSHA256(key), nil
}

// LogLine is one stored chunk of a run's output.
type LogLine struct {
	ID     int64     `json:"id"`
	RunID  string    `json:"runId"`
	Step   string    `json:"step"`
	Stream string    `json:"stream"` // stdout, stderr or system
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
}

// ServerTestResult is the outcome of a connection test.
type ServerTestResult struct {
	OK                 bool   `json:"ok"`
	HostKeyFingerprint string `json:"hostKeyFingerprint,omitempty"`
	// Trusted is false when the server has no pinned host key yet: nothing
	// was sent to it, and HostKeyFingerprint is the key to check and trust.
	Trusted   bool   `json:"trusted"`
	LatencyMs int64  `json:"latencyMs"`
	Output    string `json:"output,omitempty"`
	Error     string `json:"error,omitempty"`
	// ErrorType is the SSH error type (SSHAuthFailed, SSHHostKeyMismatch, ...).
	ErrorType string `json:"errorType,omitempty"`
}
