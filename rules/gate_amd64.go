package rules

import "golang.org/x/sys/cpu"

// useAVX2 selects the vector gate.
var useAVX2 = cpu.X86.HasAVX2

// gateAVX2 is blocksGo for the 32-byte blocks of p[:n] with vector
// instructions; n is a multiple of 32 and p[n+1] is readable. off is
// relative to p.
//
//go:noescape
func gateAVX2(p *byte, n int, prev, keep uint32) (off int, ends, anchors, cur uint32)
