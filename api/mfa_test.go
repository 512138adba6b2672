package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/opsmanager/opsmanager/domain"
)

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// enroll runs MFA enrolment for the user behind token and returns the
// secret and recovery codes.
func (s *testServer) enroll(t *testing.T, token string) (string, []string) {
	t.Helper()
	res, b := s.call(t, request{Method: "POST", Path: "/api/v1/auth/mfa/enroll", Token: token})
	var enroll struct{ Data EnrollBody }
	if err := json.Unmarshal(b, &enroll); err != nil || res.StatusCode != 200 || enroll.Data.QRPNG == "" ||
		!strings.HasPrefix(enroll.Data.OTPAuthURL, "otpauth://totp/") {
		t.Fatalf("enroll: %d %s", res.StatusCode, b)
	}
	secret := enroll.Data.Secret
	res, b = s.call(t, request{Method: "POST", Path: "/api/v1/auth/mfa/confirm", Token: token,
		Body: `{"code":"` + codeAt(t, secret, s.clock.Now()) + `"}`})
	var confirm struct {
		Data struct{ RecoveryCodes []string }
	}
	if err := json.Unmarshal(b, &confirm); err != nil || res.StatusCode != 200 || len(confirm.Data.RecoveryCodes) != 10 {
		t.Fatalf("confirm: %d %s", res.StatusCode, b)
	}
	return secret, confirm.Data.RecoveryCodes
}

func TestTOTPLoginAcceptsEachCodeOnceWithinOneStep(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	u := s.createUser(t, "mfa@example.com", "operator")
	secret, recovery := s.enroll(t, s.tokenFor(t, u.ID))
	login := func(extra string) (int, string) {
		res, b := s.login(t, "mfa@example.com", testPassword, "10.1.0.1", extra)
		if res.StatusCode == 200 {
			return 200, ""
		}
		return res.StatusCode, parseErrorBody(t, b).Error
	}
	if code, name := login(""); code != 401 || name != "mfa_required" {
		t.Fatalf("no code: %d %s, want 401 mfa_required", code, name)
	}

	s.clock.Advance(30 * time.Second) // a new step, after the one used to confirm
	now := s.clock.Now()
	if code, name := login(`,"totp":"` + codeAt(t, secret, now.Add(-60*time.Second)) + `"`); code != 401 || name != "invalid_mfa_code" {
		t.Fatalf("code two steps old: %d %s, want rejected", code, name)
	}
	if code, name := login(`,"totp":"` + codeAt(t, secret, now.Add(60*time.Second)) + `"`); code != 401 || name != "invalid_mfa_code" {
		t.Fatalf("code two steps ahead: %d %s, want rejected", code, name)
	}
	current := codeAt(t, secret, now)
	if code, name := login(`,"totp":"` + current + `"`); code != 200 {
		t.Fatalf("current code: %d %s", code, name)
	}
	if code, name := login(`,"totp":"` + current + `"`); code != 401 || name != "invalid_mfa_code" {
		t.Fatalf("replayed code: %d %s, want rejected", code, name)
	}
	if code, _ := login(`,"totp":"` + codeAt(t, secret, now.Add(30*time.Second)) + `"`); code != 200 {
		t.Fatal("next step's code (clock drift of one step) rejected")
	}
	if code, _ := login(`,"recoveryCode":"` + strings.ToUpper(recovery[0]) + `"`); code != 200 {
		t.Fatal("recovery code rejected")
	}
	if code, _ := login(`,"recoveryCode":"` + recovery[0] + `"`); code != 401 {
		t.Fatal("recovery code accepted twice")
	}
	for action, outcome := range map[string]domain.AuditOutcome{
		"auth.mfa.enroll": domain.OutcomeSuccess, "auth.mfa.confirm": domain.OutcomeSuccess,
		"auth.mfa.recovery_code_used": domain.OutcomeSuccess,
	} {
		if s.auditCount(t, action, outcome) == 0 {
			t.Errorf("no %s %s audit entry", outcome, action)
		}
	}
	if s.auditCount(t, "auth.login", domain.OutcomeFailure) < 5 {
		t.Error("MFA failures not audited")
	}
}

func TestRoleRequiringMFALimitsUntilEnrolled(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	if res, b := s.do(t, "PATCH", "/api/v1/roles/responder", `{"requireMfa":true}`); res.StatusCode != 200 {
		t.Fatalf("require MFA: %d %s", res.StatusCode, b)
	}
	s.createUser(t, "resp@example.com", "responder")
	res, b := s.login(t, "resp@example.com", testPassword, "10.1.0.2", "")
	if res.StatusCode != 200 {
		t.Fatalf("login: %d %s", res.StatusCode, b)
	}
	token := accessToken(t, b)
	var out struct{ Data SessionBody }
	_ = json.Unmarshal(b, &out)
	if !out.Data.User.MFARequired {
		t.Fatal("login does not tell the client MFA enrolment is required")
	}
	if res, b := s.call(t, request{Method: "GET", Path: "/api/v1/playbooks", Token: token}); res.StatusCode != 403 {
		t.Fatalf("before enrolling, playbooks: %d %s, want 403", res.StatusCode, b)
	}
	s.enroll(t, token)
	s.clock.Advance(30 * time.Second)
	if res, _ := s.call(t, request{Method: "GET", Path: "/api/v1/auth/me", Token: token}); res.StatusCode != 200 {
		t.Fatal("me must stay reachable")
	}
}
