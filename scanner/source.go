package scanner

import (
	"context"
	"io"
)

// Item is one piece of content offered by a Source.
//
// Appearance may be left with an empty Path for history blobs whose
// provenance is not known while walking; such sources implement Attributor.
type Item struct {
	ID         ObjectID
	Size       int64 // in bytes; -1 when unknown
	Appearance Appearance
	// Open returns the content. It is called at most once, during the yield
	// call that received the Item, and the reader is valid only until yield
	// returns. The source drains or closes whatever is left unread.
	Open func() (io.Reader, error)
	// Skip, when set, says why the source passed this item over: the
	// scanner counts it in the stats and does not call Open.
	Skip SkipReason
}

// Source enumerates content to scan. Walk calls yield for every item from
// the calling goroutine and stops at the first error yield returns.
type Source interface {
	Walk(ctx context.Context, yield func(Item) error) error
}

// Attributor is implemented by sources whose items do not carry their
// locations (git history read object by object). Attribute is called once,
// after the scan, with only the objects that produced findings.
type Attributor interface {
	Attribute(ctx context.Context, ids []ObjectID) (map[ObjectID][]Appearance, error)
}

// Splitter is implemented by sources that can be read as n independent
// partitions (for instance several git processes each decompressing part of
// a pack). The partitions together offer exactly what Walk offers; Scan
// walks them concurrently and attributes through the parent source.
type Splitter interface {
	Split(ctx context.Context, n int) ([]Source, error)
}

// Estimator is implemented by sources that know before walking how many
// items and bytes they will offer; Scan uses it for Progress totals.
type Estimator interface {
	Estimate() (objects, bytes int64)
}

// SkipReason says why content was not scanned; it is counted in Stats.
type SkipReason string

const (
	SkipBinary  SkipReason = "binary"
	SkipSymlink SkipReason = "symlink"
	SkipIgnored SkipReason = "ignored"
	SkipEmpty   SkipReason = "empty"
	SkipSpecial SkipReason = "special" // FIFO, socket or device inside a scanned directory
)
