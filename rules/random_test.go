package rules_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/b24leaks/b24leaks/rules"
)

// webhookLine puts a code where a real leak would be.
func webhookLine(code string) []byte {
	return fmt.Appendf(nil, "H=https://b24-k3v9q2.bitrix24.ru/rest/1/%s/\n", code)
}

// Real codes are random: of 100,000 random 16-character [a-z0-9] codes
// (seeded, so the test is the same every run), at most 1 in 10,000 may be
// taken for a placeholder. Short runs of repeated or sequential
// characters happen by chance; only longer ones mark a made-up value.
func TestRandomCodesAreNotPlaceholders(t *testing.T) {
	set := rules.Default()
	r := rand.New(rand.NewPCG(0xb24, 100_000))
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	const n = 100_000
	var dropped []string
	for range n {
		b := make([]byte, 16)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		if len(set.Find(webhookLine(string(b)))) == 0 {
			dropped = append(dropped, string(b))
		}
	}
	if len(dropped) > n/10_000 {
		t.Errorf("%d of %d random codes dropped as placeholders (at most %d): %q", len(dropped), n, n/10_000, dropped[:min(len(dropped), 20)])
	}
	t.Logf("%d of %d random codes dropped: %q", len(dropped), n, dropped)
}

// What placeholders are still tells them apart: keyboard walks, words,
// sequences and whole-code patterns.
func TestPlaceholderClassesAreDropped(t *testing.T) {
	set := rules.Default()
	for _, code := range []string{
		"1234567890abcdef", "abcdefghijklmnop", "qwertyuiopasdfgh", "0000111122223333", "a1b2c3d4e5f6g7h8",
		"test1234test5678", "xxxxxxxxxxxxxxxx", "abcdabcdabcdabcd", "zzzz1234yyyy5678", "yourwebhookcode1",
		"9876543210zyxwvu", "1qaz2wsx3edc4rfv",
	} {
		if m := set.Find(webhookLine(code)); len(m) > 0 {
			t.Errorf("placeholder %q reported", code)
		}
	}
}
