package vault

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func newTestBox(t *testing.T) *Box {
	t.Helper()
	b, err := NewBox(NewKey())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSealOpenRoundTrip(t *testing.T) {
	b := newTestBox(t)
	for _, plain := range [][]byte{[]byte("ssh-password"), {}, bytes.Repeat([]byte{0xAB}, 10000)} {
		sealed, err := b.Seal(plain)
		if err != nil {
			t.Fatal(err)
		}
		if want := 1 + 24 + len(plain) + 16; len(sealed) != want {
			t.Errorf("sealed length = %d, want %d", len(sealed), want)
		}
		if sealed[0] != 1 {
			t.Errorf("version byte = %d, want 1", sealed[0])
		}
		got, err := b.Open(sealed)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if got == nil || !bytes.Equal(got, plain) {
			t.Errorf("Open = %q, want %q", got, plain)
		}
	}
}

func TestOpenRejectsAnyFlippedByte(t *testing.T) {
	b := newTestBox(t)
	sealed, err := b.Seal([]byte("top secret"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range sealed {
		tampered := bytes.Clone(sealed)
		tampered[i] ^= 0x01
		if _, err := b.Open(tampered); !errors.Is(err, ErrDecrypt) {
			t.Errorf("byte %d flipped: err = %v, want ErrDecrypt", i, err)
		}
	}
}

func TestOpenRejectsWrongKeyShortAndUnknownVersion(t *testing.T) {
	b, other := newTestBox(t), newTestBox(t)
	sealed, err := b.Seal([]byte("top secret"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Open(sealed); !errors.Is(err, ErrDecrypt) {
		t.Errorf("wrong key: err = %v, want ErrDecrypt", err)
	}
	for n := range 1 + 24 + 16 {
		if _, err := b.Open(sealed[:n]); !errors.Is(err, ErrDecrypt) {
			t.Errorf("truncated to %d: err = %v, want ErrDecrypt", n, err)
		}
	}
	v2 := bytes.Clone(sealed)
	v2[0] = 2
	if _, err := b.Open(v2); !errors.Is(err, ErrDecrypt) {
		t.Errorf("version 2: err = %v, want ErrDecrypt", err)
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	b := newTestBox(t)
	s1, _ := b.Seal([]byte("same"))
	s2, _ := b.Seal([]byte("same"))
	if bytes.Equal(s1[1:25], s2[1:25]) {
		t.Error("two seals used the same nonce")
	}
	if bytes.Equal(s1, s2) {
		t.Error("two seals of the same plaintext are identical")
	}
}

func TestNewBoxKeyLength(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := NewBox(make([]byte, n)); err == nil {
			t.Errorf("NewBox(%d bytes) succeeded", n)
		}
	}
}

func TestParseKey(t *testing.T) {
	key := NewKey()
	key[0], key[1] = 0xFB, 0xFF // make sure the std and url alphabets differ
	accepted := map[string]string{
		"std":         base64.StdEncoding.EncodeToString(key),
		"raw-url":     base64.RawURLEncoding.EncodeToString(key),
		"hex":         hex.EncodeToString(key),
		"hex upper":   strings.ToUpper(hex.EncodeToString(key)),
		"std newline": base64.StdEncoding.EncodeToString(key) + "\n",
	}
	for name, s := range accepted {
		got, err := ParseKey(s)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, key) {
			t.Errorf("%s: decoded a different key", name)
		}
	}

	rejected := map[string]string{
		"empty":      "",
		"31 bytes":   base64.StdEncoding.EncodeToString(key[:31]),
		"33 bytes":   base64.StdEncoding.EncodeToString(append(bytes.Clone(key), 7)),
		"hex 31":     hex.EncodeToString(key[:31]),
		"hex 33":     hex.EncodeToString(append(bytes.Clone(key), 7)),
		"garbage":    "hunter2-is-my-secret-password!!",
		"bad hex 64": strings.Repeat("zz", 32),
	}
	for name, s := range rejected {
		_, err := ParseKey(s)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if s != "" && strings.Contains(err.Error(), strings.TrimSpace(s)) {
			t.Errorf("%s: error echoes the key: %v", name, err)
		}
	}
}

func TestEnsureKeyFileCreatesOnceWithMode0600(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "vault.key")
	k1, err := EnsureKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != KeySize {
		t.Fatalf("key length = %d", len(k1))
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %o, want 600", perm)
	}
	dirInfo, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := dirInfo.Mode().Perm(); perm != 0o700 {
		t.Errorf("key dir mode = %o, want 700", perm)
	}
	k2, err := EnsureKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1, k2) {
		t.Error("second EnsureKeyFile returned a different key")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir has %d entries, want only the key (temp file left behind?)", len(entries))
	}
}

func TestEnsureKeyFileConcurrentCallersAgree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.key")
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k, err := EnsureKeyFile(path)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	for i := range keys {
		if !bytes.Equal(keys[i], keys[0]) {
			t.Fatalf("caller %d got a different key", i)
		}
	}
}

func TestEnsureKeyFileRejectsBadContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vault.key")
	if err := os.WriteFile(path, []byte("not-a-key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := EnsureKeyFile(path); err == nil {
		t.Error("accepted a key file with invalid content")
	}
	if data, _ := os.ReadFile(path); string(data) != "not-a-key" {
		t.Error("overwrote an existing key file")
	}
}
