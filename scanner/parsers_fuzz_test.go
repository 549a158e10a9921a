package scanner_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/scanner"
)

// FuzzSuppressionFiles feeds the ignore file, baseline and config
// parsers arbitrary text: an error naming the file, or a result, never a
// panic.
func FuzzSuppressionFiles(f *testing.F) {
	f.Add("0123456789abcdef0123456789abcdef  # c\ndocs/#1.md:0123456789abcdef0123456789abcdef\n")
	f.Add("# b24leaks baseline v1\n0123456789abcdef0123456789abcdef bitrix24-webhook a.env\n")
	f.Add(`[{"RuleID":"x","Secret":"abc","File":"a","StartLine":1}]`)
	f.Add("[allowlist]\npaths = [\"vendor/**\"]\nregexes = ['^q']\n[rules]\nmin-confidence = \"high\"\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := scanner.ReadIgnore(strings.NewReader(text), "ignore"); err != nil && !strings.Contains(err.Error(), "ignore") {
			t.Errorf("ignore error does not name the file: %v", err)
		}
		if _, err := scanner.ReadBaseline(bytes.NewReader([]byte(text)), "baseline"); err != nil && !strings.Contains(err.Error(), "baseline") {
			t.Errorf("baseline error does not name the file: %v", err)
		}
		path := filepath.Join(dir, ".b24leaks.toml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := scanner.LoadConfig(path); err != nil && !strings.Contains(err.Error(), path) {
			t.Errorf("config error does not name the file: %v", err)
		}
	})
}
