package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/vault"
)

// webhookSecrets are the signing secrets created by one request, by
// level and target index, returned once in its response.
type webhookSecrets map[[2]int]string

// sealWebhooks readies p's webhook targets for storage. A target with a new
// URL has it sealed, gets a fresh signing secret, and keeps only the masked
// URL in clear. A target sent back masked (as the API shows it) keeps the
// sealed URL and secret of the stored target with that masked URL. Sealed
// fields sent by a client are refused: webhook secrets are replaced, never
// read back or set directly.
func sealWebhooks(box *vault.Box, p *domain.EscalationPolicy, old domain.EscalationPolicy) (webhookSecrets, error) {
	kept := storedWebhooks(old)
	created := webhookSecrets{}
	var bad []domain.FieldError
	for i := range p.Levels {
		for j := range p.Levels[i].Targets {
			t := &p.Levels[i].Targets[j]
			field := fmt.Sprintf("levels[%d].targets[%d]", i, j)
			if t.SealedURL != "" || t.SealedSecret != "" || t.SigningSecret != "" {
				bad = append(bad, domain.FieldError{Field: field, Message: "sealedUrl, sealedSecret and signingSecret are set by the server, not sent"})
				continue
			}
			if t.Type != domain.TargetWebhook {
				continue
			}
			if t.URL == "" || domain.IsMaskedURL(t.URL) {
				stored, ok := kept[t.URL]
				if !ok || len(stored) == 0 {
					bad = append(bad, domain.FieldError{Field: field + ".url",
						Message: "give the webhook's URL: a stored URL is shown masked, and only a target saved with that masked URL keeps it"})
					continue
				}
				masked, format := t.URL, t.Format
				*t = stored[0]
				kept[masked] = stored[1:]
				t.Format = format
				continue
			}
			if msg := (domain.Target{Type: t.Type, URL: t.URL, Format: t.Format}).Problem(); msg != "" {
				bad = append(bad, domain.FieldError{Field: field, Message: msg})
				continue
			}
			secret, err := sealWebhook(box, t)
			if err != nil {
				return nil, err
			}
			created[[2]int{i, j}] = secret
		}
	}
	return created, domain.ValidationError(bad)
}

// storedWebhooks lists old's sealed webhook targets by masked URL.
func storedWebhooks(old domain.EscalationPolicy) map[string][]domain.Target {
	out := map[string][]domain.Target{}
	for _, l := range old.Levels {
		for _, t := range l.Targets {
			if t.Type == domain.TargetWebhook && t.SealedURL != "" {
				out[t.URL] = append(out[t.URL], t)
			}
		}
	}
	return out
}

// sealWebhook seals t's URL and a new signing secret, masks the URL, and
// returns the secret.
func sealWebhook(box *vault.Box, t *domain.Target) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	secret := "whsec_" + hex.EncodeToString(raw)
	sealedURL, err := box.Seal([]byte(t.URL))
	if err != nil {
		return "", err
	}
	sealedSecret, err := box.Seal([]byte(secret))
	if err != nil {
		return "", err
	}
	t.SealedURL, t.SealedSecret = base64.StdEncoding.EncodeToString(sealedURL), base64.StdEncoding.EncodeToString(sealedSecret)
	t.URL = domain.MaskURL(t.URL)
	return secret, nil
}

// publicPolicy is p as the API shows it: webhook URLs masked, sealed
// fields gone, and the signing secrets this request created.
func publicPolicy(p domain.EscalationPolicy, created webhookSecrets) domain.EscalationPolicy {
	levels := make([]domain.EscalationLevel, len(p.Levels))
	for i, l := range p.Levels {
		targets := make([]domain.Target, len(l.Targets))
		for j, t := range l.Targets {
			if t.Type == domain.TargetWebhook {
				if t.SealedURL == "" { // stored before sealing existed
					t.URL = domain.MaskURL(t.URL)
				}
				t.SealedURL, t.SealedSecret, t.SigningSecret = "", "", created[[2]int{i, j}]
			}
			targets[j] = t
		}
		l.Targets = targets
		levels[i] = l
	}
	p.Levels = levels
	return p
}

// SealLegacyWebhooks seals the webhook URLs stored in clear before
// webhook sealing existed (each gets a signing secret, which its owner
// sees by saving the URL again). It returns how many it sealed.
func SealLegacyWebhooks(ctx context.Context, policies PolicyStore, box *vault.Box) (int, error) {
	list, err := policies.EscalationPolicies(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range list {
		changed := false
		for i := range p.Levels {
			for j := range p.Levels[i].Targets {
				t := &p.Levels[i].Targets[j]
				if t.Type == domain.TargetWebhook && t.SealedURL == "" && t.URL != "" && !domain.IsMaskedURL(t.URL) {
					if _, err := sealWebhook(box, t); err != nil {
						return n, err
					}
					changed = true
					n++
				}
			}
		}
		if changed {
			if _, err := policies.UpdateEscalationPolicy(ctx, p); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
