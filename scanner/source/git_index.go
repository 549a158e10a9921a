package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// gitIndex is what the staged scan needs of .git/index: its stage-0
// entries and the valid directories of its cache tree (the TREE
// extension), by path. go-git's own reader drops the invalid cache-tree
// entries, and with them the layout that says which directory a valid
// entry is, so the index is read here.
type gitIndex struct {
	entries []stagedEntry
	trees   map[string]plumbing.Hash // directory ("" for the root) → tree its staged content makes
}

var errIndexFormat = errors.New("index in a format b24leaks does not read")

// indexPath is the index git commits from: GIT_INDEX_FILE when git set it
// (a hook run by 'git commit -a' or 'git commit FILE' gets a temporary
// index there), else the repository's own.
func indexPath(gitDir string) string {
	if p := os.Getenv("GIT_INDEX_FILE"); p != "" {
		if abs, err := filepath.Abs(p); err == nil {
			return abs
		}
		return p
	}
	return filepath.Join(gitDir, "index")
}

// readGitIndex reads the index file at path (versions 2 to 4). An index
// with a required extension it does not know (split or sparse index) is
// errIndexFormat, so the caller can ask git instead.
func readGitIndex(path string) (*gitIndex, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return &gitIndex{trees: map[string]plumbing.Hash{}}, nil // nothing staged yet
	}
	if err != nil {
		return nil, err
	}
	if len(data) < 12+20 || string(data[:4]) != "DIRC" {
		return nil, fmt.Errorf("%s: not a git index", path)
	}
	version := binary.BigEndian.Uint32(data[4:8])
	if version < 2 || version > 4 {
		return nil, fmt.Errorf("%s: index version %d: %w", path, version, errIndexFormat)
	}
	count := int(binary.BigEndian.Uint32(data[8:12]))
	body := data[:len(data)-20] // less the checksum
	idx := &gitIndex{trees: map[string]plumbing.Hash{}, entries: make([]stagedEntry, 0, min(count, len(data)/62))}
	off, prev := 12, ""
	for range count {
		e, name, next, err := indexEntry(body, off, version, prev)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		off, prev = next, name
		if e != nil {
			idx.entries = append(idx.entries, *e)
		}
	}
	return idx, idx.extensions(body[off:], path)
}

// indexEntry decodes the entry at off; it returns nil for entries that
// are not stage 0, and the offset of the next entry.
func indexEntry(b []byte, off int, version uint32, prev string) (*stagedEntry, string, int, error) {
	const fixed = 62 // stat data, mode, ids, size, hash, flags
	if off+fixed > len(b) {
		return nil, "", 0, errors.New("index entry cut short")
	}
	mode := filemode.FileMode(binary.BigEndian.Uint32(b[off+24:]))
	var hash plumbing.Hash
	copy(hash[:], b[off+40:off+60])
	flags := binary.BigEndian.Uint16(b[off+60:])
	start := off + fixed
	if flags&0x4000 != 0 && version >= 3 {
		start += 2 // extended flags
	}
	if start > len(b) {
		return nil, "", 0, errors.New("index entry cut short")
	}
	var name string
	end := 0
	if version == 4 {
		strip, n := offsetVarint(b[start:])
		if n <= 0 || strip > len(prev) {
			return nil, "", 0, errors.New("bad index entry name")
		}
		nul := bytes.IndexByte(b[start+n:], 0)
		if nul < 0 {
			return nil, "", 0, errors.New("bad index entry name")
		}
		name = prev[:len(prev)-strip] + string(b[start+n:start+n+nul])
		end = start + n + nul + 1
	} else {
		nul := bytes.IndexByte(b[start:], 0)
		if nul < 0 {
			return nil, "", 0, errors.New("bad index entry name")
		}
		name = string(b[start : start+nul])
		end = off + (start-off+nul+8)&^7 // NUL-padded to a multiple of 8
	}
	if end > len(b) {
		return nil, "", 0, errors.New("index entry cut short")
	}
	if (flags>>12)&3 != 0 {
		return nil, name, end, nil
	}
	return &stagedEntry{path: name, blob: hash, mode: mode}, name, end, nil
}

// offsetVarint decodes git's "offset" varint (varint.c), which index v4
// uses for the bytes to strip from the previous name: unlike LEB128, each
// continuation adds one before shifting. It returns the value and the
// bytes read, or n <= 0 when b ends first or the value overflows.
func offsetVarint(b []byte) (val, n int) {
	if len(b) == 0 {
		return 0, 0
	}
	c := b[0]
	val, n = int(c&127), 1
	for c&128 != 0 {
		if n >= len(b) || val > 1<<40 {
			return 0, -1
		}
		c = b[n]
		n++
		val = (val+1)<<7 | int(c&127)
	}
	return val, n
}

// extensions reads the cache tree and rejects required extensions.
func (idx *gitIndex) extensions(b []byte, path string) error {
	for len(b) >= 8 {
		sig, size := string(b[:4]), int(binary.BigEndian.Uint32(b[4:8]))
		if 8+size > len(b) {
			return fmt.Errorf("%s: extension %q cut short", path, sig)
		}
		data := b[8 : 8+size]
		switch {
		case sig == "TREE":
			if _, err := idx.cacheTree(data, ""); err != nil {
				return fmt.Errorf("%s: cache tree: %w", path, err)
			}
		case sig[0] >= 'a' && sig[0] <= 'z':
			return fmt.Errorf("%s: extension %q: %w", path, sig, errIndexFormat)
		}
		b = b[8+size:]
	}
	return nil
}

// cacheTree reads one cache-tree entry and its subtrees (pre-order) at
// directory prefix, and returns what follows.
func (idx *gitIndex) cacheTree(b []byte, prefix string) ([]byte, error) {
	nul := bytes.IndexByte(b, 0)
	if nul < 0 {
		return nil, errors.New("bad entry")
	}
	nl := bytes.IndexByte(b[nul:], '\n') + nul
	if nl < nul {
		return nil, errors.New("bad entry")
	}
	counts := bytes.Fields(b[nul+1 : nl])
	if len(counts) != 2 {
		return nil, errors.New("bad entry")
	}
	entries, err1 := strconv.Atoi(string(counts[0]))
	subtrees, err2 := strconv.Atoi(string(counts[1]))
	if err1 != nil || err2 != nil || subtrees < 0 {
		return nil, errors.New("bad entry")
	}
	dir := filepath.ToSlash(filepath.Join(prefix, string(b[:nul])))
	if dir == "." {
		dir = ""
	}
	b = b[nl+1:]
	if entries >= 0 {
		if len(b) < 20 {
			return nil, errors.New("entry cut short")
		}
		var h plumbing.Hash
		copy(h[:], b[:20])
		idx.trees[dir] = h
		b = b[20:]
	}
	for range subtrees {
		var err error
		if b, err = idx.cacheTree(b, dir); err != nil {
			return nil, err
		}
	}
	return b, nil
}
