package rules

import (
	"fmt"
	"strings"
)

// GitleaksTOML returns the set as a gitleaks (or betterleaks) TOML rule
// set: one [[rules]] entry per pattern, with its regexp, secret group and
// keywords. What those engines cannot express — decoding, placeholder and
// vendor-sample filters, context requirements, confidence — is said in
// comments, so a team knows what coverage it gives up.
func (s *Set) GitleaksTOML() string {
	var b strings.Builder
	b.WriteString(`# Bitrix24 credentials, exported by 'b24leaks rules --format gitleaks'.
# gitleaks matches these regexps alone. b24leaks also does what they cannot express here:
#   - decodes JSON (\/ and \uXXXX), percent, HTML-entity and base64 encodings before matching;
#   - drops placeholders, vendor documentation samples, example hosts, masked and low-variety values;
#   - requires context for keyed secrets (a Bitrix24 word, a client_id or webhook nearby), as noted per rule;
#   - joins a webhook's host, user and code written in separate variables (split forms);
#   - reads the expiry OAuth tokens embed (grading expired ones low, dropping values whose time is
#     before 2020: no token of this layout), and grades every match's confidence.
# Expect more false positives, and fewer finds, than b24leaks itself.

`)
	for _, r := range s.rules {
		for i := range r.patterns {
			p := &r.patterns[i]
			re := p.regexp()
			id := r.ID
			if len(r.patterns) > 1 {
				id = fmt.Sprintf("%s-%d", r.ID, i+1)
			}
			fmt.Fprintf(&b, "[[rules]]\nid = %q\ndescription = %q\n", id, r.Name)
			if note := p.needNote(); note != "" {
				fmt.Fprintf(&b, "# b24leaks also requires %s, which gitleaks cannot check.\n", note)
			}
			fmt.Fprintf(&b, "regex = '''%s'''\nsecretGroup = %d\n", p.expr, re.SubexpIndex("secret"))
			keys := p.keys
			if len(keys) == 0 {
				keys = r.Keywords
			}
			fmt.Fprintf(&b, "keywords = [%s]\n\n", quoteAll(keys))
		}
	}
	return b.String()
}

// needNote says in words what context a pattern needs beyond its regexp.
func (p *pattern) needNote() string {
	if p.anchor != "" {
		return fmt.Sprintf("%q within %d bytes, and a value that is no placeholder, variable or environment look-up", p.anchor, max(p.before, p.after))
	}
	switch p.need {
	case needBitrix:
		return "a Bitrix24 word, a /rest/<id>/ path or a client_id near the secret"
	case needWords, needWordsOrMethod:
		return "a Bitrix24 word near the secret"
	case needPathHost:
		return "a Bitrix24 word, a REST method after the code or an expression giving the host before the path"
	case needAuthFlow:
		return "an OAuth flow (authorization_code, oauth/token, server_domain) near the code"
	case needCall:
		return "the code to be an argument of a Bitrix24 client call that also gets the portal host"
	case needCompare:
		return "the value to be compared with auth[application_token] nearby"
	case needBase, needBaseOrPortal:
		return "a webhook base URL (/rest/<id>/) near the code"
	case needClient:
		return "a local. or app. client_id near the secret"
	case needPortal:
		return "a Bitrix24 portal or webhook path near the code"
	}
	return ""
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
