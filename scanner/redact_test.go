package scanner_test

import (
	"testing"

	"github.com/b24leaks/b24leaks/scanner"
)

// TestRedact: codes and tokens show four characters; a short chosen value
// (a password) shows a quarter of its characters, never half of it.
func TestRedact(t *testing.T) {
	for v, want := range map[string]string{
		"abcdefghijklmnop": "abcd************",
		"Synth-pw-55":      "Sy*********",
		"kajmad":           "k*****",
		"abc":              "***",
		"пар0льпар0ль":     "пар*********",
		"":                 "",
	} {
		if got := scanner.Redact(v); got != want {
			t.Errorf("Redact(%q) = %q, want %q", v, got, want)
		}
	}
}
