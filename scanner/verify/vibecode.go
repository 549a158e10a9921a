package verify

import (
	"context"
	"fmt"
	"net/http"

	"github.com/b24leaks/b24leaks/scanner"
)

// vibeCode checks a VibeCode key with GET /v1/me, the key's read-only
// self-description.
func (v *verifier) vibeCode(ctx context.Context, f *scanner.Finding) scanner.Verification {
	key := string(f.Secret)
	host := v.opts.VibeCodeHost
	r := request{method: http.MethodGet, url: "https://" + host + "/v1/me", host: host,
		header: http.Header{"X-Api-Key": {key}}, secret: key}
	_, vd, err := v.send(ctx, r, readVibeCode)
	if err != nil {
		return inconclusive(err)
	}
	return scanner.Verification{Status: vd.status, Detail: vd.detail}
}

// readVibeCode reads /v1/me's answer by its status.
func readVibeCode(a answer) verdict {
	switch {
	case a.status == http.StatusOK:
		return verdict{status: scanner.StatusLive, detail: "the key describes itself (GET /v1/me)"}
	case a.status == http.StatusUnauthorized || a.status == http.StatusForbidden:
		return verdict{status: scanner.StatusInvalid, detail: fmt.Sprintf("HTTP %d: the key is not accepted", a.status)}
	case a.status == http.StatusTooManyRequests || a.status >= 500:
		return verdict{status: scanner.StatusInconclusive, detail: fmt.Sprintf("HTTP %d from VibeCode", a.status), retry: true}
	}
	return verdict{status: scanner.StatusInconclusive, detail: fmt.Sprintf("HTTP %d from VibeCode", a.status)}
}
