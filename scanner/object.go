package scanner

import (
	"encoding/hex"
	"time"
)

// ObjectID identifies scanned content by its git object hash (SHA-1), so a
// blob is read once however many commits, paths and repositories hold it.
// Files and stdin have the zero id: they are not deduplicated.
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
	KindTagMessage                // the message of an annotated tag (Commit holds the tag)
	KindStdin                     // standard input
	KindStaged                    // a blob in the git index, at Path, not yet committed
	KindObject                    // a git object that could not be read, of a type other than these or unknown
)

// String is the kind's name in reports: "file", "history",
// "commit-message", "tag-message", "stdin", "staged" or "object".
func (k Kind) String() string {
	switch k {
	case KindFile:
		return "file"
	case KindHistory:
		return "history"
	case KindCommitMessage:
		return "commit-message"
	case KindTagMessage:
		return "tag-message"
	case KindStdin:
		return "stdin"
	case KindStaged:
		return "staged"
	case KindObject:
		return "object"
	}
	return "unknown"
}

// ParseKind is the kind a name from String stands for.
func ParseKind(name string) (Kind, bool) {
	for k := KindFile; k <= KindObject; k++ {
		if k.String() == name {
			return k, true
		}
	}
	return 0, false
}

// InGit reports whether the kind is content of a git repository.
func (k Kind) InGit() bool {
	return k == KindHistory || k == KindCommitMessage || k == KindTagMessage || k == KindStaged || k == KindObject
}

// IsMessage reports whether the kind is a commit or tag message, which has
// no path.
func (k Kind) IsMessage() bool { return k == KindCommitMessage || k == KindTagMessage }

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
	Path   string  // slash-separated, repository- or argument-relative; "-" for stdin; empty for messages
	Commit *Commit // the commit (or tag) that introduced the content; nil outside history
	// AtHead (history and commit messages) says the content is at Path in
	// HEAD's tree, or the message is HEAD's.
	AtHead bool
	// Refs (history) are the other refs whose tip holds the content at
	// Path, full names ("refs/heads/feature"), sorted; refs whose tip is
	// HEAD's commit are left out (AtHead says it). Neither AtHead nor Refs:
	// the content is in history only.
	Refs []string
}

// Placed reports whether the appearance says where the content is: false
// for history content whose attribution failed.
func (a Appearance) Placed() bool {
	return a.Path != "" || a.Commit != nil || a.Kind == KindStdin
}
