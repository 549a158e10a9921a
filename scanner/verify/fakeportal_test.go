package verify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePortal answers like Bitrix24 portals do, over TLS with a test CA
// of its own, for every host the resolver sends to it. What it answers
// depends on the code asked about (behaviour).
type fakePortal struct {
	srv   *httptest.Server
	roots *x509.CertPool
	mu    sync.Mutex
	calls map[string]int // code → requests
	log   []string       // host and method of each request
	stop  chan struct{}  // closed before the server: ends hanging handlers
	// behaviour maps a webhook code (or token, or key) to its script.
	behaviour map[string]func(w http.ResponseWriter, r *http.Request, call int)
}

func newFakePortal(t *testing.T) *fakePortal {
	t.Helper()
	fp := &fakePortal{stop: make(chan struct{}), calls: map[string]int{}, behaviour: map[string]func(http.ResponseWriter, *http.Request, int){}}
	cert, roots := testCA(t, "*.bitrix24.ru", "*.bitrix24.de", "crm.example.com", "vibecode.bitrix24.tech", "intranet.example.com")
	fp.roots = roots
	fp.srv = httptest.NewUnstartedServer(http.HandlerFunc(fp.serve))
	fp.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	fp.srv.StartTLS()
	t.Cleanup(fp.srv.Close)
	t.Cleanup(func() { close(fp.stop) })
	return fp
}

// resolve sends every host to the fake portal, except names under
// "nowhere." which do not resolve.
func (fp *fakePortal) resolve(_ context.Context, host, _ string) ([]netip.AddrPort, error) {
	if strings.HasPrefix(host, "nowhere.") {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []netip.AddrPort{netip.MustParseAddrPort(fp.srv.Listener.Addr().String())}, nil
}

func (fp *fakePortal) serve(w http.ResponseWriter, r *http.Request) {
	code := credentialOf(r)
	fp.mu.Lock()
	fp.calls[code]++
	call := fp.calls[code]
	fp.log = append(fp.log, r.Host+" "+r.Method+" "+lastSegment(r.URL.Path))
	script := fp.behaviour[code]
	fp.mu.Unlock()
	if script == nil {
		reply(w, 401, map[string]any{"error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"})
		return
	}
	script(w, r, call)
}

// credentialOf is the secret a request carries: a webhook's code in the
// path, an OAuth token in the body, a VibeCode key in its header.
func credentialOf(r *http.Request) string {
	if k := r.Header.Get("X-Api-Key"); k != "" {
		return k
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) == 4 && parts[0] == "rest" {
		return parts[2]
	}
	var body struct{ Auth string }
	json.NewDecoder(r.Body).Decode(&body)
	return body.Auth
}

func lastSegment(p string) string { return p[strings.LastIndex(p, "/")+1:] }

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// live answers profile and scope as a live webhook of user id does.
func live(id string, admin bool, scopes ...string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		if strings.HasSuffix(r.URL.Path, "/scope") {
			reply(w, 200, map[string]any{"result": scopes})
			return
		}
		reply(w, 200, map[string]any{"result": map[string]any{"ID": id, "ADMIN": admin, "NAME": "Test"}})
	}
}

func fails(status int, code, text string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, status, map[string]any{"error": code, "error_description": text})
	}
}

// testCA makes a CA and a server certificate for names, signed by it.
func testCA(t *testing.T, names ...string) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "b24leaks test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: names[0]}, DNSNames: names,
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// fakeClock stands still and records every wait instead of sleeping.
type fakeClock struct {
	now    time.Time
	mu     sync.Mutex
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return ctx.Err()
}
