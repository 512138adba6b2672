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

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/outbound"
	"github.com/opsmanager/opsmanager/vault"
)

// HostKeyNotTrustedError says a server has no pinned host key yet and
// names the key it presents, for a user to check and trust.
type HostKeyNotTrustedError struct {
	Server, Address, Presented string
}

func (e *HostKeyNotTrustedError) Error() string {
	return fmt.Sprintf("server %s (%s) has no trusted host key yet; it presents %s. Check that fingerprint on the host "+
		"(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and trust it (POST /api/v1/servers/:id/host-key) "+
		"before OpsManager logs in", e.Server, e.Address, e.Presented)
}

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
// match exactly. Without a pin the handshake stops here, before any
// credential is offered (errNotPinned).
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
			"the pinned host key of server %s is unreadable; reset it", s.Name), contract.ErrSSHHostKeyMismatch, nil)
	}
	h.pinned = key
	return h, nil
}

// errNotPinned ends a handshake with an unpinned server at its host key.
var errNotPinned = errors.New("host key not pinned")

func (h *hostKeyCheck) check(_ string, _ net.Addr, key ssh.PublicKey) error {
	h.presented = key
	if h.pinned == nil {
		return errNotPinned
	}
	if bytes.Equal(key.Marshal(), h.pinned.Marshal()) {
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
}

// connect loads the server and its credential, dials, checks the host key
// and logs in. Errors are Temporal application errors typed as above. A
// server without a pinned host key is never logged in to: the error names
// the key it presents (SSHHostKeyNotTrusted).
func (a *SSH) connect(ctx context.Context, serverID string) (*conn, error) {
	server, err := a.Servers.Get(ctx, serverID)
	if err != nil {
		return nil, permanentIfDomain(err)
	}
	if server.HostKey == "" {
		_, fp, err := a.presentedHostKey(ctx, server)
		if err != nil {
			return nil, err
		}
		e := &HostKeyNotTrustedError{Server: server.Name, Address: server.Address(), Presented: fp}
		return nil, temporal.NewNonRetryableApplicationError(e.Error(), contract.ErrSSHHostKeyNotTrusted, nil, *e)
	}
	secret, err := a.Credentials.Secret(ctx, server.CredentialID)
	if errors.Is(err, vault.ErrDecrypt) {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), contract.ErrSSHCredentialUnusable, nil)
	}
	if err != nil {
		return nil, permanentIfDomain(err)
	}
	auth, err := authMethods(secret)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf("server %s: %v", server.Name, err), contract.ErrSSHCredentialUnusable, nil)
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
	return &conn{client: client, server: server, secret: secret}, nil
}

// presentedHostKey (unexported: exported methods of SSH are activities) dials server and returns the host key it presents
// (authorized_keys line and SHA256 fingerprint). The handshake stops at the
// key: no credential is loaded or offered.
func (a *SSH) presentedHostKey(ctx context.Context, server domain.Server) (line, fingerprint string, err error) {
	hk := &hostKeyCheck{server: server}
	cfg := &ssh.ClientConfig{User: server.Username, HostKeyCallback: hk.check, ClientVersion: "SSH-2.0-OpsManager"}
	client, err := a.handshake(ctx, server, cfg)
	if client != nil {
		client.Close()
	}
	if hk.presented == nil {
		if err == nil {
			err = temporal.NewApplicationError("server "+server.Name+" presented no host key", contract.ErrSSHConnectFailed)
		}
		return "", "", err
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(hk.presented))), ssh.FingerprintSHA256(hk.presented), nil
}

// handshake dials the server and runs the SSH handshake within the
// connect timeout, or until ctx ends.
func (a *SSH) handshake(ctx context.Context, server domain.Server, cfg *ssh.ClientConfig) (*ssh.Client, error) {
	timeout := a.connectTimeout()
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := server.Address()
	nc, err := a.dialer().DialContext(dctx, "tcp", addr)
	var blocked *outbound.BlockedError
	if errors.As(err, &blocked) {
		return nil, temporal.NewNonRetryableApplicationError(fmt.Sprintf("server %s (%s): %s", server.Name, addr, blocked.Error()),
			contract.ErrSSHDestinationBlocked, nil)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, temporal.NewApplicationError(fmt.Sprintf("connect to server %s (%s): %s", server.Name, addr, dialCause(err)), contract.ErrSSHConnectFailed)
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
		return temporal.NewNonRetryableApplicationError(mismatch.Error(), contract.ErrSSHHostKeyMismatch, nil, *mismatch)
	case strings.Contains(err.Error(), "unable to authenticate"):
		return temporal.NewNonRetryableApplicationError(fmt.Sprintf(
			"server %s refused user %s with credential %s: check that the key is authorised (~/.ssh/authorized_keys) or the password",
			server.Name, server.Username, server.CredentialName), contract.ErrSSHAuthFailed, nil)
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return temporal.NewApplicationError(fmt.Sprintf("ssh handshake with server %s (%s): %s", server.Name, server.Address(), dialCause(err)), contract.ErrSSHConnectFailed)
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

// DefaultConnectTimeout bounds dialing plus the SSH handshake.
const DefaultConnectTimeout = 10 * time.Second

func (a *SSH) connectTimeout() time.Duration {
	if a.ConnectTimeout > 0 {
		return a.ConnectTimeout
	}
	return DefaultConnectTimeout
}

func (a *SSH) dialer() Dialer {
	if a.Dialer != nil {
		return a.Dialer
	}
	return &net.Dialer{}
}
