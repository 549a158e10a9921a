package scanner

import (
	"encoding/hex"
	"time"
)

// ObjectID identifies scanned content by its git object hash (SHA-1), so a
// blob is read once however many commits and paths hold it. Files and
// stdin have the zero id: they are not deduplicated.
type ObjectID [20]byte

// String returns the hex form of the id.
func (id ObjectID) String() string { return hex.EncodeToString(id[:]) }

// IsZero reports whether the id is unset.
func (id ObjectID) IsZero() bool { return id == ObjectID{} }

// ParseObjectID parses a 40-digit hex object id.
func ParseObjectID(s string) (ObjectID, bool) {
	var id ObjectID
	if len(s) != 40 {
		return id, false
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, false
	}
	return id, true
}

// Kind says what sort of place content was found in.
type Kind uint8

const (
	KindFile          Kind = iota // a file on disk (dir scans)
	KindHistory                   // a blob in git history, at Path in Commit
	KindCommitMessage             // the message of Commit
	KindTagMessage                // the message of an annotated tag
	KindStdin                     // standard input
)

// Commit is the metadata reported with a history location.
type Commit struct {
	Hash    string
	Author  string
	Email   string
	Date    time.Time
	Message string
}

// Appearance is one place where a piece of content was seen.
type Appearance struct {
	Kind   Kind
	Path   string  // slash-separated, repository- or argument-relative; "-" for stdin
	Commit *Commit // the commit (or tag) that introduced the content; nil outside history
	AtHead bool    // history only: the content is at Path in HEAD's tree
}
