package api

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
)

func (s *testServer) login(t *testing.T, email, password, ip, extra string) (*http.Response, []byte) {
	t.Helper()
	body := `{"email":"` + email + `","password":"` + password + `"` + extra + `}`
	return s.call(t, request{Method: "POST", Path: "/api/v1/auth/login", Body: body, Token: "-", IP: ip})
}

// signIn signs email in with the test password from ip and returns the
// access token.
func (s *testServer) signIn(t *testing.T, email, ip string) string {
	t.Helper()
	_, b := s.login(t, email, testPassword, ip, "")
	return accessToken(t, b)
}

func accessToken(t *testing.T, b []byte) string {
	t.Helper()
	var out struct{ Data SessionBody }
	if err := json.Unmarshal(b, &out); err != nil || out.Data.AccessToken == "" {
		t.Fatalf("no access token in %s", b)
	}
	return out.Data.AccessToken
}

func refreshCookieOf(t *testing.T, res *http.Response) string {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == refreshCookie && c.Value != "" {
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != refreshCookiePath {
				t.Fatalf("refresh cookie %+v must be HttpOnly, SameSite=Strict, Path=%s", c, refreshCookiePath)
			}
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("no refresh cookie in %v", res.Header["Set-Cookie"])
	return ""
}

// auditCount counts audit entries with action and outcome.
func (s *testServer) auditCount(t *testing.T, action string, outcome domain.AuditOutcome) int {
	t.Helper()
	entries, _, err := s.audit.List(context.Background(), domain.AuditFilter{Action: action, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action && e.Outcome == outcome {
			n++
		}
	}
	return n
}

func TestLoginIssuesTokenAndRefreshCookie(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "op@example.com", "operator")
	res, b := s.login(t, "OP@example.com ", testPassword, "10.0.0.1", "")
	if res.StatusCode != 200 {
		t.Fatalf("login: %d %s", res.StatusCode, b)
	}
	refreshCookieOf(t, res)
	res, b = s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: accessToken(t, b)})
	var me struct{ Data MeBody }
	_ = json.Unmarshal(b, &me)
	if res.StatusCode != 200 || me.Data.Email != "op@example.com" || !containsPerm(me.Data.Permissions, domain.PermPlaybooksApprove) ||
		containsPerm(me.Data.Permissions, domain.PermUsersAdmin) {
		t.Fatalf("me: %d %s", res.StatusCode, b)
	}
	if s.auditCount(t, "auth.login", domain.OutcomeSuccess) != 1 {
		t.Fatal("successful login not audited")
	}
	for _, bad := range []struct{ email, pw string }{{"op@example.com", "wrong password!!"}, {"nobody@example.com", testPassword}} {
		res, b = s.login(t, bad.email, bad.pw, "10.0.0.1", "")
		if res.StatusCode != 401 || parseErrorBody(t, b).Error != "invalid_credentials" {
			t.Fatalf("bad login %s: %d %s", bad.email, res.StatusCode, b)
		}
	}
	if n := s.auditCount(t, "auth.login", domain.OutcomeFailure); n != 2 {
		t.Fatalf("%d failed logins audited, want 2", n)
	}
}

func containsPerm(list []domain.Permission, p domain.Permission) bool {
	for _, v := range list {
		if v == p {
			return true
		}
	}
	return false
}

// forge signs claims with method and key, setting kid.
func forge(t *testing.T, method jwt.SigningMethod, key any, kid string, claims jwt.Claims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func signingKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	raw, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(raw)
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*rsa.PrivateKey)
}

func TestForgedAndInvalidTokensAreRejected(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	victim := s.createUser(t, "victim@example.com", "viewer")
	kid := s.id.Issuer.Keys.SigningKID()
	now := s.clock.Now()
	claims := func(mod func(*jwt.RegisteredClaims)) auth.AccessClaims {
		c := auth.AccessClaims{RegisteredClaims: jwt.RegisteredClaims{Issuer: "opsmanager", Subject: s.adminID,
			Audience: jwt.ClaimStrings{"opsmanager-api"}, IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(10 * time.Minute)), ID: uuid.NewString()}, SessionID: uuid.NewString()}
		if mod != nil {
			mod(&c.RegisteredClaims)
		}
		return c
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(&signingKey(t).PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	other, _ := rsa.GenerateKey(rand.Reader, 2048)

	valid := forge(t, jwt.SigningMethodRS256, signingKey(t), kid, claims(nil))
	parts := strings.Split(valid, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), s.adminID, victim.ID, 1))) + "." + parts[2]
	deactivated := s.createUser(t, "gone@example.com", "admin")
	deactivatedToken := s.tokenFor(t, deactivated.ID)
	if res, b := s.do(t, "PATCH", "/api/v1/users/"+deactivated.ID, `{"active":false}`); res.StatusCode != 200 {
		t.Fatalf("deactivate: %d %s", res.StatusCode, b)
	}

	cases := map[string]string{
		"alg none":            forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, claims(nil)),
		"HS256 with RSA pub":  forge(t, jwt.SigningMethodHS256, pubPEM, kid, claims(nil)),
		"unknown kid":         forge(t, jwt.SigningMethodRS256, other, "unknown-kid", claims(nil)),
		"other key, same kid": forge(t, jwt.SigningMethodRS256, other, kid, claims(nil)),
		"expired": forge(t, jwt.SigningMethodRS256, signingKey(t), kid, claims(func(c *jwt.RegisteredClaims) {
			c.IssuedAt, c.NotBefore, c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Hour)), jwt.NewNumericDate(now.Add(-time.Hour)), jwt.NewNumericDate(now.Add(-time.Minute))
		})),
		"not yet valid": forge(t, jwt.SigningMethodRS256, signingKey(t), kid, claims(func(c *jwt.RegisteredClaims) {
			c.NotBefore = jwt.NewNumericDate(now.Add(5 * time.Minute))
		})),
		"wrong audience":    forge(t, jwt.SigningMethodRS256, signingKey(t), kid, claims(func(c *jwt.RegisteredClaims) { c.Audience = jwt.ClaimStrings{"other-api"} })),
		"wrong issuer":      forge(t, jwt.SigningMethodRS256, signingKey(t), kid, claims(func(c *jwt.RegisteredClaims) { c.Issuer = "evil" })),
		"tampered":          tampered,
		"deactivated":       deactivatedToken,
		"garbage":           "not.a.jwt",
		"unknown API token": apiTokenPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	}
	if res, b := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: valid}); res.StatusCode != 200 {
		t.Fatalf("control: a correctly signed token must work: %d %s", res.StatusCode, b)
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			res, b := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: tok})
			if res.StatusCode != 401 || parseErrorBody(t, b).StatusCode != 401 {
				t.Fatalf("got %d %s, want 401", res.StatusCode, b)
			}
		})
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: "-"}); res.StatusCode != 401 {
		t.Fatalf("no token: %d", res.StatusCode)
	}
}

func TestRefreshRotatesAndReuseRevokesTheFamily(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "r@example.com", "responder")
	res, _ := s.login(t, "r@example.com", testPassword, "10.0.0.2", "")
	first := refreshCookieOf(t, res)

	res, b := s.call(t, request{Method: "POST", Path: "/api/v1/auth/refresh", Token: "-", Cookie: first})
	if res.StatusCode != 200 {
		t.Fatalf("refresh: %d %s", res.StatusCode, b)
	}
	second := refreshCookieOf(t, res)
	access := accessToken(t, b)
	if second == first {
		t.Fatal("refresh did not rotate the cookie")
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: access}); res.StatusCode != 200 {
		t.Fatal("refreshed access token does not work")
	}

	// An attacker replays the first (used) token: the family dies.
	res, b = s.call(t, request{Method: "POST", Path: "/api/v1/auth/refresh", Token: "-", Cookie: first})
	if res.StatusCode != 401 {
		t.Fatalf("reused refresh token: %d %s, want 401", res.StatusCode, b)
	}
	if res, _ := s.call(t, request{Method: "POST", Path: "/api/v1/auth/refresh", Token: "-", Cookie: second}); res.StatusCode != 401 {
		t.Fatal("the legitimate newer refresh token still works after reuse was detected")
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: access}); res.StatusCode != 401 {
		t.Fatal("access tokens of the revoked family still work")
	}
	if s.auditCount(t, "auth.refresh.reuse", domain.OutcomeDenied) != 1 {
		t.Fatal("refresh-token reuse not audited")
	}
}

func TestLogoutAndLogoutAllEndSessions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "l@example.com", "viewer")
	resA, bA := s.login(t, "l@example.com", testPassword, "10.0.0.3", "")
	_, bB := s.login(t, "l@example.com", testPassword, "10.0.0.4", "")
	tokA, tokB := accessToken(t, bA), accessToken(t, bB)

	if res, b := s.call(t, request{Method: "POST", Path: "/api/v1/auth/logout", Token: tokA}); res.StatusCode != 204 {
		t.Fatalf("logout: %d %s", res.StatusCode, b)
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: tokA}); res.StatusCode != 401 {
		t.Fatal("access token works after logout")
	}
	if res, _ := s.call(t, request{Method: "POST", Path: "/api/v1/auth/refresh", Token: "-", Cookie: refreshCookieOf(t, resA)}); res.StatusCode != 401 {
		t.Fatal("refresh works after logout")
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: tokB}); res.StatusCode != 200 {
		t.Fatal("logout ended the other session too")
	}
	if res, _ := s.call(t, request{Method: "POST", Path: "/api/v1/auth/logout-all", Token: tokB}); res.StatusCode != 204 {
		t.Fatal("logout-all failed")
	}
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: tokB}); res.StatusCode != 401 {
		t.Fatal("access token works after logout-all")
	}
	if res, b := s.login(t, "l@example.com", testPassword, "10.0.0.3", ""); res.StatusCode != 200 {
		t.Fatalf("cannot sign in again after logout-all: %d %s", res.StatusCode, b)
	}
}

func TestLoginRateLimitDoesNotLockOutOtherIPs(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	// Only the per-address limit here; the account-wide back-off has its
	// own test (TestFailedSignInsLockTheAccountFromEveryAddress).
	s.id.Limits.LoginBackoff.Free = 1000
	s.createUser(t, "target@example.com", "viewer")
	for i := 1; i <= 10; i++ {
		if res, b := s.login(t, "target@example.com", "wrong password "+string(rune('a'+i)), "203.0.113.9", ""); res.StatusCode != 401 {
			t.Fatalf("attempt %d: %d %s", i, res.StatusCode, b)
		}
	}
	res, b := s.login(t, "target@example.com", "wrong password z", "203.0.113.9", "")
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" || parseErrorBody(t, b).Error != "rate_limited" {
		t.Fatalf("11th attempt: %d %s (Retry-After %q), want 429", res.StatusCode, b, res.Header.Get("Retry-After"))
	}
	if res, _ := s.login(t, "target@example.com", testPassword, "203.0.113.9", ""); res.StatusCode != 429 {
		t.Fatal("the attacking IP can keep trying")
	}
	if res, b := s.login(t, "target@example.com", testPassword, "198.51.100.7", ""); res.StatusCode != 200 {
		t.Fatalf("the real user is locked out from another IP: %d %s", res.StatusCode, b)
	}
	if s.auditCount(t, "auth.login", domain.OutcomeFailure) < 12 {
		t.Fatal("failed and rate-limited logins are not all audited")
	}
}

func TestForwardedForCannotDodgeTheLoginLimit(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for i := 0; i < 12; i++ {
		req := request{Method: "POST", Path: "/api/v1/auth/login", Token: "-", IP: "203.0.113.50",
			Body: `{"email":"admin@example.com","password":"guess number ` + string(rune('a'+i)) + `"}`}
		res, _ := s.callWithHeader(t, req, "X-Forwarded-For", "198.51.100."+string(rune('1'+i%9)))
		if i >= 10 && res.StatusCode != 429 {
			t.Fatalf("attempt %d with a spoofed X-Forwarded-For: %d, want 429", i+1, res.StatusCode)
		}
	}
}

func TestPasswordIsRehashedWhenParametersChange(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	weak := auth.NewHasher(auth.PasswordParams{Memory: 8192, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}, 1)
	hash, _ := weak.Hash(context.Background(), testPassword)
	if _, err := s.users.Create(context.Background(), domain.User{Email: "old@example.com", DisplayName: "Old", Roles: []string{"viewer"}, Active: true}, hash); err != nil {
		t.Fatal(err)
	}
	if res, b := s.login(t, "old@example.com", testPassword, "10.9.0.1", ""); res.StatusCode != 200 {
		t.Fatalf("login with an old-parameter hash: %d %s", res.StatusCode, b)
	}
	creds, _ := s.users.CredentialsByEmail(context.Background(), "old@example.com")
	if !strings.Contains(creds.PasswordHash, "m=19456,t=2,p=1") {
		t.Fatalf("hash not upgraded: %s", creds.PasswordHash)
	}
	if res, _ := s.login(t, "old@example.com", testPassword, "10.9.0.1", ""); res.StatusCode != 200 {
		t.Fatal("cannot sign in after the rehash")
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.login(t, "admin@example.com", "nope nope nope", "10.0.0.5", "")
	pool := s.auditPool(t)
	for _, stmt := range []string{`UPDATE audit_log SET outcome = 'success'`, `DELETE FROM audit_log`, `TRUNCATE audit_log`} {
		_, err := pool.Exec(context.Background(), stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only refusal", stmt, err)
		}
	}
	if s.auditCount(t, "auth.login", domain.OutcomeFailure) != 1 {
		t.Fatal("audit entry changed or lost")
	}
}
