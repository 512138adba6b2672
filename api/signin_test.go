package api

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"
)

// retryAfter returns the Retry-After seconds of a response (0 if absent).
func retryAfter(t *testing.T, h map[string][]string) int {
	t.Helper()
	v := ""
	if len(h["Retry-After"]) > 0 {
		v = h["Retry-After"][0]
	}
	n, _ := strconv.Atoi(v)
	return n
}

func TestFailedSignInsLockTheAccountFromEveryAddress(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "victim@example.com", "operator")
	// Six wrong passwords, each from another address: no per-IP limit trips.
	for i := 1; i <= 6; i++ {
		res, b := s.login(t, "victim@example.com", "wrong password "+strconv.Itoa(i), fmt.Sprintf("10.9.0.%d", i), "")
		if res.StatusCode != 401 {
			t.Fatalf("failure %d: %d %s, want 401", i, res.StatusCode, b)
		}
	}
	// Now even the right password, from a fresh address, is refused.
	res, b := s.login(t, "victim@example.com", testPassword, "10.9.1.1", "")
	if res.StatusCode != 429 || retryAfter(t, res.Header) < 1 || parseErrorBody(t, b).Error != "rate_limited" {
		t.Fatalf("correct password during back-off: %d %v %s, want 429 + Retry-After", res.StatusCode, res.Header["Retry-After"], b)
	}
	// Another account is not affected.
	s.createUser(t, "other@example.com", "operator")
	if res, b := s.login(t, "other@example.com", testPassword, "10.9.0.1", ""); res.StatusCode != 200 {
		t.Fatalf("other account: %d %s", res.StatusCode, b)
	}
}

func TestIPv6SignInLimitCoversTheWhole64(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "v6@example.com", "operator")
	// The per-account-and-network limit is 10 per window in the test server.
	for i := 1; i <= 10; i++ {
		if res, b := s.login(t, "v6@example.com", testPassword, fmt.Sprintf("[2001:db8:1:2::%x]", i), ""); res.StatusCode != 200 {
			t.Fatalf("login %d: %d %s", i, res.StatusCode, b)
		}
	}
	res, b := s.login(t, "v6@example.com", testPassword, "[2001:db8:1:2:ffff:ffff:ffff:fffe]", "")
	if res.StatusCode != 429 || retryAfter(t, res.Header) < 1 {
		t.Fatalf("another address of the same /64: %d %s, want 429", res.StatusCode, b)
	}
	if res, b := s.login(t, "v6@example.com", testPassword, "[2001:db8:1:3::1]", ""); res.StatusCode != 200 {
		t.Fatalf("another /64: %d %s, want 200", res.StatusCode, b)
	}
}

func TestSignInAnswers503WhenNoHashingSlotIsFree(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "busy@example.com", "operator")
	var releases []func()
	for range 4 { // the test server's hasher has 4 slots
		release, err := s.hasher.Hold(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, release)
	}
	for _, email := range []string{"busy@example.com", "nobody@example.com"} {
		res, b := s.login(t, email, testPassword, "10.8.0.1", "")
		if res.StatusCode != 503 || retryAfter(t, res.Header) < 1 {
			t.Fatalf("%s with a full queue: %d %v %s, want 503 + Retry-After", email, res.StatusCode, res.Header["Retry-After"], b)
		}
	}
	res, b := s.call(t, request{Method: "POST", Path: "/api/v1/auth/password",
		Body: `{"currentPassword":"` + testPassword + `","newPassword":"another long passphrase"}`})
	if res.StatusCode != 503 || retryAfter(t, res.Header) < 1 {
		t.Fatalf("password change with a full queue: %d %s, want 503 + Retry-After", res.StatusCode, b)
	}
	for _, r := range releases {
		r()
	}
	if res, b := s.login(t, "busy@example.com", testPassword, "10.8.0.1", ""); res.StatusCode != 200 {
		t.Fatalf("after the queue drained: %d %s (a busy answer must not count as a failure)", res.StatusCode, b)
	}
}

// mfaUser creates an operator with MFA on and returns their access token
// and TOTP secret.
func (s *testServer) mfaUser(t *testing.T, email string) (token, secret string) {
	t.Helper()
	u := s.createUser(t, email, "operator")
	token = s.tokenFor(t, u.ID)
	secret, _ = s.enroll(t, token)
	return token, secret
}

func TestWrongCodesAreCountedAcrossLoginConfirmAndDisable(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	token, secret := s.mfaUser(t, "codes@example.com")
	wrong := func(path, body string) {
		t.Helper()
		res, b := s.call(t, request{Method: "POST", Path: path, Token: token, Body: body})
		if res.StatusCode != 401 {
			t.Fatalf("%s with a wrong code: %d %s, want 401", path, res.StatusCode, b)
		}
	}
	for i := 0; i < 3; i++ {
		if res, b := s.login(t, "codes@example.com", testPassword, "10.7.0.1", `,"totp":"000000"`); res.StatusCode != 401 {
			t.Fatalf("login with a wrong code: %d %s", res.StatusCode, b)
		}
	}
	wrong("/api/v1/auth/mfa/disable", `{"password":"`+testPassword+`","code":"000000"}`)
	wrong("/api/v1/auth/mfa/disable", `{"password":"`+testPassword+`","code":"000001"}`)
	// Five wrong codes: now the right one is refused too, on every endpoint.
	s.clock.Advance(30 * time.Second)
	res, b := s.login(t, "codes@example.com", testPassword, "10.7.0.2", `,"totp":"`+codeAt(t, secret, s.clock.Now())+`"`)
	if res.StatusCode != 429 || retryAfter(t, res.Header) < 1 {
		t.Fatalf("right code after 5 wrong ones: %d %s, want 429 + Retry-After", res.StatusCode, b)
	}
	res, b = s.call(t, request{Method: "POST", Path: "/api/v1/auth/mfa/disable", Token: token,
		Body: `{"password":"` + testPassword + `","code":"` + codeAt(t, secret, s.clock.Now()) + `"}`})
	if res.StatusCode != 429 {
		t.Fatalf("disable with the right code while locked: %d %s, want 429", res.StatusCode, b)
	}
}

func TestDisablingMFANeedsThePassword(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	token, secret := s.mfaUser(t, "dis@example.com")
	s.clock.Advance(30 * time.Second)
	disable := func(body string) (int, string) {
		res, b := s.call(t, request{Method: "POST", Path: "/api/v1/auth/mfa/disable", Token: token, Body: body})
		if res.StatusCode == 204 {
			return 204, ""
		}
		return res.StatusCode, parseErrorBody(t, b).Error
	}
	code := codeAt(t, secret, s.clock.Now())
	if st, name := disable(`{"code":"` + code + `"}`); st != 400 {
		t.Fatalf("no password: %d %s, want 400", st, name)
	}
	if st, name := disable(`{"password":"not my password at all","code":"` + code + `"}`); st != 401 || name != "invalid_password" {
		t.Fatalf("wrong password: %d %s, want 401 invalid_password", st, name)
	}
	if st, name := disable(`{"password":"` + testPassword + `","code":"` + code + `"}`); st != 204 {
		t.Fatalf("password and code: %d %s, want 204", st, name)
	}
}

func TestPendingMFAEnrolmentCannotBeTakenOverWithThePassword(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.createUser(t, "enrol@example.com", "operator")
	user := s.signIn(t, "enrol@example.com", "10.4.0.1")
	other := s.signIn(t, "enrol@example.com", "10.4.0.2") // someone else who has the password
	call := func(token, path, body string) (int, string, []byte) {
		res, b := s.call(t, request{Method: "POST", Path: path, Token: token, Body: body})
		if res.StatusCode >= 300 {
			return res.StatusCode, parseErrorBody(t, b).Error, b
		}
		return res.StatusCode, "", b
	}
	st, _, b := call(user, "/api/v1/auth/mfa/enroll", "")
	var enroll struct{ Data EnrollBody }
	if st != 200 || jsonUnmarshal(b, &enroll) != nil {
		t.Fatalf("enroll: %d %s", st, b)
	}
	code := func() string { return `{"code":"` + codeAt(t, enroll.Data.Secret, s.clock.Now()) + `"}` }
	if st, name, _ := call(other, "/api/v1/auth/mfa/enroll", ""); st != 409 {
		t.Fatalf("another session replaces a pending enrolment: %d %s, want 409", st, name)
	}
	if st, name, _ := call(other, "/api/v1/auth/mfa/confirm", code()); st != 409 || name != "enrolment_expired" {
		t.Fatalf("another session confirms the user's enrolment: %d %s, want 409 enrolment_expired", st, name)
	}
	s.clock.Advance(11 * time.Minute)
	if st, name, _ := call(user, "/api/v1/auth/mfa/confirm", code()); st != 409 || name != "enrolment_expired" {
		t.Fatalf("confirm after the 10-minute deadline: %d %s, want 409 enrolment_expired", st, name)
	}
	// A lapsed enrolment can be started again, and confirmed in time.
	s.enroll(t, user)
}
