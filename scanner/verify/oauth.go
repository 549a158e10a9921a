package verify

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// oauthToken checks an OAuth token offline by the expiry its first four
// bytes carry (little-endian Unix time; a hint, not a promise), and an
// access token (it expires within the hour an access token lives) whose
// portal is known with profile, which changes nothing. A refresh token is
// never sent, and no token is exchanged (grant_type=refresh_token would
// rotate it under its owner).
func (v *verifier) oauthToken(ctx context.Context, f *scanner.Finding) scanner.Verification {
	token := string(f.Secret)
	exp, known := rules.TokenExpiry(token)
	known = known && exp.Year() >= 2012 && exp.Year() <= 2100
	if known && exp.Before(v.opts.Clock.Now()) {
		return scanner.Verification{Status: scanner.StatusInvalid,
			Detail: fmt.Sprintf("expired on %s (by the expiry embedded in the token, a hint; no request made)", exp.UTC().Format("2006-01-02 15:04 MST"))}
	}
	if known && exp.After(v.opts.Clock.Now().Add(accessLifetime)) {
		return unchecked(fmt.Sprintf("a refresh token by its embedded expiry (%s; access tokens live an hour): never used, since using one rotates it",
			exp.UTC().Format("2006-01-02")))
	}
	if f.Portal == "" {
		why := "its portal is unknown, so there is nothing to ask; a refresh token is never used"
		if known {
			why = fmt.Sprintf("not expired by its embedded expiry (%s, a hint); %s", exp.UTC().Format("2006-01-02"), why)
		}
		return unchecked(why)
	}
	host := strings.ToLower(f.Portal)
	body := fmt.Appendf(nil, `{"auth":%q}`, token)
	r := request{method: http.MethodPost, url: "https://" + host + "/rest/profile", host: host, body: body, header: jsonHeader, secret: token}
	a, vd, err := v.sendFallback(ctx, r, classifyOAuth)
	if err != nil {
		return inconclusive(err)
	}
	if vd.status == scanner.StatusLive {
		res := scanner.Verification{Status: vd.status, Profile: readProfile(a.result)}
		res.Detail = liveDetail(res, vd.detail)
		return res
	}
	return scanner.Verification{Status: vd.status, Detail: vd.detail}
}

// accessLifetime is how long Bitrix24 access tokens live: a token that
// expires later than that from now is a refresh token.
const accessLifetime = time.Hour
