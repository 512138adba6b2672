// Package auth provides the cryptographic building blocks of identity and
// access: password hashing, RS256 access tokens, TOTP, opaque API tokens and
// recovery codes. It holds no state beyond keys and knows nothing of storage.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are the argon2id cost parameters.
type PasswordParams struct {
	Memory      uint32 // KiB
	Iterations  uint32
	Parallelism uint8
	SaltLen     uint32 // bytes
	KeyLen      uint32 // bytes
}

// DefaultPasswordParams follow the OWASP password storage recommendation for
// argon2id (19 MiB, 2 iterations, 1 lane).
var DefaultPasswordParams = PasswordParams{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32}

// ErrMalformedHash is returned by Verify when the stored hash is not an
// argon2id PHC string this package can check.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// Bounds on parameters read from a stored hash: a corrupted or hostile row
// must not make one login allocate gigabytes or spin for minutes.
const (
	maxMemoryKiB  = 1 << 20 // 1 GiB
	maxIterations = 64
	minSaltLen    = 8
	maxSaltLen    = 64
	minKeyLen     = 16
	maxKeyLen     = 128
)

// dummySalt salts VerifyDummy; its value is irrelevant, only the cost matters.
var dummySalt = make([]byte, 64)

// Hasher hashes and verifies passwords with argon2id. Each hash allocates
// Memory KiB, so a semaphore caps how many run at once: a burst of logins
// queues instead of exhausting memory.
type Hasher struct {
	params PasswordParams
	slots  chan struct{}
	// Wait bounds how long a hash waits for a free slot before ErrBusy
	// (0: wait as long as the context allows). A flood of sign-ins then
	// fails fast with 503 instead of queueing every real user behind it.
	Wait time.Duration
}

// ErrBusy is returned when no hashing slot became free within Hasher.Wait.
var ErrBusy = errors.New("auth: password hashing is busy")

// Hold takes one hashing slot and keeps it until release is called, as a
// hash would. Tests use it to saturate the queue deterministically.
func (h *Hasher) Hold(ctx context.Context) (release func(), err error) {
	if err := h.acquire(ctx); err != nil {
		return nil, err
	}
	return func() { <-h.slots }, nil
}

func (h *Hasher) acquire(ctx context.Context) error {
	var deadline <-chan time.Time
	if h.Wait > 0 {
		t := time.NewTimer(h.Wait)
		defer t.Stop()
		deadline = t.C
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-deadline:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

// NewHasher returns a Hasher using p for new hashes and running at most
// maxConcurrent hashes at a time (values below 1 mean 1).
func NewHasher(p PasswordParams, maxConcurrent int) *Hasher {
	return &Hasher{params: p, slots: make(chan struct{}, max(maxConcurrent, 1))}
}

// Hash returns the PHC string of password under a fresh random salt.
// It waits for a free slot, or returns ctx.Err().
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: read salt: %w", err)
	}
	key, err := h.derive(ctx, password, salt, h.params)
	if err != nil {
		return "", err
	}
	return encodePHC(h.params, salt, key), nil
}

// Verify reports whether password matches the encoded PHC string. The hash
// comparison is constant-time. needsRehash is true when the password matched
// but was stored with parameters other than h's, so the caller should store a
// fresh Hash (only possible now, while it holds the plaintext). A malformed
// encoded hash yields ErrMalformedHash; waiting for a slot honours ctx.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (ok, needsRehash bool, err error) {
	p, salt, want, err := decodePHC(encoded)
	if err != nil {
		return false, false, err
	}
	got, err := h.derive(ctx, password, salt, p)
	if err != nil {
		return false, false, err
	}
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != h.params, nil
}

// VerifyDummy spends the same time and memory as verifying a hash made with
// h's parameters, so a login for an unknown user takes as long as one for a
// known user and response times do not reveal which accounts exist. It
// fails like Verify when no slot is free (ErrBusy) or ctx ends.
func (h *Hasher) VerifyDummy(ctx context.Context, password string) error {
	salt := dummySalt[:min(int(h.params.SaltLen), len(dummySalt))]
	got, err := h.derive(ctx, password, salt, h.params)
	if err != nil {
		return err
	}
	// Mirror Verify's comparison so the two paths do the same work.
	subtle.ConstantTimeCompare(got, got)
	return nil
}

func (h *Hasher) derive(ctx context.Context, password string, salt []byte, p PasswordParams) ([]byte, error) {
	if err := h.acquire(ctx); err != nil {
		return nil, err
	}
	defer func() { <-h.slots }()
	return argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLen), nil
}

var b64 = base64.RawStdEncoding

func encodePHC(p PasswordParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Iterations, p.Parallelism, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodePHC parses "$argon2id$v=19$m=M,t=T,p=P$salt$hash". Only this exact
// shape is accepted (no optional keyid/data fields, no argon2i/argon2d), which
// is what the reference implementation and libsodium produce.
func decodePHC(s string) (p PasswordParams, salt, key []byte, err error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version ||
		parts[2] != fmt.Sprintf("v=%d", version) {
		return p, nil, nil, ErrMalformedHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Iterations, &p.Parallelism); err != nil ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Iterations, p.Parallelism) {
		// The round-trip check rejects trailing junk, signs and leading zeros.
		return p, nil, nil, ErrMalformedHash
	}
	salt, err1 := b64.Strict().DecodeString(parts[4])
	key, err2 := b64.Strict().DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return p, nil, nil, ErrMalformedHash
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if p.Memory < 8*uint32(p.Parallelism) || p.Memory > maxMemoryKiB ||
		p.Iterations < 1 || p.Iterations > maxIterations || p.Parallelism < 1 ||
		p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen || p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen {
		return p, nil, nil, ErrMalformedHash
	}
	return p, salt, key, nil
}

// Password policy bounds, in characters (runes). Length is what makes a
// password strong, so there are no composition rules (NIST SP 800-63B).
const (
	MinPasswordLen = 12
	MaxPasswordLen = 128
)

// ValidatePassword checks a new password against the policy: 12 to 128
// characters, valid UTF-8, not only whitespace. The message says what is wrong
// and is safe to show to the user.
func ValidatePassword(pw string) error {
	if !utf8.ValidString(pw) {
		return errors.New("password must be valid UTF-8 text")
	}
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return fmt.Errorf("password must be at least %d characters (got %d)", MinPasswordLen, n)
	case n > MaxPasswordLen:
		return fmt.Errorf("password must be at most %d characters (got %d)", MaxPasswordLen, n)
	case strings.TrimFunc(pw, unicode.IsSpace) == "":
		return errors.New("password must not be only whitespace")
	}
	return nil
}
