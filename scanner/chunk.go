package scanner

import (
	"bytes"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/b24leaks/b24leaks/rules"
)

// content is one distinct piece of content being matched. Its chunks carry
// it by value, so reading a content allocates nothing; key tells the
// chunks of one content apart from those of others.
type content struct {
	key        contentKey
	source     int // index of the Source that offered it
	id         ObjectID
	appearance Appearance
	deferred   bool
	chars      bool // decoded from UTF-16: columns count characters
}

// contentKey identifies a content within a scan: the reader that read it
// and its sequence number there.
type contentKey struct {
	reader int
	seq    uint64
}

// chunk is a window of a content handed to a match worker. Data[0] is at
// byte Offset of the content; only matches whose secret starts in
// [OwnStart, OwnEnd) (content offsets) belong to this chunk, so overlapping
// chunks report each match once.
type chunk struct {
	content          content
	buf              *[]byte // pooled backing array of Data
	data             []byte
	offset           int64
	ownStart, ownEnd int64
	line, column     int // 1-based position of data[0]
	pool             *sync.Pool
}

// located is a match with content offsets and positions.
type located struct {
	rules.Match
	start, end Position // of the secret; end is inclusive
}

type chunkResult struct {
	content    content
	matches    []located
	suppressed []Suppressed // matches Filters.Match dropped
	markers    []int        // lines holding an Options.Markers marker
}

// match runs the rules over the chunk, asks keep about each match, and
// releases the chunk's buffer.
func (c chunk) match(set *rules.Set, keep func(MatchContext) string, markers [][]byte) chunkResult {
	res := chunkResult{content: c.content}
	if len(markers) > 0 {
		res.markers = c.markerLines(markers)
	}
	first := Position{Line: c.line, Column: c.column}
	lines := lineCursor{content: c.content, data: c.data, first: first, pos: first}
	for _, m := range set.Find(c.data) { // sorted by SecretSpan.Start
		at := c.offset + int64(m.SecretSpan.Start)
		if at < c.ownStart || at >= c.ownEnd {
			continue
		}
		l := c.locate(m, &lines)
		if keep != nil {
			if by := keep(c.context(l, m.SecretSpan)); by != "" {
				res.suppressed = append(res.suppressed, Suppressed{By: by, RuleID: m.RuleID,
					Fingerprint: FingerprintOf(m.Identity()), Path: c.content.appearance.Path, Line: l.start.Line, secret: Secret(m.Secret)})
				continue
			}
		}
		res.matches = append(res.matches, l)
	}
	c.pool.Put(c.buf)
	return res
}

// locate shifts m to content offsets and computes its line and column.
func (c chunk) locate(m rules.Match, lines *lineCursor) located {
	l := located{Match: m}
	start := m.SecretSpan.Start
	l.start = lines.at(start)
	l.end = c.content.positionIn(c.data[start:], max(m.SecretSpan.End-1-start, 0), l.start)
	shift := int(c.offset)
	l.Span.Start += shift
	l.Span.End += shift
	l.SecretSpan.Start += shift
	l.SecretSpan.End += shift
	return l
}

// lineCursor turns increasing offsets of data into positions, counting
// each newline once however many matches a chunk has.
type lineCursor struct {
	content content // how it counts columns
	data    []byte
	first   Position // position of data[0]
	off     int      // offset of the last position computed
	pos     Position // position of data[off]
}

// at returns the position of data[off]. Offsets are expected to increase;
// a smaller one is counted again from the start.
func (lc *lineCursor) at(off int) Position {
	if off < lc.off {
		lc.off, lc.pos = 0, lc.first
	}
	lc.pos = lc.content.positionIn(lc.data[lc.off:], off-lc.off, lc.pos)
	lc.off = off
	return lc.pos
}

// position returns the 1-based line and byte column of data[off], where
// data[0] is at first.
func position(data []byte, off int, first Position) Position {
	before := data[:off]
	nl := bytes.LastIndexByte(before, '\n')
	if nl < 0 {
		return Position{Line: first.Line, Column: first.Column + off}
	}
	return Position{Line: first.Line + bytes.Count(before, []byte{'\n'}), Column: off - nl}
}

// runePosition is position with the column counted in characters, for
// content decoded from UTF-16, whose users count characters, not bytes.
func runePosition(data []byte, off int, first Position) Position {
	before := data[:off]
	nl := bytes.LastIndexByte(before, '\n')
	if nl < 0 {
		return Position{Line: first.Line, Column: first.Column + utf8.RuneCount(before)}
	}
	return Position{Line: first.Line + bytes.Count(before, []byte{'\n'}), Column: utf8.RuneCount(before[nl+1:]) + 1}
}

// positionIn is position or runePosition, as the content counts columns.
func (c content) positionIn(data []byte, off int, first Position) Position {
	if c.chars {
		return runePosition(data, off, first)
	}
	return position(data, off, first)
}

// maxLineContext bounds the line a match filter sees on each side of the
// secret, so minified files do not hand it megabytes. It is less than the
// half overlap every chunk carries from the one before, so the line is the
// same wherever a chunk boundary falls.
const maxLineContext = 2 << 10

// context is what Filters.Match sees of match l, whose secret is at span
// of the chunk's data.
func (c chunk) context(l located, span rules.Span) MatchContext {
	lo := max(span.Start-maxLineContext, 0)
	if nl := bytes.LastIndexByte(c.data[lo:span.Start], '\n'); nl >= 0 {
		lo += nl + 1
	}
	hi := min(span.End+maxLineContext, len(c.data))
	if nl := bytes.IndexByte(c.data[span.End:hi], '\n'); nl >= 0 {
		hi = span.End + nl
	}
	line := bytes.TrimSuffix(c.data[lo:hi], []byte{'\r'})
	return MatchContext{Match: l.Match, Start: l.start, Line: line, Kind: c.content.appearance.Kind, Path: c.content.appearance.Path}
}

// markerLines returns the lines of the chunk's own range that hold one of
// the markers, in order.
func (c chunk) markerLines(markers [][]byte) []int {
	lo, hi := int(c.ownStart-c.offset), int(c.ownEnd-c.offset)
	first := Position{Line: c.line, Column: c.column}
	lines := lineCursor{content: c.content, data: c.data, first: first, pos: first}
	var at []int
	for _, m := range markers {
		for i := lo; i < hi; {
			j := bytes.Index(c.data[i:min(hi+len(m)-1, len(c.data))], m)
			if j < 0 {
				break
			}
			at = append(at, i+j)
			i += j + len(m)
		}
	}
	slices.Sort(at)
	var out []int
	for _, off := range at {
		if line := lines.at(off).Line; len(out) == 0 || out[len(out)-1] != line {
			out = append(out, line)
		}
	}
	return out
}
