//go:build !unix

package source

// openNonBlocking is not needed where FIFOs cannot be opened as files.
const openNonBlocking = 0
