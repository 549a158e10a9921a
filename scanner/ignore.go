package scanner

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// IgnoreFile is the name of the committed suppression file: one
// fingerprint per line, '#' starts a comment.
const IgnoreFile = ".b24leaksignore"

// IgnoreSet holds fingerprints whose findings are not reported.
type IgnoreSet map[Fingerprint]bool

// ReadIgnore parses an ignore file. name is used in error messages.
func ReadIgnore(r io.Reader, name string) (IgnoreSet, error) {
	set := IgnoreSet{}
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
		set[Fingerprint(line)] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return set, nil
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
