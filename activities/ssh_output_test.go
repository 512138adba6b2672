package activities_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/domain"
)

func TestOutputIsStreamedInOrderWhileTheCommandRuns(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	in := input(srv.ID, "sh", "-c", "for i in 1 2 3 4; do echo out$i; echo err$i >&2; sleep 0.3; done; printf tail")
	in.StepName = "loop"
	res, err := f.run(t, in)
	if err != nil {
		t.Fatal(err)
	}
	end := time.Now()
	stdout, chunks := f.sink.stream(activities.StreamStdout)
	stderr, _ := f.sink.stream(activities.StreamStderr)
	if stdout != "out1\nout2\nout3\nout4\ntail" || stderr != "err1\nerr2\nerr3\nerr4\n" || res.Stdout != stdout || res.Stderr != stderr {
		t.Fatalf("stored stdout %q stderr %q; result %+v", stdout, stderr, res)
	}
	if len(chunks) < 3 || end.Sub(chunks[0].at) < 700*time.Millisecond {
		t.Fatalf("output was not streamed: %d chunks, first %s before the end", len(chunks), end.Sub(chunks[0].at))
	}
	if chunks[0].runID != in.RunID || chunks[0].step != "loop" {
		t.Fatalf("chunk labelled %s/%s", chunks[0].runID, chunks[0].step)
	}
}

func TestOutputIsCappedKeepingTheTailInTheResult(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	f.ssh.MaxStoredOutputBytes = 1000
	srv := f.addServer(t, nil)
	in := input(srv.ID, "seq", "1", "20000")
	in.MaxOutputBytes = 100
	res, err := f.run(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || len(res.Stdout) > 100 || !strings.HasSuffix(res.Stdout, "\n19999\n20000\n") {
		t.Fatalf("result stdout (%d bytes, truncated %v) ends %q", len(res.Stdout), res.Truncated, res.Stdout[max(0, len(res.Stdout)-20):])
	}
	stored, _ := f.sink.stream(activities.StreamStdout)
	note, _ := f.sink.stream(activities.StreamSystem)
	if len(stored) > 1000 || !strings.HasPrefix(stored, "1\n2\n3\n") || !strings.Contains(note, "not stored") {
		t.Fatalf("stored %d bytes, note %q", len(stored), note)
	}
}

// The password is printed in two halves with a pause longer than the
// flush interval: the first half must be held back, then masked whole.
func TestSecretsAreMaskedBeforeStorageAndInTheResult(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	f.ssh.Output = f.logs
	srv := f.addServer(t, func(s *domain.Server) { s.CredentialID = f.pwCred.ID })
	pw := f.srv.Password
	half := len(pw) / 2
	in := input(srv.ID, "sh", "-c", `printf 'pw=%s' "$1"; sleep 0.5; printf '%s!\n' "$2"; echo "$1$2" >&2`, "sh", pw[:half], pw[half:])
	res, err := f.run(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stdout != "pw=********!\n" || res.Stderr != "********\n" {
		t.Fatalf("result stdout %q stderr %q", res.Stdout, res.Stderr)
	}
	lines, _, err := f.logs.List(context.Background(), in.RunID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, l := range lines {
		all.WriteString(l.Text)
	}
	// A partial line may be flushed while the secret is only half written
	// (the 500 ms flush races the sleep): then each half is masked on its
	// own. Either way no part of the password may be stored.
	stored := all.String()
	if strings.Contains(stored, pw) || strings.Contains(stored, pw[:half]) || strings.Contains(stored, pw[half:]) ||
		!strings.HasPrefix(stored, "pw=********") || !strings.Contains(stored, "!\n") {
		t.Fatalf("stored log %q", stored)
	}
}

func TestHeartbeatsReportProgress(t *testing.T) {
	t.Parallel()
	f := newSSHFixture(t)
	srv := f.addServer(t, nil)
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(f.ssh)
	var last atomic.Int64
	env.SetOnActivityHeartbeatListener(func(_ *activity.Info, details converter.EncodedValues) {
		var p activities.CommandProgress
		if details.Get(&p) == nil && p.StdoutBytes > last.Load() {
			last.Store(p.StdoutBytes)
		}
	})
	if _, err := env.ExecuteActivity(f.ssh.RunCommand, input(srv.ID, "sh", "-c", "echo started; sleep 1.5")); err != nil {
		t.Fatal(err)
	}
	if got := last.Load(); got != int64(len("started\n")) {
		t.Fatalf("heartbeats reported at most %d stdout bytes, want %d", got, len("started\n"))
	}
}
