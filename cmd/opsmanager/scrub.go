package main

import (
	"net/url"
	"os"
	"sort"
	"strings"
)

// secretEnvMarkers name the environment variables whose values are secrets.
// A *_FILE variable holds a path, not a secret.
var secretEnvMarkers = []string{"PASS", "SECRET", "TOKEN", "ENCRYPTION_KEY", "PRIVATE_KEY"}

// scrubSecrets removes from msg every secret found in the environment: the
// values of password, secret, token and key variables, and the password of
// every *_URL. It runs on the one line a failed start prints, so a driver
// that quotes its whole connection string cannot leak a password.
func scrubSecrets(msg string, environ []string) string {
	secrets := environSecrets(environ)
	// Longest first, so a secret containing another is replaced whole.
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	for _, s := range secrets {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
		if esc := url.QueryEscape(s); esc != s {
			msg = strings.ReplaceAll(msg, esc, "xxxxx")
		}
	}
	return msg
}

func environSecrets(environ []string) []string {
	var out []string
	for _, kv := range environ {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || len(val) < 4 || strings.HasSuffix(name, "_FILE") || strings.HasSuffix(name, "_FILES") {
			continue
		}
		if isSecretName(name) {
			out = append(out, val)
		}
		if strings.HasSuffix(name, "_URL") {
			if p := urlPassword(val); len(p) >= 3 {
				out = append(out, p)
			}
		}
	}
	return out
}

func isSecretName(name string) bool {
	for _, m := range secretEnvMarkers {
		if strings.Contains(name, m) {
			return true
		}
	}
	return false
}

// urlPassword finds the password in scheme://user:password@host even when
// the URL does not parse (a bad escape is exactly when drivers quote it).
func urlPassword(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		p, _ := u.User.Password()
		return p
	}
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return ""
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return ""
	}
	_, pass, ok := strings.Cut(rest[:at], ":")
	if !ok {
		return ""
	}
	return pass
}

// fatal is what main prints for err: one line, with secrets scrubbed.
func fatal(err error) string {
	return "opsmanager: " + scrubSecrets(err.Error(), os.Environ())
}
