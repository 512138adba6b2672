package config_test

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/config"
)

// env fakes the process environment for config.LoadFrom.
func env(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

func TestLoadFromDefaults(t *testing.T) {
	t.Parallel()
	c, err := config.LoadFrom(env(nil))
	if err != nil {
		t.Fatalf("LoadFrom(empty env): %v", err)
	}
	want := config.Config{
		Env:               "dev",
		LogLevel:          "info",
		HTTPAddr:          "127.0.0.1:8080",
		PublicURL:         "http://localhost:8080",
		MaxBodyBytes:      1 << 20,
		ShutdownTimeout:   20 * time.Second,
		DatabaseURL:       "postgres://opsmanager:opsmanager@127.0.0.1:5432/opsmanager?sslmode=disable",
		RedisURL:          "redis://127.0.0.1:6379/0",
		TemporalAddress:   "127.0.0.1:7233",
		TemporalNamespace: "default",
		TemporalTaskQueue: "opsmanager",
		TemporalUIURL:     "http://localhost:8233",
		MailpitUIURL:      "http://localhost:8025",
		SMTPHost:          "127.0.0.1",
		SMTPPort:          1025,
		SMTPFrom:          "OpsManager <opsmanager@localhost>",
		JWTIssuer:         "opsmanager",
		JWTAudience:       "opsmanager-api",
		AccessTokenTTL:    15 * time.Minute,
		RefreshTokenTTL:   7 * 24 * time.Hour,
		AdminEmail:        "admin@localhost",
		DataDir:           ".data",
	}
	assertConfig(t, c, want)
	if c.LoginAttemptsPer15m != 10 || c.LoginAttemptsPerIP != 100 || c.APIRequestsPerMin != 600 {
		t.Errorf("rate limits = %d/%d/%d", c.LoginAttemptsPer15m, c.LoginAttemptsPerIP, c.APIRequestsPerMin)
	}
	if len(c.OutboundAllowCIDRs) != 0 {
		t.Errorf("OutboundAllowCIDRs = %v, want none: the SSRF guard allows no internal network by default", c.OutboundAllowCIDRs)
	}
	if !c.IsDev() {
		t.Error("IsDev() = false for the default environment")
	}
	// The exported defaults are the documented local services.
	if config.DefaultDatabaseURL != want.DatabaseURL || config.DefaultRedisURL != want.RedisURL ||
		config.DefaultTemporalAddr != want.TemporalAddress || config.DefaultTemporalUI != want.TemporalUIURL ||
		config.DefaultHTTPAddr != want.HTTPAddr || config.DefaultTaskQueue != want.TemporalTaskQueue {
		t.Error("exported Default* constants differ from the values LoadFrom uses")
	}
}

func TestLoadFromOverrides(t *testing.T) {
	t.Parallel()
	c, err := config.LoadFrom(env(map[string]string{
		"OPSMANAGER_ENV":       "production",
		"LOG_LEVEL":            "debug",
		"HTTP_ADDR":            "0.0.0.0:9000",
		"PUBLIC_URL":           "https://ops.example.com/",
		"HTTP_MAX_BODY_BYTES":  "2048",
		"SHUTDOWN_TIMEOUT":     "45s",
		"DATABASE_URL":         "postgres://u:p@db:5432/ops",
		"REDIS_URL":            "redis://cache:6379/2",
		"TEMPORAL_ADDRESS":     "temporal:7233",
		"TEMPORAL_NAMESPACE":   "ops",
		"TEMPORAL_TASK_QUEUE":  "ops-queue",
		"TEMPORAL_UI_URL":      "https://temporal.example.com/",
		"MAILPIT_UI_URL":       "http://mail.example.com:8025/",
		"SMTP_HOST":            "smtp.example.com",
		"SMTP_PORT":            "587",
		"SMTP_USER":            "mailer",
		"SMTP_PASS":            "s3cret",
		"SMTP_FROM":            "Ops <ops@example.com>",
		"OUTBOUND_ALLOW_CIDRS": "127.0.0.0/8, 10.1.0.0/16,fd00::/8",
		"JWT_PRIVATE_KEY_FILE": "/etc/opsmanager/jwt.pem",
		"JWT_PUBLIC_KEY_FILES": "/etc/opsmanager/old1.pem, /etc/opsmanager/old2.pem",
		"JWT_ISSUER":           "ops-iss",
		"JWT_AUDIENCE":         "ops-aud",
		"ACCESS_TOKEN_TTL":     "5m",
		"REFRESH_TOKEN_TTL":    "24h",
		"ENCRYPTION_KEY":       "a2V5",
		"ADMIN_EMAIL":          "root@example.com",
		"DATA_DIR":             "/var/lib/opsmanager",
	}))
	if err != nil {
		t.Fatalf("LoadFrom: %v", err)
	}
	want := config.Config{
		Env:               "production",
		LogLevel:          "debug",
		HTTPAddr:          "0.0.0.0:9000",
		PublicURL:         "https://ops.example.com",
		MaxBodyBytes:      2048,
		ShutdownTimeout:   45 * time.Second,
		DatabaseURL:       "postgres://u:p@db:5432/ops",
		RedisURL:          "redis://cache:6379/2",
		TemporalAddress:   "temporal:7233",
		TemporalNamespace: "ops",
		TemporalTaskQueue: "ops-queue",
		TemporalUIURL:     "https://temporal.example.com",
		MailpitUIURL:      "http://mail.example.com:8025",
		SMTPHost:          "smtp.example.com",
		SMTPPort:          587,
		SMTPUser:          "mailer",
		SMTPPass:          "s3cret",
		SMTPFrom:          "Ops <ops@example.com>",
		JWTPrivateKeyFile: "/etc/opsmanager/jwt.pem",
		JWTIssuer:         "ops-iss",
		JWTAudience:       "ops-aud",
		AccessTokenTTL:    5 * time.Minute,
		RefreshTokenTTL:   24 * time.Hour,
		EncryptionKey:     "a2V5",
		AdminEmail:        "root@example.com",
		DataDir:           "/var/lib/opsmanager",
	}
	assertConfig(t, c, want)
	if strings.Join(c.JWTPublicKeyFiles, ",") != "/etc/opsmanager/old1.pem,/etc/opsmanager/old2.pem" {
		t.Errorf("JWTPublicKeyFiles = %v", c.JWTPublicKeyFiles)
	}
	if c.IsDev() {
		t.Error("IsDev() = true in production")
	}
	var cidrs []string
	for _, n := range c.OutboundAllowCIDRs {
		cidrs = append(cidrs, n.String())
	}
	if got, want := strings.Join(cidrs, ","), "127.0.0.0/8,10.1.0.0/16,fd00::/8"; got != want {
		t.Errorf("OutboundAllowCIDRs = %s, want %s", got, want)
	}
	if !c.OutboundAllowCIDRs[0].Contains(net.ParseIP("127.0.0.1")) {
		t.Error("127.0.0.0/8 does not contain 127.0.0.1")
	}
}

func TestLoadFromTrimsAndIgnoresBlank(t *testing.T) {
	t.Parallel()
	c, err := config.LoadFrom(env(map[string]string{
		"REDIS_URL":           "  redis://cache:6379/1  ",
		"DATABASE_URL":        "   ", // blank counts as unset
		"HTTP_MAX_BODY_BYTES": "",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.RedisURL != "redis://cache:6379/1" {
		t.Errorf("RedisURL = %q, want it trimmed", c.RedisURL)
	}
	if c.DatabaseURL != config.DefaultDatabaseURL {
		t.Errorf("DatabaseURL = %q, want the default for a blank value", c.DatabaseURL)
	}
	if c.MaxBodyBytes != 1<<20 {
		t.Errorf("MaxBodyBytes = %d, want the default for an empty value", c.MaxBodyBytes)
	}
}

func TestLoadFromPublicURLFromHTTPAddr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr string
		want string
	}{
		{"0.0.0.0:9000", "http://localhost:9000"},
		{":9000", "http://localhost:9000"},
		{"127.0.0.1:8081", "http://localhost:8081"},
		{"[::]:9000", "http://localhost:9000"},
		{"192.168.1.10:80", "http://192.168.1.10:80"},
		{"ops.internal:8080", "http://ops.internal:8080"},
		{"[::1]:9000", "http://[::1]:9000"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			t.Parallel()
			c, err := config.LoadFrom(env(map[string]string{"HTTP_ADDR": tt.addr}))
			if err != nil {
				t.Fatalf("LoadFrom(HTTP_ADDR=%s): %v", tt.addr, err)
			}
			if c.PublicURL != tt.want {
				t.Errorf("HTTP_ADDR=%s: PublicURL = %q, want %q", tt.addr, c.PublicURL, tt.want)
			}
		})
	}
}

func TestLoadFromBadValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		shows       string // the offending value quoted in the error
	}{
		{"HTTP_MAX_BODY_BYTES", "abc", "abc"},
		{"HTTP_MAX_BODY_BYTES", "0", "0"},
		{"HTTP_MAX_BODY_BYTES", "-5", "-5"},
		{"SHUTDOWN_TIMEOUT", "-1s", "-1s"},
		{"SHUTDOWN_TIMEOUT", "0s", "0s"},
		{"SHUTDOWN_TIMEOUT", "20", "20"},
		{"SMTP_PORT", "smtp", "smtp"},
		{"OUTBOUND_ALLOW_CIDRS", "nonsense", "nonsense"},
		{"OUTBOUND_ALLOW_CIDRS", "127.0.0.0/8,10.0.0.1", "10.0.0.1"},
		{"OPSMANAGER_ENV", "staging", "staging"},
		{"OPSMANAGER_ENV", "Production", "Production"},
		{"TEMPORAL_UI_URL", "not-a-url", "not-a-url"},
		{"TEMPORAL_UI_URL", "localhost:8233/", "localhost:8233"},
		{"PUBLIC_URL", "ops.example.com", "ops.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			t.Parallel()
			c, err := config.LoadFrom(env(map[string]string{tt.name: tt.value}))
			if err == nil {
				t.Fatalf("LoadFrom(%s=%q) = %+v, want an error", tt.name, tt.value, c)
			}
			if !strings.Contains(err.Error(), tt.name) {
				t.Errorf("error %q does not name %s", err, tt.name)
			}
			if !strings.Contains(err.Error(), `"`+tt.shows+`"`) {
				t.Errorf("error %q does not quote the bad value %q", err, tt.shows)
			}
			if c.HTTPAddr != "" {
				t.Errorf("LoadFrom returned a partial config %+v along with its error", c)
			}
		})
	}
}

// assertConfig compares every field but OutboundAllowCIDRs, which the
// callers check.
func assertConfig(t *testing.T, got, want config.Config) {
	t.Helper()
	check := func(name string, g, w any) {
		t.Helper()
		if g != w {
			t.Errorf("%s = %v, want %v", name, g, w)
		}
	}
	check("Env", got.Env, want.Env)
	check("LogLevel", got.LogLevel, want.LogLevel)
	check("HTTPAddr", got.HTTPAddr, want.HTTPAddr)
	check("PublicURL", got.PublicURL, want.PublicURL)
	check("MaxBodyBytes", got.MaxBodyBytes, want.MaxBodyBytes)
	check("ShutdownTimeout", got.ShutdownTimeout, want.ShutdownTimeout)
	check("DatabaseURL", got.DatabaseURL, want.DatabaseURL)
	check("RedisURL", got.RedisURL, want.RedisURL)
	check("TemporalAddress", got.TemporalAddress, want.TemporalAddress)
	check("TemporalNamespace", got.TemporalNamespace, want.TemporalNamespace)
	check("TemporalTaskQueue", got.TemporalTaskQueue, want.TemporalTaskQueue)
	check("TemporalUIURL", got.TemporalUIURL, want.TemporalUIURL)
	check("MailpitUIURL", got.MailpitUIURL, want.MailpitUIURL)
	check("SMTPHost", got.SMTPHost, want.SMTPHost)
	check("SMTPPort", got.SMTPPort, want.SMTPPort)
	check("SMTPUser", got.SMTPUser, want.SMTPUser)
	check("SMTPPass", got.SMTPPass, want.SMTPPass)
	check("SMTPFrom", got.SMTPFrom, want.SMTPFrom)
	check("JWTPrivateKeyFile", got.JWTPrivateKeyFile, want.JWTPrivateKeyFile)
	check("JWTIssuer", got.JWTIssuer, want.JWTIssuer)
	check("JWTAudience", got.JWTAudience, want.JWTAudience)
	check("AccessTokenTTL", got.AccessTokenTTL, want.AccessTokenTTL)
	check("RefreshTokenTTL", got.RefreshTokenTTL, want.RefreshTokenTTL)
	check("EncryptionKey", got.EncryptionKey, want.EncryptionKey)
	check("AdminEmail", got.AdminEmail, want.AdminEmail)
	check("DataDir", got.DataDir, want.DataDir)
}

// SMTP_TLS is read (it once was not), and an unset SMTP_PORT follows it.
func TestSMTPTLSIsReadAndPicksThePort(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		mode string
		port int
	}{
		{map[string]string{}, "", 1025},
		{map[string]string{"SMTP_TLS": "STARTTLS", "SMTP_HOST": "smtp.example.com"}, "starttls", 0},
		{map[string]string{"SMTP_TLS": "tls", "SMTP_HOST": "smtp.example.com"}, "tls", 0},
		{map[string]string{"SMTP_HOST": "smtp.example.com"}, "", 0},
		{map[string]string{"SMTP_TLS": "none", "SMTP_PORT": "2525"}, "none", 2525},
	} {
		c, err := config.LoadFrom(env(tc.vars))
		if err != nil || c.SMTPTLS != tc.mode || c.SMTPPort != tc.port {
			t.Errorf("%v: SMTP_TLS %q, port %d, %v; want %q, %d", tc.vars, c.SMTPTLS, c.SMTPPort, err, tc.mode, tc.port)
		}
	}
	if _, err := config.LoadFrom(env(map[string]string{"SMTP_TLS": "ssl"})); err == nil || !strings.Contains(err.Error(), "SMTP_TLS") {
		t.Errorf("SMTP_TLS=ssl: %v, want an error naming it", err)
	}
}
