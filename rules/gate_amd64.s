#include "textflag.h"

// 'p' in every byte, for the third byte of the "d.p" anchor (registers run out).
DATA anchorP<>+0(SB)/8, $0x7070707070707070
DATA anchorP<>+8(SB)/8, $0x7070707070707070
DATA anchorP<>+16(SB)/8, $0x7070707070707070
DATA anchorP<>+24(SB)/8, $0x7070707070707070
GLOBL anchorP<>(SB), RODATA|NOPTR, $32

#define BROADCAST(c, y) MOVL c, DX; VMOVQ DX, X0; VPBROADCASTB X0, y

// func gateAVX2(p *byte, n int, prev, keep uint32) (off int, ends, anchors, cur uint32)
//
// Scans the 32-byte blocks of p[:n] (n a multiple of 32; p[n+1] readable)
// for the first one where a run of 16 ASCII letters and digits ends or an
// anchor ("imb", "d.p") starts. ends and anchors have bit i set for the
// byte at block offset i; cur is the block's alnum mask. prev is the alnum
// mask of the block before p; keep masks the first block's bits. Without
// a hit, off is -1 and cur is the last block's alnum mask.
TEXT ·gateAVX2(SB), NOSPLIT, $0-44
	MOVQ p+0(FP), SI
	MOVQ n+8(FP), CX
	MOVL prev+16(FP), R8
	MOVL keep+20(FP), R12
	XORQ AX, AX

	BROADCAST($0x30, Y10)    // '0'
	BROADCAST($9, Y11)
	BROADCAST($0x20, Y12)    // case bit
	BROADCAST($0x61, Y13)    // 'a'
	BROADCAST($25, Y14)
	BROADCAST($0x69, Y6)     // 'i'
	BROADCAST($0x6d, Y7)     // 'm'
	BROADCAST($0x62, Y8)     // 'b'
	BROADCAST($0x64, Y9)     // 'd'
	BROADCAST($0x2e, Y15)    // '.'

loop:
	CMPQ AX, CX
	JAE  notfound
	VMOVDQU (SI)(AX*1), Y0
	VPSUBB  Y10, Y0, Y1      // digit: x-'0' <= 9 (unsigned)
	VPMINUB Y11, Y1, Y2
	VPCMPEQB Y1, Y2, Y1
	VPOR    Y12, Y0, Y2      // letter: (x|0x20)-'a' <= 25 (unsigned)
	VPSUBB  Y13, Y2, Y2
	VPMINUB Y14, Y2, Y3
	VPCMPEQB Y2, Y3, Y2
	VPOR    Y1, Y2, Y1       // 0xff where alnum
	VPMOVMSKB Y1, DX

	VPCMPEQB Y6, Y0, Y2      // anchors: "imb" in Y2, "d.p" in Y3
	VPCMPEQB Y9, Y0, Y3
	VMOVDQU 1(SI)(AX*1), Y4
	VPCMPEQB Y7, Y4, Y5
	VPAND   Y5, Y2, Y2
	VPCMPEQB Y15, Y4, Y5
	VPAND   Y5, Y3, Y3
	VMOVDQU 2(SI)(AX*1), Y4
	VPCMPEQB Y8, Y4, Y5
	VPAND   Y5, Y2, Y2
	VPCMPEQB anchorP<>(SB), Y4, Y5
	VPAND   Y5, Y3, Y3
	VPOR    Y2, Y3, Y2
	VPMOVMSKB Y2, R11

	MOVQ DX, R9              // x: this block's mask above the previous one's
	SHLQ $32, R9
	ORQ  R8, R9
	MOVQ DX, R8
	MOVQ R9, R10             // bit j of x stays set iff bits j-15..j are
	SHLQ $1, R10
	ANDQ R10, R9
	MOVQ R9, R10
	SHLQ $2, R10
	ANDQ R10, R9
	MOVQ R9, R10
	SHLQ $4, R10
	ANDQ R10, R9
	MOVQ R9, R10
	SHLQ $8, R10
	ANDQ R10, R9
	SHRQ $32, R9
	ANDL R12, R9
	ANDL R12, R11
	MOVL $-1, R12
	MOVL R9, R13
	ORL  R11, R13
	JNZ  found
	ADDQ $32, AX
	JMP  loop

found:
	MOVQ AX, off+24(FP)
	MOVL R9, ends+32(FP)
	MOVL R11, anchors+36(FP)
	MOVL DX, cur+40(FP)
	VZEROUPPER
	RET

notfound:
	MOVQ $-1, off+24(FP)
	MOVL $0, ends+32(FP)
	MOVL $0, anchors+36(FP)
	MOVL R8, cur+40(FP)
	VZEROUPPER
	RET
