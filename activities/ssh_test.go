package activities_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/activities/sshtest"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
	"github.com/opsmanager/opsmanager/vault"
)

// sshFixture is a fresh database with the test sshd as a server, and the
// SSH activities over it, writing output to an in-memory sink.
type sshFixture struct {
	srv     sshtest.Server
	pool    *pgxpool.Pool
	servers *store.Servers
	creds   *store.CredentialVault
	logs    *store.RunLogs
	sink    *memSink
	ssh     *activities.SSH
	keyCred domain.Credential
	pwCred  domain.Credential
}

func newBox(t testing.TB) *vault.Box {
	t.Helper()
	box, err := vault.NewBox(vault.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return box
}

func newSSHFixture(t testing.TB) *sshFixture {
	t.Helper()
	srv := sshtest.Get(t)
	pool := storetest.NewPool(t)
	f := &sshFixture{srv: srv, pool: pool, servers: store.NewServers(pool), creds: store.NewCredentialVault(pool, newBox(t)),
		logs: store.NewRunLogs(pool), sink: &memSink{}}
	f.keyCred = f.credential(t, domain.CredentialSSHKey, string(srv.ClientKey))
	f.pwCred = f.credential(t, domain.CredentialPassword, srv.Password)
	f.ssh = &activities.SSH{Servers: f.servers, Credentials: f.creds, Output: f.sink,
		HeartbeatEvery: 100 * time.Millisecond, FlushEvery: 100 * time.Millisecond}
	return f
}

func (f *sshFixture) credential(t testing.TB, kind domain.CredentialKind, secret string) domain.Credential {
	t.Helper()
	pub, bad := domain.ValidateSecret(kind, secret)
	if bad != nil {
		t.Fatalf("secret: %v", bad)
	}
	c, err := f.creds.Create(context.Background(), store.CredentialInput{Name: "cred-" + uuid.NewString()[:8], Kind: kind,
		Secret: []byte(secret), PublicKey: pub})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// addServer stores the test sshd as a server (key login, its ed25519 host
// key pinned), changed by edit.
func (f *sshFixture) addServer(t testing.TB, edit func(*domain.Server)) domain.Server {
	t.Helper()
	s := domain.Server{Name: "srv-" + uuid.NewString()[:8], Host: f.srv.Host, Port: f.srv.Port, Username: f.srv.User,
		CredentialID: f.keyCred.ID, Tags: []string{"test"}, HostKey: f.srv.HostKeys[ssh.KeyAlgoED25519]}
	if edit != nil {
		edit(&s)
	}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	s, err := f.servers.Create(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// run executes RunCommand as a Temporal activity (test environment), so it
// has an activity context with heartbeats and attempt info.
func (f *sshFixture) run(t testing.TB, in contract.RunCommandInput) (contract.RunCommandResult, error) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(f.ssh)
	val, err := env.ExecuteActivity(f.ssh.RunCommand, in)
	var res contract.RunCommandResult
	if err == nil {
		if err := val.Get(&res); err != nil {
			t.Fatal(err)
		}
	}
	return res, err
}

func input(serverID string, argv ...string) contract.RunCommandInput {
	return contract.RunCommandInput{RunID: uuid.NewString(), StepName: "step", ServerID: serverID, Command: argv}
}

// sshError asserts err is an ApplicationError of typ with the given retryability.
func sshError(t testing.TB, err error, typ string, retryable bool) *temporal.ApplicationError {
	t.Helper()
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v (%T), want an ApplicationError %s", err, err, typ)
	}
	if ae.Type() != typ || ae.NonRetryable() == retryable {
		t.Fatalf("error type %s non-retryable=%v (%v), want %s non-retryable=%v", ae.Type(), ae.NonRetryable(), ae.Message(), typ, !retryable)
	}
	return ae
}

// memSink records appended output.
type memSink struct {
	mu     sync.Mutex
	chunks []sinkChunk
}

type sinkChunk struct {
	runID, step, stream, text string
	at                        time.Time
}

func (m *memSink) Append(_ context.Context, runID, step, stream string, chunk []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.chunks = append(m.chunks, sinkChunk{runID, step, stream, string(chunk), time.Now()})
	return nil
}

func (m *memSink) stream(name string) (string, []sinkChunk) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	var chunks []sinkChunk
	for _, c := range m.chunks {
		if c.stream == name {
			b.WriteString(c.text)
			chunks = append(chunks, c)
		}
	}
	return b.String(), chunks
}

func randomPublicKey(t testing.TB) string {
	t.Helper()
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k)))
}

// waitUntil polls cond until it holds or the deadline passes.
func waitUntil(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// uniqueSleep returns a sleep duration no other test uses, to find the
// process with pgrep.
func uniqueSleep() string { return fmt.Sprint(300000 + mrand.IntN(600000)) }

func TestRunCommandReturnsOutputAndExitCode(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	res, err := f.run(t, input(srv.ID, "uname", "-a"))
	if err != nil {
		t.Fatal(err)
	}
	if res.ExitCode != 0 || !strings.HasPrefix(res.Stdout, "Linux ") || res.Stderr != "" || res.ServerName != srv.Name || res.ServerID != srv.ID {
		t.Fatalf("uname -a = %+v", res)
	}
	res, err = f.run(t, input(srv.ID, "sh", "-c", "echo hello world; echo oops >&2"))
	if err != nil || res.Stdout != "hello world\n" || res.Stderr != "oops\n" || res.Truncated {
		t.Fatalf("echo = %+v, %v", res, err)
	}
	in := input(srv.ID, "sh", "-c", `printf '%s|%s|%s|%s' "$OPSMANAGER_RUN_ID" "$OPSMANAGER_STEP" "$OPSMANAGER_ATTEMPT" "$OPSMANAGER_IDEMPOTENCY_KEY"`)
	res, err = f.run(t, in)
	if err != nil || !strings.HasPrefix(res.Stdout, in.RunID+"|step|1|default-test-workflow-id/") {
		t.Fatalf("attempt env = %+v, %v", res, err)
	}
}

func TestNonZeroExitFailsPermanentlyWithTheResultAsDetails(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	in := input(srv.ID, "sh", "-c", "echo partial; echo bad >&2; exit 3")
	_, err := f.run(t, in)
	ae := sshError(t, err, contract.ErrSSHCommandFailed, false)
	var res contract.RunCommandResult
	if err := ae.Details(&res); err != nil {
		t.Fatalf("details: %v", err)
	}
	if res.ExitCode != 3 || res.Stdout != "partial\n" || res.Stderr != "bad\n" || !strings.Contains(ae.Message(), "status 3") {
		t.Fatalf("details = %+v, message %q", res, ae.Message())
	}
	in.AllowFailure = true
	res, err = f.run(t, in)
	if err != nil || res.ExitCode != 3 || res.Stdout != "partial\n" {
		t.Fatalf("AllowFailure: %+v, %v", res, err)
	}
	res, err = f.run(t, contract.RunCommandInput{ServerID: srv.ID, Command: []string{"no-such-program-xyz"}, AllowFailure: true})
	if err != nil || res.ExitCode != 127 || !strings.Contains(res.Stderr, "not found") {
		t.Fatalf("missing program: %+v, %v", res, err)
	}
}

func TestArgumentsArriveLiterallyAndAreNeverRunByTheShell(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	marker := "/tmp/pwned-" + uuid.NewString()
	t.Cleanup(func() { os.Remove(marker) })
	args := []string{"x; touch " + marker, "$(touch " + marker + ")", "`touch " + marker + "`", "it's", `"double" \back`,
		"$HOME", "*", "a\nb", "", "-n", "| touch " + marker, "&& touch " + marker}
	in := input(srv.ID, append([]string{"printf", `[%s]\n`}, args...)...)
	in.Env = map[string]string{"GREETING": "$(touch " + marker + ") it's"}
	res, err := f.run(t, in)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for _, a := range args {
		want.WriteString("[" + a + "]\n")
	}
	if res.Stdout != want.String() {
		t.Fatalf("stdout = %q\nwant     %q", res.Stdout, want.String())
	}
	in2 := input(srv.ID, "sh", "-c", `printf '%s' "$GREETING"`)
	in2.Env = in.Env
	res, err = f.run(t, in2)
	if err != nil || res.Stdout != in.Env["GREETING"] {
		t.Fatalf("env = %q, %v", res.Stdout, err)
	}
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s exists: an argument was run by the shell", marker)
	}
}

func TestInvalidInputIsRejectedBeforeConnecting(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	for name, in := range map[string]contract.RunCommandInput{
		"no command": {ServerID: srv.ID},
		"bad env":    {ServerID: srv.ID, Command: []string{"true"}, Env: map[string]string{"A-B": "x"}},
		"NUL":        {ServerID: srv.ID, Command: []string{"echo", "a\x00b"}},
		"huge cap":   {ServerID: srv.ID, Command: []string{"true"}, MaxOutputBytes: 1 << 30},
	} {
		_, err := f.run(t, in)
		if err == nil {
			t.Fatalf("%s: accepted", name)
		}
		sshError(t, err, contract.ErrSSHInvalidInput, false)
	}
	_, err := f.run(t, input(uuid.NewString(), "true"))
	sshError(t, err, "Domain_not_found", false)
}

func TestShellQuoteRoundTripsThroughSh(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", "it's", "'", "''", `\`, "a b", "$x", "`id`", "\n", "é ü", "--flag=1", "*?[]{}~#!&;|<>()"} {
		q := activities.ShellQuote(s)
		out, err := execSh("printf %s " + q)
		if err != nil || out != s {
			t.Errorf("ShellQuote(%q) = %s → %q, %v", s, q, out, err)
		}
	}
}

func execSh(script string) (string, error) {
	out, err := exec.Command("sh", "-c", script).Output()
	return string(out), err
}
