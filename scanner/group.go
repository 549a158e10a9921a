package scanner

import (
	"cmp"
	"slices"
	"strings"
)

// grouper merges matches of the same credential into one Finding.
type grouper struct {
	byPrint map[Fingerprint]*Finding
}

func newGrouper() *grouper { return &grouper{byPrint: make(map[Fingerprint]*Finding)} }

func (g *grouper) add(id ObjectID, apps []Appearance, m located) {
	fp := FingerprintOf(m.RuleID, m.Secret)
	f, ok := g.byPrint[fp]
	if !ok {
		f = &Finding{RuleID: m.RuleID, Fingerprint: fp, Secret: Secret(m.Secret)}
		g.byPrint[fp] = f
	}
	f.Confidence = max(f.Confidence, m.Confidence)
	f.Portal = cmp.Or(f.Portal, m.Portal)
	f.UserID = cmp.Or(f.UserID, m.UserID)
	f.ClientID = cmp.Or(f.ClientID, m.ClientID)
	for _, a := range apps {
		f.Locations = append(f.Locations, Location{Object: id, Appearance: a, Start: m.start, End: m.end})
	}
}

// sorted returns the findings with locations first-introduced first, and
// findings ordered by their first location.
func (g *grouper) sorted() []Finding {
	out := make([]Finding, 0, len(g.byPrint))
	for _, f := range g.byPrint {
		slices.SortFunc(f.Locations, compareLocations)
		f.Locations = slices.CompactFunc(f.Locations, func(a, b Location) bool {
			return compareLocations(a, b) == 0
		})
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(compareLocations(a.Locations[0], b.Locations[0]),
			strings.Compare(a.RuleID, b.RuleID), strings.Compare(string(a.Fingerprint), string(b.Fingerprint)))
	})
	return out
}

// compareLocations orders history by commit date (oldest first), then by
// commit, path and position.
func compareLocations(a, b Location) int {
	return cmp.Or(
		compareCommits(a.Appearance.Commit, b.Appearance.Commit),
		strings.Compare(a.Appearance.Path, b.Appearance.Path),
		cmp.Compare(a.Start.Line, b.Start.Line),
		cmp.Compare(a.Start.Column, b.Start.Column),
		cmp.Compare(a.Appearance.Kind, b.Appearance.Kind),
	)
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
