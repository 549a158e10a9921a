package verify

import (
	"bytes"
	"cmp"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// Options configure Verify. The zero value is the safe default.
type Options struct {
	Timeout      time.Duration // per request; 0 means 10 s
	Concurrency  int           // checks at once; 0 means 4
	AllowHTTP    bool          // self-hosted portals may fall back to plain HTTP
	AllowPrivate bool          // allow loopback, private and link-local addresses (intranet portals)
	RootCAs      *x509.CertPool
	Resolve      Resolver     // nil: DNS
	Clock        Clock        // nil: the real one
	Log          func(string) // each request, its URL redacted, one call at a time; nil: silent
	VibeCodeHost string       // "" means vibecode.bitrix24.tech
}

// PortalInterval is the least time between two requests to one portal:
// at most 2 a second, the rate Bitrix24 lets most plans drain.
const PortalInterval = 500 * time.Millisecond

// Attempts bounds how often a request is sent when the answer says
// nothing yet (rate limits, 5xx, timeouts); backoff doubles from 1 s.
const Attempts = 3

// Verify checks each distinct credential of findings once and sets every
// finding's Verification. It never fails: a check that cannot tell is
// inconclusive, and one not made is unchecked with the reason.
func Verify(ctx context.Context, findings []scanner.Finding, opts Options) {
	v := newVerifier(opts)
	keys := make([]rules.Identity, len(findings))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range v.opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				res := v.once(ctx, keys[i], &findings[i])
				findings[i].Verification = &res
			}
		}()
	}
	for i := range findings {
		keys[i] = identity(findings[i])
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// identity is the cache key of a finding's credential.
func identity(f scanner.Finding) rules.Identity {
	return rules.Identity{Kind: f.Kind, Portal: strings.ToLower(f.Portal), UserID: f.UserID, Secret: string(f.Secret)}
}

type verifier struct {
	opts   Options
	client *http.Client
	limit  *limiter
	mu     sync.Mutex
	cache  map[rules.Identity]*cached
	logMu  sync.Mutex // Log is called by one worker at a time
}

// cached is one credential's check, shared by every finding of it.
type cached struct {
	done chan struct{}
	res  scanner.Verification
}

func newVerifier(opts Options) *verifier {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.VibeCodeHost == "" {
		opts.VibeCodeHost = "vibecode.bitrix24.tech"
	}
	return &verifier{opts: opts, client: newClient(opts), limit: newLimiter(opts.Clock, PortalInterval),
		cache: map[rules.Identity]*cached{}}
}

// once checks a credential the first time it is asked and waits for that
// check on every later ask.
func (v *verifier) once(ctx context.Context, key rules.Identity, f *scanner.Finding) scanner.Verification {
	v.mu.Lock()
	c, seen := v.cache[key]
	if !seen {
		c = &cached{done: make(chan struct{})}
		v.cache[key] = c
	}
	v.mu.Unlock()
	if seen {
		<-c.done
		return c.res
	}
	c.res = v.check(ctx, f)
	c.res.CheckedAt = v.opts.Clock.Now().UTC()
	close(c.done)
	return c.res
}

// check runs the check that suits the credential's kind.
func (v *verifier) check(ctx context.Context, f *scanner.Finding) scanner.Verification {
	switch f.Kind {
	case rules.KindWebhook:
		return v.webhook(ctx, f)
	case "bitrix24-oauth-token":
		return v.oauthToken(ctx, f)
	case "bitrix24-vibecode-key":
		return v.vibeCode(ctx, f)
	case "bitrix24-client-secret":
		return unchecked("a client secret has no read-only check, and using it would act as the application: not sent anywhere")
	case "bitrix24-oauth-code":
		return unchecked("an authorization code lives about 30 seconds and works once: there is nothing left to check; rotate the client_secret logged beside it")
	case "bitrix24-crm-form-password":
		return unchecked("checking a password means signing in as the user: not sent anywhere")
	case "bitrix24-bot-secret":
		return unchecked("a bot secret is checked only by calling as the bot, which acts: not sent anywhere")
	case "bitrix24-outbound-token":
		return unchecked("an outgoing-webhook token has no API to check it against: only the handler that receives it knows it")
	}
	return unchecked("b24leaks has no check for this kind of credential")
}

func unchecked(why string) scanner.Verification {
	return scanner.Verification{Status: scanner.StatusUnchecked, Detail: why}
}

// request is one call: where (host for the limiter and the log), what.
type request struct {
	method, url, host string
	body              []byte
	header            http.Header
	secret            string // masked in the log
}

// send makes the request, retrying answers that say nothing yet with
// backoff, and returns the last answer, or the error of the last try.
func (v *verifier) send(ctx context.Context, r request, read func(answer) verdict) (answer, verdict, error) {
	var (
		a   answer
		vd  verdict
		err error
	)
	backoff := time.Second
	for attempt := 1; attempt <= Attempts; attempt++ {
		if attempt > 1 {
			if err := v.opts.Clock.Sleep(ctx, backoff); err != nil {
				return a, vd, err
			}
			backoff *= 2
		}
		if err = v.limit.wait(ctx, r.host); err != nil {
			return a, vd, err
		}
		a, err = v.do(ctx, r)
		if err != nil {
			v.log(r, "error: "+err.Error())
			if ctx.Err() != nil {
				return a, vd, ctx.Err()
			}
			continue
		}
		vd = read(a)
		v.log(r, fmt.Sprintf("HTTP %d %s", a.status, cmp.Or(a.errCode, string(vd.status))))
		if !vd.retry {
			return a, vd, nil
		}
	}
	return a, vd, err
}

// do sends r once and reads at most 1 MiB of the answer.
func (v *verifier) do(ctx context.Context, r request) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, bytes.NewReader(r.body))
	if err != nil {
		return answer{}, errors.New("bad request URL") // never the URL itself: it holds the secret
	}
	for k, vals := range r.header {
		req.Header[k] = vals
	}
	req.Header.Set("User-Agent", "b24leaks-verify")
	resp, err := v.client.Do(req)
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		err = ue.Err // without the URL, which holds the secret
	}
	if err != nil {
		return answer{}, scrub(err, r.secret)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return answer{}, scrub(err, r.secret)
	}
	a := answer{status: resp.StatusCode, location: resp.Header.Get("Location")}
	var body struct {
		Result json.RawMessage `json:"result"`
		Error  any             `json:"error"`
		Desc   string          `json:"error_description"`
	}
	if json.Unmarshal(data, &body) == nil {
		a.result, a.errText = body.Result, body.Desc
		if s, ok := body.Error.(string); ok {
			a.errCode = s
		} else if body.Error != nil {
			a.errCode = fmt.Sprint(body.Error)
		}
	}
	return a, nil
}

// scrub is err with every copy of the secret masked: url.Error quotes
// the URL, which holds a webhook's code.
func scrub(err error, secret string) error {
	msg := err.Error()
	if secret != "" {
		msg = strings.ReplaceAll(msg, secret, scanner.Redact(secret))
	}
	return errors.New(msg)
}

// log reports a request with the secret masked.
func (v *verifier) log(r request, outcome string) {
	if v.opts.Log == nil {
		return
	}
	u := r.url
	if r.secret != "" {
		u = strings.ReplaceAll(u, r.secret, scanner.Redact(r.secret))
	}
	v.logMu.Lock()
	defer v.logMu.Unlock()
	v.opts.Log(fmt.Sprintf("verify: %s %s: %s", r.method, u, outcome))
}
