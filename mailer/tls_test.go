package mailer_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/internal/testsvc"
	"github.com/opsmanager/opsmanager/mailer"
)

// testCA is a CA and a certificate it signed for 127.0.0.1 and localhost.
type testCA struct {
	pool              *x509.CertPool
	certFile, keyFile string
}

func newTestCA(t *testing.T) testCA {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "OpsManager test CA"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	c := testCA{pool: x509.NewCertPool(), certFile: filepath.Join(dir, "smtp.pem"), keyFile: filepath.Join(dir, "smtp-key.pem")}
	c.pool.AddCert(ca)
	os.WriteFile(c.certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(c.keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)
	return c
}

// ownMailpit is a Mailpit of this test's own, started with extra flags.
type ownMailpit struct {
	smtpPort int
	api      string
}

func startMailpit(t *testing.T, flags ...string) ownMailpit {
	t.Helper()
	bin, err := filepath.Abs("../bin/mailpit")
	if err == nil {
		_, err = os.Stat(bin)
	}
	if err != nil {
		testsvc.Unavailable(t, "Mailpit (../bin/mailpit, installed by `make deps`)", "../bin/mailpit", err)
	}
	smtp, ui := freePort(t), freePort(t)
	args := append([]string{"--smtp", fmt.Sprintf("127.0.0.1:%d", smtp), "--listen", fmt.Sprintf("127.0.0.1:%d", ui),
		"--database", filepath.Join(t.TempDir(), "mailpit.db")}, flags...)
	cmd := exec.Command(bin, args...)
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	m := ownMailpit{smtpPort: smtp, api: fmt.Sprintf("http://127.0.0.1:%d", ui)}
	deadline := time.Now().Add(15 * time.Second)
	for {
		if res, err := http.Get(m.api + "/api/v1/info"); err == nil {
			res.Body.Close()
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit %v did not start:\n%s", args, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// received counts the messages this Mailpit holds for to.
func (m ownMailpit) received(t *testing.T, to string) int {
	t.Helper()
	res, err := http.Get(m.api + "/api/v1/search?query=" + "to:" + to)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		MessagesCount int `json:"messages_count"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.MessagesCount
}

func send(t *testing.T, cfg mailer.Config) (string, error) {
	t.Helper()
	cfg.From = "OpsManager <opsmanager@example.org>"
	m, err := mailer.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	to := "tls-" + uuid.NewString()[:8] + "@example.com"
	return to, m.Send(context.Background(), mailer.Message{To: []string{to}, Subject: "TLS check", Text: "hello"})
}

// M3: SMTP_TLS is obeyed against a real Mailpit: starttls requires STARTTLS
// and a certificate that verifies, tls speaks TLS from the first byte, and
// nothing falls back to plain text.
func TestSMTPTLSModesAgainstMailpit(t *testing.T) {
	t.Parallel()
	ca := newTestCA(t)
	starttls := startMailpit(t, "--smtp-tls-cert", ca.certFile, "--smtp-tls-key", ca.keyFile, "--smtp-require-starttls")
	implicit := startMailpit(t, "--smtp-tls-cert", ca.certFile, "--smtp-tls-key", ca.keyFile, "--smtp-require-tls")
	plain := startMailpit(t)

	to, err := send(t, mailer.Config{Host: "127.0.0.1", Port: starttls.smtpPort, TLS: mailer.TLSStartTLS, RootCAs: ca.pool})
	if err != nil || starttls.received(t, to) != 1 {
		t.Errorf("starttls with the CA trusted: %v, %d delivered", err, starttls.received(t, to))
	}
	to, err = send(t, mailer.Config{Host: "127.0.0.1", Port: implicit.smtpPort, TLS: mailer.TLSImplicit, RootCAs: ca.pool})
	if err != nil || implicit.received(t, to) != 1 {
		t.Errorf("implicit tls: %v, %d delivered", err, implicit.received(t, to))
	}
	to, err = send(t, mailer.Config{Host: "127.0.0.1", Port: plain.smtpPort, TLS: mailer.TLSStartTLS, RootCAs: ca.pool})
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "starttls") || plain.received(t, to) != 0 {
		t.Errorf("starttls against a server without it: %v, %d delivered; want an error naming STARTTLS and nothing sent", err, plain.received(t, to))
	}
	to, err = send(t, mailer.Config{Host: "127.0.0.1", Port: starttls.smtpPort, TLS: mailer.TLSStartTLS})
	if err == nil || !strings.Contains(err.Error(), "certificate") || starttls.received(t, to) != 0 {
		t.Errorf("starttls with an untrusted certificate: %v, %d delivered; want a certificate error", err, starttls.received(t, to))
	}
	to, err = send(t, mailer.Config{Host: "127.0.0.1", Port: plain.smtpPort, TLS: mailer.TLSNone})
	if err != nil || plain.received(t, to) != 1 {
		t.Errorf("none against loopback: %v, %d delivered", err, plain.received(t, to))
	}
}

// The default is none only for a loopback host, starttls for any other;
// none elsewhere is allowed but warned about.
func TestSMTPTLSDefaultsAndWarning(t *testing.T) {
	for _, tc := range []struct {
		host, mode, want string
		warn             bool
	}{
		{"127.0.0.1", "", mailer.TLSNone, false},
		{"localhost", "", mailer.TLSNone, false},
		{"smtp.example.com", "", mailer.TLSStartTLS, false},
		{"mailpit", "none", mailer.TLSNone, true},
		{"smtp.example.com", "tls", mailer.TLSImplicit, false},
	} {
		m, err := mailer.New(mailer.Config{Host: tc.host, TLS: tc.mode, From: "a@example.com"})
		if err != nil {
			t.Errorf("host %s, SMTP_TLS %q: %v", tc.host, tc.mode, err)
			continue
		}
		if m.TLSMode() != tc.want || (m.Warning() != "") != tc.warn {
			t.Errorf("host %s, SMTP_TLS %q: mode %s, warning %q; want %s, warning %v", tc.host, tc.mode, m.TLSMode(), m.Warning(), tc.want, tc.warn)
		}
	}
}
