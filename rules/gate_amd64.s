#include "textflag.h"

// func alnumWordAVX2(p *byte, n int) int
//
// Returns the offset of the first 8-byte word (at offsets 0, 8, 16, ... from
// p) whose bytes are all ASCII letters or digits, or -1. n is a multiple of 32.
TEXT ·alnumWordAVX2(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	XORQ AX, AX

	MOVL $0x30, DX           // '0'
	VMOVQ DX, X10
	VPBROADCASTB X10, Y10
	MOVL $9, DX
	VMOVQ DX, X11
	VPBROADCASTB X11, Y11
	MOVL $0x20, DX           // case bit
	VMOVQ DX, X12
	VPBROADCASTB X12, Y12
	MOVL $0x61, DX           // 'a'
	VMOVQ DX, X13
	VPBROADCASTB X13, Y13
	MOVL $25, DX
	VMOVQ DX, X14
	VPBROADCASTB X14, Y14
	VPCMPEQB Y15, Y15, Y15   // all ones

loop:
	CMPQ AX, CX
	JAE  notfound
	VMOVDQU (SI)(AX*1), Y0
	VPSUBB  Y10, Y0, Y1      // digit: x-'0' <= 9 (unsigned)
	VPMINUB Y11, Y1, Y2
	VPCMPEQB Y1, Y2, Y3
	VPOR    Y12, Y0, Y4      // letter: (x|0x20)-'a' <= 25 (unsigned)
	VPSUBB  Y13, Y4, Y4
	VPMINUB Y14, Y4, Y5
	VPCMPEQB Y4, Y5, Y5
	VPOR    Y3, Y5, Y6       // 0xff where alnum
	VPCMPEQQ Y15, Y6, Y7     // all ones where a whole word is alnum
	VPTEST  Y7, Y7
	JNZ     found
	ADDQ    $32, AX
	JMP     loop

found:
	VMOVMSKPD Y7, DX
	BSFQ DX, DX
	SHLQ $3, DX
	ADDQ DX, AX
	MOVQ AX, ret+16(FP)
	VZEROUPPER
	RET

notfound:
	MOVQ $-1, ret+16(FP)
	VZEROUPPER
	RET
