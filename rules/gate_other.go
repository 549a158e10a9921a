//go:build !amd64

package rules

const useAVX2 = false

func alnumWordAVX2(p *byte, n int) int { panic("unreachable") }
