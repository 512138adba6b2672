// Package mailer sends email over SMTP with go-mail. It dials once per
// message, which suits the low volume of incident pages and keeps no
// connection state between activity attempts.
package mailer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
)

// TLS modes of Config.TLS.
const (
	TLSNone     = "none"     // plain SMTP; the default for localhost (Mailpit)
	TLSStartTLS = "starttls" // STARTTLS is required
	TLSImplicit = "tls"      // TLS from the first byte (SMTPS, usually port 465)
	// tlsDefault picks none for a loopback host (a local relay, Mailpit in
	// dev) and starttls, required, for any other.
	tlsDefault = ""
)

// Timeout bounds connecting to the server and each SMTP exchange.
const Timeout = 10 * time.Second

// Config says how to reach the SMTP server.
type Config struct {
	Host     string
	Port     int // 0 picks 25, 587 or 465 by TLS mode
	Username string
	Password string
	// From is the sender, e.g. "OpsManager <opsmanager@example.com>".
	From string
	// TLS is "none", "starttls" or "tls". Empty means none for a loopback
	// host, else starttls. The server's certificate is always verified.
	TLS string
	// RootCAs, if set, are the CAs trusted for the server's certificate
	// (SMTP_CA_FILE; a private relay's CA); nil trusts the system roots.
	RootCAs *x509.CertPool
}

// Message is one email. Text, HTML or both must be set.
type Message struct {
	To      []string
	Subject string
	Text    string
	HTML    string
	// MessageID, if set, becomes the Message-ID header, so that repeated
	// sends of the same message can be recognised. Without "@", the domain
	// of the From address is appended.
	MessageID string
	Headers   map[string]string
}

// Mailer sends messages through one SMTP server.
type Mailer struct {
	cfg    Config
	from   *netmail.Address
	domain string
	opts   []mail.Option
}

// New checks cfg and returns a Mailer. It does not connect.
func New(cfg Config) (*Mailer, error) {
	if strings.TrimSpace(cfg.Host) == "" {
		return nil, errors.New("smtp host is required")
	}
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("smtp from address %q: %w", cfg.From, err)
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	if cfg.TLS == tlsDefault {
		cfg.TLS = TLSStartTLS
		if isLocal(cfg.Host) {
			cfg.TLS = TLSNone
		}
	}
	if cfg.Port < 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("smtp port %d is out of range", cfg.Port)
	}
	opts := []mail.Option{mail.WithTimeout(Timeout)}
	switch cfg.TLS {
	case TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS), mail.WithPort(portOr(cfg.Port, 25)))
	case TLSStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory), mail.WithPort(portOr(cfg.Port, 587)))
	case TLSImplicit:
		opts = append(opts, mail.WithSSL(), mail.WithPort(portOr(cfg.Port, 465)))
	default:
		return nil, fmt.Errorf("smtp tls mode %q must be none, starttls or tls", cfg.TLS)
	}
	if cfg.TLS != TLSNone {
		opts = append(opts, mail.WithTLSConfig(&tls.Config{ServerName: cfg.Host, MinVersion: tls.VersionTLS12, RootCAs: cfg.RootCAs}))
	}
	if cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	// Validate the options once, so a bad config fails at startup.
	if _, err := mail.NewClient(cfg.Host, opts...); err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return &Mailer{cfg: cfg, from: from, domain: domain, opts: opts}, nil
}

// Warning is what startup should log about this mailer's security: plain
// SMTP to a host that is not loopback sends mail (and any SMTP password)
// in clear. "" when there is nothing to say.
func (m *Mailer) Warning() string {
	if m.cfg.TLS == TLSNone && !isLocal(m.cfg.Host) {
		return "SMTP_TLS=none: mail to " + m.cfg.Host + " travels unencrypted; use starttls or tls outside a local relay"
	}
	return ""
}

// TLSMode is the TLS mode in effect ("none", "starttls" or "tls").
func (m *Mailer) TLSMode() string { return m.cfg.TLS }

func portOr(port, def int) int {
	if port == 0 {
		return def
	}
	return port
}

func isLocal(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Send delivers msg. Errors that a retry cannot fix (an invalid address,
// a 5xx SMTP reply) satisfy IsPermanent.
func (m *Mailer) Send(ctx context.Context, msg Message) error {
	mm, err := m.build(msg)
	if err != nil {
		return &permanentError{err: err}
	}
	client, err := mail.NewClient(m.cfg.Host, m.opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, mm); err != nil {
		err = fmt.Errorf("send mail via %s: %w", client.ServerAddr(), err)
		if smtpPermanent(err) {
			return &permanentError{err: err}
		}
		return err
	}
	return nil
}

func (m *Mailer) build(msg Message) (*mail.Msg, error) {
	if len(msg.To) == 0 {
		return nil, errors.New("message has no recipients")
	}
	if msg.Text == "" && msg.HTML == "" {
		return nil, errors.New("message has no body")
	}
	mm := mail.NewMsg()
	mm.FromMailAddress(m.from)
	for _, to := range msg.To {
		if _, err := netmail.ParseAddress(to); err != nil {
			return nil, fmt.Errorf("invalid recipient address %q: %w", to, err)
		}
	}
	if err := mm.To(msg.To...); err != nil {
		return nil, fmt.Errorf("recipients: %w", err)
	}
	mm.Subject(oneLine(msg.Subject))
	mm.SetDate()
	mm.SetUserAgent("OpsManager")
	if id := strings.Trim(msg.MessageID, "<> "); id != "" {
		if !strings.Contains(id, "@") {
			id += "@" + m.domain
		}
		if strings.ContainsAny(id, " \t\r\n<>") {
			return nil, fmt.Errorf("invalid message id %q", msg.MessageID)
		}
		mm.SetMessageIDWithValue(id)
	} else {
		mm.SetMessageID()
	}
	for k, v := range msg.Headers {
		if !validHeaderName(k) || strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("invalid header %q", k)
		}
		mm.SetGenHeader(mail.Header(k), v)
	}
	switch {
	case msg.Text != "" && msg.HTML != "":
		mm.SetBodyString(mail.TypeTextPlain, msg.Text)
		mm.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	case msg.Text != "":
		mm.SetBodyString(mail.TypeTextPlain, msg.Text)
	default:
		mm.SetBodyString(mail.TypeTextHTML, msg.HTML)
	}
	return mm, nil
}

// oneLine keeps a subject on one header line whatever the input holds.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}

// permanentError marks a failure that sending again will not fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// IsPermanent reports whether err is a failure that retrying will not fix:
// an invalid address or message, or a 5xx reply of the SMTP server
// (unknown recipient, rejected sender, failed authentication). Connection
// errors, timeouts and 4xx replies are temporary.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p) || smtpPermanent(err)
}

func smtpPermanent(err error) bool {
	if err == nil {
		return false
	}
	var se *mail.SendError
	if errors.As(err, &se) {
		if code := se.ErrorCode(); code != 0 {
			return code >= 500 && code < 600
		}
		// Checked by go-mail before any SMTP exchange.
		return se.Reason == mail.ErrGetSender || se.Reason == mail.ErrGetRcpts || se.Reason == mail.ErrNoUnencoded
	}
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500 && te.Code < 600
}
