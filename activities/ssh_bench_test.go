package activities_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/opsmanager/opsmanager/activities/sshtest"
	"github.com/opsmanager/opsmanager/contract"
)

// The three benchmarks run `true` ten times per op on the test sshd:
// over one SSH connection (ten sessions), as ten RunCommand activities
// (each connects, loads the server and opens its credential), and as ten
// executions of the OpenSSH client.

func BenchmarkTenTrueOverOneConnection(b *testing.B) {
	srv := sshtest.Get(b)
	for b.Loop() {
		c := srv.Dial(b)
		for range 10 {
			if _, code := sshtest.Run(b, c, "true"); code != 0 {
				b.Fatal("true failed")
			}
		}
		c.Close()
	}
}

func BenchmarkTenTrueAsRunCommandActivities(b *testing.B) {
	f := newSSHFixture(b)
	srv := f.addServer(b, nil)
	f.ssh.Output = nil
	in := contract.RunCommandInput{ServerID: srv.ID, Command: []string{"true"}}
	for b.Loop() {
		for range 10 {
			if _, err := f.ssh.RunCommand(context.Background(), in); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkTenTrueWithOpenSSHClient(b *testing.B) {
	srv := sshtest.Get(b)
	args := []string{"-i", filepath.Join(srv.Dir, "client_ed25519"), "-p", strconv.Itoa(srv.Port),
		"-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", srv.User + "@" + srv.Host, "true"}
	for b.Loop() {
		for range 10 {
			if out, err := exec.Command("ssh", args...).CombinedOutput(); err != nil {
				b.Fatalf("ssh: %v: %s", err, out)
			}
		}
	}
}
