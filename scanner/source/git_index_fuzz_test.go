package source

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadGitIndex feeds the hand-written index reader arbitrary bytes:
// it must return an error or entries, never panic or hang.
func FuzzReadGitIndex(f *testing.F) {
	header := func(version, count uint32) []byte {
		b := []byte("DIRC")
		b = binary.BigEndian.AppendUint32(b, version)
		return binary.BigEndian.AppendUint32(b, count)
	}
	entry := make([]byte, 62)
	binary.BigEndian.PutUint32(entry[24:], 0o100644)
	binary.BigEndian.PutUint16(entry[60:], 5)
	v2 := append(append(header(2, 1), entry...), []byte("a.txt\x00\x00\x00\x00\x00")...)
	f.Add(append(v2, make([]byte, 20)...))
	f.Add(append(append(append(header(4, 1), entry...), 0, 'a', 0), make([]byte, 20)...))
	f.Add(append(append(header(2, 0), []byte("TREE\x00\x00\x00\x19\x00-1 1\nsub\x002 0\n")...), make([]byte, 40)...))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "index")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		idx, err := readGitIndex(path)
		if err == nil && idx == nil {
			t.Fatal("nil index without an error")
		}
	})
}
