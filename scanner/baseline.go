package scanner

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
)

// baselineHeader opens a baseline file written by WriteBaseline.
const baselineHeader = "# b24leaks baseline v1: known findings, one per line: FINGERPRINT RULE FIRST-PATH\n"

// WriteBaseline writes the findings of res as a baseline: one line per
// finding, "FINGERPRINT RULE PATH" (the path of its first location, for
// people; only the fingerprint is the key), sorted by fingerprint, with no
// dates or line numbers, so that baselines written on two branches merge
// line by line.
func WriteBaseline(w io.Writer, res *Result) error {
	lines := make([]string, 0, len(res.Findings))
	for _, f := range res.Findings {
		where := "-"
		if len(f.Locations) > 0 {
			where = cmp.Or(strings.ReplaceAll(f.Locations[0].Appearance.Path, " ", "%20"), f.Locations[0].Appearance.Kind.String())
		}
		lines = append(lines, fmt.Sprintf("%s %s %s\n", f.Fingerprint, f.RuleID, where))
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	if _, err := io.WriteString(w, baselineHeader); err != nil {
		return err
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

// Baseline holds known findings: fingerprints from a b24leaks baseline,
// or secrets from a gitleaks JSON report.
type Baseline struct {
	name    string
	prints  map[Fingerprint]int // fingerprint → line
	secrets []gitleaksFinding
	mu      sync.Mutex
	used    map[int]bool // lines (b24leaks) or report indexes (gitleaks) that suppressed something
}

type gitleaksFinding struct {
	Secret      string `json:"Secret"`
	RuleID      string `json:"RuleID"`
	File        string `json:"File"`
	StartLine   int    `json:"StartLine"`
	Fingerprint string `json:"Fingerprint"`
}

// ReadBaseline reads a baseline written by WriteBaseline, or a gitleaks
// JSON report (findings are then matched by their secret). name is used
// in error messages.
func ReadBaseline(r io.Reader, name string) (*Baseline, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", name, err)
	}
	b := &Baseline{name: name, prints: map[Fingerprint]int{}, used: map[int]bool{}}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' {
		if err := json.Unmarshal(trimmed, &b.secrets); err != nil {
			return nil, fmt.Errorf("%s: not a gitleaks JSON report: %w", name, err)
		}
		return b, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if !isFingerprint(fields[0]) {
			return nil, fmt.Errorf("%s:%d: not a baseline entry: %q (want FINGERPRINT RULE PATH)", name, n, line)
		}
		b.prints[Fingerprint(fields[0])] = n
	}
	return b, sc.Err()
}

const byBaseline = "baseline"

// Keep is a Filters.Finding: it suppresses a finding the baseline knows.
func (b *Baseline) Keep(f *Finding) string {
	for _, fp := range append([]Fingerprint{f.Fingerprint}, f.Aliases...) {
		if n, ok := b.prints[fp]; ok {
			b.use(n)
			return byBaseline
		}
	}
	secret := f.Secret.Reveal()
	for i, g := range b.secrets {
		// gitleaks' secret is the code, or the whole URL that holds it.
		if g.Secret != "" && strings.Contains(g.Secret, secret) {
			b.use(i)
			return byBaseline
		}
	}
	return ""
}

func (b *Baseline) use(key int) {
	b.mu.Lock()
	b.used[key] = true
	b.mu.Unlock()
}

// Unused lists the entries that matched nothing.
func (b *Baseline) Unused() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	if len(b.secrets) > 0 {
		for i, g := range b.secrets {
			if !b.used[i] {
				out = append(out, fmt.Sprintf("%s: gitleaks finding %d (%s at %s:%d)", b.name, i+1, g.RuleID, g.File, g.StartLine))
			}
		}
		return out
	}
	byLine := map[int]Fingerprint{}
	for fp, n := range b.prints {
		if !b.used[n] {
			byLine[n] = fp
		}
	}
	for _, n := range slices.Sorted(maps.Keys(byLine)) {
		out = append(out, fmt.Sprintf("%s:%d: %s", b.name, n, byLine[n]))
	}
	return out
}
