package source

import (
	"context"
	"io"

	"github.com/b24leaks/b24leaks/scanner"
)

// Stdin offers one reader, usually standard input, as a single item at
// path "-".
type Stdin struct {
	r io.Reader
}

// NewStdin returns a source that offers r once.
func NewStdin(r io.Reader) *Stdin { return &Stdin{r: r} }

// Name is "-", as stdin is reported.
func (s *Stdin) Name() string { return "-" }

// Walk offers the reader as one item of unknown size. Its content is not
// hashed, so it is never deduplicated against other sources.
func (s *Stdin) Walk(ctx context.Context, yield func(scanner.Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return yield(scanner.Item{
		Size:       -1,
		Appearance: scanner.Appearance{Kind: scanner.KindStdin, Path: "-"},
		Open:       func() (io.Reader, error) { return s.r, nil },
	})
}
