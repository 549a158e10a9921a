package scanner

import (
	"context"
	"io"
)

// Item is one piece of content offered by a Source.
type Item struct {
	ID   ObjectID // content hash; zero for content that is not deduplicated
	Size int64    // in bytes; -1 when unknown
	// Appearance is where the content is. With Deferred set only its Kind
	// counts: the source places the content after the scan (Attributor).
	Appearance Appearance
	Deferred   bool
	// Open returns the content. It is called at most once, during the yield
	// call that received the Item, and the reader is valid only until yield
	// returns. The source drains or closes whatever is left unread. It is
	// not called for an ID already read: the appearance is recorded, and
	// the content's matches count there too.
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

// Named is implemented by sources with a name for reports (a repository
// path, a directory argument); Result.Sources and Location.Source hold it.
type Named interface {
	Name() string
}

// Noticer is implemented by sources with something to tell the user once
// the scan is done that does not make it incomplete: a CI range that could
// not be followed, a shallow clone. Result.Stats.Notices collects them.
type Noticer interface {
	Notices() []string
}

// Faulter is implemented by sources that find, besides unreadable items,
// other things missing (a ref to an object the repository lacks). Scan
// adds them to Result.Stats.Errors after the walk: the scan is incomplete.
type Faulter interface {
	Faults(ctx context.Context) []ScanError
}

// Attributor is implemented by sources that offer Deferred items (git
// history read object by object). Attribute is called once, after the
// scan, with only the objects that produced findings; an id it returns no
// appearance for is unreachable and dropped.
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
	SkipBinary   SkipReason = "binary"
	SkipSymlink  SkipReason = "symlink"
	SkipIgnored  SkipReason = "ignored"
	SkipEmpty    SkipReason = "empty"
	SkipSpecial  SkipReason = "special"   // FIFO, socket or device inside a scanned directory
	SkipTooLarge SkipReason = "too-large" // larger than Options.MaxSize
)
