package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/b24leaks/b24leaks/scanner"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// webhook checks an inbound webhook with profile, which reads the
// caller's own basic data and changes nothing, and for a live one asks
// scope for what it grants.
func (v *verifier) webhook(ctx context.Context, f *scanner.Finding) scanner.Verification {
	if f.Portal == "" || f.UserID == "" {
		return unchecked("the portal is unknown (the code was found apart from its URL): nothing to ask")
	}
	return v.webhookAt(ctx, strings.ToLower(f.Portal), f.UserID, string(f.Secret), false)
}

func (v *verifier) webhookAt(ctx context.Context, host, user, code string, moved bool) scanner.Verification {
	base := "https://" + host + "/rest/" + user + "/" + code + "/"
	r := request{method: http.MethodPost, url: base + "profile", host: host, body: []byte("{}"), header: jsonHeader, secret: code}
	a, vd, err := v.sendFallback(ctx, r, classify)
	switch {
	case err != nil:
		return inconclusive(err)
	case a.status >= 300 && a.status < 400:
		target, ok := v.renamed(host, r.url, a.location)
		if !ok || moved {
			return scanner.Verification{Status: scanner.StatusInconclusive,
				Detail: fmt.Sprintf("HTTP %d: redirected to %s, not followed (not a host of this portal's Bitrix24 zone)", a.status, redirectHost(r.url, a.location))}
		}
		res := v.webhookAt(ctx, target, user, code, true)
		res.Detail = strings.TrimSuffix("the portal was renamed to "+target+"; "+res.Detail, "; ")
		return res
	case vd.status != scanner.StatusLive:
		return scanner.Verification{Status: vd.status, Detail: vd.detail}
	}
	res := scanner.Verification{Status: scanner.StatusLive, Detail: vd.detail, Profile: readProfile(a.result)}
	if res.Profile != nil {
		r.url = base + "scope"
		res.Scopes = v.scopes(ctx, r)
	}
	res.Detail = liveDetail(res, vd.detail)
	return res
}

// sendFallback is send, and for a self-hosted portal whose HTTPS cannot
// be reached, with --verify-allow-http, the same request over HTTP.
func (v *verifier) sendFallback(ctx context.Context, r request, read func(answer) verdict) (answer, verdict, error) {
	a, vd, err := v.send(ctx, r, read)
	if err == nil || !v.opts.AllowHTTP || cloudZone(r.host) != "" || ctx.Err() != nil {
		return a, vd, err
	}
	r.url = "http://" + strings.TrimPrefix(r.url, "https://")
	return v.send(ctx, r, read)
}

// renamed returns the host a redirect names when it is another portal of
// the same Bitrix24 cloud zone (a renamed portal) over HTTPS.
func (v *verifier) renamed(host, from, location string) (string, bool) {
	base, err := url.Parse(from)
	if err != nil {
		return "", false
	}
	to, err := base.Parse(location)
	if err != nil || to.Scheme != "https" {
		return "", false
	}
	target := strings.ToLower(to.Hostname())
	zone := cloudZone(host)
	return target, zone != "" && target != host && cloudZone(target) == zone && to.Port() == ""
}

// redirectHost names a redirect's target by host only: its path may
// repeat the secret.
func redirectHost(from, location string) string {
	if base, err := url.Parse(from); err == nil {
		if to, err := base.Parse(location); err == nil && to.Host != "" {
			return to.Host
		}
	}
	return "an unreadable location"
}

// readProfile reads profile's result: the user's id and ADMIN flag.
func readProfile(result json.RawMessage) *scanner.Profile {
	var p struct {
		ID    json.Number `json:"ID"`
		Admin any         `json:"ADMIN"`
	}
	if json.Unmarshal(result, &p) != nil || p.ID == "" {
		return nil
	}
	admin := p.Admin == true || p.Admin == "Y" || p.Admin == "true"
	return &scanner.Profile{UserID: p.ID.String(), Admin: admin}
}

// scopes asks a live webhook which scopes it has; nil if it does not say.
func (v *verifier) scopes(ctx context.Context, r request) []string {
	a, vd, err := v.sendFallback(ctx, r, classify)
	if err != nil || vd.status != scanner.StatusLive {
		return nil
	}
	var list []string
	if json.Unmarshal(a.result, &list) != nil {
		return nil
	}
	return list
}

// liveDetail says what a live webhook can do.
func liveDetail(res scanner.Verification, why string) string {
	var parts []string
	if why != "" {
		parts = append(parts, why)
	}
	if p := res.Profile; p != nil {
		who := "acts as user " + p.UserID
		if p.Admin {
			who += ", an administrator"
		}
		parts = append(parts, who)
	}
	if len(res.Scopes) > 0 {
		parts = append(parts, "scopes: "+strings.Join(res.Scopes, ", "))
	}
	return strings.Join(parts, "; ")
}

// inconclusive is a check that got no answer.
func inconclusive(err error) scanner.Verification {
	return scanner.Verification{Status: scanner.StatusInconclusive, Detail: "no answer: " + err.Error()}
}
