package verify_test

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/source/sourcetest"
	"github.com/b24leaks/b24leaks/scanner/verify"
	"github.com/b24leaks/b24leaks/scanner/verify/verifytest"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func webhook(portal, user string, seed uint64) scanner.Finding {
	return scanner.Finding{Kind: rules.KindWebhook, Portal: portal, UserID: user, Secret: scanner.Secret(sourcetest.SynthCode(seed))}
}

func code(seed uint64) string { return sourcetest.SynthCode(seed) }

// token is a 70-hex OAuth token whose embedded expiry is exp.
func token(exp time.Time, seed uint64) string {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(exp.Unix()))
	rest := hex.EncodeToString([]byte(code(seed) + code(seed+1)))
	return (hex.EncodeToString(b[:]) + rest + rest)[:70]
}

// run verifies findings against fp with the options tests use; it
// returns the log lines.
func run(t *testing.T, fp *verifytest.Portal, findings []scanner.Finding, tune func(*verify.Options)) []string {
	t.Helper()
	var mu sync.Mutex
	var log []string
	opts := verify.Options{Timeout: 2 * time.Second, AllowPrivate: true, RootCAs: fp.Roots, Resolve: fp.Resolve,
		Clock: &verifytest.Clock{At: now}, Log: func(s string) { mu.Lock(); log = append(log, s); mu.Unlock() }}
	if tune != nil {
		tune(&opts)
	}
	verify.Verify(context.Background(), findings, opts)
	return log
}

// Each answer a portal gives is read as Bitrix24 means it.
func TestWebhookAnswers(t *testing.T) {
	fp := verifytest.NewPortal(t)
	fp.Behaviour[code(1)] = verifytest.Live("1", true, "crm", "user")
	fp.Behaviour[code(2)] = verifytest.Live("7", false)
	fp.Behaviour[code(3)] = verifytest.Fails(401, "INVALID_CREDENTIALS", "Invalid request credentials")
	fp.Behaviour[code(4)] = verifytest.Fails(403, "INVALID_CREDENTIALS", "Invalid request credentials")
	fp.Behaviour[code(5)] = verifytest.Fails(403, "ACCESS_DENIED", "REST is available only on commercial plans.")
	fp.Behaviour[code(6)] = func(w http.ResponseWriter, r *http.Request, call int) {
		if call == 1 {
			verifytest.Reply(w, 503, map[string]any{"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"})
			return
		}
		verifytest.Live("3", false)(w, r, call)
	}
	fp.Behaviour[code(7)] = func(w http.ResponseWriter, r *http.Request, call int) {
		if r.Host == "old-name.bitrix24.ru" {
			w.Header().Set("Location", "https://new-name.bitrix24.ru"+r.URL.Path)
			w.WriteHeader(http.StatusFound)
			return
		}
		verifytest.Live("1", false)(w, r, call)
	}
	fp.Behaviour[code(8)] = func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Location", "https://collector.example.net"+r.URL.Path)
		w.WriteHeader(http.StatusFound)
	}
	fp.Behaviour[code(9)] = verifytest.Fails(503, "OVERLOAD_LIMIT", "REST API is blocked due to overload.")
	fp.Behaviour[code(10)] = verifytest.Fails(500, "", "")
	cases := []struct {
		f       scanner.Finding
		status  scanner.VerificationStatus
		detail  string
		profile *scanner.Profile
		scopes  []string
	}{
		{webhook("acme.bitrix24.ru", "1", 1), scanner.StatusLive, "acts as user 1, an administrator; scopes: crm, user", &scanner.Profile{UserID: "1", Admin: true}, []string{"crm", "user"}},
		{webhook("acme.bitrix24.ru", "7", 2), scanner.StatusLive, "acts as user 7", &scanner.Profile{UserID: "7"}, nil},
		{webhook("acme.bitrix24.ru", "1", 3), scanner.StatusInvalid, "INVALID_CREDENTIALS", nil, nil},
		{webhook("acme.bitrix24.de", "1", 4), scanner.StatusInvalid, "INVALID_CREDENTIALS", nil, nil},
		{webhook("acme.bitrix24.ru", "1", 5), scanner.StatusLive, "ACCESS_DENIED", nil, nil},
		{webhook("acme.bitrix24.ru", "3", 6), scanner.StatusLive, "acts as user 3", &scanner.Profile{UserID: "3"}, nil},
		{webhook("old-name.bitrix24.ru", "1", 7), scanner.StatusLive, "the portal was renamed to new-name.bitrix24.ru; acts as user 1", &scanner.Profile{UserID: "1"}, nil},
		{webhook("acme.bitrix24.ru", "1", 8), scanner.StatusInconclusive, "redirected to collector.example.net, not followed", nil, nil},
		{webhook("acme.bitrix24.ru", "1", 9), scanner.StatusLive, "OVERLOAD_LIMIT", nil, nil},
		{webhook("acme.bitrix24.ru", "1", 10), scanner.StatusInconclusive, "HTTP 500", nil, nil},
		{webhook("nowhere.bitrix24.ru", "1", 11), scanner.StatusInconclusive, "no such host", nil, nil},
		{webhook("", "", 12), scanner.StatusUnchecked, "the portal is unknown", nil, nil},
	}
	var findings []scanner.Finding
	for _, c := range cases {
		findings = append(findings, c.f)
	}
	log := run(t, fp, findings, nil)
	for i, c := range cases {
		v := findings[i].Verification
		if v == nil || v.Status != c.status || !strings.Contains(v.Detail, c.detail) || !v.CheckedAt.Equal(now) ||
			(c.profile == nil) != (v.Profile == nil) || c.profile != nil && *c.profile != *v.Profile || !slices.Equal(v.Scopes, c.scopes) {
			t.Errorf("case %d (%s): got %+v, want %s %q %+v %v", i, c.f.Portal, v, c.status, c.detail, c.profile, c.scopes)
		}
	}
	if fp.Calls[code(6)] != 3 { // limit, then profile and scope
		t.Errorf("rate-limited webhook: %d requests, want 3", fp.Calls[code(6)])
	}
	if fp.Calls[code(10)] != verify.Attempts {
		t.Errorf("HTTP 500: %d requests, want %d", fp.Calls[code(10)], verify.Attempts)
	}
	for _, l := range append(log, fp.Log...) {
		if strings.Contains(l, "collector.example.net") && !strings.Contains(l, "verify:") {
			t.Errorf("a foreign redirect was followed: %s", l)
		}
	}
	for _, l := range log {
		for i := range 13 {
			if strings.Contains(l, code(uint64(i))) {
				t.Errorf("log line holds a secret: %s", l)
			}
		}
	}
	if len(log) == 0 || !strings.Contains(strings.Join(log, "\n"), "POST https://acme.bitrix24.ru/rest/1/"+code(1)[:4]+"************/profile: HTTP 200") {
		t.Errorf("no redacted request in the log:\n%s", strings.Join(log, "\n"))
	}
}

// A server that never answers costs the timeout, a bounded number of
// times, and the check is inconclusive.
func TestHangingPortalTimesOut(t *testing.T) {
	fp := verifytest.NewPortal(t)
	fp.Behaviour[code(20)] = func(_ http.ResponseWriter, r *http.Request, _ int) {
		select {
		case <-r.Context().Done():
		case <-fp.Stop:
		}
	}
	f := []scanner.Finding{webhook("slow.bitrix24.ru", "1", 20)}
	start := time.Now()
	run(t, fp, f, func(o *verify.Options) { o.Timeout = 150 * time.Millisecond })
	if v := f[0].Verification; v.Status != scanner.StatusInconclusive || !strings.Contains(v.Detail, "no answer") || time.Since(start) > 5*time.Second {
		t.Errorf("%+v after %v", v, time.Since(start))
	}
}

// Without --verify-allow-private, a portal whose name resolves to a
// loopback or private address is not contacted.
func TestPrivateAddressesAreRefused(t *testing.T) {
	fp := verifytest.NewPortal(t)
	fp.Behaviour[code(21)] = verifytest.Live("1", true)
	f := []scanner.Finding{webhook("rebind.bitrix24.ru", "1", 21)}
	run(t, fp, f, func(o *verify.Options) { o.AllowPrivate = false })
	if v := f[0].Verification; v.Status != scanner.StatusInconclusive || !strings.Contains(v.Detail, "private") || fp.Calls[code(21)] != 0 {
		t.Errorf("%+v, %d requests reached the server", v, fp.Calls[code(21)])
	}
}

// A self-hosted portal on plain HTTP is reached only with AllowHTTP.
func TestPlainHTTPOnlyWhenAllowed(t *testing.T) {
	fp := verifytest.NewPortal(t)
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { verifytest.Live("5", false)(w, r, 1) }))
	defer plain.Close()
	resolve := func(ctx context.Context, host, port string) ([]netip.AddrPort, error) {
		return []netip.AddrPort{netip.MustParseAddrPort(plain.Listener.Addr().String())}, nil
	}
	for _, allow := range []bool{false, true} {
		f := []scanner.Finding{webhook("crm.example.com", "5", 22)}
		run(t, fp, f, func(o *verify.Options) { o.AllowHTTP, o.Resolve = allow, resolve })
		if got := f[0].Verification.Status; (got == scanner.StatusLive) != allow {
			t.Errorf("AllowHTTP %v: %+v", allow, f[0].Verification)
		}
	}
	f := []scanner.Finding{webhook("cloud.bitrix24.ru", "5", 23)}
	run(t, fp, f, func(o *verify.Options) { o.AllowHTTP, o.Resolve = true, resolve })
	if f[0].Verification.Status == scanner.StatusLive {
		t.Errorf("a cloud portal was asked over plain HTTP: %+v", f[0].Verification)
	}
}

// OAuth tokens: expired ones by their embedded expiry without a request;
// unexpired ones on a known portal with profile; others unchecked. Client
// secrets and outgoing tokens are never sent. VibeCode keys ask /v1/me.
func TestOtherCredentials(t *testing.T) {
	fp := verifytest.NewPortal(t)
	fresh := token(now.Add(40*time.Minute), 30)
	refresh := token(now.Add(29*24*time.Hour), 34)
	fp.Behaviour[fresh] = verifytest.Live("9", false)
	fp.Behaviour[code(31)] = func(w http.ResponseWriter, _ *http.Request, _ int) {
		verifytest.Reply(w, 200, map[string]any{"id": "k1"})
	}
	fp.Behaviour[code(32)] = func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(401) }
	expired := token(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), 33)
	cases := []struct {
		f      scanner.Finding
		status scanner.VerificationStatus
		detail string
	}{
		{scanner.Finding{Kind: "bitrix24-oauth-token", Secret: scanner.Secret(expired)}, scanner.StatusInvalid, "expired on 2024-05-01 10:00 UTC (by the expiry embedded in the token, a hint"},
		{scanner.Finding{Kind: "bitrix24-oauth-token", Secret: scanner.Secret(fresh), Portal: "acme.bitrix24.ru"}, scanner.StatusLive, "acts as user 9"},
		{scanner.Finding{Kind: "bitrix24-oauth-token", Secret: scanner.Secret(fresh)}, scanner.StatusUnchecked, "its portal is unknown"},
		{scanner.Finding{Kind: "bitrix24-oauth-token", Secret: scanner.Secret(refresh), Portal: "acme.bitrix24.ru"}, scanner.StatusUnchecked, "a refresh token by its embedded expiry"},
		{scanner.Finding{Kind: "bitrix24-client-secret", Secret: "s"}, scanner.StatusUnchecked, "no read-only check"},
		{scanner.Finding{Kind: "bitrix24-outbound-token", Secret: "t"}, scanner.StatusUnchecked, "no API to check it"},
		{scanner.Finding{Kind: "bitrix24-vibecode-key", Secret: scanner.Secret(code(31))}, scanner.StatusLive, "GET /v1/me"},
		{scanner.Finding{Kind: "bitrix24-vibecode-key", Secret: scanner.Secret(code(32))}, scanner.StatusInvalid, "HTTP 401"},
	}
	var findings []scanner.Finding
	for _, c := range cases {
		findings = append(findings, c.f)
	}
	run(t, fp, findings, nil)
	for i, c := range cases {
		if v := findings[i].Verification; v.Status != c.status || !strings.Contains(v.Detail, c.detail) {
			t.Errorf("case %d (%s): %+v, want %s %q", i, c.f.Kind, v, c.status, c.detail)
		}
	}
	if fp.Calls[expired] != 0 || fp.Calls[refresh] != 0 || fp.Calls["s"] != 0 || fp.Calls["t"] != 0 || fp.Calls[fresh] != 1 {
		t.Errorf("requests: %v", fp.Calls)
	}
}

// A credential found twice is checked once; 20 credentials on one portal
// are spaced 500 ms apart: never more than 2 requests in a second.
func TestOneCheckPerCredentialAndThePortalRateLimit(t *testing.T) {
	fp := verifytest.NewPortal(t)
	var findings []scanner.Finding
	for i := range 20 {
		findings = append(findings, webhook("busy.bitrix24.ru", "1", uint64(40+i)))
	}
	findings = append(findings, findings[0], findings[1])
	clock := &verifytest.Clock{At: now}
	run(t, fp, findings, func(o *verify.Options) { o.Clock = clock })
	total := 0
	for _, n := range fp.Calls {
		total += n
	}
	if total != 20 || findings[20].Verification.Status != scanner.StatusInvalid {
		t.Errorf("%d requests for 20 distinct credentials (of 22 findings)", total)
	}
	// The clock stands still, so each request waited for its slot: the
	// waits are exactly 0.5 s, 1 s, … 9.5 s.
	slices.Sort(clock.Sleeps)
	var want []time.Duration
	for k := 1; k < 20; k++ {
		want = append(want, time.Duration(k)*verify.PortalInterval)
	}
	if !slices.Equal(clock.Sleeps, want) || verify.PortalInterval != 500*time.Millisecond {
		t.Errorf("waits %v, want %v", clock.Sleeps, want)
	}
}
