package auth

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// keyFiles generates two signing keys once for the whole package: RSA key
// generation is slow under -race.
var keyFiles = sync.OnceValues(func() ([2]string, error) {
	dir, err := os.MkdirTemp("", "auth-keys-*")
	if err != nil {
		return [2]string{}, err
	}
	files := [2]string{filepath.Join(dir, "a", "current.pem"), filepath.Join(dir, "a", "other.pem")}
	for _, f := range files {
		if err := GenerateKeyFile(f); err != nil {
			return files, err
		}
	}
	return files, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if files, err := keyFiles(); err == nil {
		os.RemoveAll(filepath.Dir(filepath.Dir(files[0])))
	}
	os.Exit(code)
}

func loadKeys(t *testing.T, which int, extra ...string) *KeySet {
	t.Helper()
	files, err := keyFiles()
	if err != nil {
		t.Fatal(err)
	}
	ks, err := LoadKeySet(files[which], extra...)
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

func newIssuer(ks *KeySet, now time.Time) *TokenIssuer {
	return &TokenIssuer{Keys: ks, Issuer: "https://ops.example", Audience: "opsmanager-api",
		TTL: 15 * time.Minute, Now: func() time.Time { return now }}
}

// sign builds a token with arbitrary header kid and claims, signed by key.
func sign(t *testing.T, key *rsa.PrivateKey, kid any, claims jwt.Claims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	if kid != nil {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validClaims(it *TokenIssuer) AccessClaims {
	now := it.Now()
	return AccessClaims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer: it.Issuer, Audience: jwt.ClaimStrings{it.Audience}, Subject: "user-1",
		ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)), IssuedAt: jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now), ID: "jti-1",
	}}
}

func TestIssueAndVerify(t *testing.T) {
	it := newIssuer(loadKeys(t, 0), t0)
	tok, issued, err := it.Issue("user-42", "sess-7", true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := it.Verify(tok)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if got.Subject != "user-42" || got.SessionID != "sess-7" || !got.MFAPending {
		t.Errorf("claims = %+v", got)
	}
	if got.Issuer != it.Issuer || len(got.Audience) != 1 || got.Audience[0] != it.Audience {
		t.Errorf("iss/aud = %q/%q", got.Issuer, got.Audience)
	}
	if !got.ExpiresAt.Equal(t0.Add(15*time.Minute)) || !got.IssuedAt.Equal(t0) || !got.NotBefore.Equal(t0) {
		t.Errorf("times exp=%v iat=%v nbf=%v", got.ExpiresAt, got.IssuedAt, got.NotBefore)
	}
	if u, err := uuid.Parse(got.ID); err != nil || u.Version() != 4 || got.ID != issued.ID {
		t.Errorf("jti = %q (issued %q), want the same uuid v4", got.ID, issued.ID)
	}
	if !issued.ExpiresAt.Equal(got.ExpiresAt.Time) || issued.SessionID != got.SessionID {
		t.Error("Issue returned claims that differ from the token's")
	}
	parsed, _, _ := jwt.NewParser().ParseUnverified(tok, &AccessClaims{})
	if parsed.Header["kid"] != it.Keys.SigningKID() || parsed.Header["alg"] != "RS256" {
		t.Errorf("header = %v", parsed.Header)
	}

	tok2, _, _ := it.Issue("user-42", "", false)
	got2, err := it.Verify(tok2)
	if err != nil || got2.MFAPending || got2.SessionID != "" {
		t.Errorf("second token: %+v, %v", got2, err)
	}
	if raw, _ := base64.RawURLEncoding.DecodeString(strings.Split(tok2, ".")[1]); strings.Contains(string(raw), "mfa_pending") {
		t.Errorf("mfa_pending=false should be omitted: %s", raw)
	}
}

// rejectCase names the jwt sentinel of the intended cause, so a case cannot
// pass by failing for an unrelated reason (nil: only ErrInvalidToken).
type rejectCase struct {
	tok   string
	cause error
}

func expectRejected(t *testing.T, it *TokenIssuer, cases map[string]rejectCase) {
	t.Helper()
	for name, tc := range cases {
		_, err := it.Verify(tc.tok)
		if !errors.Is(err, ErrInvalidToken) || (tc.cause != nil && !errors.Is(err, tc.cause)) {
			t.Errorf("%s: err = %v, want ErrInvalidToken caused by %v", name, err, tc.cause)
		}
	}
}

func TestVerifyRejectsForgeries(t *testing.T) {
	ks, other := loadKeys(t, 0), loadKeys(t, 1)
	it := newIssuer(ks, t0)
	kid := ks.SigningKID()

	noneTok, err := jwt.NewWithClaims(jwt.SigningMethodNone, validClaims(it)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	// Algorithm confusion: HMAC keyed with the (public) RSA key bytes.
	pubDER, _ := x509.MarshalPKIXPublicKey(&ks.signer.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	hsTok := jwt.NewWithClaims(jwt.SigningMethodHS256, validClaims(it))
	hsTok.Header["kid"] = kid
	hsSigned, _ := hsTok.SignedString(pubPEM)
	rs384 := jwt.NewWithClaims(jwt.SigningMethodRS384, validClaims(it))
	rs384.Header["kid"] = kid
	rs384Signed, _ := rs384.SignedString(ks.signer)

	good, _, _ := it.Issue("user-1", "s", false)
	parts := strings.Split(good, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var m map[string]any
	json.Unmarshal(payload, &m)
	m["sub"] = "admin"
	forged, _ := json.Marshal(m)
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(forged) + "." + parts[2]

	sigInvalid, unverifiable, malformed := jwt.ErrTokenSignatureInvalid, jwt.ErrTokenUnverifiable, jwt.ErrTokenMalformed
	expectRejected(t, it, map[string]rejectCase{
		"alg none":               {noneTok, sigInvalid},
		"HS256 with public key":  {hsSigned, sigInvalid},
		"RS384 with right key":   {rs384Signed, sigInvalid},
		"unknown kid":            {sign(t, ks.signer, "AAAAAAAAAAAAAAAA", validClaims(it)), unverifiable},
		"missing kid":            {sign(t, ks.signer, nil, validClaims(it)), unverifiable},
		"non-string kid":         {sign(t, ks.signer, 42, validClaims(it)), unverifiable},
		"other key, same kid":    {sign(t, other.signer, kid, validClaims(it)), rsa.ErrVerification},
		"tampered payload":       {tampered, rsa.ErrVerification},
		"signature stripped":     {parts[0] + "." + parts[1] + ".", sigInvalid},
		"empty":                  {"", malformed},
		"garbage":                {"not a token", malformed},
		"three garbage segments": {"a.b.c", malformed},
		"dots":                   {"..", malformed},
		"bearer prefix":          {"Bearer " + good, malformed},
	})
	if _, err := it.Verify(good); err != nil {
		t.Errorf("control token rejected: %v", err)
	}
}

func TestVerifyRejectsBadClaims(t *testing.T) {
	ks := loadKeys(t, 0)
	it := newIssuer(ks, t0)
	kid := ks.SigningKID()
	with := func(edit func(*AccessClaims)) string {
		c := validClaims(it)
		edit(&c)
		return sign(t, ks.signer, kid, c)
	}
	issue := func(now time.Time, edit func(*TokenIssuer)) string {
		other := newIssuer(ks, now)
		edit(other)
		tok, _, err := other.Issue("user-1", "", false)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	noop := func(*TokenIssuer) {}
	future := jwt.NewNumericDate(t0.Add(time.Minute))
	missing := jwt.ErrTokenRequiredClaimMissing
	expectRejected(t, it, map[string]rejectCase{
		"expired":           {issue(t0.Add(-15*time.Minute-6*time.Second), noop), jwt.ErrTokenExpired},
		"missing exp":       {with(func(c *AccessClaims) { c.ExpiresAt = nil }), missing},
		"nbf in the future": {with(func(c *AccessClaims) { c.NotBefore = future }), jwt.ErrTokenNotValidYet},
		"iat in the future": {with(func(c *AccessClaims) { c.IssuedAt = future }), jwt.ErrTokenUsedBeforeIssued},
		"wrong issuer":      {issue(t0, func(o *TokenIssuer) { o.Issuer = "https://evil.example" }), jwt.ErrTokenInvalidIssuer},
		"missing issuer":    {with(func(c *AccessClaims) { c.Issuer = "" }), missing},
		"issuer prefix":     {with(func(c *AccessClaims) { c.Issuer = it.Issuer + "/x" }), jwt.ErrTokenInvalidIssuer},
		"wrong audience":    {issue(t0, func(o *TokenIssuer) { o.Audience = "another-api" }), jwt.ErrTokenInvalidAudience},
		"missing audience":  {with(func(c *AccessClaims) { c.Audience = nil }), missing},
		"missing subject":   {with(func(c *AccessClaims) { c.Subject = "" }), nil},
	})
	if _, err := it.Verify(with(func(*AccessClaims) {})); err != nil {
		t.Errorf("control token rejected: %v", err)
	}
}

func TestVerifyClockLeeway(t *testing.T) {
	ks := loadKeys(t, 0)
	tok, _, _ := newIssuer(ks, t0).Issue("user-1", "", false)
	for _, tc := range []struct {
		at time.Time
		ok bool
	}{
		{t0.Add(-4 * time.Second), true}, // verifier's clock slightly behind
		{t0.Add(-6 * time.Second), false},
		{t0.Add(15*time.Minute + 4*time.Second), true},
		{t0.Add(15*time.Minute + 6*time.Second), false},
	} {
		_, err := newIssuer(ks, tc.at).Verify(tok)
		if (err == nil) != tc.ok {
			t.Errorf("verify at %v: err = %v, want ok=%v", tc.at.Sub(t0), err, tc.ok)
		}
	}
}

func TestIssuerNeedsConfig(t *testing.T) {
	ks := loadKeys(t, 0)
	for name, it := range map[string]*TokenIssuer{
		"no keys":     {Issuer: "i", Audience: "a", TTL: time.Minute},
		"no issuer":   {Keys: ks, Audience: "a", TTL: time.Minute},
		"no audience": {Keys: ks, Issuer: "i", TTL: time.Minute},
		"no ttl":      {Keys: ks, Issuer: "i", Audience: "a"},
	} {
		if _, _, err := it.Issue("user-1", "", false); err == nil {
			t.Errorf("%s: Issue succeeded", name)
		}
	}
	if _, _, err := newIssuer(ks, t0).Issue("", "", false); err == nil {
		t.Error("Issue with empty subject succeeded")
	}
	tok, _, _ := newIssuer(ks, t0).Issue("user-1", "", false)
	if _, err := (&TokenIssuer{Keys: ks, Audience: "opsmanager-api"}).Verify(tok); err == nil {
		t.Error("Verify without an Issuer accepted a token")
	}
}
