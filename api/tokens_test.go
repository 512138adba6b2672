package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/opsmanager/opsmanager/revoke"
)

// createTokenAs issues an API token as the user holding access token tok.
func (s *testServer) createTokenAs(t *testing.T, tok, body string) CreatedToken {
	t.Helper()
	res, b := s.call(t, request{Method: "POST", Path: "/api/v1/tokens", Body: body, Token: tok})
	if res.StatusCode != 201 {
		t.Fatalf("create token: %d %s", res.StatusCode, b)
	}
	var out struct{ Data CreatedToken }
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out.Data
}

// TestTokenNeverOutlivesOrExceedsItsCreator: a token holds only what its
// creator holds now, dies with the creator's account, and expires by default.
func TestTokenNeverOutlivesOrExceedsItsCreator(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	maker := s.createUser(t, "maker@example.com", "admin")
	tok := s.createTokenAs(t, s.tokenFor(t, maker.ID), `{"name":"ci","permissions":["users:admin","incidents:read"]}`)
	if tok.ExpiresAt == nil || tok.ExpiresAt.Before(s.clock.Now().Add(89*24*time.Hour)) || tok.ExpiresAt.After(s.clock.Now().Add(91*24*time.Hour)) {
		t.Fatalf("token without expiresAt expires at %v, want in 90 days", tok.ExpiresAt)
	}
	get := func(path string) int {
		res, _ := s.call(t, request{Method: "GET", Path: path, Token: tok.Token})
		return res.StatusCode
	}
	if code := get("/api/v1/users"); code != 200 {
		t.Fatalf("token lists users: %d", code)
	}
	if res, b := s.do(t, "PATCH", "/api/v1/users/"+maker.ID, `{"roles":["viewer"]}`); res.StatusCode != 200 {
		t.Fatalf("demote creator: %d %s", res.StatusCode, b)
	}
	if code := get("/api/v1/users"); code != 403 {
		t.Errorf("token of a demoted creator lists users: %d, want 403", code)
	}
	if code := get("/api/v1/incidents"); code != 200 {
		t.Errorf("token keeps what the creator still holds: %d, want 200", code)
	}
	if res, b := s.do(t, "PATCH", "/api/v1/users/"+maker.ID, `{"active":false}`); res.StatusCode != 200 {
		t.Fatalf("deactivate creator: %d %s", res.StatusCode, b)
	}
	if code := get("/api/v1/incidents"); code != 401 {
		t.Errorf("token of a deactivated creator: %d, want 401", code)
	}
}

func (s *testServer) tokenLastUsed(t *testing.T, id string) time.Time {
	t.Helper()
	var at *time.Time
	if err := s.pool.QueryRow(context.Background(), `SELECT last_used_at FROM api_tokens WHERE id = $1`, id).Scan(&at); err != nil || at == nil {
		t.Fatalf("last_used_at of %s: %v %v", id, at, err)
	}
	return *at
}

// TestTokenUseIsRecordedAtMostOncePerMinute: using a token writes
// last_used_at once a minute, not on every request.
func TestTokenUseIsRecordedAtMostOncePerMinute(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	tok := s.createTokenAs(t, s.adminToken, `{"name":"poller","permissions":["incidents:read"]}`)
	call := func() {
		if res, b := s.call(t, request{Method: "GET", Path: "/api/v1/incidents", Token: tok.Token}); res.StatusCode != 200 {
			t.Fatalf("token call: %d %s", res.StatusCode, b)
		}
	}
	call()
	first := s.tokenLastUsed(t, tok.ID)
	s.clock.Advance(30 * time.Second)
	call()
	if got := s.tokenLastUsed(t, tok.ID); !got.Equal(first) {
		t.Errorf("last_used_at moved after 30 s: %v -> %v", first, got)
	}
	s.clock.Advance(31 * time.Second)
	call()
	if got := s.tokenLastUsed(t, tok.ID); !got.After(first) {
		t.Errorf("last_used_at did not move after a minute: %v", got)
	}
}

// TestFailedAuthenticationIsRateLimitedPerIP: guessing tokens from one
// address ends in 429 with Retry-After; another address is unaffected.
func TestFailedAuthenticationIsRateLimitedPerIP(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	limited := false
	for i := 0; i < 25 && !limited; i++ {
		res, b := s.call(t, request{Method: "GET", Path: "/api/v1/incidents", Token: fmt.Sprintf("omt_bogus%d", i), IP: "10.9.0.1"})
		switch res.StatusCode {
		case 401:
		case 429:
			limited = res.Header.Get("Retry-After") != ""
			if !limited {
				t.Fatalf("429 without Retry-After: %s", b)
			}
		default:
			t.Fatalf("bogus token: %d %s", res.StatusCode, b)
		}
	}
	if !limited {
		t.Fatal("25 bogus tokens from one IP were never rate limited")
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/incidents", Token: "omt_bogus", IP: "10.9.0.2"}); res.StatusCode != 401 {
		t.Errorf("another IP: %d, want 401", res.StatusCode)
	}
}

// privateRedis starts a redis-server of our own on a free port, so the
// test may flush it without touching the shared one.
func privateRedis(t *testing.T) *redis.Client {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	cmd := exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatalf("start redis-server (installed by make deps): %v", err)
	}
	go func() { _ = cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + port})
	t.Cleanup(func() { rdb.Close() })
	deadline := time.Now().Add(10 * time.Second)
	for rdb.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatal("private redis did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return rdb
}

// TestSignedOutSessionStaysRevokedAfterRedisFlush: Redis losing its
// revocation entries does not bring a signed-out access token back.
func TestSignedOutSessionStaysRevokedAfterRedisFlush(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	rdb := privateRedis(t)
	s.id.Revocations = revoke.New(rdb, 15*time.Minute)
	s.createUser(t, "flush@example.com", "viewer")
	tok := s.signIn(t, "flush@example.com", "10.0.0.7")
	if res, b := s.call(t, request{Method: "POST", Path: "/api/v1/auth/logout", Token: tok}); res.StatusCode != 204 {
		t.Fatalf("logout: %d %s", res.StatusCode, b)
	}
	if err := rdb.FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	s.clock.Advance(familyCacheTTL + time.Second) // past the brief "not revoked" cache of the logout request
	res, b := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: tok})
	if res.StatusCode != 401 || !strings.Contains(string(b), "signed out") {
		t.Fatalf("signed-out token after Redis flush: %d %s, want 401", res.StatusCode, b)
	}
	_, b = s.login(t, "flush@example.com", testPassword, "10.0.0.7", "")
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: accessToken(t, b)}); res.StatusCode != 200 {
		t.Fatalf("a live session is refused: %d", res.StatusCode)
	}
}
