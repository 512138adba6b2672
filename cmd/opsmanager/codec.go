package main

import (
	"fmt"

	"github.com/opsmanager/opsmanager/config"
	"github.com/opsmanager/opsmanager/temporal"
	"github.com/opsmanager/opsmanager/vault"
)

// payloadCodec encrypts Temporal payloads with a key derived from
// ENCRYPTION_KEY, and opens those of ENCRYPTION_KEY_PREVIOUS too.
func payloadCodec(cfg config.Config) (*temporal.Codec, error) {
	key, err := encryptionKey(cfg)
	if err != nil {
		return nil, err
	}
	var previous [][]byte
	for i, raw := range cfg.EncryptionKeyPrevious {
		k, err := vault.ParseKey(raw)
		if err != nil {
			return nil, fmt.Errorf("ENCRYPTION_KEY_PREVIOUS (key %d): %w", i+1, err)
		}
		previous = append(previous, k)
	}
	return temporal.NewCodec(key, previous...)
}
