package source_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/source"
)

// A file that grows, shrinks or is rewritten while it is read is read as
// it was when opened (never past that size) and ends with an error that
// names it and says what changed; what was read is kept.
func TestDirFileThatChangesWhileRead(t *testing.T) {
	original := strings.Repeat("0123456789", 10)
	cases := []struct {
		name     string
		change   func(path string)
		readLen  int
		errorHas string
	}{
		{"grow.txt", func(p string) { appendTo(t, p, strings.Repeat("x", 50)) }, 100, "changed while being read (100 bytes when opened, 150 now"},
		{"shrink.txt", func(p string) { os.Truncate(p, 20) }, 20, "changed while being read (20 of its 100 bytes were left"},
		{"rewrite.txt", func(p string) {
			time.Sleep(10 * time.Millisecond)
			os.WriteFile(p, []byte(strings.ToUpper(original)+"!"), 0o644)
		}, 100, "changed while being read (100 bytes when opened, 101 now"},
		{"same.txt", func(string) {}, 100, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.name)
			os.WriteFile(path, []byte(original), 0o644)
			var read []byte
			var readErr error
			err := source.NewDir([]string{path}, source.DirOptions{}).Walk(context.Background(), func(it scanner.Item) error {
				r, err := it.Open()
				if err != nil {
					return err
				}
				head := make([]byte, 10)
				n, _ := io.ReadFull(r, head)
				c.change(path)
				rest, err := io.ReadAll(r)
				read, readErr = append(head[:n], rest...), err
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(read) != c.readLen {
				t.Errorf("read %d bytes, want %d", len(read), c.readLen)
			}
			switch {
			case c.errorHas == "" && readErr != nil:
				t.Errorf("unchanged file: %v", readErr)
			case c.errorHas != "" && (readErr == nil || !strings.Contains(readErr.Error(), c.errorHas) || !strings.Contains(readErr.Error(), path)):
				t.Errorf("error %v, want one naming %s with %q", readErr, path, c.errorHas)
			}
		})
	}
}

// A path the walk saw as a regular file and that became a FIFO before it
// was opened is refused at once, not waited on.
func TestDirFileSwappedForAFIFODoesNotBlock(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs on Windows")
	}
	path := filepath.Join(t.TempDir(), "swap.txt")
	os.WriteFile(path, []byte("text"), 0o644)
	done := make(chan error, 1)
	go func() {
		done <- source.NewDir([]string{path}, source.DirOptions{}).Walk(context.Background(), func(it scanner.Item) error {
			os.Remove(path)
			if err := mkfifo(path); err != nil {
				return err
			}
			_, err := it.Open()
			return fmt.Errorf("open: %w", err)
		})
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Open of the swapped path: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO swapped in for a file blocked")
	}
}

func appendTo(t *testing.T, path, s string) {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString(s)
}
