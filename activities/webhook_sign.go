package activities

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
)

// SignatureHeader carries a webhook's signature: t=<unix seconds>,v1=<hex
// HMAC-SHA256 of "<t>.<body>" keyed with the target's signing secret>.
// Receivers recompute it and reject old timestamps, so a captured request
// can be neither altered nor replayed later.
const SignatureHeader = "X-OpsManager-Signature"

// Signature signs body as sent at t.
func Signature(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// webhookAddress opens a webhook target's sealed URL and signing secret.
// A target stored before sealing carries its URL in clear and no secret.
func (n *Notifier) webhookAddress(t domain.Target) ([]address, *contract.Recipient) {
	a := address{channel: ChannelWebhook, target: t.URL, format: t.Format}
	if t.SealedURL == "" {
		return []address{a}, nil
	}
	fail := func(what string) ([]address, *contract.Recipient) {
		return nil, &contract.Recipient{Channel: ChannelWebhook, Target: t.URL, Status: RecipientFailed,
			Error: "the webhook's sealed " + what + " cannot be opened with this worker's ENCRYPTION_KEY"}
	}
	url, err := n.open(t.SealedURL)
	if err != nil {
		return fail("URL")
	}
	a.target = url
	if t.SealedSecret != "" {
		if a.secret, err = n.open(t.SealedSecret); err != nil {
			return fail("signing secret")
		}
	}
	return []address{a}, nil
}

func (n *Notifier) open(sealed string) (string, error) {
	if n.Box == nil {
		return "", errNoBox
	}
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return "", err
	}
	plain, err := n.Box.Open(raw)
	return string(plain), err
}

var errNoBox = errors.New("no vault key")
