package activities_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/domain"
)

// verify is what a receiver does with X-OpsManager-Signature: recompute
// the HMAC over "<t>.<body>" and refuse a timestamp older than maxAge.
func verify(header, secret string, body []byte, now time.Time, maxAge time.Duration) bool {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || now.Sub(time.Unix(unix, 0)) > maxAge {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "." + string(body)))
	want := hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(sig), []byte(want))
}

// M6 + HMAC: a sealed webhook target is delivered to its real URL, signed
// with its secret; the signature verifies with that secret only, and not
// once the body is altered or the timestamp is old.
func TestSealedWebhookIsDeliveredAndSigned(t *testing.T) {
	t.Parallel()
	f := newNotifyFixture(t, nil, loopback)
	box := newBox(t)
	f.n.Box = box
	hook := newHookServer(t, 204)
	seal := func(s string) string {
		b, err := box.Seal([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return base64.StdEncoding.EncodeToString(b)
	}
	secret := "whsec_test-secret"
	target := domain.Target{Type: domain.TargetWebhook, URL: domain.MaskURL(hook.URL), SealedURL: seal(hook.URL + "/hooks/pager?token=s3cret"),
		SealedSecret: seal(secret)}
	res, err := runNotify(t, f.n, f.input("page-1", target))
	if err != nil || len(res.Recipients) != 1 || res.Recipients[0].Status != "sent" {
		t.Fatalf("notify = %+v, %v", res, err)
	}
	assertNoSecret(t, f, res, err, "s3cret")
	got := hook.received()
	if len(got) != 1 || got[0].path != "/hooks/pager?token=s3cret" {
		t.Fatalf("the hook got %+v, want one request at the sealed URL", got)
	}
	sig, now := got[0].header.Get(activities.SignatureHeader), time.Date(2026, 11, 25, 18, 0, 30, 0, time.UTC)
	if !verify(sig, secret, got[0].body, now, 5*time.Minute) {
		t.Fatalf("signature %q does not verify with the target's secret", sig)
	}
	if verify(sig, "whsec_another", got[0].body, now, 5*time.Minute) || verify(sig, secret, append(got[0].body, ' '), now, 5*time.Minute) ||
		verify(sig, secret, got[0].body, now.Add(time.Hour), 5*time.Minute) {
		t.Fatal("the signature verifies with another secret, an altered body or an old timestamp")
	}

	f.n.Box = newBox(t) // another ENCRYPTION_KEY: the sealed URL does not open, nothing is sent
	res, err = runNotify(t, f.n, f.input("page-2", target))
	if err != nil || res.Recipients[0].Status != "failed" || !strings.Contains(res.Recipients[0].Error, "ENCRYPTION_KEY") || len(hook.received()) != 1 {
		t.Fatalf("with the wrong key: %+v, %v, %d requests", res, err, len(hook.received()))
	}
}
