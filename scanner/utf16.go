package scanner

import (
	"bytes"
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// isUTF16 reports whether content starts with a UTF-16 byte order mark
// (little or big endian), as Windows tools write .ps1, .reg and .txt
// files.
func isUTF16(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xff, 0xfe}) && !bytes.HasPrefix(data, []byte{0xff, 0xfe, 0, 0}) ||
		bytes.HasPrefix(data, []byte{0xfe, 0xff})
}

// decodeUTF16 returns the content as UTF-8: the bytes already read, then
// the rest of rd, through a decoder that follows the byte order mark.
func decodeUTF16(read []byte, rd io.Reader) io.Reader {
	head := append([]byte(nil), read...)
	dec := unicode.BOMOverride(unicode.UTF8.NewDecoder())
	return transform.NewReader(io.MultiReader(bytes.NewReader(head), rd), dec)
}
