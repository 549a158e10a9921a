package scanner

import (
	"bytes"
	"path/filepath"
	"strings"
)

// relPath returns path relative to root (the directory of an ignore or
// config file) when it lies under it, so entries written relative to the
// repository match paths a directory scan reports from elsewhere; other
// paths are returned as they are.
func relPath(root, path string) string {
	if root == "" || path == "" {
		return path
	}
	abs, err := filepath.Abs(filepath.FromSlash(path))
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(root, abs); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return path
}

// rootOf is the absolute directory holding the file at path.
func rootOf(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return filepath.Dir(abs)
	}
	return ""
}

// AllowMarkers are the comments that, on the line of a match, suppress it:
// b24leaks' own, and gitleaks' for teams that already use it. Any comment
// syntax works, since only the marker is looked for.
var AllowMarkers = [][]byte{[]byte("b24leaks:allow"), []byte("gitleaks:allow")}

const byInlineAllow = "inline allow"

// AllowInline is a Filters.Match: it suppresses a match whose line holds
// an allow marker.
func AllowInline(m MatchContext) string {
	for _, marker := range AllowMarkers {
		if bytes.Contains(m.Line, marker) {
			return byInlineAllow
		}
	}
	return ""
}

// Combine returns filters that ask each of fs in turn; the first that
// suppresses names the mechanism.
func Combine(fs ...Filters) Filters {
	var out Filters
	for _, f := range fs {
		out.Match = chain(out.Match, f.Match)
		out.Finding = chain(out.Finding, f.Finding)
		out.Location = chain2(out.Location, f.Location)
	}
	return out
}

func chain[T any](a, b func(T) string) func(T) string {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return func(x T) string {
		if by := a(x); by != "" {
			return by
		}
		return b(x)
	}
}

func chain2[T, U any](a, b func(T, U) string) func(T, U) string {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return func(x T, y U) string {
		if by := a(x, y); by != "" {
			return by
		}
		return b(x, y)
	}
}
