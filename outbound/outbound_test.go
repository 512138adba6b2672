package outbound_test

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsmanager/opsmanager/outbound"
)

func cidrs(t *testing.T, list ...string) []*net.IPNet {
	t.Helper()
	var out []*net.IPNet
	for _, s := range list {
		_, n, err := net.ParseCIDR(s)
		if err != nil {
			t.Fatalf("parse %s: %v", s, err)
		}
		out = append(out, n)
	}
	return out
}

func TestGuardAllowed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ip    string
		allow []string
		want  bool
	}{
		// Internal addresses are refused by default.
		{ip: "127.0.0.1"},
		{ip: "127.1.2.3"},
		{ip: "::1"},
		{ip: "10.0.0.1"},
		{ip: "10.255.255.255"},
		{ip: "172.16.0.1"},
		{ip: "172.31.255.254"},
		{ip: "192.168.1.1"},
		{ip: "169.254.169.254"}, // cloud metadata
		{ip: "100.64.0.1"},      // carrier-grade NAT
		{ip: "100.127.255.254"},
		{ip: "0.0.0.0"},
		{ip: "0.1.2.3"},
		{ip: "::"},
		{ip: "fd00::1"},
		{ip: "fc00::1"},
		{ip: "fe80::1"},
		{ip: "::ffff:127.0.0.1"}, // IPv4-mapped loopback
		{ip: "::ffff:10.0.0.1"},
		{ip: "::ffff:169.254.169.254"},
		{ip: "224.0.0.1"},                            // multicast
		{ip: "ff02::1"},                              // link-local multicast
		{ip: "198.18.0.1"},                           // benchmarking
		{ip: "240.0.0.1"},                            // reserved
		{ip: "255.255.255.255"},                      // broadcast
		{ip: "64:ff9b::7f00:1"},                      // NAT64 of 127.0.0.1
		{ip: "64:ff9b::a9fe:a9fe"},                   // NAT64 of 169.254.169.254
		{ip: "64:ff9b:1::a9fe:a9fe"},                 // local-use NAT64 of 169.254.169.254
		{ip: "::7f00:1"},                             // IPv4-compatible 127.0.0.1
		{ip: "::a9fe:a9fe"},                          // IPv4-compatible 169.254.169.254
		{ip: "fec0::1"},                              // site-local
		{ip: "2002:7f00:1::1"},                       // 6to4 of 127.0.0.1
		{ip: "2002:a9fe:a9fe::1"},                    // 6to4 of 169.254.169.254
		{ip: "2001:0:4136:e378:8000:63bf:3fff:fdd2"}, // Teredo

		// Public addresses are allowed.
		{ip: "8.8.8.8", want: true},
		{ip: "1.1.1.1", want: true},
		{ip: "172.32.0.1", want: true}, // just outside 172.16.0.0/12
		{ip: "100.128.0.1", want: true},
		{ip: "2001:4860:4860::8888", want: true},
		{ip: "::ffff:8.8.8.8", want: true},

		// The allowlist overrides the guard, and only for its networks.
		{ip: "127.0.0.1", allow: []string{"127.0.0.0/8"}, want: true},
		{ip: "::ffff:127.0.0.1", allow: []string{"127.0.0.0/8"}, want: true},
		{ip: "::1", allow: []string{"127.0.0.0/8"}},
		{ip: "::1", allow: []string{"::1/128"}, want: true},
		{ip: "10.1.2.3", allow: []string{"10.1.0.0/16"}, want: true},
		{ip: "10.2.0.1", allow: []string{"10.1.0.0/16"}},
		{ip: "192.168.1.1", allow: []string{"10.0.0.0/8"}},
		{ip: "169.254.169.254", allow: []string{"127.0.0.0/8", "10.0.0.0/8"}},
		{ip: "fd00::1", allow: []string{"fd00::/8"}, want: true},
		{ip: "8.8.8.8", allow: []string{"127.0.0.0/8"}, want: true},
	}
	for _, tt := range tests {
		name := tt.ip
		if tt.allow != nil {
			name += " allow " + strings.Join(tt.allow, ",")
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ip := net.ParseIP(tt.ip)
			if ip == nil {
				t.Fatalf("bad test IP %q", tt.ip)
			}
			g := outbound.NewGuard(cidrs(t, tt.allow...))
			if got := g.Allowed(ip); got != tt.want {
				t.Errorf("Allowed(%s) with allow %v = %v, want %v", tt.ip, tt.allow, got, tt.want)
			}
			// A 4-byte IPv4 slice must be judged the same as the 16-byte form.
			if v4 := ip.To4(); v4 != nil && !strings.Contains(tt.ip, ":") {
				if got := g.Allowed(v4); got != tt.want {
					t.Errorf("Allowed(4-byte %s) = %v, want %v", tt.ip, got, tt.want)
				}
			}
		})
	}
}

func TestGuardAllowedRejectsMalformedIP(t *testing.T) {
	t.Parallel()
	g := outbound.NewGuard(nil)
	for _, ip := range []net.IP{nil, {1, 2, 3}} {
		if g.Allowed(ip) {
			t.Errorf("Allowed(%v) = true, want false", []byte(ip))
		}
	}
}

// countingServer is an httptest server that counts TCP connections and requests.
type countingServer struct {
	*httptest.Server
	conns, hits atomic.Int64
}

// newServer starts a server listening on addr ("127.0.0.1:0" etc.).
func newServer(t *testing.T, addr string, h http.HandlerFunc) *countingServer {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s on this machine: %v", addr, err)
	}
	s := &countingServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	s.Listener = l
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func hello(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "hello") }

func TestClientRefusesLoopbackUnlessAllowed(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "127.0.0.1:0", hello)

	resp, err := outbound.NewGuard(nil).NewClient(5 * time.Second).Get(srv.URL)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("GET %s through the guard succeeded with %s, want it refused", srv.URL, resp.Status)
	}
	var blocked *outbound.BlockedError
	if !errors.As(err, &blocked) {
		t.Fatalf("error %v (%T) is not an *outbound.BlockedError", err, err)
	}
	if blocked.Addr != "127.0.0.1" {
		t.Errorf("BlockedError.Addr = %q, want 127.0.0.1", blocked.Addr)
	}
	if !strings.Contains(err.Error(), "OUTBOUND_ALLOW_CIDRS") {
		t.Errorf("error %q does not tell how to allow the address", err)
	}
	if n := srv.conns.Load(); n != 0 {
		t.Errorf("server saw %d connections, want none: the guard must refuse before connecting", n)
	}

	client := outbound.NewGuard(cidrs(t, "127.0.0.0/8")).NewClient(5 * time.Second)
	resp, err = client.Get(srv.URL)
	if err != nil {
		t.Fatalf("GET %s with 127.0.0.0/8 allowed: %v", srv.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(body) != "hello" {
		t.Errorf("got %s %q, want 200 hello", resp.Status, body)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestClientChecksResolvedAddress(t *testing.T) {
	t.Parallel()
	// "localhost" is a name, not an IP: the guard must judge what it resolves to.
	srv := newServer(t, "127.0.0.1:0", hello)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	resp, err := outbound.NewGuard(nil).NewClient(5 * time.Second).Get("http://localhost:" + port + "/")
	if err == nil {
		resp.Body.Close()
		t.Fatal("GET http://localhost through the guard succeeded, want it refused")
	}
	var blocked *outbound.BlockedError
	if !errors.As(err, &blocked) {
		t.Fatalf("error %v is not an *outbound.BlockedError", err)
	}
	if n := srv.conns.Load(); n != 0 {
		t.Errorf("server saw %d connections, want none", n)
	}
}

func TestClientRefusesRedirectToBlockedAddress(t *testing.T) {
	t.Parallel()
	internal := newServer(t, "127.0.0.1:0", hello)
	front := newServer(t, "127.0.0.2:0", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/admin", http.StatusFound)
	})
	client := outbound.NewGuard(cidrs(t, "127.0.0.2/32")).NewClient(5 * time.Second)

	// The allowed server itself is reachable.
	noFollow := *client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Get(front.URL)
	if err != nil {
		t.Fatalf("GET %s (allowed 127.0.0.2): %v", front.URL, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("front answered %s, want 302", resp.Status)
	}

	resp, err = client.Get(front.URL)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("redirect to %s was followed (%s), want it refused", internal.URL, resp.Status)
	}
	var blocked *outbound.BlockedError
	if !errors.As(err, &blocked) {
		t.Fatalf("error %v is not an *outbound.BlockedError", err)
	}
	if blocked.Addr != "127.0.0.1" {
		t.Errorf("BlockedError.Addr = %q, want 127.0.0.1", blocked.Addr)
	}
	if n := front.hits.Load(); n != 2 {
		t.Errorf("front saw %d requests, want 2", n)
	}
	if n := internal.conns.Load(); n != 0 {
		t.Errorf("internal server saw %d connections, want none", n)
	}
}

func TestClientStopsAfterFiveRedirects(t *testing.T) {
	t.Parallel()
	var loop *countingServer
	loop = newServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, loop.URL+"/again", http.StatusFound)
	})
	client := outbound.NewGuard(cidrs(t, "127.0.0.0/8")).NewClient(5 * time.Second)
	resp, err := client.Get(loop.URL)
	if err == nil {
		resp.Body.Close()
		t.Fatal("redirect loop was followed to the end, want an error")
	}
	if !strings.Contains(err.Error(), "stopped after 5 redirects") {
		t.Errorf("error = %v, want it to stop after 5 redirects", err)
	}
	if n := loop.hits.Load(); n != 5 {
		t.Errorf("server saw %d requests, want 5", n)
	}
}
