package activities_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/opsmanager/opsmanager/activities"
	"github.com/opsmanager/opsmanager/contract"
	"github.com/opsmanager/opsmanager/outbound"
)

// loopback is what tests allow the SSRF guard to reach.
var loopback = []*net.IPNet{{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)}}

// httpActivities returns activities whose HTTP client goes through the SSRF
// guard with allow as its allowlist. The client's own timeout is long, so
// that TimeoutSeconds of the input is what limits a request.
func httpActivities(allow []*net.IPNet, maxResponseBytes int64) *activities.Activities {
	return &activities.Activities{
		HTTP:             outbound.NewGuard(allow).NewClient(30 * time.Second),
		MaxResponseBytes: maxResponseBytes,
	}
}

// runHTTP executes the HTTPRequest activity in Temporal's test activity
// environment, so errors come back as a workflow would see them: converted
// to failures and back.
func runHTTP(t *testing.T, a *activities.Activities, in contract.HTTPRequestInput) (contract.HTTPRequestResult, error) {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(a)
	val, err := env.ExecuteActivity(a.HTTPRequest, in)
	if err != nil {
		return contract.HTTPRequestResult{}, err
	}
	var res contract.HTTPRequestResult
	if err := val.Get(&res); err != nil {
		t.Fatalf("decode result: %v", err)
	}
	return res, nil
}

// appError returns the ApplicationError inside err, failing the test if none.
func appError(t *testing.T, err error) *temporal.ApplicationError {
	t.Helper()
	if err == nil {
		t.Fatal("activity succeeded, want an error")
	}
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) holds no *temporal.ApplicationError", err, err)
	}
	return ae
}

func assertAppError(t *testing.T, err error, wantType string, wantNonRetryable bool) *temporal.ApplicationError {
	t.Helper()
	ae := appError(t, err)
	if ae.Type() != wantType {
		t.Errorf("error type = %q, want %q (error: %v)", ae.Type(), wantType, err)
	}
	if ae.NonRetryable() != wantNonRetryable {
		t.Errorf("NonRetryable() = %v, want %v (error: %v)", ae.NonRetryable(), wantNonRetryable, err)
	}
	return ae
}

// received is what a test server saw of one request.
type received struct {
	Method, ContentType, UserAgent, Token, Body string
}

// recordingServer answers every request with status and body and records it.
type recordingServer struct {
	*httptest.Server
	mu    sync.Mutex
	reqs  []received
	conns atomic.Int64
}

func newRecordingServer(t *testing.T, h http.HandlerFunc) *recordingServer {
	t.Helper()
	s := &recordingServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, received{r.Method, r.Header.Get("Content-Type"), r.Header.Get("User-Agent"), r.Header.Get("X-Token"), string(body)})
		s.mu.Unlock()
		h(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *recordingServer) requests() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.reqs...)
}

func respond(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestHTTPRequestSuccess(t *testing.T) {
	t.Parallel()
	const latency = 30 * time.Millisecond
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(latency) // a slow peer, so DurationMs has something to measure
		respond(http.StatusOK, "application/json", `{"healthy":true}`)(w, r)
	})

	start := time.Now()
	res, err := runHTTP(t, httpActivities(loopback, 0), contract.HTTPRequestInput{URL: srv.URL + "/health", TimeoutSeconds: 5})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("HTTPRequest: %v", err)
	}
	if res.Status != http.StatusOK {
		t.Errorf("Status = %d, want 200", res.Status)
	}
	if res.ContentType != "application/json" {
		t.Errorf("ContentType = %q, want application/json", res.ContentType)
	}
	if res.Body != `{"healthy":true}` {
		t.Errorf("Body = %q", res.Body)
	}
	if res.Truncated {
		t.Error("Truncated = true for a short body")
	}
	if res.DurationMs < latency.Milliseconds() || res.DurationMs > elapsed.Milliseconds() {
		t.Errorf("DurationMs = %d, want between %d and %d", res.DurationMs, latency.Milliseconds(), elapsed.Milliseconds())
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	if reqs[0].Method != http.MethodGet {
		t.Errorf("method = %s, want GET when Method is empty", reqs[0].Method)
	}
	if reqs[0].UserAgent != "OpsManager/1" {
		t.Errorf("User-Agent = %q, want OpsManager/1", reqs[0].UserAgent)
	}
}

func TestHTTPRequestSendsJSONAndHeaders(t *testing.T) {
	t.Parallel()
	srv := newRecordingServer(t, respond(http.StatusCreated, "", ""))

	res, err := runHTTP(t, httpActivities(loopback, 0), contract.HTTPRequestInput{
		Method:         "post",
		URL:            srv.URL + "/deploys",
		Headers:        map[string]string{"X-Token": "abc123"},
		JSON:           map[string]any{"service": "api", "replicas": 3},
		TimeoutSeconds: 5,
	})
	if err != nil {
		t.Fatalf("HTTPRequest: %v", err)
	}
	if res.Status != http.StatusCreated {
		t.Errorf("Status = %d, want 201", res.Status)
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	got := reqs[0]
	if got.Method != http.MethodPost {
		t.Errorf("method = %s, want POST", got.Method)
	}
	if got.ContentType != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got.ContentType)
	}
	if got.Token != "abc123" {
		t.Errorf("X-Token = %q, want abc123", got.Token)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(got.Body), &body); err != nil {
		t.Fatalf("body %q is not JSON: %v", got.Body, err)
	}
	if body["service"] != "api" || body["replicas"] != 3.0 || len(body) != 2 {
		t.Errorf("body = %v, want service=api replicas=3", body)
	}
}

func TestHTTPRequestStatuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		status       int
		expect       []int
		wantErrType  string // "" means success
		nonRetryable bool
		msgContains  string
	}{
		{name: "204 is a 2xx", status: 204},
		{name: "expected status matches", status: 404, expect: []int{200, 404}},
		{name: "2xx not in expected statuses", status: 200, expect: []int{201}, wantErrType: contract.ErrHTTPUnexpectedStatus, nonRetryable: true, msgContains: "answered 200, expected [201]"},
		{name: "redirect not followed is unexpected", status: 304, wantErrType: contract.ErrHTTPUnexpectedStatus, nonRetryable: true, msgContains: "answered 304"},
		{name: "500 is retried", status: 500, wantErrType: contract.ErrHTTPServerError, msgContains: "answered 500"},
		{name: "503 not expected is retried", status: 503, expect: []int{200}, wantErrType: contract.ErrHTTPServerError, msgContains: "answered 503, expected [200]"},
		{name: "404 fails for good", status: 404, wantErrType: contract.ErrHTTPClientError, nonRetryable: true, msgContains: "GET"},
		{name: "429 fails for good", status: 429, wantErrType: contract.ErrHTTPClientError, nonRetryable: true, msgContains: "answered 429"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecordingServer(t, respond(tt.status, "text/plain", "body"))
			res, err := runHTTP(t, httpActivities(loopback, 0), contract.HTTPRequestInput{
				Method: "GET", URL: srv.URL + "/x", ExpectStatus: tt.expect, TimeoutSeconds: 5,
			})
			if tt.wantErrType == "" {
				if err != nil {
					t.Fatalf("HTTPRequest: %v", err)
				}
				if res.Status != tt.status {
					t.Errorf("Status = %d, want %d", res.Status, tt.status)
				}
				return
			}
			ae := assertAppError(t, err, tt.wantErrType, tt.nonRetryable)
			if !strings.Contains(ae.Message(), tt.msgContains) {
				t.Errorf("message %q does not contain %q", ae.Message(), tt.msgContains)
			}
			if n := len(srv.requests()); n != 1 {
				t.Errorf("server saw %d requests, want 1 (retries belong to the workflow)", n)
			}
		})
	}
}

func TestHTTPRequestTruncatesLargeResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		max           int64
		size          int
		wantLen       int
		wantTruncated bool
	}{
		{"under the cap", 10, 9, 9, false},
		{"exactly the cap", 10, 10, 10, false},
		{"one byte over", 10, 11, 10, true},
		{"far over", 10, 1 << 20, 10, true},
		{"default cap of 64 KiB", 0, 64<<10 + 1, 64 << 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := strings.Repeat("a", tt.size)
			srv := newRecordingServer(t, respond(http.StatusOK, "text/plain", body))
			res, err := runHTTP(t, httpActivities(loopback, tt.max), contract.HTTPRequestInput{URL: srv.URL, TimeoutSeconds: 5})
			if err != nil {
				t.Fatalf("HTTPRequest: %v", err)
			}
			if len(res.Body) != tt.wantLen || res.Body != body[:tt.wantLen] {
				t.Errorf("Body has %d bytes, want the first %d", len(res.Body), tt.wantLen)
			}
			if res.Truncated != tt.wantTruncated {
				t.Errorf("Truncated = %v, want %v", res.Truncated, tt.wantTruncated)
			}
		})
	}
}

func TestHTTPRequestTruncatesTextOnCharacterBoundary(t *testing.T) {
	t.Parallel()
	// A cut inside a multi-byte character must not turn the text into "binary data".
	tests := []struct {
		body string
		max  int64
		want string
	}{
		{"héllo", 2, "h"},  // é is 2 bytes, cut after its first
		{"日本語", 4, "日"},    // 3-byte characters, cut after 1 byte of 本
		{"日本語", 5, "日"},    // cut after 2 bytes of 本
		{"日本語", 6, "日本"},   // cut on a boundary
		{"a🙂b", 4, "a"},    // 4-byte character, cut after 3 bytes
		{"héllo", 3, "hé"}, // cut on a boundary
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.body, tt.max), func(t *testing.T) {
			t.Parallel()
			srv := newRecordingServer(t, respond(http.StatusOK, "text/plain; charset=utf-8", tt.body))
			res, err := runHTTP(t, httpActivities(loopback, tt.max), contract.HTTPRequestInput{URL: srv.URL, TimeoutSeconds: 5})
			if err != nil {
				t.Fatal(err)
			}
			if res.Body != tt.want || !res.Truncated {
				t.Errorf("Body = %q, Truncated = %v; want %q (the whole characters that fit), true", res.Body, res.Truncated, tt.want)
			}
		})
	}
}

func TestHTTPRequestBinaryBody(t *testing.T) {
	t.Parallel()
	srv := newRecordingServer(t, respond(http.StatusOK, "application/octet-stream", "\xff\xfe\x00\x01"))
	res, err := runHTTP(t, httpActivities(loopback, 0), contract.HTTPRequestInput{URL: srv.URL, TimeoutSeconds: 5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Body != "(4 bytes of binary data)" {
		t.Errorf("Body = %q, want a placeholder for binary data", res.Body)
	}
}

func TestHTTPRequestInvalidInput(t *testing.T) {
	t.Parallel()
	srv := newRecordingServer(t, respond(http.StatusOK, "", ""))
	tests := []struct {
		name   string
		method string
		url    string
	}{
		{"TRACE method", "TRACE", srv.URL},
		{"CONNECT method", "CONNECT", srv.URL},
		{"made-up method", "FETCH", srv.URL},
		{"ftp URL", "GET", "ftp://example.com/file"},
		{"file URL", "GET", "file:///etc/passwd"},
		{"relative URL", "GET", "/health"},
		{"URL without host", "GET", "http:///health"},
		{"unparsable URL", "GET", "http://[::1"},
		{"gopher URL to an allowed host", "GET", strings.Replace(srv.URL, "http://", "gopher://", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := runHTTP(t, httpActivities(loopback, 0), contract.HTTPRequestInput{Method: tt.method, URL: tt.url, TimeoutSeconds: 5})
			assertAppError(t, err, contract.ErrHTTPInvalidRequest, true)
		})
	}
	t.Cleanup(func() {
		if n := srv.conns.Load(); n != 0 {
			t.Errorf("server saw %d connections from invalid requests, want none", n)
		}
	})
}

func TestHTTPRequestBlockedTarget(t *testing.T) {
	t.Parallel()
	srv := newRecordingServer(t, respond(http.StatusOK, "", "secret metadata"))
	_, err := runHTTP(t, httpActivities(nil, 0), contract.HTTPRequestInput{URL: srv.URL + "/latest/meta-data", TimeoutSeconds: 5})
	ae := assertAppError(t, err, contract.ErrHTTPBlockedTarget, true)
	if !strings.Contains(ae.Message(), "127.0.0.1") || !strings.Contains(ae.Message(), "OUTBOUND_ALLOW_CIDRS") {
		t.Errorf("message %q should name the address and how to allow it", ae.Message())
	}
	if n := srv.conns.Load(); n != 0 {
		t.Errorf("blocked server saw %d connections, want none", n)
	}
}

func TestHTTPRequestTimeoutIsRetryable(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		// Hang until the client gives up (or the test ends).
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) }) // runs before srv.Close: cleanups are LIFO

	start := time.Now()
	_, err := runHTTP(t, httpActivities(loopback, 0), contract.HTTPRequestInput{URL: srv.URL, TimeoutSeconds: 1})
	elapsed := time.Since(start)
	ae := appError(t, err)
	if ae.NonRetryable() {
		t.Errorf("timeout is non-retryable (%v), want it retried", err)
	}
	if !strings.Contains(err.Error(), "deadline exceeded") {
		t.Errorf("error %q does not say the request timed out", err)
	}
	// The client's own timeout is 30s: finishing well before shows that
	// TimeoutSeconds applied.
	if elapsed < time.Second || elapsed > 15*time.Second {
		t.Errorf("request gave up after %v, want about TimeoutSeconds=1s", elapsed)
	}
}

func TestHTTPRequestConnectionRefusedIsRetryable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more

	_, err := runHTTP(t, httpActivities(loopback, 0), contract.HTTPRequestInput{URL: url, TimeoutSeconds: 5})
	if ae := appError(t, err); ae.NonRetryable() {
		t.Errorf("connection refused is non-retryable (%v), want it retried", err)
	}
}

func TestHTTPRequestErrorsHideURLSecrets(t *testing.T) {
	t.Parallel()
	const user, pass, token = "alice-user-7f3a", "pa55w0rd-9c1d", "tok-e4b2"
	withSecrets := func(base string) string {
		return strings.Replace(base, "http://", "http://"+user+":"+pass+"@", 1) + "/hook?token=" + token + "&x=1"
	}
	status500 := newRecordingServer(t, respond(http.StatusInternalServerError, "", ""))
	status404 := newRecordingServer(t, respond(http.StatusNotFound, "", ""))
	hang := make(chan struct{})
	slow := newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-hang:
		}
	})
	t.Cleanup(func() { close(hang) }) // before slow.Close, which waits for its handlers
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	// Transport errors (*url.Error) repeat the URL with its query and user
	// name; the activity must keep only the cause.
	tests := []struct {
		name    string
		allow   []*net.IPNet
		method  string
		url     string
		timeout int
	}{
		{"server error", loopback, "GET", withSecrets(status500.URL), 5},
		{"client error", loopback, "GET", withSecrets(status404.URL), 5},
		{"unsupported method", loopback, "TRACE", withSecrets(status404.URL), 5},
		{"unsupported scheme", loopback, "GET", strings.Replace(withSecrets(status404.URL), "http://", "ftp://", 1), 5},
		{"blocked target", nil, "GET", withSecrets(status404.URL), 5},
		{"timeout", loopback, "GET", withSecrets(slow.URL), 1},
		{"connection refused", loopback, "GET", withSecrets(closedURL), 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := runHTTP(t, httpActivities(tt.allow, 0), contract.HTTPRequestInput{Method: tt.method, URL: tt.url, TimeoutSeconds: tt.timeout})
			if err == nil {
				t.Fatal("activity succeeded, want an error")
			}
			// err.Error() includes every cause, as recorded in the workflow history.
			for _, secret := range []string{user, pass, token} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error leaks %q: %v", secret, err)
				}
			}
		})
	}
}
