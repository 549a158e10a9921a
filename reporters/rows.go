package reporters

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/b24leaks/b24leaks/scanner"
)

// This file holds what every format says the same way about a location.

// Place names where a location is, for people: "path:line:column", or
// what the content is when it has no path ("(commit message):1:19",
// "-:2:14" for stdin, "blob 1a2b3c4d (not attributed)"), with the source
// in brackets when the report has several.
func Place(l Location) string {
	where := l.Path
	switch {
	case l.Kind == scanner.KindStdin:
		where = "-"
	case l.Kind == scanner.KindCommitMessage:
		where = "(commit message)"
	case l.Kind == scanner.KindTagMessage:
		where = "(tag message)"
	case where == "" && l.Object != "":
		where = "blob " + ShortHash(l.Object) + " (not attributed)"
	}
	place := fmt.Sprintf("%s:%d:%d", Printable(where), l.Line, l.Column)
	if l.Source != "" {
		place = "[" + Printable(l.Source) + "] " + place
	}
	return place
}

// Presence says where a history location's content still is: "at HEAD",
// "at feature, v1.0" (other refs' tips, at most three named), or "history
// only". It is empty for other kinds.
func Presence(l Location) string {
	switch {
	case l.AtHead == nil || l.Kind != scanner.KindHistory:
		return ""
	case *l.AtHead && len(l.Refs) == 0:
		return "at HEAD"
	case len(l.Refs) == 0:
		return "history only"
	}
	refs := make([]string, 0, 3)
	for _, r := range l.Refs[:min(len(l.Refs), 3)] {
		refs = append(refs, Printable(ShortRef(r)))
	}
	list := strings.Join(refs, ", ")
	if more := len(l.Refs) - len(refs); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	if *l.AtHead {
		return "at HEAD, " + list
	}
	return "at " + list
}

// ShortRef drops the refs/heads/, refs/tags/ or refs/remotes/ prefix.
func ShortRef(ref string) string {
	for _, p := range []string{"refs/heads/", "refs/tags/", "refs/remotes/"} {
		if s, ok := strings.CutPrefix(ref, p); ok {
			return s
		}
	}
	return ref
}

// ShortHash is the first 8 digits of an object id.
func ShortHash(h string) string {
	if len(h) > 8 {
		return h[:8]
	}
	return h
}

// Author is "Name <email>", or whichever of the two is known, printable.
func Author(c *Commit) string {
	switch {
	case c.Email == "":
		return Printable(c.Author)
	case c.Author == "":
		return "<" + Printable(c.Email) + ">"
	}
	return Printable(c.Author) + " <" + Printable(c.Email) + ">"
}

// Subject returns the first line of a message, shortened to 60 runes,
// printable.
func Subject(msg string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	line = Printable(strings.TrimSpace(line))
	if utf8.RuneCountInString(line) <= 60 {
		return line
	}
	return string([]rune(line)[:59]) + "…"
}

// Differences lists what a location's match said that its finding did
// not: "rule bitrix24-webhook-split", "user 7".
func Differences(l Location) []string {
	var out []string
	for _, d := range []struct{ label, v string }{
		{"rule", l.RuleID}, {"portal", l.Portal}, {"user", l.UserID}, {"client", l.ClientID},
	} {
		if d.v != "" {
			out = append(out, d.label+" "+Printable(d.v))
		}
	}
	return out
}

// Printable makes text from a scanned repository safe to show on a
// terminal: control characters (C0, DEL, C1) and invalid UTF-8 become
// visible escapes (\x1b, \n, \x9b, \xff), so a file name or author cannot
// move the cursor, recolour the screen or forge report lines.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Verdict is a checked finding's status and detail in one phrase ("live:
// acts as user 1, an administrator"); empty when it was not checked.
func Verdict(f Finding) string {
	v := f.Verification
	if v == nil {
		return ""
	}
	if v.Detail == "" {
		return v.Status
	}
	return v.Status + ": " + Printable(v.Detail)
}

// NextStep says what to do first about a checked finding, by its status:
// rotate a live one now, clean up after one already blocked, check by
// hand what could not be told. It is empty when the finding was not
// checked or the check was not made (the rule's fix applies then).
func NextStep(f Finding) string {
	v := f.Verification
	if v == nil {
		return ""
	}
	webhook := f.Portal != "" && f.UserID != ""
	switch v.Status {
	case "live":
		if webhook {
			return "It works: rotate it now. In Bitrix24 open Developer resources > Integrations, find the webhook, " +
				"Edit, click Generate new > Continue for the \"Webhook to call REST API\" key and save; put the new URL " +
				"into every integration that uses it; then remove the old one from the code and from history (git filter-repo)."
		}
		return "It works: revoke or rotate it now, then remove it from the code and from history. " + firstLine(f.Rule.Fix)
	case "invalid":
		if webhook {
			return "Already blocked or rotated (Bitrix24 refuses it). Remove it from the code and from history, and give the " +
				"integration the current key: Developer resources > Integrations > the webhook > Edit > \"Webhook to call REST API\"."
		}
		return "No longer accepted. Remove it from the code and from history, and give its users the current credential."
	case "inconclusive":
		if webhook {
			return fmt.Sprintf("Could not tell. Check by hand, with the full code in place of the masked one: curl -s -X POST "+
				"-H 'Content-Type: application/json' -d '{}' https://%s/rest/%s/%s/profile — a \"result\" means live, "+
				"INVALID_CREDENTIALS means blocked.", Printable(f.Portal), Printable(f.UserID), f.Secret)
		}
		return "Could not tell: treat it as live until someone who owns it confirms it is revoked."
	}
	return ""
}

// Expiry says when an OAuth token expires by the time it embeds: "expired
// 2024-05-01 10:00 UTC" or "valid until 2026-12-01 13:00 UTC", with the
// caveat that the embedded time is a hint; empty for other findings.
func Expiry(f Finding) string {
	if f.Expires.IsZero() {
		return ""
	}
	when := f.Expires.UTC().Format("2006-01-02 15:04 MST")
	if f.Expired {
		return "expired " + when + " (by the time embedded in the token: a hint)"
	}
	return "valid until " + when + " (by the time embedded in the token: a hint)"
}
