package auth

import (
	"bytes"
	"crypto/subtle"
	"fmt"
	"image/png"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters: the RFC 6238 defaults every authenticator app supports.
const (
	totpPeriod = 30 // seconds
	totpDigits = otp.DigitsSix
	qrSize     = 256 // pixels
)

// TOTP enrols and checks time-based one-time passwords (RFC 6238: SHA-1,
// 6 digits, 30-second steps). Issuer is shown in authenticator apps; Now
// defaults to time.Now.
type TOTP struct {
	Issuer string
	Now    func() time.Time
}

// Generate creates a new random secret for account and returns it (base32),
// the otpauth:// URL for authenticator apps and that URL as a 256x256 QR code
// PNG. The secret must be stored encrypted; it is the whole second factor.
func (t TOTP) Generate(account string) (secret, otpauthURL string, qrPNG []byte, err error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      t.Issuer,
		AccountName: account,
		Period:      totpPeriod,
		Digits:      totpDigits,
		Algorithm:   otp.AlgorithmSHA1,
	})
	if err != nil {
		return "", "", nil, fmt.Errorf("auth: generate totp key: %w", err)
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return "", "", nil, fmt.Errorf("auth: render totp qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", "", nil, fmt.Errorf("auth: encode totp qr code: %w", err)
	}
	return key.Secret(), key.URL(), buf.Bytes(), nil
}

// Validate checks code against the steps now-1, now and now+1 (tolerating
// 30 s of clock drift either way) and returns the matching step. Steps at or
// before lastStep are never accepted: the caller stores the returned step, so
// each code works once and a code observed in transit cannot be replayed, nor
// can an older code be used after a newer one. lastStep is 0 for a user who
// has not used a code yet.
func (t TOTP) Validate(secret, code string, lastStep int64) (step int64, ok bool) {
	if !isDigits(code, totpDigits.Length()) {
		return 0, false
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	current := now().Unix() / totpPeriod
	opts := hotp.ValidateOpts{Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}
	// Check all three steps without stopping early so the time taken does
	// not depend on which step (if any) matched.
	for s := current - 1; s <= current+1; s++ {
		want, err := hotp.GenerateCodeCustom(secret, uint64(max(s, 0)), opts)
		if err != nil {
			return 0, false // secret is not valid base32
		}
		match := subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
		if match && s > lastStep && !ok {
			step, ok = s, true
		}
	}
	return step, ok
}

// isDigits reports whether s is exactly n ASCII digits.
func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
