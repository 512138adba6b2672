package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// rsaKeyBits is the size of generated signing keys; 2048 is the RS256
// minimum and what JWT libraries and verifiers universally accept.
const (
	rsaKeyBits    = 2048
	minRSAKeyBits = 2048
)

// KeySet holds the RSA key that signs access tokens and the public keys,
// indexed by kid, that verify them. Keeping retired public keys lets tokens
// signed before a key rotation stay valid until they expire.
// A KeySet is immutable and safe for concurrent use.
type KeySet struct {
	signer     *rsa.PrivateKey
	signingKID string
	public     map[string]*rsa.PublicKey
}

// GenerateKeyFile writes a new RSA private key to path as PKCS#8 PEM, mode
// 0600, creating missing parent directories 0700. It refuses to overwrite an
// existing file (the error wraps fs.ErrExist): losing a signing key logs
// everybody out, so replacing one must be a deliberate act.
func GenerateKeyFile(path string) error {
	key, err := rsa.GenerateKey(rand.Reader, rsaKeyBits)
	if err != nil {
		return fmt.Errorf("auth: generate rsa key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("auth: marshal rsa key: %w", err)
	}
	return writeFileExclusive(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// EnsureDevKey creates a signing key at path unless a file is already there.
// It is meant for development; production mounts a managed key.
func EnsureDevKey(path string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	err := GenerateKeyFile(path)
	if errors.Is(err, fs.ErrExist) {
		return nil // created concurrently by another process
	}
	return err
}

// LoadKeySet reads the signing key (PEM private key, PKCS#8 or PKCS#1) and
// any number of extra verification keys: PEM public keys (PKIX or PKCS#1) or
// private keys, of which only the public part is kept. Extra keys are the
// previous signing keys during a rotation.
func LoadKeySet(signingKeyFile string, extraPublicKeyFiles ...string) (*KeySet, error) {
	priv, err := readPrivateKey(signingKeyFile)
	if err != nil {
		return nil, err
	}
	ks := &KeySet{signer: priv, public: map[string]*rsa.PublicKey{}}
	if ks.signingKID, err = ks.add(&priv.PublicKey); err != nil {
		return nil, err
	}
	for _, f := range extraPublicKeyFiles {
		pub, err := readPublicKey(f)
		if err != nil {
			return nil, err
		}
		if _, err := ks.add(pub); err != nil {
			return nil, err
		}
	}
	return ks, nil
}

// SigningKID returns the kid of the signing key.
func (k *KeySet) SigningKID() string { return k.signingKID }

// publicKey returns the verification key for kid, if known.
func (k *KeySet) publicKey(kid string) (*rsa.PublicKey, bool) {
	pub, ok := k.public[kid]
	return pub, ok
}

func (k *KeySet) add(pub *rsa.PublicKey) (string, error) {
	if pub.N.BitLen() < minRSAKeyBits {
		return "", fmt.Errorf("auth: rsa key has %d bits, need at least %d", pub.N.BitLen(), minRSAKeyBits)
	}
	kid, err := keyID(pub)
	if err != nil {
		return "", err
	}
	k.public[kid] = pub
	return kid, nil
}

// keyID derives the kid from the key itself (first 16 characters of
// base64url(sha256(PKIX DER))), so it is stable across restarts and replicas
// without any configuration, and changes exactly when the key changes.
func keyID(pub *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("auth: marshal public key: %w", err)
	}
	sum := sha256.Sum256(der)
	return base64.RawURLEncoding.EncodeToString(sum[:])[:16], nil
}

func readPEM(path string) (*pem.Block, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth: read key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("auth: key file %s: no PEM block", path)
	}
	return block, nil
}

func readPrivateKey(path string) (*rsa.PrivateKey, error) {
	block, err := readPEM(path)
	if err != nil {
		return nil, err
	}
	key, err := parsePrivateKey(block)
	if err != nil {
		return nil, fmt.Errorf("auth: key file %s: %w", path, err)
	}
	return key, nil
}

func parsePrivateKey(block *pem.Block) (*rsa.PrivateKey, error) {
	switch block.Type {
	case "PRIVATE KEY":
		key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, err
		}
		rsaKey, ok := key.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("not an RSA key (%T)", key)
		}
		return rsaKey, nil
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(block.Bytes)
	}
	return nil, fmt.Errorf("unexpected PEM block %q", block.Type)
}

func readPublicKey(path string) (*rsa.PublicKey, error) {
	block, err := readPEM(path)
	if err != nil {
		return nil, err
	}
	var pub any
	switch block.Type {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(block.Bytes)
	default:
		var priv *rsa.PrivateKey
		if priv, err = parsePrivateKey(block); err == nil {
			pub = &priv.PublicKey
		}
	}
	if err != nil {
		return nil, fmt.Errorf("auth: key file %s: %w", path, err)
	}
	rsaPub, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("auth: key file %s: not an RSA public key (%T)", path, pub)
	}
	return rsaPub, nil
}

// writeFileExclusive writes data to a temporary file and hard-links it into
// place, so that path either does not exist or holds the complete content:
// a concurrent reader never sees a half-written key, and an existing file is
// never overwritten (fs.ErrExist is returned instead).
func writeFileExclusive(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("auth: create key dir: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-key-*") // CreateTemp uses mode 0600
	if err != nil {
		return fmt.Errorf("auth: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("auth: write key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("auth: install key file: %w", err)
	}
	return nil
}
