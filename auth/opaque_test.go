package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
)

func TestNewOpaqueToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok, hash := NewOpaqueToken("omt_")
		if !strings.HasPrefix(tok, "omt_") {
			t.Fatalf("token %q lacks prefix", tok)
		}
		raw, err := base64.RawURLEncoding.Strict().DecodeString(strings.TrimPrefix(tok, "omt_"))
		if err != nil || len(raw) != 32 {
			t.Fatalf("token body is not base64url of 32 bytes: %q, %v", tok, err)
		}
		if seen[tok] {
			t.Fatalf("duplicate token %q", tok)
		}
		seen[tok] = true
		sum := sha256.Sum256([]byte(tok))
		if !bytes.Equal(hash, sum[:]) || !bytes.Equal(HashOpaqueToken(tok), hash) {
			t.Fatal("hash is not sha256 of the whole token, or not stable")
		}
	}
	if bytes.Equal(HashOpaqueToken("omt_a"), HashOpaqueToken("omt_b")) {
		t.Error("different tokens hash alike")
	}
}

func TestNewRecoveryCodes(t *testing.T) {
	codes, hashes := NewRecoveryCodes(10)
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("got %d codes, %d hashes", len(codes), len(hashes))
	}
	format := regexp.MustCompile(`^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$`)
	seen := map[string]bool{}
	for i, c := range codes {
		if !format.MatchString(c) {
			t.Errorf("code %q has the wrong format", c)
		}
		if seen[c] {
			t.Errorf("duplicate code %q", c)
		}
		seen[c] = true
		if HashRecoveryCode(c) != hashes[i] {
			t.Errorf("hash %d does not match its code", i)
		}
		if _, err := hex.DecodeString(hashes[i]); err != nil || len(hashes[i]) != 64 {
			t.Errorf("hash %q is not hex sha256", hashes[i])
		}
	}
	if c, h := NewRecoveryCodes(0); len(c) != 0 || len(h) != 0 {
		t.Error("NewRecoveryCodes(0) returned codes")
	}
}

func TestHashRecoveryCodeNormalises(t *testing.T) {
	want := HashRecoveryCode("abcd-efgh-ijkl-mnop")
	sum := sha256.Sum256([]byte("abcdefghijklmnop"))
	if want != hex.EncodeToString(sum[:]) {
		t.Fatal("hash is not hex sha256 of the normalised code")
	}
	for _, typed := range []string{
		"ABCD EFGH-IJKL-MNOP", "abcdefghijklmnop", " abcd efgh ijkl mnop\n", "ABCD-efgh--ijkl-mnop", "AbCd\tEfGh IjKl MnOp",
	} {
		if got := HashRecoveryCode(typed); got != want {
			t.Errorf("%q does not match", typed)
		}
	}
	for _, other := range []string{"abcd-efgh-ijkl-mnoq", "abcd-efgh-ijkl-mno", "abcd_efgh_ijkl_mnop", ""} {
		if HashRecoveryCode(other) == want {
			t.Errorf("%q matches", other)
		}
	}
}
