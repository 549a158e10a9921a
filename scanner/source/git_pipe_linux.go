package source

import (
	"os"
	"syscall"
)

// fSetPipeSize is F_SETPIPE_SZ from <fcntl.h>.
const fSetPipeSize = 1031

// growPipe enlarges the kernel buffer of a pipe so that a fast writer is
// not stopped every 64 KiB waiting for the reader. Failure is harmless.
func growPipe(f *os.File, size int) {
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	_ = rc.Control(func(fd uintptr) {
		_, _, _ = syscall.Syscall(syscall.SYS_FCNTL, fd, fSetPipeSize, uintptr(size))
	})
}
