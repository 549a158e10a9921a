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
// fingerprint per line (or PATH:FINGERPRINT to suppress in one file only),
// '#' starts a comment.
const IgnoreFile = ".b24leaksignore"

// Ignore holds the entries of an ignore file. Entries written before
// webhooks had portals in their fingerprints (LegacyFingerprint) still
// suppress the credential they were made for; Legacy lists those that did,
// so the user can be told what to replace them with.
type Ignore struct {
	name   string
	root   string                         // directory of the file: PATH entries are relative to it
	prints map[Fingerprint]int            // fingerprint → line of its entry
	paths  map[Fingerprint]map[string]int // fingerprint → path → line of a PATH:FINGERPRINT entry
	mu     sync.Mutex
	used   map[string]bool      // entries that suppressed something, by text
	legacy map[LegacyEntry]bool // legacy entries used, with the fingerprints they stood for
}

// NewIgnore returns an ignore set of the given fingerprints.
func NewIgnore(prints ...Fingerprint) *Ignore {
	ig := &Ignore{prints: map[Fingerprint]int{}, paths: map[Fingerprint]map[string]int{},
		used: map[string]bool{}, legacy: map[LegacyEntry]bool{}}
	for _, p := range prints {
		ig.prints[p] = 0
	}
	return ig
}

// ReadIgnore parses an ignore file. name is used in error messages.
func ReadIgnore(r io.Reader, name string) (*Ignore, error) {
	ig := NewIgnore()
	ig.name, ig.root = name, rootOf(name)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(StripComment(sc.Text()))
		if line == "" {
			continue
		}
		path, fp, err := ParseIgnoreEntry(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		if path == "" {
			ig.prints[fp] = n
			continue
		}
		if ig.paths[fp] == nil {
			ig.paths[fp] = map[string]int{}
		}
		ig.paths[fp][path] = n
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return ig, nil
}

// StripComment drops a comment: '#' at the start of the line or after a
// space or tab ('#' inside a path, "docs/#1.md:…", is kept).
func StripComment(line string) string {
	for i := 0; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}

// ParseIgnoreEntry reads "FINGERPRINT" or "PATH:FINGERPRINT".
func ParseIgnoreEntry(s string) (path string, fp Fingerprint, err error) {
	path, print := "", s
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		path, print = s[:i], s[i+1:]
		if path == "" {
			return "", "", fmt.Errorf("no path before the fingerprint in %q", s)
		}
	}
	if !isFingerprint(print) {
		return "", "", fmt.Errorf("not a fingerprint: %q (want 32 hex digits, or PATH:FINGERPRINT)", s)
	}
	if strings.ContainsAny(path, " \t") && strings.Contains(path, "#") {
		return "", "", fmt.Errorf("path %q: a '#' after a space would start a comment", path)
	}
	return path, Fingerprint(print), nil
}

// Len is the number of entries.
func (ig *Ignore) Len() int {
	n := len(ig.prints)
	for _, ps := range ig.paths {
		n += len(ps)
	}
	return n
}

const byIgnoreFile = "ignore file"

// Keep is a Filters.Finding: it suppresses a finding whose fingerprint,
// or the legacy fingerprint of one of its rules, is listed.
func (ig *Ignore) Keep(f *Finding) string {
	for _, fp := range append([]Fingerprint{f.Fingerprint}, f.Aliases...) {
		if _, ok := ig.prints[fp]; ok {
			ig.use(string(fp))
			return byIgnoreFile
		}
	}
	for _, rule := range f.Rules {
		old := LegacyFingerprint(rule, f.Secret.Reveal())
		if _, ok := ig.prints[old]; ok && old != f.Fingerprint {
			ig.mu.Lock()
			ig.legacy[LegacyEntry{old, f.Fingerprint}] = true
			ig.used[string(old)] = true
			ig.mu.Unlock()
			return byIgnoreFile
		}
	}
	return ""
}

// KeepLocation is a Filters.Location: it suppresses a place whose path
// has a PATH:FINGERPRINT entry for its finding.
func (ig *Ignore) KeepLocation(f *Finding, l *Location) string {
	paths := ig.paths[f.Fingerprint]
	if len(paths) == 0 || l.Appearance.Path == "" {
		return ""
	}
	candidates := []string{l.Appearance.Path}
	if l.Appearance.Kind == KindFile { // git paths are repository-relative already
		candidates = append(candidates, relPath(ig.root, l.Appearance.Path))
	}
	for _, p := range candidates {
		if _, ok := paths[p]; ok {
			ig.use(p + ":" + string(f.Fingerprint))
			return byIgnoreFile
		}
	}
	return ""
}

func (ig *Ignore) use(entry string) {
	ig.mu.Lock()
	ig.used[entry] = true
	ig.mu.Unlock()
}

// Unused lists the entries that suppressed nothing, as "FILE:LINE: ENTRY".
func (ig *Ignore) Unused() []string {
	ig.mu.Lock()
	defer ig.mu.Unlock()
	type entry struct {
		line int
		text string
	}
	var out []entry
	for fp, n := range ig.prints {
		if !ig.used[string(fp)] {
			out = append(out, entry{n, string(fp)})
		}
	}
	for fp, ps := range ig.paths {
		for p, n := range ps {
			if e := p + ":" + string(fp); !ig.used[e] {
				out = append(out, entry{n, e})
			}
		}
	}
	slices.SortFunc(out, func(a, b entry) int { return a.line - b.line })
	lines := make([]string, len(out))
	for i, e := range out {
		lines[i] = fmt.Sprintf("%s:%d: %s", ig.name, e.line, e.text)
	}
	return lines
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
