// Package revoke records signed-out sessions in Redis, so the access tokens
// of a session stop working at once on sign-out, sign-out-everywhere,
// refresh-token theft or deactivation, instead of when they expire.
// Entries live as long as an access token can.
package revoke

import (
	"context"
	"errors"
	"fmt"

	"time"

	"github.com/redis/go-redis/v9"
)

// Store keeps revoked session IDs in Redis.
type Store struct {
	rdb redis.UniversalClient
	ttl time.Duration
}

// New returns a store whose entries outlive any access token of lifetime ttl.
func New(rdb redis.UniversalClient, ttl time.Duration) *Store {
	return &Store{rdb: rdb, ttl: ttl + time.Minute}
}

func sessionKey(sid string) string { return "opsmanager:revoked:session:" + sid }

// RevokeSessions makes every access token of the given sessions invalid.
func (s *Store) RevokeSessions(ctx context.Context, sids ...string) error {
	if len(sids) == 0 {
		return nil
	}
	pipe := s.rdb.Pipeline()
	for _, sid := range sids {
		pipe.Set(ctx, sessionKey(sid), "1", s.ttl)
	}
	_, err := pipe.Exec(ctx)
	return err
}

// Revoked reports whether session sid was revoked. An error means Redis
// could not answer; callers fail closed.
func (s *Store) Revoked(ctx context.Context, sid string) (bool, error) {
	n, err := s.rdb.Exists(ctx, sessionKey(sid)).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return false, fmt.Errorf("check revocation: %w", err)
	}
	return n > 0, nil
}
