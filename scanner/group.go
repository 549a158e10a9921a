package scanner

import (
	"cmp"
	"slices"
	"strings"

	"github.com/b24leaks/b24leaks/rules"
)

// member is one match of a credential in one content.
type member struct {
	ct *matched
	m  *located
}

// credential is a finding being built: the identity it is, and its
// members until attribution turns them into locations.
type credential struct {
	Finding
	id      rules.Identity
	members []member
}

// resolve groups the matches of every content into credentials. Matches
// with equal identities are one credential; a match that knows less (a
// split form without the portal or the user) joins the first credential
// that covers it (rules.Identity.Covers), the more complete first, so one
// code is one credential per portal and user, never two for two shapes.
func resolve(order []*matched) []*credential {
	type credKey struct{ kind, secret string }
	byID := map[rules.Identity]*credential{}
	byCred := map[credKey][]*credential{}
	for _, ct := range order {
		for i := range ct.matches {
			m := &ct.matches[i]
			id := m.Identity()
			g := byID[id]
			if g == nil {
				g = &credential{id: id}
				byID[id] = g
				k := credKey{id.Kind, id.Secret}
				byCred[k] = append(byCred[k], g)
			}
			g.members = append(g.members, member{ct, m})
		}
	}
	var out []*credential
	for _, groups := range byCred {
		slices.SortFunc(groups, func(a, b *credential) int { return compareIdentity(a.id, b.id) })
		var roots []*credential
		for _, g := range groups {
			home := g
			for _, r := range roots {
				if r.id.Covers(g.id) {
					home = r
					break
				}
			}
			if home == g {
				roots = append(roots, g)
				continue
			}
			home.members = append(home.members, g.members...)
			home.Aliases = append(home.Aliases, FingerprintOf(g.id))
		}
		out = append(out, roots...)
	}
	for _, c := range out {
		c.finish()
	}
	return out
}

// compareIdentity orders identities of one secret: more known first, then
// by portal and user.
func compareIdentity(a, b rules.Identity) int {
	known := func(id rules.Identity) int {
		n := 0
		if id.Portal != "" {
			n++
		}
		if id.UserID != "" {
			n++
		}
		return n
	}
	return cmp.Or(known(b)-known(a), strings.Compare(a.Portal, b.Portal), strings.Compare(a.UserID, b.UserID))
}

// finish fills in the finding's fields from its identity and members.
func (c *credential) finish() {
	f := &c.Finding
	f.Kind, f.Secret = c.id.Kind, Secret(c.id.Secret)
	f.Fingerprint = FingerprintOf(c.id)
	f.Portal, f.UserID = c.id.Portal, c.id.UserID
	for _, mb := range c.members {
		m := mb.m
		if m.Confidence > f.Confidence || m.Confidence == f.Confidence && (f.RuleID == "" || m.RuleID < f.RuleID) {
			f.RuleID, f.Confidence = m.RuleID, m.Confidence
		}
		if !slices.Contains(f.Rules, m.RuleID) {
			f.Rules = append(f.Rules, m.RuleID)
		}
		f.Portal = minKnown(f.Portal, m.Portal)
		f.UserID = minKnown(f.UserID, m.UserID)
		f.ClientID = minKnown(f.ClientID, m.ClientID)
	}
	slices.Sort(f.Rules)
}

// minKnown keeps a known value, or the smaller of two new ones, so the
// choice does not depend on the order matches arrived in.
func minKnown(have, seen string) string {
	switch {
	case seen == "":
		return have
	case have == "" || seen < have:
		return seen
	}
	return have
}

// sortFindings orders each finding's locations first-introduced first,
// drops repeats, and orders findings by their first location.
func sortFindings(fs []Finding) {
	for i := range fs {
		f := &fs[i]
		slices.SortFunc(f.Locations, compareLocations)
		f.Locations = slices.CompactFunc(f.Locations, samePlace)
	}
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(compareLocations(a.Locations[0], b.Locations[0]),
			strings.Compare(a.RuleID, b.RuleID), strings.Compare(string(a.Fingerprint), string(b.Fingerprint)))
	})
}

// compareLocations orders history by commit date (oldest first), then by
// source, commit, path and position; two rules at one place sort by rule
// id, so samePlace keeps the first.
func compareLocations(a, b Location) int {
	return cmp.Or(
		compareCommits(a.Appearance.Commit, b.Appearance.Commit),
		strings.Compare(a.Source, b.Source),
		strings.Compare(a.Appearance.Path, b.Appearance.Path),
		cmp.Compare(a.Start.Line, b.Start.Line),
		cmp.Compare(a.Start.Column, b.Start.Column),
		cmp.Compare(a.Appearance.Kind, b.Appearance.Kind),
		strings.Compare(a.Object.String(), b.Object.String()),
		strings.Compare(a.RuleID, b.RuleID),
	)
}

// samePlace reports whether two sorted locations are one place.
func samePlace(a, b Location) bool {
	a.RuleID, b.RuleID = "", ""
	return compareLocations(a, b) == 0
}

func compareCommits(a, b *Commit) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.Hash, b.Hash))
}
