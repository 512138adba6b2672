package auth

import (
	"bytes"
	"encoding/base32"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// rfcSecret is the RFC 6238 appendix B SHA-1 seed "12345678901234567890".
var rfcSecret = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

func codeAt(t *testing.T, secret string, step int64) string {
	t.Helper()
	c, err := hotp.GenerateCodeCustom(secret, uint64(step), hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTOTPMatchesRFC6238(t *testing.T) {
	// RFC 6238 appendix B, SHA-1, truncated to 6 digits: T=59 s -> 94287082.
	v := TOTP{Issuer: "x", Now: func() time.Time { return time.Unix(59, 0) }}
	if step, ok := v.Validate(rfcSecret, "287082", 0); !ok || step != 1 {
		t.Errorf("RFC vector: step=%d ok=%v", step, ok)
	}
	v.Now = func() time.Time { return time.Unix(1111111109, 0) } // -> 07081804
	if _, ok := v.Validate(rfcSecret, "081804", 0); !ok {
		t.Error("RFC vector at 1111111109 rejected")
	}
}

func TestTOTPValidateWindowAndReplay(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 10, 0, time.UTC)
	v := TOTP{Issuer: "OpsManager", Now: func() time.Time { return now }}
	secret, _, _, err := v.Generate("alice@example.com")
	if err != nil {
		t.Fatal(err)
	}
	cur := now.Unix() / 30

	for _, d := range []int64{-1, 0, 1} {
		step, ok := v.Validate(secret, codeAt(t, secret, cur+d), 0)
		if !ok || step != cur+d {
			t.Errorf("step now%+d: step=%d ok=%v, want %d true", d, step, ok, cur+d)
		}
	}
	for _, d := range []int64{-2, 2, -10, 10} {
		if _, ok := v.Validate(secret, codeAt(t, secret, cur+d), 0); ok {
			t.Errorf("step now%+d accepted", d)
		}
	}

	step, ok := v.Validate(secret, codeAt(t, secret, cur), 0)
	if !ok {
		t.Fatal("current code rejected")
	}
	if _, ok := v.Validate(secret, codeAt(t, secret, cur), step); ok {
		t.Error("replay of the same code accepted")
	}
	if _, ok := v.Validate(secret, codeAt(t, secret, cur-1), step); ok {
		t.Error("older code accepted after a newer one was used")
	}
	next, ok := v.Validate(secret, codeAt(t, secret, cur+1), step)
	if !ok || next != cur+1 {
		t.Errorf("later step after use: step=%d ok=%v", next, ok)
	}
	now = now.Add(30 * time.Second) // the clock moves on: a fresh code works once more
	if s, ok := v.Validate(secret, codeAt(t, secret, cur+2), next); !ok || s != cur+2 {
		t.Errorf("next period: step=%d ok=%v", s, ok)
	}
}

func TestTOTPRejectsGarbage(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	v := TOTP{Issuer: "OpsManager", Now: func() time.Time { return now }}
	secret, _, _, _ := v.Generate("alice")
	good := codeAt(t, secret, now.Unix()/30)
	if _, ok := v.Validate(secret, good, 0); !ok {
		t.Fatal("control code rejected")
	}
	for _, code := range []string{
		"", "12345", "1234567", "abcdef", good + " ", " " + good, good[:3] + " " + good[3:],
		"+" + good[1:], "-" + good[1:], "１２３４５６", good + "0",
	} {
		if _, ok := v.Validate(secret, code, 0); ok {
			t.Errorf("code %q accepted", code)
		}
	}
	if _, ok := v.Validate("not base32 !!", good, 0); ok {
		t.Error("invalid secret accepted")
	}
}

func TestTOTPGenerate(t *testing.T) {
	v := TOTP{Issuer: "Ops Manager"}
	secret, u, qr, err := v.Generate("alice@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 { // 20 random bytes in base32, no padding
		t.Errorf("secret length = %d, want 32", len(secret))
	}
	parsed, err := url.Parse(u)
	if err != nil || parsed.Scheme != "otpauth" || parsed.Host != "totp" {
		t.Fatalf("otpauth URL %q: %v", u, err)
	}
	q := parsed.Query()
	if q.Get("issuer") != "Ops Manager" || q.Get("secret") != secret || !strings.Contains(parsed.Path, "alice@example.com") ||
		!strings.Contains(parsed.Path, "Ops Manager") {
		t.Errorf("otpauth URL %q lacks issuer, account or secret", u)
	}
	if q.Get("digits") != "6" || q.Get("period") != "30" || q.Get("algorithm") != "SHA1" {
		t.Errorf("otpauth URL params = %v", q)
	}
	img, err := png.Decode(bytes.NewReader(qr))
	if err != nil {
		t.Fatalf("QR code is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Errorf("QR code is %dx%d, want 256x256", b.Dx(), b.Dy())
	}
	other, _, _, _ := v.Generate("alice@example.com")
	if other == secret {
		t.Error("two enrolments produced the same secret")
	}
	if _, _, _, err := (TOTP{}).Generate("alice"); err == nil {
		t.Error("Generate without an Issuer succeeded")
	}
}
