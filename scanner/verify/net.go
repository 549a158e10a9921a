package verify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Resolver returns the addresses to connect to for host and port.
type Resolver func(ctx context.Context, host, port string) ([]netip.AddrPort, error)

// dnsResolve is the default Resolver: the system's DNS.
func dnsResolve(ctx context.Context, host, port string) ([]netip.AddrPort, error) {
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	p, err := netip.ParseAddrPort("0.0.0.0:" + port)
	if err != nil {
		return nil, fmt.Errorf("port %q: %w", port, err)
	}
	out := make([]netip.AddrPort, len(ips))
	for i, ip := range ips {
		out[i] = netip.AddrPortFrom(ip.Unmap(), p.Port())
	}
	return out, nil
}

// errPrivate refuses an address inside a private network.
var errPrivate = errors.New("resolves to a private, loopback, link-local or multicast address (--verify-allow-private allows it)")

// cgnat is the shared address space of carrier-grade NAT, private in effect.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// private reports whether ip is no public Internet address.
func private(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || cgnat.Contains(ip) ||
		(ip.Is4() && ip.As4()[0] == 0)
}

// guard is the HTTP client's network policy: it resolves each host
// itself and refuses private addresses at connect time, so a name that
// resolves to 127.0.0.1 (or rebinds to it) is refused however it is
// spelled. The user's own proxy is dialled as configured.
type guard struct {
	resolve      Resolver
	allowPrivate bool
	dialer       net.Dialer
	mu           sync.Mutex
	proxies      map[string]bool // host:port of the proxies in use
}

func (g *guard) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	g.mu.Lock()
	proxy := g.proxies[addr]
	g.mu.Unlock()
	if proxy {
		return g.dialer.DialContext(ctx, network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	addrs, err := g.allowed(ctx, host, port)
	if err != nil {
		return nil, err
	}
	var last error
	for _, a := range addrs {
		c, err := g.dialer.DialContext(ctx, network, a.String())
		if err == nil {
			return c, nil
		}
		last = err
	}
	return nil, last
}

// allowed resolves host and keeps the addresses the policy permits.
func (g *guard) allowed(ctx context.Context, host, port string) ([]netip.AddrPort, error) {
	addrs, err := g.resolve(ctx, host, port)
	if err != nil {
		return nil, err
	}
	if g.allowPrivate {
		return addrs, nil
	}
	var ok []netip.AddrPort
	for _, a := range addrs {
		if !private(a.Addr()) {
			ok = append(ok, a)
		}
	}
	if len(ok) == 0 {
		return nil, fmt.Errorf("%s %w", host, errPrivate)
	}
	return ok, nil
}

// proxy is http.ProxyFromEnvironment (HTTPS_PROXY, NO_PROXY) that checks
// the target against the policy first: the proxy connects for us.
func (g *guard) proxy(req *http.Request) (*url.URL, error) {
	u, err := http.ProxyFromEnvironment(req)
	if err != nil || u == nil {
		return u, err
	}
	port := req.URL.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[req.URL.Scheme]
	}
	if _, err := g.allowed(req.Context(), req.URL.Hostname(), port); err != nil {
		return nil, err
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), map[string]string{"https": "443", "http": "80"}[u.Scheme])
	}
	g.mu.Lock()
	g.proxies[host] = true
	g.mu.Unlock()
	return u, nil
}

// newClient is the HTTP client of every check: a per-request timeout, no
// redirects followed (the checks decide), TLS verified against roots
// (nil: the system's, which honours SSL_CERT_FILE).
func newClient(opts Options) *http.Client {
	g := &guard{resolve: opts.Resolve, allowPrivate: opts.AllowPrivate, proxies: map[string]bool{},
		dialer: net.Dialer{Timeout: opts.Timeout}}
	if g.resolve == nil {
		g.resolve = dnsResolve
	}
	tr := &http.Transport{
		Proxy:               g.proxy,
		DialContext:         g.dial,
		TLSClientConfig:     &tls.Config{RootCAs: opts.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout: opts.Timeout,
		MaxIdleConnsPerHost: 2,
		IdleConnTimeout:     30 * time.Second,
		ForceAttemptHTTP2:   true,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       opts.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// cloudZone returns the zone family of a Bitrix24 cloud host:
// "bitrix24.ru" for "acme.bitrix24.ru", "" for other hosts.
func cloudZone(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	i := strings.Index(host, ".bitrix24.")
	if i <= 0 || strings.Contains(host[:i], ".") {
		return ""
	}
	return host[i+1:]
}
