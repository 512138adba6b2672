package activities

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// ServerTester checks that OpsManager can log in to a server, for the
// API's "test connection" button. It is not an activity: the API calls it
// directly, so it is not registered with the worker.
type ServerTester struct {
	SSH *SSH
}

// testCommand is what a connection test runs.
const testCommand = "uname -a"

// TestServer connects to the server, runs `uname -a` and reports the
// outcome. A server without a pinned host key is not logged in to: the
// result names the fingerprint it presents, for a user to trust
// (TrustHostKey); nothing is stored. Failures to connect or log in are
// reported in the result; only an unknown server is an error.
func (t ServerTester) TestServer(ctx context.Context, serverID string) (domain.ServerTestResult, error) {
	ctx, cancel := context.WithTimeout(ctx, t.SSH.connectTimeout()+10*time.Second)
	defer cancel()
	server, err := t.SSH.Servers.Get(ctx, serverID)
	if err != nil {
		return domain.ServerTestResult{}, err
	}
	start := time.Now()
	c, err := t.SSH.connect(ctx, serverID)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Code == domain.ENotFound {
			return domain.ServerTestResult{}, de
		}
		res := failedTest(err, start)
		res.Trusted = server.HostKey != ""
		return res, nil
	}
	defer c.client.Close()
	res := domain.ServerTestResult{HostKeyFingerprint: c.server.HostKeyFingerprint, Trusted: true}
	sess, err := c.client.NewSession()
	if err != nil {
		res.Error, res.ErrorType = "open session: "+err.Error(), contract.ErrSSHConnectFailed
		res.LatencyMs = time.Since(start).Milliseconds()
		return res, nil
	}
	defer sess.Close()
	stop := context.AfterFunc(ctx, func() { sess.Close() })
	defer stop()
	out, err := sess.CombinedOutput(testCommand)
	res.LatencyMs = time.Since(start).Milliseconds()
	text := string(maskSecrets(out, [][]byte{c.secret.Value}))
	if len(text) > 4096 {
		text = text[:runeBoundary([]byte(text[:4096]))]
	}
	res.Output = strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
	if err != nil {
		res.Error, res.ErrorType = testCommand+": "+err.Error(), contract.ErrSSHCommandFailed
		return res, nil
	}
	res.OK = true
	return res, nil
}

func failedTest(err error, start time.Time) domain.ServerTestResult {
	res := domain.ServerTestResult{Error: err.Error(), LatencyMs: time.Since(start).Milliseconds()}
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) {
		res.Error, res.ErrorType = ae.Message(), ae.Type()
		var mismatch HostKeyMismatchError
		var untrusted HostKeyNotTrustedError
		switch {
		case ae.Type() == contract.ErrSSHHostKeyMismatch && ae.Details(&mismatch) == nil:
			res.HostKeyFingerprint = mismatch.Presented
		case ae.Type() == contract.ErrSSHHostKeyNotTrusted && ae.Details(&untrusted) == nil:
			res.HostKeyFingerprint = untrusted.Presented
		}
	}
	return res
}

// TrustHostKey pins the host key the server presents now, if its
// fingerprint is the one a user checked and confirmed. A server that
// already has a pin, or now presents another key, is a conflict: the pin
// is only ever set to a key the user saw.
func (t ServerTester) TrustHostKey(ctx context.Context, serverID, fingerprint string) (domain.Server, error) {
	server, err := t.SSH.Servers.Get(ctx, serverID)
	if err != nil {
		return domain.Server{}, err
	}
	if server.HostKey != "" {
		return domain.Server{}, domain.Errorf(domain.EConflict,
			"server %s already has a pinned host key (%s); reset it first", server.Name, server.HostKeyFingerprint)
	}
	ctx, cancel := context.WithTimeout(ctx, t.SSH.connectTimeout()+5*time.Second)
	defer cancel()
	line, presented, err := t.SSH.presentedHostKey(ctx, server)
	if err != nil {
		var ae *temporal.ApplicationError
		if errors.As(err, &ae) {
			return domain.Server{}, domain.Errorf(domain.EConflict, "cannot read the host key of server %s now: %s", server.Name, ae.Message())
		}
		return domain.Server{}, err
	}
	if presented != fingerprint {
		return domain.Server{}, domain.Errorf(domain.EConflict,
			"server %s now presents %s, not the %s you confirmed; test the connection again", server.Name, presented, fingerprint)
	}
	pinned, err := t.SSH.Servers.PinHostKey(ctx, server.ID, line, presented)
	if err != nil {
		return domain.Server{}, err
	}
	if pinned.HostKey != line {
		return domain.Server{}, domain.Errorf(domain.EConflict, "server %s was pinned to %s meanwhile", server.Name, pinned.HostKeyFingerprint)
	}
	return pinned, nil
}
