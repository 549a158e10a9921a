package verify

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/b24leaks/b24leaks/scanner"
)

// answer is what a portal said to one request.
type answer struct {
	status   int
	errCode  string          // the JSON error field
	errText  string          // error_description
	result   json.RawMessage // the JSON result field
	location string          // a redirect's target
}

// verdict is what an answer means for the credential. retry marks
// answers that say nothing about it yet (limits, server trouble).
type verdict struct {
	status scanner.VerificationStatus
	detail string
	retry  bool
}

// classify reads a REST answer: the JSON error field first, the HTTP
// status second (credentials.md §5.2). Codes that Bitrix24 gives only
// after the code matched prove it is real.
func classify(a answer) verdict {
	switch a.errCode {
	case "":
	case "INVALID_CREDENTIALS":
		return verdict{status: scanner.StatusInvalid, detail: "INVALID_CREDENTIALS: blocked by Bitrix24, deleted, regenerated or mistyped"}
	case "PORTAL_DELETED":
		return verdict{status: scanner.StatusInvalid, detail: "PORTAL_DELETED: the portal no longer exists"}
	case "authorization_error":
		return verdict{status: scanner.StatusInvalid, detail: "authorization_error: the code matched, but its owner cannot be logged in (deactivated?)"}
	case "ACCESS_DENIED":
		return verdict{status: scanner.StatusLive, detail: "ACCESS_DENIED: the code matched; REST is off on this plan and works again after an upgrade"}
	case "insufficient_scope":
		return verdict{status: scanner.StatusLive, detail: "insufficient_scope: the code matched"}
	case "OVERLOAD_LIMIT":
		return verdict{status: scanner.StatusLive, detail: "OVERLOAD_LIMIT: the code matched; the portal's REST API is blocked for overload for now"}
	case "QUERY_LIMIT_EXCEEDED", "OPERATION_TIME_LIMIT":
		return verdict{status: scanner.StatusInconclusive, detail: a.errCode + ": the portal's rate limit; try again later", retry: true}
	default:
		return verdict{status: scanner.StatusInconclusive, detail: fmt.Sprintf("%s: %s (HTTP %d)", a.errCode, a.errText, a.status)}
	}
	switch {
	case a.status == http.StatusOK && len(a.result) > 0:
		return verdict{status: scanner.StatusLive}
	case a.status >= 500:
		return verdict{status: scanner.StatusInconclusive, detail: fmt.Sprintf("HTTP %d %s from the portal", a.status, http.StatusText(a.status)), retry: true}
	}
	return verdict{status: scanner.StatusInconclusive, detail: fmt.Sprintf("HTTP %d %s without a Bitrix24 answer", a.status, http.StatusText(a.status))}
}

// classifyOAuth reads the answer to a call authorised by an OAuth access
// token: token errors first, then what a webhook's answer would say.
func classifyOAuth(a answer) verdict {
	switch a.errCode {
	case "expired_token":
		return verdict{status: scanner.StatusInvalid, detail: "expired_token: the token has expired"}
	case "invalid_token", "ERROR_OAUTH", "APPLICATION_NOT_FOUND", "NO_AUTH_FOUND":
		return verdict{status: scanner.StatusInvalid, detail: a.errCode + ": " + a.errText}
	}
	return classify(a)
}
