package scanner

import "context"

// placement is one appearance of a content, in the source that saw it.
type placement struct {
	source int
	app    Appearance
}

// outcome is what the last stages leave for Result.
type outcome struct {
	findings    []Finding
	suppressed  []Suppressed
	unreachable int
	errors      []ScanError
}

// report turns the matches into findings: identities are resolved, the
// Finding filter runs, the surviving contents are placed (their own
// appearances, later offers of the same id, and attribution by the
// sources that deferred them), and the Location filter runs on each place.
func (c *collector) report(ctx context.Context, sources []Source, names []string, seen *seenSet, filters Filters) outcome {
	var out outcome
	var creds []*credential
	for _, cr := range resolve(c.order) {
		if filters.Finding != nil {
			if by := filters.Finding(&cr.Finding); by != "" {
				out.suppressed = append(out.suppressed, Suppressed{By: by, RuleID: cr.RuleID, Fingerprint: cr.Fingerprint, secret: cr.Secret})
				continue
			}
		}
		creds = append(creds, cr)
	}
	var cts []*matched
	inUse := map[*matched]bool{}
	for _, cr := range creds {
		for _, mb := range cr.members {
			if !inUse[mb.ct] {
				inUse[mb.ct] = true
				cts = append(cts, mb.ct)
			}
		}
	}
	places, errs := place(ctx, sources, names, seen, cts)
	out.errors = errs
	for _, ct := range cts {
		if len(places[ct]) == 0 {
			out.unreachable++
		}
	}
	for _, cr := range creds {
		f, dropped := cr.locate(places, names, filters.Location)
		out.suppressed = append(out.suppressed, dropped...)
		if len(f.Locations) > 0 {
			out.findings = append(out.findings, f)
		}
	}
	sortFindings(out.findings)
	return out
}

// locate makes the credential's locations, asking keep about each, and
// returns those keep dropped.
func (cr *credential) locate(places map[*matched][]placement, names []string, keep func(*Finding, *Location) string) (Finding, []Suppressed) {
	f := cr.Finding
	var dropped []Suppressed
	for _, mb := range cr.members {
		for _, p := range places[mb.ct] {
			l := Location{
				Source: names[p.source], Object: mb.ct.id, Appearance: p.app,
				Start: mb.m.start, End: mb.m.end,
				RuleID: mb.m.RuleID, Portal: mb.m.Portal, UserID: mb.m.UserID, ClientID: mb.m.ClientID,
			}
			if keep != nil {
				if by := keep(&f, &l); by != "" {
					dropped = append(dropped, Suppressed{By: by, RuleID: l.RuleID, Fingerprint: f.Fingerprint,
						Path: l.Appearance.Path, Line: l.Start.Line, secret: f.Secret})
					continue
				}
			}
			f.Locations = append(f.Locations, l)
		}
	}
	return f, dropped
}

// place returns every appearance of the given contents: the one each was
// read with, those of later offers of its id (from any source), and, for
// offers a source deferred, what that source's Attribute says.
func place(ctx context.Context, sources []Source, names []string, seen *seenSet, cts []*matched) (map[*matched][]placement, []ScanError) {
	places := make(map[*matched][]placement, len(cts))
	askers := make([][]*matched, len(sources)) // by source: contents it is to attribute
	asked := make([]map[*matched]bool, len(sources))
	offer := func(ct *matched, source int, app Appearance, deferred bool) {
		if _, ok := sources[source].(Attributor); ok && deferred && !ct.id.IsZero() {
			if asked[source] == nil {
				asked[source] = map[*matched]bool{}
			}
			if !asked[source][ct] {
				asked[source][ct] = true
				askers[source] = append(askers[source], ct)
			}
			return
		}
		places[ct] = append(places[ct], placement{source, app})
	}
	for _, ct := range cts {
		offer(ct, ct.source, ct.appearance, ct.deferred)
		if !ct.id.IsZero() {
			for _, sg := range seen.of(ct.id) {
				offer(ct, sg.source, sg.appearance, sg.deferred)
			}
		}
	}
	var errs []ScanError
	for source, cts := range askers {
		if len(cts) == 0 {
			continue
		}
		ids := make([]ObjectID, len(cts))
		for i, ct := range cts {
			ids[i] = ct.id
		}
		apps, err := sources[source].(Attributor).Attribute(ctx, ids)
		if err != nil {
			errs = append(errs, ScanError{Source: names[source], Op: "attribute", Err: err})
		}
		for _, ct := range cts {
			if apps == nil { // attribution failed: keep the finding, unplaced
				places[ct] = append(places[ct], placement{source, Appearance{Kind: ct.appearance.Kind}})
				continue
			}
			for _, a := range apps[ct.id] {
				places[ct] = append(places[ct], placement{source, a})
			}
		}
	}
	return places, errs
}
