package api

import (
	"context"
	"sync"
	"time"
)

// familyCacheTTL bounds how long a "not revoked" answer from Postgres is
// reused. Revocations also go to Redis at once, so the cache only matters
// while Redis has lost its entries.
const familyCacheTTL = 5 * time.Second

// familyCache remembers, briefly, whether a session family is revoked, so
// each request does not ask Postgres. Revoked answers are final.
type familyCache struct {
	mu      sync.Mutex
	entries map[string]familyEntry
}

type familyEntry struct {
	revoked bool
	until   time.Time
}

func (fc *familyCache) revoked(ctx context.Context, sessions SessionStore, sid string, now time.Time) (bool, error) {
	fc.mu.Lock()
	e, ok := fc.entries[sid]
	fc.mu.Unlock()
	if ok && (e.revoked || now.Before(e.until)) {
		return e.revoked, nil
	}
	revoked, err := sessions.FamilyRevoked(ctx, sid)
	if err != nil {
		return false, err
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.entries == nil || len(fc.entries) > 10_000 {
		fc.entries = map[string]familyEntry{} // bounded: drop all, refill on demand
	}
	fc.entries[sid] = familyEntry{revoked: revoked, until: now.Add(familyCacheTTL)}
	return revoked, nil
}
