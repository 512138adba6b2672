package temporal_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"

	"github.com/opsmanager/opsmanager/temporal"
	"github.com/opsmanager/opsmanager/vault"
)

func newKey(t *testing.T) []byte {
	return vault.NewKey()
}

func payload(t *testing.T, v any) *commonpb.Payload {
	p, err := converter.GetDefaultDataConverter().ToPayload(v)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Sealed payloads hold no plaintext and open to the original; a history
// recorded before the codec (plain payloads) decodes unchanged.
func TestCodecSealsAndOpensAndPassesPlainPayloadsThrough(t *testing.T) {
	c, err := temporal.NewCodec(newKey(t))
	if err != nil {
		t.Fatal(err)
	}
	secret := "rm -rf / on db-7 for incident Checkout down"
	sealed, err := c.Encode([]*commonpb.Payload{payload(t, map[string]string{"title": secret})})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed[0].Data, []byte("Checkout")) || string(sealed[0].Metadata["encoding"]) != temporal.EncodingEncrypted ||
		string(sealed[0].Metadata[temporal.MetadataKeyID]) != c.KeyID() {
		t.Fatalf("sealed payload %v", sealed[0])
	}
	opened, err := c.Decode(sealed)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := converter.GetDefaultDataConverter().FromPayload(opened[0], &got); err != nil || got["title"] != secret {
		t.Fatalf("opened %v, %v", got, err)
	}
	twice, err := c.Encode(sealed)
	if err != nil || twice[0] != sealed[0] {
		t.Fatalf("encoding a sealed payload again changed it: %v", err)
	}
	plain := payload(t, "recorded before the codec")
	passed, err := c.Decode([]*commonpb.Payload{plain})
	if err != nil || passed[0] != plain {
		t.Fatalf("a plain payload did not pass through: %v %v", passed, err)
	}
}

// After a key rotation the new key seals, and the old one still opens what
// it sealed; a payload of a key never configured is an error.
func TestCodecRotatesKeys(t *testing.T) {
	oldKey, newKeyBytes := newKey(t), newKey(t)
	before, _ := temporal.NewCodec(oldKey)
	after, err := temporal.NewCodec(newKeyBytes, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if before.KeyID() == after.KeyID() {
		t.Fatal("two keys share an ID")
	}
	old, _ := before.Encode([]*commonpb.Payload{payload(t, "sealed before the rotation")})
	if _, err := after.Decode(old); err != nil {
		t.Fatalf("the rotated codec cannot open an old payload: %v", err)
	}
	fresh, _ := after.Encode([]*commonpb.Payload{payload(t, "x")})
	if string(fresh[0].Metadata[temporal.MetadataKeyID]) != after.KeyID() {
		t.Fatal("the new key does not seal")
	}
	if _, err := before.Decode(fresh); !errors.Is(err, temporal.ErrUnknownKey) {
		t.Fatalf("a codec without the new key: %v, want ErrUnknownKey", err)
	}
}

func TestCodecRefusesTamperedPayloadsAndBadKeys(t *testing.T) {
	c, _ := temporal.NewCodec(newKey(t))
	sealed, _ := c.Encode([]*commonpb.Payload{payload(t, "amount: 10")})
	sealed[0].Data[len(sealed[0].Data)-1] ^= 1
	if _, err := c.Decode(sealed); err == nil || !strings.Contains(err.Error(), "tampered") {
		t.Fatalf("tampered payload: %v", err)
	}
	if _, err := temporal.NewCodec([]byte("short")); err == nil {
		t.Fatal("a 5-byte key was accepted")
	}
}

// No OpsManager client dials Temporal without the codec.
func TestDialRefusesToGoWithoutACodec(t *testing.T) {
	if _, err := temporal.Dial(context.Background(), temporal.Options{Address: "127.0.0.1:1"}); err == nil || !strings.Contains(err.Error(), "codec") {
		t.Fatalf("Dial without a codec: %v", err)
	}
}
