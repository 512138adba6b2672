package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/assets"
	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/ratelimit"
	"github.com/opsmanager/opsmanager/redistest"
	"github.com/opsmanager/opsmanager/revoke"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
	"github.com/opsmanager/opsmanager/temporal"
	"github.com/opsmanager/opsmanager/vault"
	"github.com/opsmanager/opsmanager/workflows"
	"github.com/opsmanager/opsmanager/workflows/playbooks"
)

// testClock is a settable clock shared by the server and token issuer.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type testServer struct {
	*Server
	starter    *fakeStarter
	runs       *store.Runs
	users      *store.Users
	audit      *store.Audit
	pool       *pgxpool.Pool
	clock      *testClock
	adminToken string
	adminID    string
	hasher     *auth.Hasher
	codec      *temporal.Codec
}

var (
	keyOnce sync.Once
	keyFile string
)

// testKeys returns one RSA key file for the whole package (generation is slow).
func testKeys(t testing.TB) *auth.KeySet {
	t.Helper()
	keyOnce.Do(func() {
		dir, _ := os.MkdirTemp("", "opsmanager-api-keys")
		keyFile = filepath.Join(dir, "jwt.pem")
		if err := auth.GenerateKeyFile(keyFile); err != nil {
			panic(err)
		}
	})
	keys, err := auth.LoadKeySet(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// newTestServer builds the API over a fresh database, the real Redis, real
// keys and a fake workflow starter, with one admin signed in.
func newTestServer(t *testing.T, checks ...Check) *testServer {
	t.Helper()
	catalog, err := workflows.NewCatalog(playbooks.All()...)
	if err != nil {
		t.Fatal(err)
	}
	pool := storetest.NewPool(t)
	rdb := redistest.NewClient(t)
	clock := &testClock{now: time.Now().UTC()}
	key := vault.NewKey()
	box, _ := vault.NewBox(key)
	codec, _ := temporal.NewCodec(key)
	ts := &testServer{codec: codec, starter: &fakeStarter{}, runs: store.NewRuns(pool), users: store.NewUsers(pool),
		audit: store.NewAudit(pool), clock: clock, pool: pool}
	window := 15 * time.Minute
	hasher := auth.NewHasher(auth.DefaultPasswordParams, 4)
	hasher.Wait = 100 * time.Millisecond
	ts.hasher = hasher
	id := Identity{
		Users: ts.users, Roles: store.NewRoles(pool), Sessions: store.NewSessions(pool),
		Tokens: store.NewAPITokens(pool), Audit: ts.audit, Revocations: revoke.New(rdb, 15*time.Minute),
		Hasher: hasher,
		Issuer: &auth.TokenIssuer{Keys: testKeys(t), Issuer: "opsmanager", Audience: "opsmanager-api", TTL: 15 * time.Minute, Now: clock.Now},
		TOTP:   auth.TOTP{Issuer: "OpsManager", Now: clock.Now}, Box: box,
		Limiter:    ratelimit.New(rdb, "test:"+uuid.NewString()+":"),
		RefreshTTL: 7 * 24 * time.Hour,
		Limits: Limits{
			LoginPerAccountIP: ratelimit.Limit{Rate: 10, Period: window, Burst: 10},
			LoginPerIP:        ratelimit.Limit{Rate: 100, Period: window, Burst: 100},
			APIPerPrincipal:   ratelimit.Limit{Rate: 600, Period: time.Minute, Burst: 600},
			LoginBackoff:      ratelimit.Backoff{Free: 5, Base: time.Minute, Max: 5 * time.Minute, Forget: time.Hour},
			TOTPPerUser:       ratelimit.Backoff{Free: 4, Base: 5 * time.Minute, Max: 5 * time.Minute, Forget: 5 * time.Minute},
			AuthFailuresPerIP: ratelimit.Limit{Rate: 20, Period: time.Minute, Burst: 20},
		},
	}
	servers, credentials := store.NewServers(pool), store.NewCredentialVault(pool, box)
	assetStore := store.NewAssets(pool)
	ts.Server = New(Deps{
		Catalog: catalog, Runs: ts.runs, Temporal: ts.starter, TaskQueue: "q", Namespace: "default",
		TemporalUIURL: "http://localhost:8233", Codec: codec, Checks: checks, Metrics: prometheus.NewRegistry(), MaxBodyBytes: 1024,
		Now: clock.Now, Identity: id, Logger: slog.New(slog.DiscardHandler),
		Policies: store.NewPolicies(pool), Incidents: store.NewIncidents(pool), Deliveries: store.NewDeliveries(pool),
		Schedules: store.NewSchedules(pool), Begin: pool.Begin, Outbox: store.NewOutbox(pool),
		Servers: servers, Assets: assetStore, Imports: assetStore, AlertAssetRule: mustRule(assets.DefaultLabelRule), Credentials: credentials, RunLogs: store.NewRunLogs(pool), ServerTester: activities.ServerTester{SSH: activities.NewSSH(servers, credentials, nil)},
	})
	admin := ts.createUser(t, "admin@example.com", "admin")
	ts.adminID = admin.ID
	ts.adminToken = ts.tokenFor(t, admin.ID)
	return ts
}

const testPassword = "correct horse battery staple"

// createUser stores a user with testPassword and the given roles.
func (s *testServer) createUser(t *testing.T, email string, roles ...string) domain.User {
	t.Helper()
	hash, err := s.id.Hasher.Hash(context.Background(), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.users.Create(context.Background(), domain.User{Email: email, DisplayName: email, Roles: roles, Active: true}, hash)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// tokenFor issues an access token for a fresh session of userID.
func (s *testServer) tokenFor(t *testing.T, userID string) string {
	t.Helper()
	tok, _, err := s.id.Issuer.Issue(userID, uuid.NewString(), false)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// request describes one call; Token "" means the admin's, "-" means none.
type request struct {
	Method, Path, Body, Token, IP, Cookie string
}

func (s *testServer) call(t *testing.T, r request) (*http.Response, []byte) {
	t.Helper()
	return s.callWithHeader(t, r, "", "")
}

func (s *testServer) callWithHeader(t *testing.T, r request, name, value string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(r.Method, r.Path, strings.NewReader(r.Body))
	if name != "" {
		req.Header.Set(name, value)
	}
	if r.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	switch r.Token {
	case "":
		req.Header.Set("Authorization", "Bearer "+s.adminToken)
	case "-":
	default:
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	if r.IP != "" {
		req.RemoteAddr = r.IP + ":40000"
	}
	if r.Cookie != "" {
		req.Header.Set("Cookie", r.Cookie)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// do calls the API as the admin.
func (s *testServer) do(t *testing.T, method, path, body string) (*http.Response, []byte) {
	t.Helper()
	return s.call(t, request{Method: method, Path: path, Body: body})
}

func (s *testServer) auditPool(t *testing.T) *pgxpool.Pool { return s.pool }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func mustRule(s string) assets.LabelRule {
	r, err := assets.ParseLabelRule(s)
	if err != nil {
		panic(err)
	}
	return r
}
