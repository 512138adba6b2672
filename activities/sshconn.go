package activities

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/vault"
)

// Error types of the SSH activity, visible in the Temporal UI. All but
// SSHConnectFailed and SSHCommandInterrupted (for non-mutating commands)
// are non-retryable: retrying cannot fix them.
const (
	ErrSSHInvalidInput       = "SSHInvalidInput"
	ErrSSHConnectFailed      = "SSHConnectFailed"      // refused, unreachable, timed out: retried
	ErrSSHHostKeyMismatch    = "SSHHostKeyMismatch"    // the server is not the one pinned
	ErrSSHAuthFailed         = "SSHAuthFailed"         // the credential was refused
	ErrSSHCredentialUnusable = "SSHCredentialUnusable" // cannot be decrypted, or not a login kind
	ErrSSHCommandFailed      = "SSHCommandFailed"      // non-zero exit; details hold the RunCommandResult
	ErrSSHCommandInterrupted = "SSHCommandInterrupted" // connection lost or timed out after the start
)

// HostKeyMismatchError says a server presented another host key than the
// one pinned for it. SSHHostKeyMismatch errors carry it as their details.
type HostKeyMismatchError struct {
	Server, Address, Expected, Presented string
}

func (e *HostKeyMismatchError) Error() string {
	return fmt.Sprintf("host key mismatch for server %s (%s): it presented %s but %s is pinned. "+
		"Someone may be intercepting the connection; if the host was legitimately rebuilt, reset its pinned key "+
		"(POST /api/v1/servers/:id/host-key/reset) and connect again", e.Server, e.Address, e.Presented, e.Expected)
}

// hostKeyCheck is one connection's HostKeyCallback: the pinned key must
// match exactly; with no pin, the presented key is remembered so that it
// can be pinned once the connection is established (trust on first use).
type hostKeyCheck struct {
	server    domain.Server
	pinned    ssh.PublicKey
	presented ssh.PublicKey
}

func newHostKeyCheck(s domain.Server) (*hostKeyCheck, error) {
	h := &hostKeyCheck{server: s}
	if s.HostKey == "" {
		return h, nil
	}
	key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s.HostKey))
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf(
			"the pinned host key of server %s is unreadable; reset it", s.Name), ErrSSHHostKeyMismatch, nil)
	}
	h.pinned = key
	return h, nil
}

func (h *hostKeyCheck) check(_ string, _ net.Addr, key ssh.PublicKey) error {
	h.presented = key
	if h.pinned == nil || bytes.Equal(key.Marshal(), h.pinned.Marshal()) {
		return nil
	}
	return &HostKeyMismatchError{Server: h.server.Name, Address: h.server.Address(),
		Expected: ssh.FingerprintSHA256(h.pinned), Presented: ssh.FingerprintSHA256(key)}
}

// algorithms asks the server for the pinned key's type, so that a server
// with several host keys presents the pinned one (nil: any).
func (h *hostKeyCheck) algorithms() []string {
	if h.pinned == nil {
		return nil
	}
	if h.pinned.Type() == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{h.pinned.Type()}
}

// conn is an established, authenticated connection to a server.
type conn struct {
	client *ssh.Client
	server domain.Server
	secret domain.CredentialSecret
	// Pinned is true when this connection pinned the host key.
	pinned bool
}

// connect loads the server and its credential, dials, checks the host key
// and logs in. Errors are Temporal application errors typed as above.
func (a *SSH) connect(ctx context.Context, serverID string) (*conn, error) {
	server, err := a.Servers.Get(ctx, serverID)
	if err != nil {
		return nil, permanentIfDomain(err)
	}
	secret, err := a.Credentials.Secret(ctx, server.CredentialID)
	if errors.Is(err, vault.ErrDecrypt) {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), ErrSSHCredentialUnusable, nil)
	}
	if err != nil {
		return nil, permanentIfDomain(err)
	}
	auth, err := authMethods(secret)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf("server %s: %v", server.Name, err), ErrSSHCredentialUnusable, nil)
	}
	hk, err := newHostKeyCheck(server)
	if err != nil {
		return nil, err
	}
	cfg := &ssh.ClientConfig{User: server.Username, Auth: auth, HostKeyCallback: hk.check,
		HostKeyAlgorithms: hk.algorithms(), ClientVersion: "SSH-2.0-OpsManager"}
	client, err := a.handshake(ctx, server, cfg)
	if err != nil {
		return nil, err
	}
	c := &conn{client: client, server: server, secret: secret}
	if server.HostKey == "" {
		if err := a.pin(ctx, c, hk.presented); err != nil {
			client.Close()
			return nil, err
		}
	}
	return c, nil
}

// handshake dials the server and runs the SSH handshake within the
// connect timeout, or until ctx ends.
func (a *SSH) handshake(ctx context.Context, server domain.Server, cfg *ssh.ClientConfig) (*ssh.Client, error) {
	timeout := a.connectTimeout()
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := server.Address()
	nc, err := a.dialer().DialContext(dctx, "tcp", addr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, temporal.NewApplicationError(fmt.Sprintf("connect to server %s (%s): %s", server.Name, addr, dialCause(err)), ErrSSHConnectFailed)
	}
	_ = nc.SetDeadline(time.Now().Add(timeout))
	stop := context.AfterFunc(dctx, func() { nc.Close() })
	sc, chans, reqs, err := ssh.NewClientConn(nc, addr, cfg)
	stop()
	if err != nil {
		nc.Close()
		if ctx.Err() == nil && dctx.Err() != nil {
			err = context.DeadlineExceeded // the conn was closed by the timeout: say so
		}
		return nil, handshakeError(ctx, server, err)
	}
	_ = nc.SetDeadline(time.Time{})
	return ssh.NewClient(sc, chans, reqs), nil
}

func handshakeError(ctx context.Context, server domain.Server, err error) error {
	var mismatch *HostKeyMismatchError
	switch {
	case errors.As(err, &mismatch):
		return temporal.NewNonRetryableApplicationError(mismatch.Error(), ErrSSHHostKeyMismatch, nil, *mismatch)
	case strings.Contains(err.Error(), "unable to authenticate"):
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf(
			"server %s refused user %s with credential %s: check that the key is authorised (~/.ssh/authorized_keys) or the password",
			server.Name, server.Username, server.CredentialName), ErrSSHAuthFailed, nil)
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return temporal.NewApplicationError(fmt.Sprintf("ssh handshake with server %s (%s): %s", server.Name, server.Address(), dialCause(err)), ErrSSHConnectFailed)
}

// pin records the presented host key for a server that had none. If a
// concurrent first connection pinned another key, this one is refused.
func (a *SSH) pin(ctx context.Context, c *conn, presented ssh.PublicKey) error {
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(presented)))
	fp := ssh.FingerprintSHA256(presented)
	now, err := a.Servers.PinHostKey(ctx, c.server.ID, line, fp)
	if err != nil {
		return permanentIfDomain(err)
	}
	if now.HostKey != line {
		m := &HostKeyMismatchError{Server: c.server.Name, Address: c.server.Address(), Expected: now.HostKeyFingerprint, Presented: fp}
		return temporal.NewNonRetryableApplicationError(m.Error(), ErrSSHHostKeyMismatch, nil, *m)
	}
	c.pinned = c.server.HostKey == ""
	c.server.HostKey, c.server.HostKeyFingerprint = line, fp
	return nil
}

// authMethods turns a credential into SSH authentication: a private key,
// or a password (also answering keyboard-interactive password prompts).
func authMethods(secret domain.CredentialSecret) ([]ssh.AuthMethod, error) {
	switch secret.Kind {
	case domain.CredentialSSHKey:
		signer, err := ssh.ParsePrivateKey(secret.Value)
		if err != nil {
			return nil, fmt.Errorf("credential %s is not a usable private key", secret.Name)
		}
		return []ssh.AuthMethod{ssh.PublicKeys(signer)}, nil
	case domain.CredentialPassword:
		pw := string(secret.Value)
		// Keyboard-interactive: answer password prompts only, never another question.
		answer := func(_, _ string, questions []string, echos []bool) ([]string, error) {
			answers := make([]string, len(questions))
			for i, q := range questions {
				if echos[i] || !strings.Contains(strings.ToLower(q), "password") {
					return nil, fmt.Errorf("server asked %q, which a password credential cannot answer", q)
				}
				answers[i] = pw
			}
			return answers, nil
		}
		return []ssh.AuthMethod{ssh.Password(pw), ssh.KeyboardInteractive(answer)}, nil
	}
	return nil, fmt.Errorf("credential %s is a %s, which cannot log in over SSH", secret.Name, secret.Kind)
}

// dialCause shortens a network error to what an operator needs.
func dialCause(err error) string {
	var ne net.Error
	switch {
	case strings.Contains(err.Error(), "connection refused"):
		return "connection refused"
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	}
	return err.Error()
}

func (a *SSH) connectTimeout() time.Duration {
	if a.ConnectTimeout > 0 {
		return a.ConnectTimeout
	}
	return 10 * time.Second
}

func (a *SSH) dialer() Dialer {
	if a.Dialer != nil {
		return a.Dialer
	}
	return &net.Dialer{}
}
