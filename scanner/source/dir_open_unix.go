//go:build unix

package source

import "syscall"

// openNonBlocking makes opening a FIFO return at once.
const openNonBlocking = syscall.O_NONBLOCK
