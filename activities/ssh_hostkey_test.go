package activities_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
)

func TestPinnedHostKeyMismatchIsPermanentAndNamesBothFingerprints(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	other := randomPublicKey(t)
	srv := f.addServer(t, func(s *domain.Server) { s.HostKey = other })
	_, err := f.run(t, input(srv.ID, "true"))
	ae := sshError(t, err, activities.ErrSSHHostKeyMismatch, false)
	msg := ae.Message()
	presented := false
	for _, k := range f.srv.HostKeys {
		_, fp, _ := domain.ParseHostKey(k)
		presented = presented || strings.Contains(msg, fp)
	}
	if !strings.Contains(msg, srv.Name) || !strings.Contains(msg, srv.HostKeyFingerprint) || !presented {
		t.Fatalf("message %q lacks the server name, the pinned %s or the presented fingerprint", msg, srv.HostKeyFingerprint)
	}
	var details activities.HostKeyMismatchError
	if err := ae.Details(&details); err != nil || details.Expected != srv.HostKeyFingerprint || details.Server != srv.Name {
		t.Fatalf("details = %+v, %v", details, err)
	}
	if got, _ := f.servers.Get(context.Background(), srv.ID); got.HostKey != srv.HostKey {
		t.Fatal("a mismatch changed the pin")
	}
}

func TestFirstConnectionPinsTheHostKeyOnce(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	if srv.HostKey != "" {
		t.Fatal("server created with a pin")
	}
	// Concurrent first connections: all succeed, one key is pinned.
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			_, err := f.ssh.RunCommand(context.Background(), activities.RunCommandInput{ServerID: srv.ID, Command: []string{"true"}})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("first connection: %v", err)
		}
	}
	got, _ := f.servers.Get(context.Background(), srv.ID)
	known := false
	for _, k := range f.srv.HostKeys {
		known = known || got.HostKey == k
	}
	if !known || !strings.HasPrefix(got.HostKeyFingerprint, "SHA256:") {
		t.Fatalf("pinned %q (%s), want one of the server's host keys", got.HostKey, got.HostKeyFingerprint)
	}
	// Resetting the pin lets the next connection pin again.
	if prev, err := f.servers.ResetHostKey(context.Background(), srv.ID); err != nil || prev != got.HostKeyFingerprint {
		t.Fatalf("reset: %q, %v", prev, err)
	}
	if _, err := f.run(t, input(srv.ID, "true")); err != nil {
		t.Fatal(err)
	}
	if again, _ := f.servers.Get(context.Background(), srv.ID); again.HostKey != got.HostKey {
		t.Fatalf("re-pinned %q, want %q", again.HostKey, got.HostKey)
	}
}

// A server with several host keys must be asked for the pinned key's type,
// or a correct pin of a non-preferred type would look like a mismatch.
func TestPinnedKeyOfAnyTypeIsNegotiated(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	for typ, key := range f.srv.HostKeys {
		srv := f.addServer(t, func(s *domain.Server) { s.HostKey = key })
		if _, err := f.run(t, input(srv.ID, "true")); err != nil {
			t.Fatalf("pinned %s key: %v", typ, err)
		}
	}
}

func TestWrongKeyOrPasswordIsPermanentAuthFailure(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	wrongKey := f.credential(t, domain.CredentialSSHKey, string(pem.EncodeToMemory(block)))
	wrongPassword := f.credential(t, domain.CredentialPassword, "not-the-password")
	for _, cred := range []domain.Credential{wrongKey, wrongPassword} {
		srv := f.addServer(t, func(s *domain.Server) { s.CredentialID = cred.ID })
		_, err := f.run(t, input(srv.ID, "true"))
		ae := sshError(t, err, activities.ErrSSHAuthFailed, false)
		if !strings.Contains(ae.Message(), srv.Name) || strings.Contains(ae.Message(), "not-the-password") {
			t.Fatalf("message %q", ae.Message())
		}
		if got, _ := f.servers.Get(context.Background(), srv.ID); got.HostKey != "" {
			t.Fatal("a failed login pinned the host key")
		}
	}
}

func TestPasswordLogin(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, func(s *domain.Server) { s.CredentialID = f.pwCred.ID })
	res, err := f.run(t, input(srv.ID, "id", "-un"))
	if err != nil || res.Stdout != f.srv.User+"\n" {
		t.Fatalf("id -un = %+v, %v", res, err)
	}
}

func TestTokenCredentialCannotLogIn(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	tok := f.credential(t, domain.CredentialToken, "tok-123456")
	srv := f.addServer(t, func(s *domain.Server) { s.CredentialID = tok.ID })
	_, err := f.run(t, input(srv.ID, "true"))
	sshError(t, err, activities.ErrSSHCredentialUnusable, false)
}

func TestCredentialSealedWithAnotherKeyIsUnusable(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	f.ssh.Credentials = store.NewCredentialVault(f.pool, newBox(t))
	_, err := f.run(t, input(srv.ID, "true"))
	sshError(t, err, activities.ErrSSHCredentialUnusable, false)
}

func TestConnectionRefusedIsRetryable(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	srv := f.addServer(t, func(s *domain.Server) { s.Port = port })
	_, err = f.run(t, input(srv.ID, "true"))
	ae := sshError(t, err, activities.ErrSSHConnectFailed, true)
	if !strings.Contains(ae.Message(), "connection refused") || !strings.Contains(ae.Message(), strconv.Itoa(port)) {
		t.Fatalf("message %q", ae.Message())
	}
}

func TestServerTesterPinsAndReports(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	tester := activities.ServerTester{SSH: f.ssh}
	srv := f.addServer(t, nil)
	res, err := tester.TestServer(context.Background(), srv.ID)
	if err != nil || !res.OK || !res.Pinned || !strings.HasPrefix(res.Output, "Linux") || !strings.HasPrefix(res.HostKeyFingerprint, "SHA256:") {
		t.Fatalf("first test = %+v, %v", res, err)
	}
	again, err := tester.TestServer(context.Background(), srv.ID)
	if err != nil || !again.OK || again.Pinned || again.HostKeyFingerprint != res.HostKeyFingerprint {
		t.Fatalf("second test = %+v, %v", again, err)
	}
	bad := f.addServer(t, func(s *domain.Server) { s.HostKey = randomPublicKey(t) })
	res, err = tester.TestServer(context.Background(), bad.ID)
	if err != nil || res.OK || res.ErrorType != activities.ErrSSHHostKeyMismatch || !strings.Contains(res.Error, "mismatch") ||
		!strings.Contains(res.Error, res.HostKeyFingerprint) {
		t.Fatalf("mismatch test = %+v, %v", res, err)
	}
	if _, err := tester.TestServer(context.Background(), "8a1f4e9e-0000-4000-8000-000000000000"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("unknown server: %v", err)
	}
}
