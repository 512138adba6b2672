package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func writePEM(t *testing.T, typ string, der []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSigningKIDIsDerivedFromPublicKey(t *testing.T) {
	ks := loadKeys(t, 0)
	der, err := x509.MarshalPKIXPublicKey(&ks.signer.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(der)
	if want := base64.RawURLEncoding.EncodeToString(sum[:])[:16]; ks.SigningKID() != want {
		t.Errorf("kid = %q, want %q", ks.SigningKID(), want)
	}
	if again := loadKeys(t, 0); again.SigningKID() != ks.SigningKID() {
		t.Error("kid changed between loads of the same key")
	}
	if loadKeys(t, 1).SigningKID() == ks.SigningKID() {
		t.Error("two keys share a kid")
	}
}

func TestRotationOldTokensStillVerify(t *testing.T) {
	files, _ := keyFiles()
	oldKS := loadKeys(t, 1)
	oldTok, _, err := newIssuer(oldKS, t0).Issue("user-1", "s", false)
	if err != nil {
		t.Fatal(err)
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(&oldKS.signer.PublicKey)
	extras := map[string]string{
		"old private key file": files[1],
		"old public key file":  writePEM(t, "PUBLIC KEY", pubDER),
		"old PKCS#1 public":    writePEM(t, "RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&oldKS.signer.PublicKey)),
	}
	for name, extra := range extras {
		newIt := newIssuer(loadKeys(t, 0, extra), t0)
		if _, err := newIt.Verify(oldTok); err != nil {
			t.Errorf("%s: old token rejected: %v", name, err)
		}
		newTok, claims, err := newIt.Issue("user-1", "s", false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := newIt.Verify(newTok); err != nil || claims.Subject != "user-1" {
			t.Errorf("%s: new token rejected: %v", name, err)
		}
		if newIt.Keys.SigningKID() == oldKS.SigningKID() {
			t.Errorf("%s: signing kid is still the old one", name)
		}
		// The old issuer does not know the new key: proves the new token
		// really is signed with the new kid/key.
		if _, err := newIssuer(oldKS, t0).Verify(newTok); !errors.Is(err, ErrInvalidToken) {
			t.Errorf("%s: old key set accepted a new token", name)
		}
	}
	if _, err := newIssuer(loadKeys(t, 0), t0).Verify(oldTok); !errors.Is(err, ErrInvalidToken) {
		t.Error("old token still verifies after the old key was dropped")
	}
}

func TestGenerateKeyFileModeAndNoOverwrite(t *testing.T) {
	files, _ := keyFiles()
	info, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %o, want 600", perm)
	}
	if dirInfo, _ := os.Stat(filepath.Dir(files[0])); dirInfo.Mode().Perm() != 0o700 {
		t.Errorf("key dir mode = %o, want 700", dirInfo.Mode().Perm())
	}
	block, _ := readPEM(files[0])
	if block.Type != "PRIVATE KEY" {
		t.Errorf("PEM type = %q, want PKCS#8 PRIVATE KEY", block.Type)
	}
	before, _ := os.ReadFile(files[0])
	if err := GenerateKeyFile(files[0]); !errors.Is(err, fs.ErrExist) {
		t.Errorf("GenerateKeyFile over an existing key: err = %v, want fs.ErrExist", err)
	}
	if err := EnsureDevKey(files[0]); err != nil {
		t.Errorf("EnsureDevKey on an existing key: %v", err)
	}
	if after, _ := os.ReadFile(files[0]); string(after) != string(before) {
		t.Error("existing key file was modified")
	}
}

func TestEnsureDevKeyCreatesMissingKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dev", "jwt.pem")
	if err := EnsureDevKey(path); err != nil {
		t.Fatal(err)
	}
	ks, err := LoadKeySet(path)
	if err != nil {
		t.Fatal(err)
	}
	it := &TokenIssuer{Keys: ks, Issuer: "i", Audience: "a", TTL: time.Minute}
	tok, _, err := it.Issue("u", "", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := it.Verify(tok); err != nil {
		t.Errorf("token from dev key rejected: %v", err)
	}
}

func TestLoadKeySetRejectsBadFiles(t *testing.T) {
	files, _ := keyFiles()
	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	ecPubDER, _ := x509.MarshalPKIXPublicKey(&ec.PublicKey)
	notPEM := filepath.Join(t.TempDir(), "x.pem")
	os.WriteFile(notPEM, []byte("hello"), 0o600)

	signing := map[string]string{
		"missing file":   filepath.Join(t.TempDir(), "nope.pem"),
		"not PEM":        notPEM,
		"1024-bit RSA":   writePEM(t, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(small)),
		"EC key":         writePEM(t, "PRIVATE KEY", ecDER),
		"public only":    writePEM(t, "PUBLIC KEY", ecPubDER),
		"corrupt PKCS#8": writePEM(t, "PRIVATE KEY", []byte{1, 2, 3}),
	}
	for name, f := range signing {
		if _, err := LoadKeySet(f); err == nil {
			t.Errorf("signing key %s: accepted", name)
		}
	}
	extra := map[string]string{
		"missing file": filepath.Join(t.TempDir(), "nope.pem"),
		"EC public":    writePEM(t, "PUBLIC KEY", ecPubDER),
		"certificate":  writePEM(t, "CERTIFICATE", []byte{1, 2, 3}),
	}
	for name, f := range extra {
		if _, err := LoadKeySet(files[0], f); err == nil {
			t.Errorf("extra key %s: accepted", name)
		}
	}
}
