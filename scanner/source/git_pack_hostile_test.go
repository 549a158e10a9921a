package source

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha1"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"

	"github.com/b24leaks/b24leaks/scanner"
)

// rawEntry is one entry of a pack written by hand.
type rawEntry struct {
	id   plumbing.Hash // what the index says it is
	kind uint8
	data []byte        // deflated as the entry's stream: content or delta
	size int64         // for the header; 0 means len(data)
	ofs  int           // OFS_DELTA: the base entry's index
	ref  plumbing.Hash // REF_DELTA: the base's id
}

// encodePack returns a pack of the entries and their offsets.
func encodePack(entries []rawEntry) ([]byte, []int64) {
	var b bytes.Buffer
	b.WriteString("PACK\x00\x00\x00\x02")
	b.Write([]byte{byte(len(entries) >> 24), byte(len(entries) >> 16), byte(len(entries) >> 8), byte(len(entries))})
	offsets := make([]int64, len(entries))
	for i, e := range entries {
		offsets[i] = int64(b.Len())
		size := e.size
		if size == 0 {
			size = int64(len(e.data))
		}
		c := e.kind<<4 | byte(size&15)
		for size >>= 4; size > 0; size >>= 7 {
			b.WriteByte(c | 0x80)
			c = byte(size & 0x7f)
		}
		b.WriteByte(c)
		switch e.kind {
		case packOfsDelta:
			b.Write(ofsBytes(offsets[i] - offsets[e.ofs]))
		case packRefDelta:
			b.Write(e.ref[:])
		}
		z := zlib.NewWriter(&b)
		z.Write(e.data)
		z.Close()
	}
	sum := sha1.Sum(b.Bytes())
	b.Write(sum[:])
	return b.Bytes(), offsets
}

// ofsBytes encodes an OFS_DELTA's distance back to its base.
func ofsBytes(d int64) []byte {
	out := []byte{byte(d & 0x7f)}
	for d >>= 7; d > 0; d >>= 7 {
		d--
		out = append([]byte{byte(0x80 | d&0x7f)}, out...)
	}
	return out
}

// writePack writes pack and an index of it, the entries' ids at offsets,
// into the repository's pack directory.
func writePack(t testing.TB, gitDir string, pack []byte, entries []rawEntry, offsets []int64) {
	t.Helper()
	w := new(idxfile.Writer)
	w.OnHeader(uint32(len(entries)))
	for i, e := range entries {
		end := int64(len(pack) - 20)
		if i+1 < len(entries) {
			end = min(end, offsets[i+1])
		}
		var crc uint32 // none for an offset past the end
		if offsets[i] < end {
			crc = crc32.ChecksumIEEE(pack[offsets[i]:end])
		}
		w.OnInflatedObjectContent(e.id, offsets[i], crc, nil)
	}
	sum := plumbing.Hash(pack[len(pack)-20:])
	w.OnFooter(sum)
	idx, err := w.Index()
	if err != nil {
		t.Fatal(err)
	}
	var ib bytes.Buffer
	if _, err := idxfile.NewEncoder(&ib).Encode(idx); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(gitDir, "objects", "pack", "pack-"+sum.String())
	if err := os.WriteFile(base+".pack", pack, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(base+".idx", ib.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// deltaOf returns a git delta that makes target of base: a copy of their
// common prefix, then inserts.
func deltaOf(base, target []byte) []byte {
	d := append(varint(nil, len(base)), varint(nil, len(target))...)
	p := 0
	for p < len(base) && p < len(target) && p < 0xff && base[p] == target[p] {
		p++
	}
	if p > 0 {
		d = append(d, 0x80|0x10, byte(p)) // offset 0, one size byte
	}
	for rest := target[p:]; len(rest) > 0; {
		n := min(len(rest), 127)
		d = append(append(d, byte(n)), rest[:n]...)
		rest = rest[n:]
	}
	return d
}

func varint(b []byte, v int) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func packBlobID(content string) plumbing.Hash {
	return plumbing.ComputeHash(plumbing.BlobObject, []byte(content))
}

// hostilePack is a pack with good entries and every kind of bad one.
type hostilePack struct {
	entries []rawEntry
	good    map[plumbing.Hash]string // what the good ones hold
	bad     []plumbing.Hash          // the ones that cannot be built
}

func newHostilePack(external string) hostilePack {
	const a, d1, e = "hello pack\n", "hello pack, again\n", "external base, extended\n"
	c1, c2 := plumbing.ComputeHash(plumbing.BlobObject, []byte("c1")), plumbing.ComputeHash(plumbing.BlobObject, []byte("c2"))
	badDelta := append(varint(varint(nil, len(a)), 4), 0x80|0x01|0x10, 200, 4) // copies from past the base's end
	p := hostilePack{good: map[plumbing.Hash]string{packBlobID(a): a, packBlobID(d1): d1, packBlobID(e): e}}
	p.entries = []rawEntry{
		{id: packBlobID(a), kind: packBlob, data: []byte(a)},
		{id: packBlobID(d1), kind: packOfsDelta, ofs: 0, data: deltaOf([]byte(a), []byte(d1))},
		{id: packBlobID(e), kind: packRefDelta, ref: packBlobID(external), data: deltaOf([]byte(external), []byte(e))},
		{id: c1, kind: packRefDelta, ref: c2, data: deltaOf([]byte("c2"), []byte("c1"))}, // a cycle
		{id: c2, kind: packRefDelta, ref: c1, data: deltaOf([]byte("c1"), []byte("c2"))},
		{id: packBlobID("huge"), kind: packBlob, data: []byte("huge"), size: 1 << 40},
		{id: packBlobID("bad delta"), kind: packOfsDelta, ofs: 0, data: badDelta},
		{id: packBlobID("on a bad delta"), kind: packOfsDelta, ofs: 6, data: deltaOf([]byte("xxxx"), []byte("on a bad delta"))},
	}
	p.bad = []plumbing.Hash{c1, c2, packBlobID("huge"), packBlobID("bad delta"), packBlobID("on a bad delta")}
	return p
}

// hostileRepo makes a repository with the external base loose, and a
// function that makes p, encoded and then changed by mutate, its one pack.
func hostileRepo(t testing.TB, external string) (string, func(t testing.TB, p hostilePack, mutate func([]byte))) {
	t.Helper()
	dir := t.TempDir()
	git := gitIn(t, dir)
	git("", nil, "init", "-q", ".")
	git(external, nil, "hash-object", "-w", "--stdin")
	return dir, func(t testing.TB, p hostilePack, mutate func([]byte)) {
		pack, offsets := encodePack(p.entries)
		if mutate != nil {
			mutate(pack[12 : len(pack)-20])
		}
		writePack(t, filepath.Join(dir, ".git"), pack, p.entries, offsets)
	}
}

// A pack with a delta on a base in no pack (a loose object), a cycle of
// REF_DELTAs, a size no stream can hold, a delta that copies from past
// its base and a delta on that one: the good objects are offered whole,
// each bad one is offered as failed, named, and nothing else is offered.
func TestPackReaderHostileEntries(t *testing.T) {
	const external = "external base\n"
	p := newHostilePack(external)
	dir, setPack := hostileRepo(t, external)
	setPack(t, p, nil)
	g, err := OpenGit(dir, GitOptions{Backend: BackendGoGit})
	if err != nil {
		t.Fatal(err)
	}
	got := map[plumbing.Hash]string{}
	failed := map[plumbing.Hash]string{}
	err = g.Walk(context.Background(), func(it scanner.Item) error {
		r, err := it.Open()
		if err != nil {
			failed[plumbing.Hash(it.ID)] = err.Error()
			return nil
		}
		b, err := io.ReadAll(r)
		if err != nil {
			failed[plumbing.Hash(it.ID)] = err.Error()
		}
		got[plumbing.Hash(it.ID)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range p.good {
		if got[id] != want {
			t.Errorf("object %s: got %q, want %q", id, got[id], want)
		}
	}
	got[packBlobID(external)] = external // the loose base is offered too
	if len(got) != len(p.good)+1 {
		t.Errorf("offered %d objects whole, want %d: %v", len(got), len(p.good)+1, got)
	}
	wantWhy := []string{"delta base cannot be read", "delta base cannot be read", "compressed bytes can hold", "copies from outside its base", "delta base"}
	for i, id := range p.bad {
		if !strings.Contains(failed[id], wantWhy[i]) {
			t.Errorf("object %s: failed with %q, want it to say %q", id, failed[id], wantWhy[i])
		}
	}
	if len(failed) != len(p.bad) {
		t.Errorf("%d failed, want %d: %v", len(failed), len(p.bad), failed)
	}
}

// Index offsets that do not fit the pack: one (a 64-bit one, past
// 4 GiB) beyond its end is named with its offset and costs only itself;
// one inside the previous entry's header costs both, and nothing panics
// or allocates what the offsets would imply.
func TestPackReaderBadIndexOffsets(t *testing.T) {
	const external = "external base\n"
	const a = "hello pack\n"
	entries := []rawEntry{{id: packBlobID(a), kind: packBlob, data: []byte(a)}, {id: packBlobID("far away"), kind: packBlob, data: []byte("far away")}}
	for _, c := range []struct {
		name   string
		second func(first int64) int64
		whole  int
		why    string
	}{
		{"past-the-end", func(int64) int64 { return 5 << 30 }, 1, "its offset 5368709120 is past the end of the pack"},
		{"inside-a-header", func(first int64) int64 { return first + 1 }, 0, ""}, // the second reads garbage as its header
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, _ := hostileRepo(t, external)
			pack, offsets := encodePack(entries)
			offsets[1] = c.second(offsets[0])
			writePack(t, filepath.Join(dir, ".git"), pack, entries, offsets)
			g, err := OpenGit(dir, GitOptions{Backend: BackendGoGit})
			if err != nil {
				t.Fatal(err)
			}
			whole, failed := 0, map[plumbing.Hash]string{}
			err = g.Walk(context.Background(), func(it scanner.Item) error {
				if _, err := it.Open(); err != nil {
					failed[plumbing.Hash(it.ID)] = err.Error()
				} else if plumbing.Hash(it.ID) == entries[0].id {
					whole++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if whole != c.whole || len(failed) != 2-c.whole || !strings.Contains(failed[entries[1].id], c.why) {
				t.Errorf("first offered whole %d times, failed: %v", whole, failed)
			}
		})
	}
}

// FuzzPackReader changes bytes of the hostile pack's entries: the reader
// never panics or hangs, and every entry is offered once, built or failed.
func FuzzPackReader(f *testing.F) {
	f.Add([]byte{0, 0xff})
	f.Add([]byte{17, 0x10, 40, 0x80})
	f.Add([]byte{3, 0x70, 60, 0x01, 95, 0x02})
	const external = "external base\n"
	p := newHostilePack(external)
	dir, setPack := hostileRepo(f, external)
	f.Fuzz(func(t *testing.T, edits []byte) {
		setPack(t, p, func(body []byte) {
			for i := 0; i+1 < len(edits); i += 2 {
				body[int(edits[i])%len(body)] ^= edits[i+1]
			}
		})
		g, err := OpenGit(dir, GitOptions{Backend: BackendGoGit})
		if err != nil {
			t.Fatal(err)
		}
		forests, _, err := g.forests()
		if err != nil {
			return // refused whole, by name (a bad header count cannot come from edits here)
		}
		v := &countVisitor{seen: map[plumbing.Hash]int{}}
		for _, runs := range splitRoots(forests, v.want, 2) {
			if err := walkRuns(context.Background(), runs, v, g.externalBase); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range p.entries {
			if v.seen[e.id] != 1 {
				t.Errorf("entry %s offered %d times", e.id, v.seen[e.id])
			}
		}
	})
}

// countVisitor counts how often each object is offered, built or failed.
type countVisitor struct{ seen map[plumbing.Hash]int }

func (v *countVisitor) want(objType) bool { return true }

func (v *countVisitor) object(o *packObject) error {
	if o.stream != nil {
		_, _ = io.Copy(io.Discard, o.stream)
	}
	v.seen[o.id]++
	return nil
}

func (v *countVisitor) failed(id plumbing.Hash, _ objType, _ error) error {
	v.seen[id]++
	return nil
}
