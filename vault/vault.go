// Package vault encrypts credentials at rest with NaCl secretbox
// (XSalsa20-Poly1305, the same construction as libsodium's crypto_secretbox).
//
// A sealed value is: 1 version byte || 24-byte random nonce || secretbox output.
// The version byte lets a later format (another cipher, a key id) coexist with
// rows written today without guessing from lengths.
package vault

import (
	"crypto/rand"
	"errors"
	"fmt"

	"golang.org/x/crypto/nacl/secretbox"
)

// KeySize is the length in bytes of a vault key.
const KeySize = 32

const (
	formatV1  byte = 1
	nonceSize      = 24
	headerLen      = 1 + nonceSize
)

// ErrDecrypt is returned by Open for any sealed value that cannot be opened:
// tampered, sealed with another key, truncated or of an unknown version.
// The causes are deliberately not distinguished so callers cannot leak them.
var ErrDecrypt = errors.New("vault: cannot decrypt value")

// Box seals and opens values with one 32-byte key. It is safe for concurrent use.
type Box struct {
	key [KeySize]byte
}

// NewBox returns a Box for key, which must be exactly KeySize bytes.
// The key is copied, so the caller may wipe its slice afterwards.
func NewBox(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("vault: key must be %d bytes, got %d", KeySize, len(key))
	}
	b := &Box{}
	copy(b.key[:], key)
	return b, nil
}

// Seal encrypts and authenticates plaintext under a fresh random nonce.
// Random 24-byte nonces are safe for XSalsa20: collisions are negligible
// even after billions of seals with one key.
func (b *Box) Seal(plaintext []byte) ([]byte, error) {
	out := make([]byte, headerLen, headerLen+len(plaintext)+secretbox.Overhead)
	out[0] = formatV1
	var nonce [nonceSize]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("vault: read nonce: %w", err)
	}
	copy(out[1:], nonce[:])
	return secretbox.Seal(out, plaintext, &nonce, &b.key), nil
}

// Open authenticates and decrypts a value produced by Seal. Any failure is
// reported as ErrDecrypt.
func (b *Box) Open(sealed []byte) ([]byte, error) {
	if len(sealed) < headerLen+secretbox.Overhead || sealed[0] != formatV1 {
		return nil, ErrDecrypt
	}
	var nonce [nonceSize]byte
	copy(nonce[:], sealed[1:headerLen])
	plain, ok := secretbox.Open(nil, sealed[headerLen:], &nonce, &b.key)
	if !ok {
		return nil, ErrDecrypt
	}
	if plain == nil {
		// An empty plaintext opens as nil; return a non-nil empty slice so
		// callers can tell "decrypted to empty" from "no value".
		plain = []byte{}
	}
	return plain, nil
}
