package rules

import "golang.org/x/sys/cpu"

// useAVX2 selects the vector search for alnum words.
var useAVX2 = cpu.X86.HasAVX2

// alnumWordAVX2 returns the offset of the first 8-byte word of p[:n] whose
// bytes are all ASCII letters or digits, or -1; n is a multiple of 32.
//
//go:noescape
func alnumWordAVX2(p *byte, n int) int
