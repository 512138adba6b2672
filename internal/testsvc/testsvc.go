// Package testsvc decides what a test does when a service it needs
// (Postgres, Redis, the Temporal dev server, the test sshd, Mailpit) is not
// running. Under `make test` (OPSMANAGER_TEST_SERVICES=require) that is a
// failure, so a missing service can never pass CI silently; in a plain
// `go test ./...` it is a skip with one line saying how to start it, so the
// unit and workflow tests run anywhere.
package testsvc

import (
	"net"
	"os"
	"sync"
	"testing"
	"time"
)

// RequireEnv is the variable `make test` sets to "require".
const RequireEnv = "OPSMANAGER_TEST_SERVICES"

// Required reports whether missing services fail tests instead of skipping them.
func Required() bool { return os.Getenv(RequireEnv) == "require" }

// Unavailable ends t because service (at addr) cannot be used: err says why.
func Unavailable(t testing.TB, service, addr string, err error) {
	t.Helper()
	if Required() {
		t.Fatalf("%s at %s is not available (start it with `make deps`): %v", service, addr, err)
	}
	t.Skipf("skipped: needs %s at %s (start it with `make deps`; `make test` requires it): %v", service, addr, err)
}

var (
	mu   sync.Mutex
	down = map[string]error{}
)

// Reachable checks once per process and address that something listens on
// the TCP address, so a test binary whose service is down skips each of its
// tests at once instead of waiting on a timeout in every one.
func Reachable(t testing.TB, service, addr string) {
	t.Helper()
	mu.Lock()
	err, seen := down[addr]
	if !seen {
		var c net.Conn
		if c, err = net.DialTimeout("tcp", addr, 2*time.Second); err == nil {
			c.Close()
		}
		down[addr] = err
	}
	mu.Unlock()
	if err != nil {
		Unavailable(t, service, addr, err)
	}
}
