package vault

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ParseKey decodes an ENCRYPTION_KEY value: base64 (standard or URL alphabet,
// padded or not) of 32 bytes, or 64 hex characters. Surrounding whitespace is
// ignored. Errors never include the value, since it is a secret and error
// messages end up in logs.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("vault: encryption key is empty")
	}
	if len(s) == 2*KeySize {
		if key, err := hex.DecodeString(s); err == nil {
			return key, nil
		}
	}
	decoded := false
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	} {
		key, err := enc.Strict().DecodeString(s)
		if err != nil {
			continue
		}
		if len(key) == KeySize {
			return key, nil
		}
		decoded = true
	}
	if decoded {
		return nil, fmt.Errorf("vault: encryption key must decode to %d bytes", KeySize)
	}
	return nil, fmt.Errorf("vault: encryption key must be base64 of %d bytes or %d hex characters",
		KeySize, 2*KeySize)
}

// NewKey returns a fresh random key of KeySize bytes. (crypto/rand.Read
// cannot fail: the runtime aborts if the system's source of randomness does.)
func NewKey() []byte {
	key := make([]byte, KeySize)
	_, _ = rand.Read(key)
	return key
}

// EnsureKeyFile returns the key stored (base64) in path, creating the file
// with a fresh random key if it does not exist. It is meant for development,
// where nobody sets ENCRYPTION_KEY; production should pass the key explicitly.
// The file is created 0600 and missing parent directories 0700.
func EnsureKeyFile(path string) ([]byte, error) {
	key, err := readKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	key = NewKey()
	data := []byte(base64.StdEncoding.EncodeToString(key) + "\n")
	err = writeFileExclusive(path, data)
	if errors.Is(err, fs.ErrExist) {
		// Another process (e.g. the worker starting beside the API) won the
		// race: use its key, or the two would encrypt with different keys.
		return readKeyFile(path)
	}
	if err != nil {
		return nil, err
	}
	return key, nil
}

func readKeyFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("vault: read key file: %w", err)
	}
	key, err := ParseKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return key, nil
}

// writeFileExclusive writes data to a temporary file and hard-links it into
// place, so that path either does not exist or holds the complete content: a
// concurrent reader never sees a half-written key, and an existing file is
// never overwritten (fs.ErrExist is returned instead).
func writeFileExclusive(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("vault: create key dir: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-key-*") // CreateTemp uses mode 0600
	if err != nil {
		return fmt.Errorf("vault: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("vault: write key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("vault: sync key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("vault: close key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("vault: install key file: %w", err)
	}
	return nil
}
