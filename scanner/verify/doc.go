// Package verify checks, on request, whether leaked credentials still
// work, without side effects and without becoming a tool against anyone:
//
//	findings ─unique credentials─→ check (webhook: POST profile, scope;
//	OAuth access token: embedded expiry, then profile; VibeCode: GET /v1/me)
//	─per-portal limiter (2 req/s), 4 at once, bounded retry─→ Verification
//
// verify.go runs the checks and caches them; webhook.go, oauth.go and
// vibecode.go know each credential's call and how to read its answer;
// classify.go turns Bitrix24 answers into statuses; net.go is the HTTP
// client: HTTPS only, no private addresses (checked on the address it
// connects to), redirects only within one cloud zone; limit.go paces
// requests per portal on a clock tests can replace.
package verify
