// Package outbound builds HTTP clients for calls to targets chosen by users
// (playbook steps, webhooks) with an SSRF guard: after DNS resolution, every
// connection to a loopback, private, link-local or otherwise internal address
// is refused unless that network is explicitly allowed.
package outbound

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// BlockedError says that a target address is refused by the guard.
type BlockedError struct{ Addr string }

func (e *BlockedError) Error() string {
	return fmt.Sprintf("target %s is an internal address and is not allowed (set OUTBOUND_ALLOW_CIDRS to allow it)", e.Addr)
}

// internalPrefixes are ranges that are never public even though netip does
// not flag them as private.
var internalPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64 can reach IPv4 internals
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64 (RFC 8215)
	netip.MustParsePrefix("::/96"),          // IPv4-compatible (deprecated), ::a.b.c.d
	netip.MustParsePrefix("fec0::/10"),      // site-local (deprecated, still routed in places)
	netip.MustParsePrefix("2002::/16"),      // 6to4: embeds any IPv4 address
	netip.MustParsePrefix("2001::/32"),      // Teredo: embeds an (obfuscated) IPv4 address
}

// Guard decides which addresses outbound connections may reach.
type Guard struct {
	allow []*net.IPNet
}

// NewGuard returns a guard that also allows the networks in allow.
func NewGuard(allow []*net.IPNet) *Guard { return &Guard{allow: allow} }

// Allowed reports whether ip may be dialled.
func (g *Guard) Allowed(ip net.IP) bool {
	for _, n := range g.allow {
		if n.Contains(ip) {
			return true
		}
	}
	addr, ok := netip.AddrFromSlice(ip)
	if !ok {
		return false
	}
	addr = addr.Unmap()
	if addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsUnspecified() || addr.IsMulticast() || addr.IsInterfaceLocalMulticast() {
		return false
	}
	for _, p := range internalPrefixes {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// control runs after DNS resolution, on the exact address about to be dialled,
// so DNS rebinding cannot sneak an internal address past the guard.
func (g *Guard) control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || !g.Allowed(ip) {
		return &BlockedError{Addr: host}
	}
	return nil
}

// Dialer returns a dialer whose every connection passes the guard, for
// protocols other than HTTP (SSH to servers users register).
func (g *Guard) Dialer(timeout time.Duration) *net.Dialer {
	return &net.Dialer{Timeout: timeout, Control: g.control}
}

// NewClient returns an HTTP client whose every connection (redirects
// included) passes the guard. It never uses proxy settings from the
// environment, which would bypass the guard.
func (g *Guard) NewClient(timeout time.Duration) *http.Client {
	dialer := g.Dialer(10 * time.Second)
	transport := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          50,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return fmt.Errorf("stopped after %d redirects", len(via))
			}
			return nil
		},
	}
}
