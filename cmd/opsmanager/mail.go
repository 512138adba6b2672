package main

import (
	"crypto/x509"
	"fmt"
	"log/slog"
	"os"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/mailer"
)

// newMailer builds the SMTP mailer from SMTP_*: TLS as SMTP_TLS says
// (starttls, required, unless the host is loopback), the server's
// certificate verified against the system roots and SMTP_CA_FILE. Plain
// SMTP to another host is allowed but logged as a warning.
func newMailer(cfg config.Config) (*mailer.Mailer, error) {
	mc := mailer.Config{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUser,
		Password: cfg.SMTPPass, From: cfg.SMTPFrom, TLS: cfg.SMTPTLS}
	if cfg.SMTPCAFile != "" {
		pool, err := caPool(cfg.SMTPCAFile)
		if err != nil {
			return nil, err
		}
		mc.RootCAs = pool
	}
	m, err := mailer.New(mc)
	if err != nil {
		return nil, fmt.Errorf("SMTP: %w", err)
	}
	if w := m.Warning(); w != "" {
		slog.Warn(w, "smtpHost", cfg.SMTPHost)
	}
	return m, nil
}

// caPool returns the system roots plus the PEM certificates in file.
func caPool(file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("SMTP_CA_FILE: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("SMTP_CA_FILE %s holds no PEM certificate", file)
	}
	return pool, nil
}
