package activities

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"

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

// TestServer connects to the server (pinning its host key on first use),
// runs `uname -a` and reports the outcome. Failures to connect or log in
// are reported in the result; only an unknown server is an error.
func (t ServerTester) TestServer(ctx context.Context, serverID string) (domain.ServerTestResult, error) {
	ctx, cancel := context.WithTimeout(ctx, t.SSH.connectTimeout()+10*time.Second)
	defer cancel()
	start := time.Now()
	c, err := t.SSH.connect(ctx, serverID)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && de.Code == domain.ENotFound {
			return domain.ServerTestResult{}, de
		}
		return failedTest(err, start), nil
	}
	defer c.client.Close()
	res := domain.ServerTestResult{HostKeyFingerprint: c.server.HostKeyFingerprint, Pinned: c.pinned}
	sess, err := c.client.NewSession()
	if err != nil {
		res.Error, res.ErrorType = "open session: "+err.Error(), ErrSSHConnectFailed
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
		res.Error, res.ErrorType = testCommand+": "+err.Error(), ErrSSHCommandFailed
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
		if ae.Type() == ErrSSHHostKeyMismatch && ae.Details(&mismatch) == nil {
			res.HostKeyFingerprint = mismatch.Presented
		}
	}
	return res
}
