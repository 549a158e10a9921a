// Package verifytest is a fake Bitrix24 for tests of verification: a TLS
// server with a CA of its own that answers like portals do, scripted by
// the credential asked about, and a clock that stands still.
package verifytest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
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

// Portal answers like Bitrix24 portals do, over TLS with a test CA
// of its own, for every host the resolver sends to it. What it answers
// depends on the code asked about (behaviour).
type Portal struct {
	Srv   *httptest.Server
	Roots *x509.CertPool
	CAPEM []byte // the CA as a PEM file's text (for SSL_CERT_FILE)
	mu    sync.Mutex
	Calls map[string]int // code → requests
	Log   []string       // host and method of each request
	Stop  chan struct{}  // closed before the server: ends hanging handlers
	// Behaviour maps a webhook code (or token, or key) to its script.
	Behaviour map[string]func(w http.ResponseWriter, r *http.Request, call int)
}

// NewPortal starts a portal on a loopback port for the test, closed
// when it ends.
func NewPortal(t testing.TB) *Portal {
	t.Helper()
	fp, err := Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fp.Close)
	return fp
}

// Names are the hosts the portal's certificate is for.
var Names = []string{"*.bitrix24.ru", "*.bitrix24.de", "crm.example.com", "vibecode.bitrix24.tech", "intranet.example.com"}

// Start serves a portal on addr.
func Start(addr string) (*Portal, error) {
	fp := &Portal{Stop: make(chan struct{}), Calls: map[string]int{}, Behaviour: map[string]func(http.ResponseWriter, *http.Request, int){}}
	cert, roots, caPEM, err := NewCA(Names...)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	fp.Roots, fp.CAPEM = roots, caPEM
	fp.Srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(fp.serve)}}
	fp.Srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	fp.Srv.StartTLS()
	return fp, nil
}

// Close ends hanging handlers and stops the server.
func (fp *Portal) Close() {
	close(fp.Stop)
	fp.Srv.Close()
}

// Resolve sends every host to the fake portal, except names under
// "nowhere." which do not resolve.
func (fp *Portal) Resolve(_ context.Context, host, _ string) ([]netip.AddrPort, error) {
	if strings.HasPrefix(host, "nowhere.") {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return []netip.AddrPort{netip.MustParseAddrPort(fp.Srv.Listener.Addr().String())}, nil
}

func (fp *Portal) serve(w http.ResponseWriter, r *http.Request) {
	code := credentialOf(r)
	fp.mu.Lock()
	fp.Calls[code]++
	call := fp.Calls[code]
	fp.Log = append(fp.Log, r.Host+" "+r.Method+" "+lastSegment(r.URL.Path))
	script := fp.Behaviour[code]
	fp.mu.Unlock()
	if script == nil {
		Reply(w, 401, map[string]any{"error": "INVALID_CREDENTIALS", "error_description": "Invalid request credentials"})
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

func Reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// Live answers profile and scope as a live webhook of user id does.
func Live(id string, admin bool, scopes ...string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, _ int) {
		if strings.HasSuffix(r.URL.Path, "/scope") {
			Reply(w, 200, map[string]any{"result": scopes})
			return
		}
		Reply(w, 200, map[string]any{"result": map[string]any{"ID": id, "ADMIN": admin, "NAME": "Test"}})
	}
}

func Fails(status int, code, text string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		Reply(w, status, map[string]any{"error": code, "error_description": text})
	}
}

// NewCA makes a CA and a server certificate for names, signed by it;
// it returns the certificate, a pool and a PEM file's text holding the CA.
func NewCA(names ...string) (tls.Certificate, *x509.CertPool, []byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, nil, err
	}
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "b24leaks test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, nil, nil, err
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
		return tls.Certificate{}, nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool, caPEM, nil
}

// Clock stands still and records every wait instead of sleeping.
type Clock struct {
	At     time.Time
	mu     sync.Mutex
	Sleeps []time.Duration
}

func (c *Clock) Now() time.Time { return c.At }

func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.Sleeps = append(c.Sleeps, d)
	c.mu.Unlock()
	return ctx.Err()
}
