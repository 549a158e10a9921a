package scanner_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/source/sourcetest"
)

// memItem is one item of a memSource.
type memItem struct {
	id   string // any string; hashed into an ObjectID unless empty
	path string
	kind scanner.Kind
	data string
	err  error // returned by Open
	cut  error // returned by Read after data
	skip scanner.SkipReason
}

// memSource offers fixed items; with places set they are Deferred, for
// the attributed wrapper to place.
type memSource struct {
	name   string
	items  []memItem
	places map[string][]scanner.Appearance // by item id; nil: items carry their own
}

func (s *memSource) Name() string { return s.name }

func (s *memSource) Walk(ctx context.Context, yield func(scanner.Item) error) error {
	for _, it := range s.items {
		item := scanner.Item{ID: objectID(it.id), Size: int64(len(it.data)), Skip: it.skip,
			Appearance: scanner.Appearance{Kind: it.kind, Path: it.path}, Deferred: s.places != nil}
		item.Open = func() (io.Reader, error) {
			if it.err != nil {
				return nil, it.err
			}
			if it.cut != nil {
				return io.MultiReader(strings.NewReader(it.data), errReader{it.cut}), nil
			}
			return strings.NewReader(it.data), nil
		}
		if err := yield(item); err != nil {
			return err
		}
	}
	return nil
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// attributed wraps a memSource as an Attributor.
type attributed struct {
	*memSource
	asked *[]scanner.ObjectID // ids Attribute was called with, when set
}

func (s attributed) Attribute(_ context.Context, ids []scanner.ObjectID) (map[scanner.ObjectID][]scanner.Appearance, error) {
	if s.asked != nil {
		*s.asked = append(*s.asked, ids...)
	}
	out := map[scanner.ObjectID][]scanner.Appearance{}
	for key, apps := range s.places {
		id := objectID(key)
		for _, want := range ids {
			if want == id {
				out[id] = apps
			}
		}
	}
	return out, nil
}

func objectID(key string) scanner.ObjectID {
	var id scanner.ObjectID
	if key != "" {
		copy(id[:], fmt.Sprintf("%-20s", key))
	}
	return id
}

var synthCode = sourcetest.SynthCode

func webhook(seed uint64) string {
	return "https://b24-k3v9q2.bitrix24.ru/rest/7/" + synthCode(seed) + "/"
}

func scan(t *testing.T, opts scanner.Options, sources ...scanner.Source) *scanner.Result {
	t.Helper()
	res, err := scanner.Scan(context.Background(), sources, opts)
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	return res
}

func TestScanGroupsOneSecretAcrossFiles(t *testing.T) {
	hook := webhook(1)
	src := &memSource{items: []memItem{
		{path: "b.js", data: "const u = '" + hook + "';\n"},
		{path: "a.py", data: "# setup\n\nURL = \"" + hook + "crm.deal.list\"\n"},
		{path: "c.txt", data: "nothing here\n"},
	}}
	res := scan(t, scanner.Options{}, src)
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(res.Findings), res.Findings)
	}
	f := res.Findings[0]
	if f.RuleID != "bitrix24-webhook" || f.Secret.Reveal() != synthCode(1) || f.Portal != "b24-k3v9q2.bitrix24.ru" || f.UserID != "7" {
		t.Errorf("finding = %s %q portal %q user %q", f.RuleID, f.Secret.Reveal(), f.Portal, f.UserID)
	}
	id := rules.Identity{Kind: rules.KindWebhook, Portal: "b24-k3v9q2.bitrix24.ru", UserID: "7", Secret: synthCode(1)}
	if f.Fingerprint != scanner.FingerprintOf(id) || f.Kind != rules.KindWebhook {
		t.Errorf("fingerprint %s (kind %q) does not derive from the identity %+v", f.Fingerprint, f.Kind, id)
	}
	got := []string{}
	for _, l := range f.Locations {
		got = append(got, fmt.Sprintf("%s:%d:%d-%d:%d", l.Appearance.Path, l.Start.Line, l.Start.Column, l.End.Line, l.End.Column))
	}
	want := []string{"a.py:3:46-3:61", "b.js:1:50-1:65"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("locations = %v, want %v", got, want)
	}
	if res.Stats.Blobs != 3 || res.Stats.BlobsScanned != 3 {
		t.Errorf("stats = %+v", res.Stats)
	}
}

func TestScanReadsEachObjectOnceAndSkipsBinary(t *testing.T) {
	hook := webhook(2)
	src := &memSource{items: []memItem{
		{id: "same", path: "x", data: hook},
		{id: "same", path: "y", data: hook},
		{id: "bin", path: "z.png", data: "\x89PNG\r\n\x1a\n\x00\x00" + hook},
		{id: "empty", path: "e", data: ""},
		{path: "link", skip: scanner.SkipSymlink},
	}}
	res := scan(t, scanner.Options{}, src)
	if res.Stats.BlobsScanned != 1 {
		t.Errorf("scanned %d contents, want 1 (dedup by id)", res.Stats.BlobsScanned)
	}
	want := map[scanner.SkipReason]int{scanner.SkipBinary: 1, scanner.SkipEmpty: 1, scanner.SkipSymlink: 1}
	if !reflect.DeepEqual(res.Stats.Skipped, want) {
		t.Errorf("skipped = %v, want %v", res.Stats.Skipped, want)
	}
	// Read once, but both places it was offered at are reported.
	if len(res.Findings) != 1 || paths(res.Findings[0]) != "x y" {
		t.Errorf("findings = %+v, want one at x and y", res.Findings)
	}
}

// paths lists a finding's location paths (with source names, when set).
func paths(f scanner.Finding) string {
	var out []string
	for _, l := range f.Locations {
		p := l.Appearance.Path
		if l.Source != "" {
			p = l.Source + ":" + p
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}

func TestScanUnreadableItemMakesResultIncompleteButKeepsFindings(t *testing.T) {
	src := &memSource{items: []memItem{
		{path: "locked.env", err: errors.New("open locked.env: permission denied")},
		{path: "ok.env", data: "B24=" + webhook(3)},
	}}
	res := scan(t, scanner.Options{}, src)
	if !res.Incomplete() || len(res.Stats.Errors) != 1 || !strings.Contains(res.Stats.Errors[0].Error(), "locked.env") {
		t.Errorf("errors = %q, want one naming locked.env", res.Stats.Errors)
	}
	if len(res.Findings) != 1 {
		t.Errorf("findings = %d, want the one in ok.env", len(res.Findings))
	}
}

// A content cut short by its source (a truncated object) is an error, even
// when the source reports it as io.ErrUnexpectedEOF; what was read before
// is still matched.
func TestScanTruncatedContentIsAnErrorAndKeepsWhatWasRead(t *testing.T) {
	for _, size := range []int{0, 9000} { // the cut in the first chunk, or a later one
		src := &memSource{items: []memItem{{id: "cut", kind: scanner.KindHistory,
			data: "a = '" + webhook(30) + "'\n", cut: io.ErrUnexpectedEOF}}}
		res := scan(t, scanner.Options{ChunkSize: size}, src)
		want := "read blob " + objectID("cut").String() + ": unexpected EOF"
		if len(res.Stats.Errors) != 1 || res.Stats.Errors[0].Error() != want || res.Stats.Errors[0].Object != objectID("cut") {
			t.Errorf("errors = %q, want [%q]", res.Stats.Errors, want)
		}
		if res.Stats.BlobsScanned != 1 || len(res.Findings) != 1 {
			t.Errorf("scanned %d, findings %d; want the content before the cut matched", res.Stats.BlobsScanned, len(res.Findings))
		}
	}
	src := &memSource{items: []memItem{{path: "f.txt", data: "a = '" + webhook(31) + "'\n", cut: io.ErrUnexpectedEOF}}}
	res := scan(t, scanner.Options{}, src)
	if !res.Incomplete() || len(res.Findings) != 1 {
		t.Errorf("incomplete %v, findings %d; want incomplete with the finding read before the cut", res.Incomplete(), len(res.Findings))
	}
}

func TestScanAttributesHistoryAndDropsUnreachable(t *testing.T) {
	old := &scanner.Commit{Hash: "c1", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	newer := &scanner.Commit{Hash: "c2", Date: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}
	src := attributed{memSource: &memSource{
		items: []memItem{
			{id: "blob1", kind: scanner.KindHistory, data: "x\n" + webhook(4)},
			{id: "dangling", kind: scanner.KindHistory, data: webhook(5)},
		},
		places: map[string][]scanner.Appearance{"blob1": {
			{Kind: scanner.KindHistory, Path: "new/path.js", Commit: newer, AtHead: true},
			{Kind: scanner.KindHistory, Path: "old/path.js", Commit: old},
		}},
	}}
	res := scan(t, scanner.Options{}, src)
	if len(res.Findings) != 1 || res.Stats.Unreachable != 1 {
		t.Fatalf("findings %d, unreachable %d; want 1 and 1", len(res.Findings), res.Stats.Unreachable)
	}
	locs := res.Findings[0].Locations
	if len(locs) != 2 || locs[0].Appearance.Commit != old || locs[1].Appearance.Path != "new/path.js" || !locs[1].Appearance.AtHead {
		t.Errorf("locations not first-introduced first: %+v", locs)
	}
	if locs[0].Start.Line != 2 || locs[0].Object != objectID("blob1") {
		t.Errorf("location = %+v", locs[0])
	}
}

// Ignored fingerprints are dropped before attribution: a history whose
// only credentials are suppressed costs no provenance walk.
func TestScanIgnoreDropsBeforeAttribution(t *testing.T) {
	var asked []scanner.ObjectID
	src := attributed{asked: &asked, memSource: &memSource{
		items: []memItem{
			{id: "known", kind: scanner.KindHistory, data: webhook(50) + "\n" + webhook(51)},
			{id: "new", kind: scanner.KindHistory, data: webhook(52)},
		},
		places: map[string][]scanner.Appearance{
			"known": {{Kind: scanner.KindHistory, Path: "a"}}, "new": {{Kind: scanner.KindHistory, Path: "b"}},
		},
	}}
	ignore := scanner.NewIgnore(
		scanner.FingerprintOf(rules.Identity{Kind: rules.KindWebhook, Portal: "b24-k3v9q2.bitrix24.ru", UserID: "7", Secret: synthCode(50)}),
		scanner.LegacyFingerprint("bitrix24-webhook", synthCode(51)), // written before identities: still honoured
	)
	res := scan(t, scanner.Options{Filters: scanner.Filters{Finding: ignore.Keep}}, src)
	if res.Stats.Suppressed != 2 || len(res.Findings) != 1 || res.Findings[0].Secret.Reveal() != synthCode(52) {
		t.Errorf("suppressed %d, findings %+v; want 2 suppressed and the one new", res.Stats.Suppressed, res.Findings)
	}
	if len(asked) != 1 || asked[0] != objectID("new") {
		t.Errorf("Attribute asked for %v, want only the object with an unsuppressed finding", asked)
	}
	legacy := ignore.Legacy()
	if len(legacy) != 1 || legacy[0].Old != scanner.LegacyFingerprint("bitrix24-webhook", synthCode(51)) ||
		legacy[0].New != scanner.FingerprintOf(rules.Identity{Kind: rules.KindWebhook, Portal: "b24-k3v9q2.bitrix24.ru", UserID: "7", Secret: synthCode(51)}) {
		t.Errorf("legacy entries used = %+v, want the one for code 51 with its new fingerprint", legacy)
	}
}

// bigText builds n bytes of source-like text with webhooks at the given offsets.
func bigText(n int, at map[int]uint64) []byte {
	line := []byte("static int rest_of_line(const char *p) { return strlen(p) + 42; }\n")
	var b bytes.Buffer
	for b.Len() < n {
		for off, seed := range at {
			if b.Len() <= off && off < b.Len()+len(line) {
				b.WriteString("url = \"" + webhook(seed) + "\"\n")
			}
		}
		b.Write(line)
	}
	return b.Bytes()
}

func TestScanChunkedEqualsWhole(t *testing.T) {
	at := map[int]uint64{0: 10, 70_000: 11, 140_000: 12, 199_000: 13}
	data := string(bigText(200_000, at))
	src := &memSource{items: []memItem{{path: "big.c", data: data}}}
	whole := scan(t, scanner.Options{Jobs: 1}, src)
	for _, size := range []int{1, 9001, 65_537} {
		chunked := scan(t, scanner.Options{Jobs: 2, ChunkSize: size}, src)
		if !reflect.DeepEqual(whole.Findings, chunked.Findings) {
			t.Errorf("chunk size %d: findings differ:\n whole   %+v\n chunked %+v", size, whole.Findings, chunked.Findings)
		}
		if chunked.Stats.Bytes != int64(len(data)) {
			t.Errorf("chunk size %d: matched %d bytes, want %d", size, chunked.Stats.Bytes, len(data))
		}
	}
	if len(whole.Findings) != len(at) {
		t.Errorf("found %d webhooks, want %d", len(whole.Findings), len(at))
	}
}

func FuzzScanChunks(f *testing.F) {
	f.Add([]byte("a = '"+webhook(20)+"'\nb\n"), uint16(7))
	f.Add(bigText(9000, map[int]uint64{4000: 21}), uint16(4000))
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		src := &memSource{items: []memItem{{path: "f", data: string(data)}}}
		whole := scan(t, scanner.Options{Jobs: 1, ChunkSize: len(data) + 1}, src)
		chunked := scan(t, scanner.Options{Jobs: 2, ChunkSize: int(size) + 1}, src)
		if !reflect.DeepEqual(whole.Findings, chunked.Findings) {
			t.Errorf("chunk size %d: findings differ:\n whole   %+v\n chunked %+v", size+1, whole.Findings, chunked.Findings)
		}
	})
}

func TestScanStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := &memSource{items: []memItem{{path: "a", data: webhook(6)}}}
	if _, err := scanner.Scan(ctx, []scanner.Source{src}, scanner.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Scan after cancel: err = %v, want context.Canceled", err)
	}
}

// BenchmarkScanDense scans 4 MiB made only of webhook lines: the cost per
// match must not grow with the size of the chunk it sits in.
func BenchmarkScanDense(b *testing.B) {
	var buf strings.Builder
	for i := uint64(0); buf.Len() < 4<<20; i++ {
		buf.WriteString("hook = '" + webhook(i%512) + "'\n")
	}
	src := &memSource{items: []memItem{{path: "dense.txt", data: buf.String()}}}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := scanner.Scan(context.Background(), []scanner.Source{src}, scanner.Options{Jobs: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// splitting records the partition count Scan asks for.
type splitting struct {
	*memSource
	asked int
}

func (s *splitting) Split(_ context.Context, n int) ([]scanner.Source, error) {
	s.asked = n
	return []scanner.Source{s.memSource}, nil
}

func TestScanSplitsIntoAtMostMaxPartitions(t *testing.T) {
	for jobs, want := range map[int]int{2: 2, 3: 3, 16: scanner.MaxPartitions} {
		src := &splitting{memSource: &memSource{items: []memItem{{path: "a", data: webhook(40)}}}}
		res := scan(t, scanner.Options{Jobs: jobs}, src)
		if src.asked != want || len(res.Findings) != 1 {
			t.Errorf("jobs %d: split into %d (findings %d), want %d", jobs, src.asked, len(res.Findings), want)
		}
	}
}

// Text is not hidden by NUL bytes: content with a NUL is scanned unless
// it starts like a compressed or media format; stdin is always scanned;
// UTF-16 files are decoded, their columns counted in characters.
func TestScanFindsTextThatLooksBinary(t *testing.T) {
	hook := webhook(95)
	utf16le := func(s string, bom []byte, be bool) string {
		out := append([]byte(nil), bom...)
		for _, r := range s {
			if be {
				out = append(out, byte(r>>8), byte(r))
			} else {
				out = append(out, byte(r), byte(r>>8))
			}
		}
		return string(out)
	}
	src := &memSource{items: []memItem{
		{path: "nul.log", data: "a\x00b\n" + hook + "\n"},
		{path: "sqlite.db", data: "SQLite format 3\x00" + strings.Repeat("\x00\x01", 100) + "url=" + hook},
		{path: "img.png", data: "\x89PNG\r\n\x1a\n\x00\x00\x00" + hook},
		{path: "win.ps1", data: utf16le("# выгрузка\r\n$hook = '"+hook+"'\r\n", []byte{0xff, 0xfe}, false)},
		{path: "win-be.txt", data: utf16le("Ω "+hook, []byte{0xfe, 0xff}, true)},
		{path: "-", kind: scanner.KindStdin, data: "\x89PNG\r\n\x1a\n\x00" + hook},
	}}
	res := scan(t, scanner.Options{}, src)
	if len(res.Findings) != 1 {
		t.Fatalf("findings %+v", res.Findings)
	}
	got := map[string]string{}
	for _, l := range res.Findings[0].Locations {
		got[l.Appearance.Path] = fmt.Sprintf("%d:%d", l.Start.Line, l.Start.Column)
	}
	want := map[string]string{"nul.log": "2:39", "sqlite.db": "1:259", "win.ps1": "2:48", "win-be.txt": "1:41", "-": "3:40"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("locations %v, want %v", got, want)
	}
	if res.Stats.Skipped[scanner.SkipBinary] != 1 {
		t.Errorf("skipped %v, want the PNG", res.Stats.Skipped)
	}
}
