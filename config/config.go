// Package config loads OpsManager's settings from environment variables,
// with defaults that match the local services started by `make deps`.
package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/opsmanager/opsmanager/assets"
)

// Config holds every setting of the platform. Zero values are never used:
// Load fills each field from the environment or its default.
type Config struct {
	Env      string // "dev" or "production"; dev logs as text, production as JSON
	LogLevel string

	HTTPAddr string
	// MetricsAddr, when set, serves /metrics on its own listener (and not
	// on HTTPAddr), so scrapes need no route through the public port.
	MetricsAddr     string
	PublicURL       string
	MaxBodyBytes    int64
	ShutdownTimeout time.Duration

	DatabaseURL string
	// DatabaseAdminURL connects a superuser to the same database; when set,
	// migrating hands the audit log to a role the application cannot alter.
	DatabaseAdminURL string
	RedisURL         string

	TemporalAddress   string
	TemporalNamespace string
	// TemporalTLS, when its files are set, connects to the Temporal
	// frontend over mutual TLS (TEMPORAL_TLS_CERT_FILE, _KEY_FILE, _CA_FILE,
	// _SERVER_NAME).
	TemporalTLS       TemporalTLS
	TemporalTaskQueue string
	TemporalUIURL     string
	MailpitUIURL      string

	SMTPHost string
	SMTPPort int
	SMTPUser string
	SMTPPass string
	SMTPFrom string
	SMTPTLS  string // "", none, starttls or tls
	// SMTPCAFile is a PEM bundle of CAs trusted for the SMTP server's
	// certificate besides the system roots (SMTP_CA_FILE).
	SMTPCAFile string

	// DataDir keeps dev-generated keys and local state.
	DataDir string
	// JWT signing: a PEM private key file (generated under DataDir in dev),
	// plus older public keys that still verify during a key rotation.
	JWTPrivateKeyFile string
	JWTPublicKeyFiles []string
	JWTIssuer         string
	JWTAudience       string
	AccessTokenTTL    time.Duration
	RefreshTokenTTL   time.Duration
	// EncryptionKey seals secrets at rest (base64 or hex of 32 bytes);
	// generated under DataDir in dev.
	EncryptionKey string
	// EncryptionKeyPrevious are keys ENCRYPTION_KEY replaced
	// (ENCRYPTION_KEY_PREVIOUS, comma-separated): Temporal payloads sealed
	// with them still open, in the worker and the codec endpoint.
	EncryptionKeyPrevious []string
	// Rate limits.
	LoginAttemptsPer15m int // per account and client IP
	LoginAttemptsPerIP  int // per client IP, any account, per 15 minutes
	APIRequestsPerMin   int // per user or API token
	// TrustedProxies (IPs or CIDRs) may set X-Forwarded-For.
	TrustedProxies []string
	// AllowSelfApproval lets a requester approve their own playbook run.
	AllowSelfApproval bool
	// AdminEmail is the first admin created by `dev` on an empty database.
	AdminEmail string
	// FailureServiceID is the service paged about failed playbook runs that
	// act for no service (runs started with a serviceId page that service).
	FailureServiceID string
	// AlertAssetRule matches alert labels to assets (ALERT_ASSET_RULE),
	// e.g. "instance=name,attr.fqdn,attr.ipAddresses;job=name".
	AlertAssetRule assets.LabelRule

	// OutboundAllowCIDRs lists private or loopback networks that HTTP
	// activities may reach despite the SSRF guard (for example 127.0.0.0/8 in tests).
	OutboundAllowCIDRs []*net.IPNet
	// SSHAllowCIDRs lists the private or loopback networks that servers
	// may be on: SSH (connection tests and playbooks) passes the same SSRF
	// guard as HTTP, with its own allow-list (SSH_ALLOW_CIDRS).
	SSHAllowCIDRs []*net.IPNet
}

// Defaults used when a variable is unset. They point at `make deps` services.
const (
	DefaultHTTPAddr     = "127.0.0.1:8080"
	DefaultDatabaseURL  = "postgres://opsmanager:opsmanager@127.0.0.1:5432/opsmanager?sslmode=disable"
	DefaultRedisURL     = "redis://127.0.0.1:6379/0"
	DefaultTemporalAddr = "127.0.0.1:7233"
	DefaultTemporalUI   = "http://localhost:8233"
	DefaultTaskQueue    = "opsmanager"
)

// Load reads the configuration from the environment.
func Load() (Config, error) {
	return LoadFrom(os.LookupEnv)
}

// LoadFrom reads the configuration through lookup, which tests can fake.
func LoadFrom(lookup func(string) (string, bool)) (Config, error) {
	r := reader{lookup: lookup}
	c := Config{
		Env:               r.str("OPSMANAGER_ENV", "dev"),
		LogLevel:          r.str("LOG_LEVEL", "info"),
		HTTPAddr:          r.str("HTTP_ADDR", DefaultHTTPAddr),
		MetricsAddr:       r.str("METRICS_ADDR", ""),
		MaxBodyBytes:      r.int64("HTTP_MAX_BODY_BYTES", 1<<20),
		ShutdownTimeout:   r.duration("SHUTDOWN_TIMEOUT", 20*time.Second),
		DatabaseURL:       r.str("DATABASE_URL", DefaultDatabaseURL),
		DatabaseAdminURL:  r.str("DATABASE_ADMIN_URL", ""),
		RedisURL:          r.str("REDIS_URL", DefaultRedisURL),
		TemporalAddress:   r.str("TEMPORAL_ADDRESS", DefaultTemporalAddr),
		TemporalNamespace: r.str("TEMPORAL_NAMESPACE", "default"),
		TemporalTLS: TemporalTLS{CertFile: r.str("TEMPORAL_TLS_CERT_FILE", ""), KeyFile: r.str("TEMPORAL_TLS_KEY_FILE", ""),
			CAFile: r.str("TEMPORAL_TLS_CA_FILE", ""), ServerName: r.str("TEMPORAL_TLS_SERVER_NAME", "")},
		TemporalTaskQueue:  r.str("TEMPORAL_TASK_QUEUE", DefaultTaskQueue),
		TemporalUIURL:      strings.TrimRight(r.str("TEMPORAL_UI_URL", DefaultTemporalUI), "/"),
		MailpitUIURL:       strings.TrimRight(r.str("MAILPIT_UI_URL", "http://localhost:8025"), "/"),
		SMTPHost:           r.str("SMTP_HOST", "127.0.0.1"),
		SMTPPort:           int(r.int64("SMTP_PORT", 0)),
		SMTPTLS:            strings.ToLower(r.str("SMTP_TLS", "")),
		SMTPUser:           r.str("SMTP_USER", ""),
		SMTPPass:           r.str("SMTP_PASS", ""),
		SMTPFrom:           r.str("SMTP_FROM", "OpsManager <opsmanager@localhost>"),
		SMTPCAFile:         r.str("SMTP_CA_FILE", ""),
		OutboundAllowCIDRs: r.cidrs("OUTBOUND_ALLOW_CIDRS"),
		SSHAllowCIDRs:      r.cidrs("SSH_ALLOW_CIDRS"),
	}
	c.DataDir = r.str("DATA_DIR", ".data")
	c.JWTPrivateKeyFile = r.str("JWT_PRIVATE_KEY_FILE", "")
	c.JWTPublicKeyFiles = r.list("JWT_PUBLIC_KEY_FILES")
	c.JWTIssuer = r.str("JWT_ISSUER", "opsmanager")
	c.JWTAudience = r.str("JWT_AUDIENCE", "opsmanager-api")
	c.AccessTokenTTL = r.duration("ACCESS_TOKEN_TTL", 15*time.Minute)
	c.RefreshTokenTTL = r.duration("REFRESH_TOKEN_TTL", 7*24*time.Hour)
	c.EncryptionKey = r.str("ENCRYPTION_KEY", "")
	for _, k := range strings.Split(r.str("ENCRYPTION_KEY_PREVIOUS", ""), ",") {
		if k = strings.TrimSpace(k); k != "" {
			c.EncryptionKeyPrevious = append(c.EncryptionKeyPrevious, k)
		}
	}
	c.LoginAttemptsPer15m = int(r.int64("RATE_LIMIT_LOGIN_PER_15M", 10))
	c.LoginAttemptsPerIP = int(r.int64("RATE_LIMIT_LOGIN_PER_IP_15M", 100))
	c.APIRequestsPerMin = int(r.int64("RATE_LIMIT_API_PER_MIN", 600))
	c.AdminEmail = r.str("ADMIN_EMAIL", "admin@localhost")
	c.TrustedProxies = r.list("TRUSTED_PROXIES")
	c.AllowSelfApproval = r.str("ALLOW_SELF_APPROVAL", "false") == "true"
	rule, err := assets.ParseLabelRule(r.str("ALERT_ASSET_RULE", assets.DefaultLabelRule))
	if err != nil {
		r.fail("ALERT_ASSET_RULE", "", err.Error())
	}
	c.AlertAssetRule = rule
	c.FailureServiceID = r.str("PLAYBOOK_FAILURE_SERVICE_ID", "")
	if _, err := uuid.Parse(c.FailureServiceID); c.FailureServiceID != "" && err != nil {
		r.fail("PLAYBOOK_FAILURE_SERVICE_ID", c.FailureServiceID, "must be a service ID (a UUID)")
	}
	c.PublicURL = strings.TrimRight(r.str("PUBLIC_URL", "http://"+browsableAddr(c.HTTPAddr)), "/")
	if c.SMTPTLS != "" && c.SMTPTLS != "none" && c.SMTPTLS != "starttls" && c.SMTPTLS != "tls" {
		r.fail("SMTP_TLS", c.SMTPTLS, "must be none, starttls or tls")
	}
	if c.SMTPPort == 0 {
		c.SMTPPort = defaultSMTPPort(c.SMTPHost, c.SMTPTLS)
	}
	if c.SMTPPort > 65535 {
		r.fail("SMTP_PORT", strconv.Itoa(c.SMTPPort), "must be a port number (1-65535)")
	}
	if c.Env != "dev" && c.Env != "production" {
		r.fail("OPSMANAGER_ENV", c.Env, "must be dev or production")
	}
	if c.Env == "production" && c.JWTPrivateKeyFile == "" {
		r.fail("JWT_PRIVATE_KEY_FILE", "", "is required outside dev (a PEM RSA private key; `opsmanager keys jwt FILE` makes one)")
	}
	if c.Env == "production" && c.EncryptionKey == "" {
		r.fail("ENCRYPTION_KEY", "", "is required outside dev (32 random bytes, base64; `opsmanager keys encryption` makes one)")
	}
	for _, u := range []struct{ name, val string }{{"TEMPORAL_UI_URL", c.TemporalUIURL}, {"PUBLIC_URL", c.PublicURL}} {
		if p, err := url.Parse(u.val); err != nil || p.Host == "" {
			r.fail(u.name, u.val, "must be an absolute URL")
		}
	}
	if r.err != nil {
		return Config{}, r.err
	}
	return c, nil
}

// IsDev reports whether the platform runs in local development mode.
func (c Config) IsDev() bool { return c.Env == "dev" }

// browsableAddr turns a listen address into one a browser can open.
func browsableAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" || host == "127.0.0.1" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

type reader struct {
	lookup func(string) (string, bool)
	err    error
}

func (r *reader) str(name, def string) string {
	if v, ok := r.lookup(name); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

func (r *reader) fail(name, val, why string) {
	if r.err == nil {
		r.err = fmt.Errorf("config: %s=%q %s", name, val, why)
	}
}

func (r *reader) int64(name string, def int64) int64 {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		r.fail(name, v, "must be a positive integer")
		return def
	}
	return n
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.fail(name, v, "must be a positive duration such as 20s")
		return def
	}
	return d
}

func (r *reader) list(name string) []string {
	var out []string
	for _, part := range strings.Split(r.str(name, ""), ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (r *reader) cidrs(name string) []*net.IPNet {
	v := r.str(name, "")
	if v == "" {
		return nil
	}
	var out []*net.IPNet
	for _, part := range strings.Split(v, ",") {
		_, n, err := net.ParseCIDR(strings.TrimSpace(part))
		if err != nil {
			r.fail(name, part, "must be a comma-separated list of CIDRs such as 127.0.0.0/8")
			return nil
		}
		out = append(out, n)
	}
	return out
}

// TemporalTLS are the client certificate and trust for the Temporal
// frontend. With none set, the connection is plain (the dev server).
type TemporalTLS struct {
	CertFile, KeyFile, CAFile, ServerName string
}

// Enabled reports whether any TLS setting is given.
func (t TemporalTLS) Enabled() bool { return t.CertFile != "" || t.KeyFile != "" || t.CAFile != "" }

// defaultSMTPPort is the port when SMTP_PORT is unset: Mailpit's 1025 for
// plain SMTP to this machine (make dev), else the mode's standard port,
// which the mailer picks (0).
func defaultSMTPPort(host, mode string) int {
	ip := net.ParseIP(host)
	local := host == "localhost" || (ip != nil && ip.IsLoopback())
	if local && (mode == "" || mode == "none") {
		return 1025
	}
	return 0
}
