package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opsmanager/opsmanager/config"
)

// A bad SMTP_CA_FILE stops startup with a message naming it.
func TestNewMailerRefusesABadCAFile(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.txt")
	os.WriteFile(notPEM, []byte("no certificate here"), 0o600)
	for _, file := range []string{notPEM, filepath.Join(dir, "missing.pem")} {
		cfg := config.Config{SMTPHost: "smtp.example.com", SMTPFrom: "a@example.com", SMTPCAFile: file}
		if _, err := newMailer(cfg); err == nil || !strings.Contains(err.Error(), "SMTP_CA_FILE") {
			t.Errorf("SMTP_CA_FILE=%s: %v, want an error naming it", file, err)
		}
	}
}
