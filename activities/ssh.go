package activities

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
)

// ServerStore is what the SSH activity needs of the servers (store.Servers).
type ServerStore interface {
	Get(ctx context.Context, id string) (domain.Server, error)
	// PinHostKey pins a key if none is pinned and returns the server as it is now.
	PinHostKey(ctx context.Context, id, hostKey, fingerprint string) (domain.Server, error)
}

// CredentialStore opens credentials (store.CredentialVault). A value that
// cannot be decrypted is an error wrapping vault.ErrDecrypt.
type CredentialStore interface {
	Secret(ctx context.Context, id string) (domain.CredentialSecret, error)
}

// OutputSink receives a step's output as it arrives (store.RunLogs).
type OutputSink interface {
	Append(ctx context.Context, runID, step, stream string, chunk []byte) error
}

// Dialer opens network connections (*net.Dialer).
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// SSH runs commands on servers. Activities receive only a server ID: the
// credential is loaded and decrypted here, so no secret enters workflow
// history, and secrets are masked in output before it is stored or returned.
type SSH struct {
	Servers     ServerStore
	Credentials CredentialStore
	Output      OutputSink // optional: without it output is only returned
	Dialer      Dialer     // default: net.Dialer
	// ConnectTimeout bounds dialing plus the SSH handshake (default 10 s).
	ConnectTimeout time.Duration
	// HeartbeatEvery is the heartbeat interval while a command runs (default 5 s).
	HeartbeatEvery time.Duration
	// FlushEvery is how often partial lines are stored (default 500 ms).
	FlushEvery time.Duration
	// MaxStoredOutputBytes caps the output stored per step (default 1 MiB).
	MaxStoredOutputBytes int64
	Logger               *slog.Logger
	// Live announces new output to open dashboards, at most every 250 ms
	// per step (nil: none).
	Live *live.Publisher
	// History notes on the server's asset that the run acted on it (nil:
	// not noted).
	History RunHistory
}

// RunHistory notes playbook runs in the history of the assets they act on
// (store.Assets).
type RunHistory interface {
	RecordRun(ctx context.Context, runID, step string, assetIDs []string, details map[string]any) error
}

// NewSSH returns the SSH activities over the given stores, with defaults.
func NewSSH(servers ServerStore, credentials CredentialStore, output OutputSink) *SSH {
	return &SSH{Servers: servers, Credentials: credentials, Output: output}
}

// Limits of contract.RunCommandInput.
const (
	DefaultMaxOutputBytes = 32 << 10
	MaxMaxOutputBytes     = 1 << 20
)

// CommandProgress is the heartbeat detail of a running command: bytes of output so far.
type CommandProgress struct {
	StdoutBytes, StderrBytes int64
}

// RunCommand connects to the server and runs in.Command.
//
// Errors: a non-zero exit is a non-retryable SSHCommandFailed error whose
// details hold the contract.RunCommandResult (errors.As an *temporal.ApplicationError,
// then Details(&res)), unless AllowFailure is set. SSHConnectFailed is
// retried; SSHHostKeyMismatch, SSHAuthFailed, SSHCredentialUnusable and
// SSHInvalidInput are not. SSHCommandInterrupted (connection lost or
// TimeoutSeconds passed after the start) is retried unless Mutating.
// Cancelling the activity kills the remote command and its children.
//
// The command sees OPSMANAGER_RUN_ID, OPSMANAGER_STEP, OPSMANAGER_ATTEMPT and
// OPSMANAGER_IDEMPOTENCY_KEY (workflow ID/activity ID: the same on every
// retry of the step), for scripts that keep their own "already done" marker.
// The remote login shell must be POSIX (sh, bash, dash, ksh, zsh).
func (a *SSH) RunCommand(ctx context.Context, in contract.RunCommandInput) (contract.RunCommandResult, error) {
	remote, err := remoteCommand(in, attemptEnv(ctx, in))
	if err != nil {
		return contract.RunCommandResult{}, temporal.NewNonRetryableApplicationError(err.Error(), contract.ErrSSHInvalidInput, nil)
	}
	if err := startedBefore(ctx, in); err != nil {
		return contract.RunCommandResult{}, err
	}
	start := time.Now()
	c, err := a.connect(ctx, in.ServerID)
	if err != nil {
		return contract.RunCommandResult{}, err
	}
	defer c.client.Close()
	maxTail := in.MaxOutputBytes
	if maxTail <= 0 {
		maxTail = DefaultMaxOutputBytes
	}
	out := newOutput(ctx, a.Output, in.RunID, in.StepName, [][]byte{c.secret.Value}, a.maxStored(), maxTail, a.logger())
	out.live = a.Live
	if attempt := activityAttempt(ctx); attempt > 1 {
		out.note("attempt %d on %s", attempt, c.server.Name)
	}
	cmdCtx := ctx
	if in.TimeoutSeconds > 0 {
		var cancel context.CancelFunc
		cmdCtx, cancel = context.WithTimeout(ctx, time.Duration(in.TimeoutSeconds)*time.Second)
		defer cancel()
	}
	status, runErr := a.execute(cmdCtx, c.client, remote, out, in.Mutating)
	out.close()
	res := contract.RunCommandResult{ServerID: c.server.ID, ServerName: c.server.Name, ExitCode: status.code, Signal: status.signal,
		Stdout: out.stdout.tail.String(), Stderr: out.stderr.tail.String(),
		Truncated: out.stdout.tail.truncated || out.stderr.tail.truncated, DurationMs: time.Since(start).Milliseconds()}
	a.noteRun(ctx, in, res, runErr)
	return res, a.resultError(ctx, in, c.server, res, status, runErr, out)
}

// noteRun writes the command into the server asset's history, once per
// run and step (a retry notes nothing new). A failure to note is logged:
// the command has run either way.
func (a *SSH) noteRun(ctx context.Context, in contract.RunCommandInput, res contract.RunCommandResult, runErr error) {
	if a.History == nil || in.RunID == "" {
		return
	}
	details := map[string]any{"command": strings.Join(in.Command, " "), "exitCode": res.ExitCode, "mutating": in.Mutating}
	if runErr != nil {
		details["error"] = runErr.Error()
	}
	if err := a.History.RecordRun(context.WithoutCancel(ctx), in.RunID, in.StepName, []string{in.ServerID}, details); err != nil {
		a.logger().Warn("note run in asset history", "run_id", in.RunID, "server_id", in.ServerID, "err", err)
	}
}

// resultError classifies how the command ended.
func (a *SSH) resultError(ctx context.Context, in contract.RunCommandInput, server domain.Server, res contract.RunCommandResult, status exitStatus, runErr error, out *output) error {
	switch {
	case runErr == nil && status.code == 0:
		return nil
	case runErr == nil:
		out.note("exit status %d%s", status.code, signalNote(status.signal))
		if in.AllowFailure {
			return nil
		}
		msg := fmt.Sprintf("%s on server %s exited with status %d%s", commandName(in.Command), server.Name, status.code, signalNote(status.signal))
		return temporal.NewNonRetryableApplicationError(msg, contract.ErrSSHCommandFailed, nil, res)
	case ctx.Err() != nil:
		out.note("cancelled; the remote command was killed")
		return ctx.Err()
	case errors.Is(runErr, errNotStarted):
		return temporal.NewApplicationError(fmt.Sprintf("server %s: %v", server.Name, runErr), contract.ErrSSHConnectFailed)
	}
	reason := runErr.Error()
	if errors.Is(runErr, context.DeadlineExceeded) {
		reason = fmt.Sprintf("did not finish within %d s and was killed", in.TimeoutSeconds)
	}
	out.note("%s", reason)
	msg := fmt.Sprintf("%s on server %s: %s", commandName(in.Command), server.Name, reason)
	if in.Mutating {
		return temporal.NewNonRetryableApplicationError(msg+" (mutating command: not retried, it may have had its effect)",
			contract.ErrSSHCommandInterrupted, nil, res)
	}
	return temporal.NewApplicationError(msg, contract.ErrSSHCommandInterrupted, res)
}

// IsConnectionFailure reports whether err, as RunCommand returns it or as a
// workflow receives it (wrapped in an ActivityError), means the server could
// not be reached or logged in to (SSHConnectFailed, SSHHostKeyMismatch,
// SSHAuthFailed, SSHCredentialUnusable, and any SSH error type added for
// connecting), as opposed to a command that ran and failed or was
// interrupted, or input refused before connecting. A playbook may tolerate
// a failing command, never an unreachable server.
func IsConnectionFailure(err error) bool {
	var app *temporal.ApplicationError
	if !errors.As(err, &app) || !strings.HasPrefix(app.Type(), "SSH") {
		return false
	}
	switch app.Type() {
	case contract.ErrSSHCommandFailed, contract.ErrSSHCommandInterrupted, contract.ErrSSHInvalidInput:
		return false
	}
	return true
}

// errNotStarted marks failures before the command started: always safe to retry.
var errNotStarted = errors.New("command not started")

type exitStatus struct {
	code   int
	signal string
}

// execute runs remote in a new session, streaming output, heartbeating,
// and killing the remote process group when ctx ends.
func (a *SSH) execute(ctx context.Context, client *ssh.Client, remote string, out *output, mutating bool) (exitStatus, error) {
	sess, err := client.NewSession()
	if err != nil {
		return exitStatus{code: -1}, fmt.Errorf("%w: open session: %w", errNotStarted, err)
	}
	defer sess.Close()
	// Stdin stays open while the command runs: the wrapper kills the
	// command when it closes, so a dropped connection stops it too.
	stdin, err := sess.StdinPipe()
	if err != nil {
		return exitStatus{code: -1}, fmt.Errorf("%w: %w", errNotStarted, err)
	}
	defer stdin.Close()
	sess.Stdout, sess.Stderr = out.stdout, out.stderr
	if err := sess.Start(remote); err != nil {
		return exitStatus{code: -1}, fmt.Errorf("%w: start command: %w", errNotStarted, err)
	}
	if mutating && activity.IsActivity(ctx) {
		// The first heartbeat is sent at once (the SDK batches later ones):
		// if this worker dies now, the retry knows the command started.
		activity.RecordHeartbeat(ctx, out.progress())
	}
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	heartbeat := time.NewTicker(a.heartbeatEvery())
	defer heartbeat.Stop()
	flush := time.NewTicker(a.flushEvery())
	defer flush.Stop()
	for {
		select {
		case err := <-done:
			return waitStatus(err)
		case <-heartbeat.C:
			if activity.IsActivity(ctx) {
				activity.RecordHeartbeat(ctx, out.progress())
			}
		case <-flush.C:
			out.flushPartial()
		case <-ctx.Done():
			// SIGKILL goes to the process group (OpenSSH signals with killpg);
			// closing stdin makes the wrapper kill it where signals are unsupported.
			_ = sess.Signal(ssh.SIGKILL)
			stdin.Close()
			select {
			case <-done:
			case <-time.After(2 * time.Second):
			}
			sess.Close()
			return exitStatus{code: -1}, ctx.Err()
		}
	}
}

// startedBefore refuses a retry of a mutating command that an earlier
// attempt started (it heartbeated) before its worker stopped responding:
// Temporal retries a heartbeat or start-to-close timeout by itself, and the
// command may have had its effect.
func startedBefore(ctx context.Context, in contract.RunCommandInput) error {
	if !in.Mutating || activityAttempt(ctx) < 2 || !activity.HasHeartbeatDetails(ctx) {
		return nil
	}
	return temporal.NewNonRetryableApplicationError(fmt.Sprintf("%s was started by an earlier attempt whose worker stopped responding "+
		"(mutating command: not retried, it may have had its effect)", commandName(in.Command)), contract.ErrSSHCommandInterrupted, nil)
}

func waitStatus(err error) (exitStatus, error) {
	var exit *ssh.ExitError
	switch {
	case err == nil:
		return exitStatus{}, nil
	case errors.As(err, &exit):
		return exitStatus{code: exit.ExitStatus(), signal: exit.Signal()}, nil
	case errors.As(err, new(*ssh.ExitMissingError)):
		return exitStatus{code: -1}, errors.New("the connection closed before the command reported its exit status")
	}
	return exitStatus{code: -1}, fmt.Errorf("connection lost while the command ran: %w", err)
}

func (o *output) progress() CommandProgress {
	o.mu.Lock()
	defer o.mu.Unlock()
	return CommandProgress{StdoutBytes: o.stdout.total, StderrBytes: o.stderr.total}
}
