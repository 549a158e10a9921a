package source_test

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/source"
)

// Helpers shared by the source tests.

// got is what a test sees of one item.
type got struct {
	Path string
	Skip scanner.SkipReason
	Body string // content, or "error: ..." when Open failed
}

// walk collects the items of src, reading each one that is not skipped.
// before, if set, runs before each item is recorded.
func walk(t *testing.T, src scanner.Source, before func(scanner.Item)) ([]got, []error) {
	t.Helper()
	var items []got
	var errs []error
	err := src.Walk(context.Background(), func(it scanner.Item) error {
		if before != nil {
			before(it)
		}
		g := got{Path: it.Appearance.Path, Skip: it.Skip}
		if it.Appearance.Kind != scanner.KindFile && it.Appearance.Kind != scanner.KindStdin {
			t.Errorf("%s: kind %d", it.Appearance.Path, it.Appearance.Kind)
		}
		if !it.ID.IsZero() {
			t.Errorf("%s: non-zero ID", g.Path) // no dedup for files
		}
		if it.Skip == "" {
			g.Body = read(it, &errs)
		}
		items = append(items, g)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return items, errs
}

func read(it scanner.Item, errs *[]error) string {
	r, err := it.Open()
	if err != nil {
		*errs = append(*errs, err)
		return "error: " + err.Error()
	}
	b, err := io.ReadAll(r)
	if err != nil {
		*errs = append(*errs, err)
		return "error: " + err.Error()
	}
	if it.Size >= 0 && int64(len(b)) != it.Size {
		*errs = append(*errs, errors.New(it.Appearance.Path+": size mismatch"))
	}
	return string(b)
}

func check(t *testing.T, items, want []got) {
	t.Helper()
	if !reflect.DeepEqual(items, want) {
		t.Errorf("items:\n%s\nwant:\n%s", dump(items), dump(want))
	}
}

func dump(items []got) string {
	var b strings.Builder
	for _, g := range items {
		b.WriteString("  " + g.Path + " [" + string(g.Skip) + "] " + g.Body + "\n")
	}
	return b.String()
}

func TestStdin(t *testing.T) {
	src := source.NewStdin(strings.NewReader("line one\nline two\n"))
	var seen []scanner.Item
	items, errs := walk(t, src, func(it scanner.Item) { seen = append(seen, it) })
	check(t, items, []got{{"-", "", "line one\nline two\n"}})
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
	if len(seen) == 1 && (seen[0].Appearance.Kind != scanner.KindStdin || seen[0].Size != -1) {
		t.Errorf("item = %+v, want kind stdin, size -1", seen[0])
	}
}

func TestStdinCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := 0
	err := source.NewStdin(strings.NewReader("x")).Walk(ctx, func(scanner.Item) error { n++; return nil })
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("Walk = %v after %d items, want Canceled after 0", err, n)
	}
}

func TestStdinYieldError(t *testing.T) {
	stop := errors.New("stop")
	err := source.NewStdin(strings.NewReader("x")).Walk(context.Background(), func(scanner.Item) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("Walk = %v, want the yield error", err)
	}
}
