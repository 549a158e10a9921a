package rules

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// slowEvents is the definition the gate implements: every maximal run of
// at least minRun alnum bytes, and every start of an anchor, in order.
func slowEvents(d []byte) []string {
	var out []string
	for i := 0; i < len(d); {
		if !isAlnum(d[i]) {
			i++
			continue
		}
		j := i
		for j < len(d) && isAlnum(d[j]) {
			j++
		}
		if j-i >= minRun {
			out = append(out, fmt.Sprintf("run %d-%d", i, j))
		}
		i = j
	}
	for _, a := range []string{anchorBot, anchorForm} {
		for i := 0; i+3 <= len(d); i++ {
			if string(d[i:i+3]) == a {
				out = append(out, fmt.Sprintf("anchor %d", i))
			}
		}
	}
	slices.Sort(out)
	return out
}

func gateEvents(d []byte) []string {
	var out []string
	for g := newGate(d); ; {
		ev, ok := g.next()
		if !ok {
			break
		}
		if ev.anchor {
			out = append(out, fmt.Sprintf("anchor %d", ev.s))
		} else {
			out = append(out, fmt.Sprintf("run %d-%d", ev.s, ev.e))
		}
	}
	slices.Sort(out)
	return out
}

// TestGateAgrees checks the vector and SWAR gates against the definition
// on inputs mixing alnum, punctuation, bytes above 0x7f and anchors, with
// runs of every length around 16 and around block edges.
func TestGateAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("aZ09mM_ -./\x80\xff\x00\x2f\x3a\x40\x5b\x60\x7b")
	pieces := []string{anchorBot, anchorForm, "lead.php", "imbot.", "d.", "im"}
	for _, avx := range []bool{true, false} {
		if avx && !useAVX2 {
			continue
		}
		t.Run(fmt.Sprintf("avx2=%v", avx), func(t *testing.T) {
			old := useAVX2
			useAVX2 = avx
			defer func() { useAVX2 = old }()
			for range 3000 {
				var b bytes.Buffer
				n := r.IntN(400)
				for b.Len() < n {
					switch k := r.IntN(10); {
					case k == 0:
						b.WriteString(pieces[r.IntN(len(pieces))])
					case k < 3:
						b.WriteByte(alphabet[r.IntN(len(alphabet))])
					case k == 3:
						b.Write(bytes.Repeat([]byte{'q'}, 10+r.IntN(30)))
					default:
						b.WriteByte("abcxyzABCXYZ0189"[r.IntN(16)])
					}
				}
				d := b.Bytes()
				if got, want := gateEvents(d), slowEvents(d); !slices.Equal(got, want) {
					t.Fatalf("gate(%q)\n got %v\nwant %v", d, got, want)
				}
			}
		})
	}
}
