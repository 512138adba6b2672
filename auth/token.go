package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// ErrInvalidToken is returned by TokenIssuer.Verify for every rejected token.
// The cause is wrapped for logs; callers answer 401 without revealing it.
var ErrInvalidToken = errors.New("auth: invalid token")

// clockLeeway absorbs clock skew between replicas when checking exp, nbf and
// iat; it is small because access tokens are short-lived.
const clockLeeway = 5 * time.Second

// AccessClaims are the claims of an access token.
type AccessClaims struct {
	jwt.RegisteredClaims
	// SessionID ties the token to a server-side session so that logging out
	// or revoking the session can be checked by the caller.
	SessionID string `json:"sid,omitempty"`
	// MFAPending marks a token issued after the password step but before the
	// second factor: it must only grant access to the MFA endpoints.
	MFAPending bool `json:"mfa_pending,omitempty"`
}

// TokenIssuer issues and verifies RS256 access tokens. Issuer and Audience
// must be set; Now defaults to time.Now.
type TokenIssuer struct {
	Keys     *KeySet
	Issuer   string
	Audience string
	TTL      time.Duration
	Now      func() time.Time
}

func (t *TokenIssuer) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *TokenIssuer) check() error {
	if t.Keys == nil || t.Issuer == "" || t.Audience == "" {
		// An empty Issuer or Audience would make jwt skip the check entirely.
		return errors.New("auth: token issuer needs Keys, Issuer and Audience")
	}
	return nil
}

// Issue signs an access token for subject with the signing key, its kid in
// the header. The returned claims are exactly those encoded in the token.
func (t *TokenIssuer) Issue(subject, sessionID string, mfaPending bool) (string, AccessClaims, error) {
	if err := t.check(); err != nil {
		return "", AccessClaims{}, err
	}
	if subject == "" || t.TTL <= 0 {
		return "", AccessClaims{}, errors.New("auth: token needs a subject and a positive TTL")
	}
	now := t.now()
	claims := AccessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.Issuer,
			Subject:   subject,
			Audience:  jwt.ClaimStrings{t.Audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(t.TTL)),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        uuid.NewString(),
		},
		SessionID:  sessionID,
		MFAPending: mfaPending,
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = t.Keys.SigningKID()
	signed, err := tok.SignedString(t.Keys.signer)
	if err != nil {
		return "", AccessClaims{}, fmt.Errorf("auth: sign token: %w", err)
	}
	return signed, claims, nil
}

// Verify checks the signature (RS256 only, key chosen by the kid header,
// which must be known) and the claims: exp required, iss and aud equal to the
// issuer's, iat and nbf not in the future, and a subject present. Every
// failure wraps ErrInvalidToken.
func (t *TokenIssuer) Verify(token string) (AccessClaims, error) {
	if err := t.check(); err != nil {
		return AccessClaims{}, err
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(t.Issuer),
		jwt.WithAudience(t.Audience),
		jwt.WithLeeway(clockLeeway),
		jwt.WithTimeFunc(t.now),
		jwt.WithStrictDecoding(),
	)
	var claims AccessClaims
	_, err := parser.ParseWithClaims(token, &claims, t.keyFunc)
	if err == nil && claims.Subject == "" {
		err = errors.New("missing subject")
	}
	if err != nil {
		return AccessClaims{}, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	return claims, nil
}

// keyFunc picks the verification key by kid. Requiring a known kid (rather
// than trying every key) keeps verification to one RSA operation and makes a
// retired key stop working as soon as it is dropped from the set.
func (t *TokenIssuer) keyFunc(tok *jwt.Token) (any, error) {
	// Defence in depth: WithValidMethods already pins RS256, but never hand
	// an RSA public key to anything else (e.g. HMAC, the confusion attack).
	if _, ok := tok.Method.(*jwt.SigningMethodRSA); !ok {
		return nil, fmt.Errorf("unexpected signing method %q", tok.Method.Alg())
	}
	kid, ok := tok.Header["kid"].(string)
	if !ok || kid == "" {
		return nil, errors.New("missing kid")
	}
	pub, ok := t.Keys.publicKey(kid)
	if !ok {
		return nil, errors.New("unknown kid")
	}
	return pub, nil
}
