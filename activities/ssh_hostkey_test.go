package activities_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/outbound"
	"github.com/opsmanager/opsmanager/store"
)

func TestPinnedHostKeyMismatchIsPermanentAndNamesBothFingerprints(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	other := randomPublicKey(t)
	srv := f.addServer(t, func(s *domain.Server) { s.HostKey = other })
	_, err := f.run(t, input(srv.ID, "true"))
	ae := sshError(t, err, contract.ErrSSHHostKeyMismatch, false)
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

// H1: a server entry pointed at a host someone controls gets no password
// and no key signature before a user trusts the fingerprint it presents,
// and nothing is pinned by connecting.
func TestUnpinnedServerIsOfferedNoCredential(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	rogue := startRogueSSH(t)
	for _, cred := range []domain.Credential{f.pwCred, f.keyCred} {
		srv := f.addServer(t, func(s *domain.Server) {
			s.Host, s.Port, s.HostKey, s.CredentialID = rogue.host, rogue.port, "", cred.ID
		})
		_, err := f.run(t, input(srv.ID, "true"))
		ae := sshError(t, err, contract.ErrSSHHostKeyNotTrusted, false)
		if !strings.Contains(ae.Message(), rogue.fingerprint) || !strings.Contains(ae.Message(), srv.Name) {
			t.Fatalf("message %q names neither the server nor %s", ae.Message(), rogue.fingerprint)
		}
		if got, _ := f.servers.Get(context.Background(), srv.ID); got.HostKey != "" {
			t.Fatalf("connecting pinned %s", got.HostKeyFingerprint)
		}
	}
	if rogue.connections.Load() == 0 || rogue.passwords.Load() != 0 || rogue.keys.Load() != 0 {
		t.Fatalf("the rogue server saw %d connections and was offered %s, want connections and nothing offered",
			rogue.connections.Load(), rogue.offered())
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
		ae := sshError(t, err, contract.ErrSSHAuthFailed, false)
		if !strings.Contains(ae.Message(), srv.Name) || strings.Contains(ae.Message(), "not-the-password") {
			t.Fatalf("message %q", ae.Message())
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
	sshError(t, err, contract.ErrSSHCredentialUnusable, false)
}

func TestCredentialSealedWithAnotherKeyIsUnusable(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	f.ssh.Credentials = store.NewCredentialVault(f.pool, newBox(t))
	_, err := f.run(t, input(srv.ID, "true"))
	sshError(t, err, contract.ErrSSHCredentialUnusable, false)
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
	ae := sshError(t, err, contract.ErrSSHConnectFailed, true)
	if !strings.Contains(ae.Message(), "connection refused") || !strings.Contains(ae.Message(), strconv.Itoa(port)) {
		t.Fatalf("message %q", ae.Message())
	}
}

// A connection test of an unpinned server reports the fingerprint and
// stores nothing; trusting pins only the confirmed fingerprint, after
// which tests log in.
func TestServerTesterTrustsOnlyTheConfirmedFingerprint(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	tester := activities.ServerTester{SSH: f.ssh}
	ctx := context.Background()
	srv := f.addServer(t, func(s *domain.Server) { s.HostKey = "" })
	res, err := tester.TestServer(ctx, srv.ID)
	if err != nil || res.OK || res.Trusted || res.ErrorType != contract.ErrSSHHostKeyNotTrusted || res.Output != "" ||
		!strings.HasPrefix(res.HostKeyFingerprint, "SHA256:") {
		t.Fatalf("test of an unpinned server = %+v, %v", res, err)
	}
	if got, _ := f.servers.Get(ctx, srv.ID); got.HostKey != "" {
		t.Fatal("a connection test pinned the key")
	}
	if _, err := tester.TrustHostKey(ctx, srv.ID, randomFingerprint(t)); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("trusting a fingerprint the server does not present: %v, want conflict", err)
	}
	pinned, err := tester.TrustHostKey(ctx, srv.ID, res.HostKeyFingerprint)
	if err != nil || pinned.HostKeyFingerprint != res.HostKeyFingerprint || !knownHostKey(f, pinned.HostKey) {
		t.Fatalf("trust = %+v, %v", pinned, err)
	}
	if _, err := tester.TrustHostKey(ctx, srv.ID, res.HostKeyFingerprint); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("trusting again over a pin: %v, want conflict", err)
	}
	again, err := tester.TestServer(ctx, srv.ID)
	if err != nil || !again.OK || !again.Trusted || !strings.HasPrefix(again.Output, "Linux") || again.HostKeyFingerprint != res.HostKeyFingerprint {
		t.Fatalf("test after trusting = %+v, %v", again, err)
	}
	bad := f.addServer(t, func(s *domain.Server) { s.HostKey = randomPublicKey(t) })
	res, err = tester.TestServer(ctx, bad.ID)
	if err != nil || res.OK || !res.Trusted || res.ErrorType != contract.ErrSSHHostKeyMismatch || !strings.Contains(res.Error, "mismatch") ||
		!strings.Contains(res.Error, res.HostKeyFingerprint) {
		t.Fatalf("mismatch test = %+v, %v", res, err)
	}
	if _, err := tester.TestServer(ctx, "8a1f4e9e-0000-4000-8000-000000000000"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("unknown server: %v", err)
	}
}

// SSH passes the SSRF guard: an internal address outside the allow-list is
// never dialled, and allowing its network lets the connection through.
func TestSSHToABlockedAddressIsNeverDialled(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	rogue := startRogueSSH(t)
	srv := f.addServer(t, func(s *domain.Server) { s.Host, s.Port, s.CredentialID = rogue.host, rogue.port, f.pwCred.ID })
	f.ssh.Dialer = outbound.NewGuard(nil).Dialer(activities.DefaultConnectTimeout)
	_, err := f.run(t, input(srv.ID, "true"))
	ae := sshError(t, err, contract.ErrSSHDestinationBlocked, false)
	if !strings.Contains(ae.Message(), srv.Name) || rogue.connections.Load() != 0 {
		t.Fatalf("message %q; the address saw %d connections", ae.Message(), rogue.connections.Load())
	}
	res, err := activities.ServerTester{SSH: f.ssh}.TestServer(context.Background(), srv.ID)
	if err != nil || res.ErrorType != contract.ErrSSHDestinationBlocked || rogue.connections.Load() != 0 {
		t.Fatalf("connection test of a blocked address = %+v, %v", res, err)
	}
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	f.ssh.Dialer = outbound.NewGuard([]*net.IPNet{loopback}).Dialer(activities.DefaultConnectTimeout)
	sshError(t, func() error { _, err := f.run(t, input(srv.ID, "true")); return err }(), contract.ErrSSHHostKeyMismatch, false)
	if rogue.connections.Load() == 0 {
		t.Fatal("an allowed address was not dialled")
	}
}

func knownHostKey(f *sshFixture, line string) bool {
	for _, k := range f.srv.HostKeys {
		if k == line {
			return true
		}
	}
	return false
}

func randomFingerprint(t *testing.T) string {
	key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(randomPublicKey(t)))
	if err != nil {
		t.Fatal(err)
	}
	return ssh.FingerprintSHA256(key)
}
