package activities_test

import (
	"net"
	"testing"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// TestConnectionFailuresAreToldApartFromFailingCommands checks, against the
// real sshd, that every way of not reaching a server is a connection
// failure (which a playbook may not tolerate) and that a command which ran
// and failed is not.
func TestConnectionFailuresAreToldApartFromFailingCommands(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	token := f.credential(t, domain.CredentialToken, "tok-123456")
	wrongPassword := f.credential(t, domain.CredentialPassword, "not-the-password")

	unreachable := map[string]struct {
		edit      func(*domain.Server)
		typ       string
		retryable bool
	}{
		"host key mismatch": {func(s *domain.Server) { s.HostKey = randomPublicKey(t) }, contract.ErrSSHHostKeyMismatch, false},
		"closed port":       {func(s *domain.Server) { s.Port = closedPort }, contract.ErrSSHConnectFailed, true},
		"login refused":     {func(s *domain.Server) { s.CredentialID = wrongPassword.ID }, contract.ErrSSHAuthFailed, false},
		"cannot log in":     {func(s *domain.Server) { s.CredentialID = token.ID }, contract.ErrSSHCredentialUnusable, false},
	}
	for name, c := range unreachable {
		srv := f.addServer(t, c.edit)
		_, err := f.run(t, input(srv.ID, "true"))
		sshError(t, err, c.typ, c.retryable)
		if !activities.IsConnectionFailure(err) {
			t.Errorf("%s: %v is not a connection failure", name, err)
		}
	}

	srv := f.addServer(t, nil)
	exit1 := input(srv.ID, "sh", "-c", "exit 1")
	if _, err := f.run(t, exit1); err == nil || activities.IsConnectionFailure(err) {
		t.Errorf("exit 1: %v, want a command failure, not a connection failure", err)
	}
	timedOut := input(srv.ID, "sleep", "30")
	timedOut.TimeoutSeconds = 1
	if _, err := f.run(t, timedOut); err == nil || activities.IsConnectionFailure(err) {
		t.Errorf("timed-out command: %v, want a command failure, not a connection failure", err)
	}
	if _, err := f.run(t, input(srv.ID, "")); err == nil || activities.IsConnectionFailure(err) {
		t.Errorf("invalid input: %v, want refused input, not a connection failure", err)
	}
	exit1.AllowFailure = true
	if res, err := f.run(t, exit1); err != nil || res.ExitCode != 1 {
		t.Errorf("exit 1 allowed to fail: %+v, %v, want exit code 1 and no error", res, err)
	}
}
