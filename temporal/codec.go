package temporal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

// Metadata of an encrypted payload.
const (
	// EncodingEncrypted marks a payload whose Data is another payload,
	// serialised and sealed with AES-256-GCM.
	EncodingEncrypted = "binary/encrypted"
	// MetadataKeyID names the key that sealed the payload, so keys rotate:
	// the current key seals, every configured key opens.
	MetadataKeyID = "encryption-key-id"
	// MetadataCipher is the algorithm, for whoever reads the history.
	MetadataCipher = "encryption-cipher"
	cipherName     = "AES-256-GCM"
)

// ErrUnknownKey is a payload sealed with a key this process does not have.
var ErrUnknownKey = errors.New("payload sealed with an unknown key")

// Codec encrypts every payload OpsManager puts into Temporal — workflow and
// activity inputs and results, signals, queries, memos — so history holds
// no plaintext parameters, addresses or command output. Payloads that are
// not encrypted (histories recorded before the codec) decode unchanged.
type Codec struct {
	currentID string
	keys      map[string]cipher.AEAD
}

var _ converter.PayloadCodec = (*Codec)(nil)

// NewCodec derives the payload keys from vault keys (ENCRYPTION_KEY and the
// keys it replaced): each is stretched with HKDF for this one use, so the
// credential vault's key is never used raw. The first key seals.
func NewCodec(current []byte, previous ...[]byte) (*Codec, error) {
	c := &Codec{keys: map[string]cipher.AEAD{}}
	for i, vaultKey := range append([][]byte{current}, previous...) {
		id, aead, err := deriveKey(vaultKey)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			c.currentID = id
		}
		c.keys[id] = aead
	}
	return c, nil
}

// KeyID is the ID of the key that seals new payloads.
func (c *Codec) KeyID() string { return c.currentID }

func deriveKey(vaultKey []byte) (string, cipher.AEAD, error) {
	if len(vaultKey) != 32 {
		return "", nil, fmt.Errorf("payload codec: key must be 32 bytes, not %d", len(vaultKey))
	}
	key, err := hkdf.Key(sha256.New, vaultKey, nil, "opsmanager temporal payload codec v1", 32)
	if err != nil {
		return "", nil, err
	}
	sum := sha256.Sum256(append([]byte("key id "), key...))
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", nil, err
	}
	aead, err := cipher.NewGCM(block)
	return hex.EncodeToString(sum[:6]), aead, err
}

// Encode seals each payload with the current key.
func (c *Codec) Encode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	aead := c.keys[c.currentID]
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) == EncodingEncrypted {
			out[i] = p // sealed already (a payload passed through twice)
			continue
		}
		plain, err := proto.Marshal(p)
		if err != nil {
			return nil, fmt.Errorf("payload codec: %w", err)
		}
		nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
		if _, err := rand.Read(nonce); err != nil {
			return nil, fmt.Errorf("payload codec: %w", err)
		}
		out[i] = &commonpb.Payload{
			Metadata: map[string][]byte{
				converter.MetadataEncoding: []byte(EncodingEncrypted),
				MetadataKeyID:              []byte(c.currentID),
				MetadataCipher:             []byte(cipherName),
			},
			Data: aead.Seal(nonce, nonce, plain, []byte(c.currentID)),
		}
	}
	return out, nil
}

// Decode opens encrypted payloads and passes any other payload through.
func (c *Codec) Decode(payloads []*commonpb.Payload) ([]*commonpb.Payload, error) {
	out := make([]*commonpb.Payload, len(payloads))
	for i, p := range payloads {
		if string(p.GetMetadata()[converter.MetadataEncoding]) != EncodingEncrypted {
			out[i] = p
			continue
		}
		id := string(p.Metadata[MetadataKeyID])
		aead, ok := c.keys[id]
		if !ok {
			return nil, fmt.Errorf("payload codec: key %q: %w", id, ErrUnknownKey)
		}
		if len(p.Data) < aead.NonceSize() {
			return nil, errors.New("payload codec: encrypted payload too short")
		}
		nonce, sealed := p.Data[:aead.NonceSize()], p.Data[aead.NonceSize():]
		plain, err := aead.Open(nil, nonce, sealed, []byte(id))
		if err != nil {
			return nil, fmt.Errorf("payload codec: payload does not open with key %s (tampered or corrupt)", id)
		}
		var decoded commonpb.Payload
		if err := proto.Unmarshal(plain, &decoded); err != nil {
			return nil, fmt.Errorf("payload codec: %w", err)
		}
		out[i] = &decoded
	}
	return out, nil
}
