package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/auth"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/live"
	"github.com/opsmanager/opsmanager/ratelimit"
	"github.com/opsmanager/opsmanager/redistest"
	"github.com/opsmanager/opsmanager/revoke"
	"github.com/opsmanager/opsmanager/store"
	"github.com/opsmanager/opsmanager/store/storetest"
)

// BenchmarkEventStreamLatency measures how long a change takes to reach
// dashboards over GET /events (real HTTP, Redis, Postgres for the callers'
// authentication), one change at a time, until the last of the open
// streams has parsed it; it reports p50/p99/max.
//
//	publish:        from PUBLISH to Redis (as any publisher does)
//	activity-write: from calling the MarkRunRunning activity, whose
//	                Postgres write precedes the event (worker's path)
func BenchmarkEventStreamLatency(b *testing.B) {
	env := newEventBenchEnv(b)
	runs := store.NewRuns(env.pool)
	runID := uuid.NewString()
	if err := runs.Create(context.Background(), domain.Run{ID: runID, Playbook: "http-check", Status: domain.RunPending,
		Params: map[string]any{}, WorkflowID: "bench-" + runID, RequestedBy: "bench", CreatedAt: time.Now().UTC()}); err != nil {
		b.Fatal(err)
	}
	acts := &activities.Activities{Runs: runs, Live: env.pub}
	for _, streams := range []int{1, 50} {
		b.Run(fmt.Sprintf("publish/streams=%d", streams), func(b *testing.B) {
			env.measure(b, streams, func(i int) string {
				id := fmt.Sprint(i)
				payload, _ := json.Marshal(live.Event{Kind: live.KindRun, ID: id, At: time.Now()})
				if err := env.rdb.Publish(context.Background(), env.channel, payload).Err(); err != nil {
					b.Fatal(err)
				}
				return id
			})
		})
		b.Run(fmt.Sprintf("activity-write/streams=%d", streams), func(b *testing.B) {
			env.measure(b, streams, func(int) string {
				if err := acts.MarkRunRunning(context.Background(), contract.MarkRunRunningInput{RunID: runID}); err != nil {
					b.Fatal(err)
				}
				return runID
			})
		})
	}
}

type eventBenchEnv struct {
	pool    *pgxpool.Pool
	rdb     *redis.Client
	channel string
	pub     *live.Publisher
	url     string
	token   string
}

func newEventBenchEnv(b *testing.B) *eventBenchEnv {
	b.Helper()
	pool := storetest.NewPool(b)
	rdb := redistest.NewClient(b)
	quiet := slog.New(slog.DiscardHandler)
	ch := "opsmanager:bench:" + uuid.NewString()
	hub := live.NewHub(rdb, ch, quiet)
	b.Cleanup(hub.Close)
	pub := live.NewPublisher(rdb, ch, quiet)
	b.Cleanup(pub.Close)
	users := store.NewUsers(pool)
	issuer := &auth.TokenIssuer{Keys: testKeys(b), Issuer: "opsmanager", Audience: "opsmanager-api", TTL: time.Hour}
	srv := New(Deps{Logger: quiet, Metrics: prometheus.NewRegistry(), MaxBodyBytes: 1024, LiveHub: hub, LivePublisher: pub,
		Identity: Identity{Users: users, Roles: store.NewRoles(pool), Revocations: revoke.New(rdb, time.Hour), Issuer: issuer,
			Limiter: ratelimit.New(rdb, "bench:"+uuid.NewString()+":"),
			Limits:  Limits{APIPerPrincipal: ratelimit.Limit{Rate: 100000, Period: time.Minute, Burst: 100000}}},
	})
	u, err := users.Create(context.Background(), domain.User{Email: "bench@example.com", DisplayName: "bench", Roles: []string{"admin"}, Active: true}, "unused")
	if err != nil {
		b.Fatal(err)
	}
	token, _, err := issuer.Issue(u.ID, uuid.NewString(), false)
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(srv.Handler())
	hs.Config.RegisterOnShutdown(srv.EndStreams)
	hs.Start()
	b.Cleanup(hs.Close)
	b.Cleanup(srv.EndStreams)
	return &eventBenchEnv{pool: pool, rdb: rdb, channel: ch, pub: pub, url: hs.URL, token: token}
}

// measure opens streams, then times change (which returns the ID of the
// event it causes) until every stream has that event.
func (e *eventBenchEnv) measure(b *testing.B, streams int, change func(i int) string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make([]chan string, streams)
	for i := range got {
		got[i] = e.stream(b, ctx)
	}
	time.Sleep(50 * time.Millisecond) // all subscribed (the hub connected while the first opened)
	for _, ch := range got {
		drain(ch)
	}
	var lat []time.Duration
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		id := change(i)
		for _, ch := range got {
			for want := false; !want; {
				select {
				case seen := <-ch:
					want = seen == id
				case <-time.After(5 * time.Second):
					b.Fatalf("event %s did not arrive", id)
				}
			}
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}

// stream opens GET /events and sends the ID of each event it parses.
func (e *eventBenchEnv) stream(b *testing.B, ctx context.Context) chan string {
	req, _ := http.NewRequestWithContext(ctx, "GET", e.url+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		b.Fatalf("open stream: %v %v", err, res)
	}
	ids := make(chan string, 1024)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var ev live.Event
				_ = json.Unmarshal([]byte(data), &ev)
				ids <- ev.ID
			}
		}
	}()
	return ids
}

func drain(ch chan string) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}
