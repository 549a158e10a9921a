package rules

import (
	"bytes"
	"regexp"
	"strings"
)

// callReach bounds how far a call's parentheses may be from a code
// passed to it as an argument.
const callReach = 240

// callee names a function or class a webhook's parts are passed to:
// new \b24\webHook(…), Bitrix24Client(…); with a cloud portal's host,
// any API client will do: connect(…), new RestClient(…).
var (
	callee      = regexp.MustCompile(`(?i:hook|bitrix|b24|bx24)`)
	calleeCloud = regexp.MustCompile(`(?i:hook|bitrix|b24|bx24|crm|rest|client|api|portal|connect)`)
)

// callArgs reads the call whose argument list holds sp: its host argument
// ("portal.bitrix24.ru", "https://crm.company.ru/") and its user id (a
// number, quoted or not). ok=false unless the callee's name is about
// Bitrix24 or an API client and one argument is a host.
func (f *finder) callArgs(sp Span) (host, user string, ok bool) {
	open, close := enclosingParens(f.d, sp)
	if open < 0 || !calleeEnds(f.d, open) {
		return "", "", false
	}
	for _, arg := range splitArgs(f.d[open+1 : close]) {
		a := strings.Trim(string(bytes.TrimSpace(arg)), "\"'`")
		switch {
		case a != "" && allDigits([]byte(a)) && len(a) <= maxUserLen && user == "":
			user = a
		case host == "":
			host = hostArg(a)
		}
	}
	if host == "" {
		return "", "", false
	}
	name := calleeName(f.d, open)
	if _, _, cloud := cloudSplit(splitPort(host)); !callee.Match(name) && !(cloud && calleeCloud.Match(name)) {
		return "", "", false
	}
	return host, user, true
}

// calleeName returns the qualified name called by the "(" at d[open]:
// "\b24\webHook", "$this->client", "bitrix.Client".
func calleeName(d []byte, open int) []byte {
	s := open
	for s > 0 && open-s < 80 && (isWordByte(d[s-1]) || strings.IndexByte("\\.:->$", d[s-1]) >= 0) {
		s--
	}
	return d[s:open]
}

// calleeEnds reports whether an identifier ends right before the "(" at
// d[open]: a call, not a parenthesized expression.
func calleeEnds(d []byte, open int) bool {
	return open > 0 && isWordByte(d[open-1])
}

// enclosingParens finds the parentheses around sp within callReach, not
// crossing a statement end or a block; -1 when there are none.
func enclosingParens(d []byte, sp Span) (open, close int) {
	open = unmatched(d, sp.Start-1, max(0, sp.Start-callReach)-1, -1, '(', ')')
	if open < 0 {
		return -1, -1
	}
	if close = unmatched(d, sp.End, min(len(d), sp.End+callReach), 1, ')', '('); close < 0 {
		return -1, -1
	}
	return open, close
}

// unmatched walks d from i towards stop by step and returns the index of
// the first want byte not balanced by an other byte, or -1 at stop, a
// statement end or a block.
func unmatched(d []byte, i, stop, step int, want, other byte) int {
	for depth := 0; i != stop; i += step {
		switch d[i] {
		case ';', '{', '}':
			return -1
		case other:
			depth++
		case want:
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// splitArgs splits an argument list at its top-level commas, outside
// quotes and nested brackets.
func splitArgs(list []byte) [][]byte {
	var out [][]byte
	depth, quote, start := 0, byte(0), 0
	for i, c := range list {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' || c == '`':
			quote = c
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == ',' && depth == 0:
			out = append(out, list[start:i])
			start = i + 1
		}
	}
	return append(out, list[start:])
}

// hostArg returns the lowercase host an argument names ("portal.bitrix24.ru",
// "https://crm.company.ru/", "10.0.0.5:8443"), or "" if it names none or
// a documentation host.
func hostArg(a string) string {
	for _, s := range [...]string{"https://", "http://"} {
		if len(a) > len(s) && strings.EqualFold(a[:len(s)], s) {
			a = a[len(s):]
			break
		}
	}
	a = strings.ToLower(strings.TrimRight(a, "/"))
	host := splitPort(a)
	if !validHost([]byte(host)) || !strings.Contains(host, ".") || hostVerdict(host) == hostPlaceholder || bitrixService(host) {
		return ""
	}
	if tld := host[strings.LastIndexByte(host, '.')+1:]; !allLetters(tld) && !allDigits([]byte(tld)) {
		return ""
	}
	return a
}

// exprHostBefore reports whether the host-less path whose match starts at
// d[p] follows an expression that gives the host: "${config.crmUrl}/rest/…",
// f"{base}/rest/…", "$portal/rest/…", "%s/rest/…", BASE + "/rest/…",
// $this->portal . '/rest/…'.
func exprHostBefore(d []byte, p int) bool {
	if p >= len(d) {
		return false
	}
	if d[p] == '$' || d[p] == '%' || p > 0 && d[p-1] == '}' {
		return true
	}
	i := p // the literal's opening quote: the match's first byte, or the one before its "/"
	if d[p] == '/' {
		if p == 0 || !isQuote(d[p-1]) {
			return false
		}
		i = p - 1
	}
	for i > 0 && (d[i-1] == ' ' || d[i-1] == '\t') {
		i--
	}
	op := i
	for i > 0 && op-i < 2 && strings.IndexByte("+.&", d[i-1]) >= 0 {
		i--
	}
	if i == op {
		return false
	}
	for i > 0 && (d[i-1] == ' ' || d[i-1] == '\t') {
		i--
	}
	return i > 0 && (isWordByte(d[i-1]) || d[i-1] == ')' || d[i-1] == ']')
}

func isQuote(c byte) bool { return c == '"' || c == '\'' || c == '`' }
