package scanner

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// IgnoreFile is the name of the committed suppression file: one
// fingerprint per line, '#' starts a comment.
const IgnoreFile = ".b24leaksignore"

// Ignore holds the fingerprints of an ignore file. Entries written before
// webhooks had portals in their fingerprints (LegacyFingerprint) still
// suppress the credential they were made for; Legacy lists those that did,
// so the user can be told what to replace them with.
type Ignore struct {
	prints map[Fingerprint]bool
	mu     sync.Mutex
	legacy map[LegacyEntry]bool // legacy entries used, with the fingerprints they stood for
}

// NewIgnore returns an ignore set of the given fingerprints.
func NewIgnore(prints ...Fingerprint) *Ignore {
	ig := &Ignore{prints: map[Fingerprint]bool{}, legacy: map[LegacyEntry]bool{}}
	for _, p := range prints {
		ig.prints[p] = true
	}
	return ig
}

// ReadIgnore parses an ignore file. name is used in error messages.
func ReadIgnore(r io.Reader, name string) (*Ignore, error) {
	ig := NewIgnore()
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !isFingerprint(line) {
			return nil, fmt.Errorf("%s:%d: not a fingerprint: %q", name, n, line)
		}
		ig.prints[Fingerprint(line)] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return ig, nil
}

// Len is the number of entries.
func (ig *Ignore) Len() int { return len(ig.prints) }

// Keep is a Filters.Finding: false for a finding whose fingerprint, or
// the legacy fingerprint of one of its rules, is listed.
func (ig *Ignore) Keep(f *Finding) bool {
	if ig.prints[f.Fingerprint] {
		return false
	}
	for _, rule := range f.Rules {
		old := LegacyFingerprint(rule, f.Secret.Reveal())
		if old != f.Fingerprint && ig.prints[old] {
			ig.mu.Lock()
			ig.legacy[LegacyEntry{old, f.Fingerprint}] = true
			ig.mu.Unlock()
			return false
		}
	}
	return true
}

// LegacyEntry is an ignore entry in the old format that suppressed a
// finding in this scan, with the fingerprint to write instead. One old
// entry can stand for several findings (one code on two portals).
type LegacyEntry struct{ Old, New Fingerprint }

// Legacy returns the legacy entries Keep has used, sorted.
func (ig *Ignore) Legacy() []LegacyEntry {
	ig.mu.Lock()
	defer ig.mu.Unlock()
	out := make([]LegacyEntry, 0, len(ig.legacy))
	for e := range ig.legacy {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b LegacyEntry) int {
		return strings.Compare(string(a.Old+a.New), string(b.Old+b.New))
	})
	return out
}

func isFingerprint(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
