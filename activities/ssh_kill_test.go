package activities_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsmanager/opsmanager/activities/sshtest"
	"github.com/opsmanager/opsmanager/contract"
)

// procs counts the server's processes whose command line matches the
// extended regular expression pattern, through a separate SSH connection.
// Write patterns as "slee[p] N" so they do not match the pgrep's own shell.
func procs(t *testing.T, c *ssh.Client, pattern string) int {
	t.Helper()
	out, code := sshtest.Run(t, c, "pgrep -c -f '"+pattern+"'")
	if code > 1 {
		t.Fatalf("pgrep: exit %d: %s", code, out)
	}
	n := 0
	for _, ch := range strings.TrimSpace(out) {
		n = n*10 + int(ch-'0')
	}
	return n
}

// startSleepers runs, in the background, a command whose shell starts two
// sleeps (a child in the background and one in the foreground), waits until
// both run on the server and returns the pgrep pattern and the result channel.
func startSleepers(t *testing.T, f *sshFixture, ctx context.Context, edit func(*contract.RunCommandInput)) (string, <-chan error) {
	t.Helper()
	a, b := uniqueSleep(), uniqueSleep()
	srv := f.addServer(t, nil)
	in := contract.RunCommandInput{ServerID: srv.ID, Command: []string{"sh", "-c", "sleep " + a + " & sleep " + b + "; wait"}}
	if edit != nil {
		edit(&in)
	}
	done := make(chan error, 1)
	go func() {
		_, err := f.ssh.RunCommand(ctx, in)
		done <- err
	}()
	pattern := "slee[p] (" + a + "|" + b + ")$"
	observer := f.srv.Dial(t)
	waitUntil(t, 10*time.Second, "both sleeps running", func() bool { return procs(t, observer, pattern) == 2 })
	return pattern, done
}

func assertAllGone(t *testing.T, f *sshFixture, pattern string) {
	t.Helper()
	observer := f.srv.Dial(t)
	waitUntil(t, 5*time.Second, "remote processes killed", func() bool { return procs(t, observer, pattern) == 0 })
}

func TestCancellationKillsTheRemoteCommandAndItsChildren(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	pattern, done := startSleepers(t, f, ctx, nil)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("RunCommand did not return after cancellation")
	}
	assertAllGone(t, f, pattern)
}

func TestTimeoutKillsTheCommand(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	for _, mutating := range []bool{false, true} {
		start := time.Now()
		pattern, done := startSleepers(t, f, context.Background(), func(in *contract.RunCommandInput) {
			in.TimeoutSeconds, in.Mutating = 2, mutating
		})
		err := <-done
		sshError(t, err, contract.ErrSSHCommandInterrupted, !mutating)
		if d := time.Since(start); d > 8*time.Second {
			t.Fatalf("timed out after %s", d)
		}
		assertAllGone(t, f, pattern)
	}
}

// droppingDialer remembers its connections so a test can cut them, as if
// the worker had died.
type droppingDialer struct {
	mu    sync.Mutex
	conns []net.Conn
}

func (d *droppingDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err == nil {
		d.mu.Lock()
		d.conns = append(d.conns, c)
		d.mu.Unlock()
	}
	return c, err
}

func (d *droppingDialer) drop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, c := range d.conns {
		c.Close()
	}
}

func TestDroppedConnectionKillsTheCommand(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	for _, mutating := range []bool{false, true} {
		d := &droppingDialer{}
		f.ssh.Dialer = d
		pattern, done := startSleepers(t, f, context.Background(), func(in *contract.RunCommandInput) { in.Mutating = mutating })
		d.drop()
		err := <-done
		sshError(t, err, contract.ErrSSHCommandInterrupted, !mutating)
		assertAllGone(t, f, pattern)
	}
}
