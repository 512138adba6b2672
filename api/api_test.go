package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"github.com/opsmanager/opsmanager/domain"
	"github.com/opsmanager/opsmanager/workflows"
)

// fakeStarter stands in for Temporal in these handler tests; the e2e tests
// run the real thing.
type fakeStarter struct {
	client.Client // UpdateWorkflow, SignalWorkflow, QueryWorkflow: not faked; e2e tests use the real server
	err           error
	started       []client.StartWorkflowOptions
	args          []any
	cancelled     []string // workflow IDs
}

func (f *fakeStarter) CancelWorkflow(_ context.Context, workflowID, _ string) error {
	f.cancelled = append(f.cancelled, workflowID)
	return nil
}

type fakeRun struct{ client.WorkflowRun }

func (fakeRun) GetRunID() string { return "temporal-run-1" }

func (f *fakeStarter) ExecuteWorkflow(_ context.Context, o client.StartWorkflowOptions, _ interface{}, args ...interface{}) (client.WorkflowRun, error) {
	if f.err != nil {
		return nil, f.err
	}
	f.started = append(f.started, o)
	f.args = append(f.args, args...)
	return fakeRun{}, nil
}

func parseErrorBody(t *testing.T, b []byte) ErrorBody {
	t.Helper()
	var e ErrorBody
	if err := json.Unmarshal(b, &e); err != nil || e.Error == "" || e.Message == "" || e.StatusCode == 0 {
		t.Fatalf("body %s is not in the standard error format (err %v)", b, err)
	}
	return e
}

func TestStartRunRecordsRunAndStartsWorkflow(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"https://status.example.com","expectStatus":204}}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("status %d: %s", res.StatusCode, b)
	}
	var out struct{ Data runView }
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	run := out.Data
	if run.ID == "" || run.Status != domain.RunPending || run.WorkflowID != "playbook/http-check/"+run.ID ||
		run.TemporalRunID != "temporal-run-1" || !strings.HasPrefix(run.TemporalURL, "http://localhost:8233/namespaces/default/workflows/playbook%2Fhttp-check%2F"+run.ID) {
		t.Fatalf("run = %+v", run)
	}
	if run.Params["expectStatus"] != float64(204) || run.Params["method"] != "GET" || run.Params["timeoutSeconds"] != float64(10) {
		t.Fatalf("params with defaults = %v", run.Params)
	}
	opts := s.starter.started[0]
	if opts.ID != run.WorkflowID || opts.TaskQueue != "q" {
		t.Fatalf("started %+v", opts)
	}
	if v, _ := opts.TypedSearchAttributes.GetKeyword(workflows.AttrPlaybook); v != "http-check" {
		t.Fatalf("search attribute OpsPlaybook = %q", v)
	}
	if v, _ := opts.TypedSearchAttributes.GetKeyword(workflows.AttrRunID); v != run.ID {
		t.Fatalf("search attribute OpsRunId = %q", v)
	}
	stored, err := s.runs.Get(context.Background(), run.ID)
	if err != nil || stored.Status != domain.RunPending || stored.TemporalRunID != "temporal-run-1" {
		t.Fatalf("stored run %+v, err %v", stored, err)
	}
	res, b = s.do(t, "GET", "/api/v1/runs/"+run.ID, "")
	if res.StatusCode != 200 || !strings.Contains(string(b), run.ID) {
		t.Fatalf("GET run: %d %s", res.StatusCode, b)
	}
}

func TestStartRunWhenTemporalRefusesMarksRunFailed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.starter.err = errors.New("connection refused")
	res, b := s.do(t, "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"https://x.example.com"}}`)
	if res.StatusCode != http.StatusServiceUnavailable || parseErrorBody(t, b).Error != "service_unavailable" {
		t.Fatalf("status %d: %s", res.StatusCode, b)
	}
	list, total, _ := s.runs.List(context.Background(), domain.RunFilter{Page: 1, Limit: 10})
	if total != 1 || list[0].Status != domain.RunFailed || list[0].Error == nil {
		t.Fatalf("runs = %+v, want one failed run with an error", list)
	}
}

func TestBadInputGetsStandard4xx(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	big := `{"params":{"url":"https://x.example.com/` + strings.Repeat("a", 2000) + `"}}`
	cases := []struct {
		name, method, path, body string
		status                   int
		errName, field           string
	}{
		{"malformed JSON", "POST", "/api/v1/playbooks/http-check/runs", `{"params":`, 400, "validation_failed", ""},
		{"not JSON at all", "POST", "/api/v1/playbooks/http-check/runs", `hello`, 400, "validation_failed", ""},
		{"empty body", "POST", "/api/v1/playbooks/http-check/runs", ``, 400, "validation_failed", ""},
		{"params wrong type", "POST", "/api/v1/playbooks/http-check/runs", `{"params":[1]}`, 400, "validation_failed", "params"},
		{"param wrong type", "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":42}}`, 400, "validation_failed", "params.url"},
		{"missing required param", "POST", "/api/v1/playbooks/http-check/runs", `{"params":{}}`, 400, "validation_failed", "params.url"},
		{"param out of range", "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"https://x.example.com","expectStatus":700}}`, 400, "validation_failed", "params.expectStatus"},
		{"not a URL", "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"file:///etc/passwd"}}`, 400, "validation_failed", "params.url"},
		{"unknown param", "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"https://x.example.com","rm":"-rf"}}`, 400, "validation_failed", "params.rm"},
		{"unknown field", "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"https://x.example.com"},"extra":1}`, 400, "validation_failed", "extra"},
		{"two objects", "POST", "/api/v1/playbooks/http-check/runs", `{"params":{"url":"https://x.example.com"}}{}`, 400, "validation_failed", ""},
		{"oversized body", "POST", "/api/v1/playbooks/http-check/runs", big, 413, "payload_too_large", ""},
		{"unknown playbook", "POST", "/api/v1/playbooks/nope/runs", `{"params":{}}`, 404, "not_found", ""},
		{"unknown route", "GET", "/api/v1/nothing", ``, 404, "not_found", ""},
		{"wrong method", "DELETE", "/api/v1/playbooks", ``, 405, "method_not_allowed", ""},
		{"unknown run", "GET", "/api/v1/runs/01a21300-0000-7000-8000-000000000000", ``, 404, "not_found", ""},
		{"run id not a uuid", "GET", "/api/v1/runs/abc", ``, 404, "not_found", ""},
		{"bad page", "GET", "/api/v1/runs?page=0", ``, 400, "validation_failed", "page"},
		{"bad limit", "GET", "/api/v1/runs?limit=1000", ``, 400, "validation_failed", "limit"},
		{"bad status filter", "GET", "/api/v1/runs?status=exploded", ``, 400, "validation_failed", "status"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, b := s.do(t, tc.method, tc.path, tc.body)
			e := parseErrorBody(t, b)
			if res.StatusCode != tc.status || e.StatusCode != tc.status || e.Error != tc.errName {
				t.Fatalf("got %d %s, want %d %s", res.StatusCode, b, tc.status, tc.errName)
			}
			if tc.field != "" && (len(e.Details) == 0 || e.Details[0].Field != tc.field) {
				t.Fatalf("details %+v do not name %s", e.Details, tc.field)
			}
		})
	}
	if len(s.starter.started) != 0 {
		t.Fatalf("bad input started %d workflows", len(s.starter.started))
	}
	if _, total, _ := s.runs.List(context.Background(), domain.RunFilter{Page: 1, Limit: 10}); total != 0 {
		t.Fatalf("bad input stored %d runs", total)
	}
}

func TestWrongContentTypeIs415(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	req := httptest.NewRequest("POST", "/api/v1/playbooks/http-check/runs", strings.NewReader(`url=x`))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+s.adminToken)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusUnsupportedMediaType || parseErrorBody(t, rec.Body.Bytes()).Error != "unsupported_media_type" {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
}

func TestReadyzNamesTheDependencyThatIsDown(t *testing.T) {
	t.Parallel()
	up := func(context.Context) error { return nil }
	redisDown := errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
	var redisErr error
	s := newTestServer(t,
		Check{Name: "postgres", Address: "pg", Probe: up},
		Check{Name: "redis", Address: "127.0.0.1:6379", Probe: func(context.Context) error { return redisErr }},
		Check{Name: "temporal", Address: "t", Probe: up})

	res, b := s.do(t, "GET", "/readyz", "")
	if res.StatusCode != 200 {
		t.Fatalf("all up: %d %s", res.StatusCode, b)
	}
	redisErr = redisDown
	s.clock.Advance(readinessTTL)
	res, b = s.do(t, "GET", "/readyz", "")
	var body ReadyBody
	_ = json.Unmarshal(b, &body)
	if res.StatusCode != 503 || body.Status != "unavailable" || body.Checks["redis"].Status != "down" ||
		!strings.Contains(body.Checks["redis"].Error, "connection refused") || body.Checks["postgres"].Status != "ok" {
		t.Fatalf("redis down: %d %s", res.StatusCode, b)
	}
	redisErr = nil
	s.clock.Advance(readinessTTL)
	if res, b = s.do(t, "GET", "/readyz", ""); res.StatusCode != 200 {
		t.Fatalf("recovered: %d %s", res.StatusCode, b)
	}
}

func TestReadyzTellsAnonymousCallersTheStatusOnly(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Check{Name: "redis", Address: "10.1.2.3:6379", Probe: func(context.Context) error {
		return errors.New("dial tcp 10.1.2.3:6379: connection refused")
	}})
	for _, tok := range []string{"-", "not-a-token", "omt_bogus"} {
		res, b := s.call(t, request{Method: "GET", Path: "/readyz", Token: tok})
		if res.StatusCode != 503 || string(b) != `{"status":"unavailable"}` {
			t.Fatalf("token %q: %d %s", tok, res.StatusCode, b)
		}
	}
	res, b := s.do(t, "GET", "/readyz", "")
	if res.StatusCode != 503 || !strings.Contains(string(b), "10.1.2.3:6379") || !strings.Contains(string(b), "connection refused") {
		t.Fatalf("signed in: %d %s", res.StatusCode, b)
	}
}

func TestReadyzProbesAtMostOncePerSecond(t *testing.T) {
	t.Parallel()
	var probes atomic.Int32
	s := newTestServer(t, Check{Name: "postgres", Address: "pg", Probe: func(context.Context) error {
		probes.Add(1)
		return nil
	}})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.call(t, request{Method: "GET", Path: "/readyz", Token: "-"})
		}()
	}
	wg.Wait()
	if n := probes.Load(); n != 1 {
		t.Fatalf("20 calls within a second probed %d times, want 1", n)
	}
	s.clock.Advance(readinessTTL)
	s.call(t, request{Method: "GET", Path: "/readyz", Token: "-"})
	if n := probes.Load(); n != 2 {
		t.Fatalf("a call after a second probed %d times in all, want 2", n)
	}
}

func TestReadyzTimesOutAHangingDependency(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, Check{Name: "temporal", Address: "t", Probe: func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	}})
	start := time.Now()
	res, b := s.do(t, "GET", "/readyz", "")
	if res.StatusCode != 503 || !strings.Contains(string(b), "temporal") || time.Since(start) > 10*time.Second {
		t.Fatalf("hanging check: %d %s", res.StatusCode, b)
	}
}

func TestMetricsCountRequestsByRoute(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.do(t, "GET", "/api/v1/playbooks", "")
	s.do(t, "GET", "/api/v1/nothing", "")
	_, b := s.do(t, "GET", "/metrics", "")
	for _, want := range []string{
		`opsmanager_http_requests_total{method="GET",route="/api/v1/playbooks",status="200"} 1`,
		`opsmanager_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`opsmanager_http_request_duration_seconds_bucket`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestResponsesCarrySecurityHeaders(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, _ := s.do(t, "GET", "/", "")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("CSP = %q", csp)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("headers = %v", res.Header)
	}
}

func TestRequestIDIsEchoedOrMade(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	req := httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("X-Request-ID", "abc-123")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-ID"); got != "abc-123" {
		t.Fatalf("echoed request id = %q", got)
	}
	req.Header.Set("X-Request-ID", "bad id\nwith newline")
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-ID"); got == "" || strings.ContainsAny(got, " \n") {
		t.Fatalf("unsafe request id not replaced: %q", got)
	}
}

func TestPanicBecomesStandard500(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.engine.GET("/boom", func(c *gin.Context) { panic("kaboom") })
	res, b := s.do(t, "GET", "/boom", "")
	e := parseErrorBody(t, b)
	if res.StatusCode != 500 || e.Error != "internal_error" || strings.Contains(string(b), "kaboom") {
		t.Fatalf("panic: %d %s", res.StatusCode, b)
	}
}

func TestPlaybooksListServesParameterSchema(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res, b := s.do(t, "GET", "/api/v1/playbooks", "")
	var out struct {
		Data []struct {
			Name         string
			ParamsSchema struct {
				Required   []string
				Properties map[string]map[string]any
			}
		}
	}
	if err := json.Unmarshal(b, &out); err != nil || res.StatusCode != 200 {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
	names := map[string]bool{}
	for _, pb := range out.Data {
		names[pb.Name] = true
		if pb.Name == "http-check" && (pb.ParamsSchema.Properties["url"]["format"] != "uri" || pb.ParamsSchema.Properties["urls"]["type"] != "array") {
			t.Fatalf("http-check schema = %+v", pb.ParamsSchema)
		}
	}
	for _, want := range []string{"http-check", "collect-diagnostics", "restart-service", "free-disk-space", "rolling-restart"} {
		if !names[want] {
			t.Errorf("catalogue lacks %s", want)
		}
	}
}

func TestEveryAPIRouteDeclaresAPermission(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	declared := map[string]bool{}
	for _, r := range s.Routes() {
		if r.Permission == "" && !PublicRoutes[r.Method+" "+r.Path] {
			t.Errorf("%s %s has no permission and is not on the public list", r.Method, r.Path)
		}
		if r.Permission != "" && r.Permission != domain.PermAuthenticated && !domain.KnownPermission(r.Permission) {
			t.Errorf("%s %s requires unknown permission %s", r.Method, r.Path, r.Permission)
		}
		declared[r.Method+" "+r.Path] = true
	}
	for _, r := range s.engine.Routes() {
		if strings.HasPrefix(r.Path, "/api/") && !declared[r.Method+" "+r.Path] && !PublicPages[r.Method+" "+r.Path] {
			t.Errorf("%s %s is registered outside the route table", r.Method, r.Path)
		}
	}
}
