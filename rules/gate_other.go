//go:build !amd64

package rules

var useAVX2 = false

func gateAVX2(p *byte, n int, prev, keep uint32) (off int, ends, anchors, cur uint32) {
	panic("unreachable")
}
