package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode"
)

// opaqueTokenBytes is the entropy of an opaque token: 256 bits makes
// guessing hopeless, so a fast unsalted SHA-256 is a sufficient hash.
const opaqueTokenBytes = 32

// NewOpaqueToken returns a random bearer token (prefix followed by base64url
// of 32 random bytes) and its SHA-256 hash. Only the hash is stored, so a
// leaked database does not leak usable tokens; the prefix lets secret
// scanners and humans recognise the token type.
func NewOpaqueToken(prefix string) (token string, hash []byte) {
	b := make([]byte, opaqueTokenBytes)
	rand.Read(b) // never fails (crypto/rand crashes the program instead)
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashOpaqueToken(token)
}

// HashOpaqueToken returns the SHA-256 of token, for lookup by hash.
func HashOpaqueToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// recoveryEncoding spells codes in lowercase RFC 4648 base32 (a-z, 2-7):
// no case to get wrong, and no 0/1/8 to mistake for o/l/b.
var recoveryEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// recoveryCodeBytes gives 80 bits per code: 16 base32 characters exactly.
const recoveryCodeBytes = 10

// NewRecoveryCodes returns n distinct single-use recovery codes, formatted
// xxxx-xxxx-xxxx-xxxx for display, and their hashes (HashRecoveryCode) in the
// same order. Only the hashes are stored.
func NewRecoveryCodes(n int) (codes []string, hashes []string) {
	seen := make(map[string]bool, n)
	for len(codes) < n {
		b := make([]byte, recoveryCodeBytes)
		rand.Read(b)
		raw := recoveryEncoding.EncodeToString(b)
		if seen[raw] {
			continue // astronomically unlikely, but a duplicate would be one code
		}
		seen[raw] = true
		codes = append(codes, raw[0:4]+"-"+raw[4:8]+"-"+raw[8:12]+"-"+raw[12:16])
		hashes = append(hashes, HashRecoveryCode(raw))
	}
	return codes, hashes
}

// HashRecoveryCode returns the hex SHA-256 of code after normalising it
// (lowercase, spaces and dashes removed), so a code typed as "ABCD EFGH..."
// matches the one shown as "abcd-efgh-...". With 80 random bits per code an
// unsalted hash is enough.
func HashRecoveryCode(code string) string {
	norm := strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, code)
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}
