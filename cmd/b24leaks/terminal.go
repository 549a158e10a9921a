package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// terminal is what run may touch of the outside world.
type terminal struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdoutColor    bool // stdout is a colour-capable terminal and NO_COLOR is unset
	stderrIsTerm   bool // progress may be drawn on stderr
}

// Exit codes.
const (
	exitClean = 0
	exitLeaks = 1 // default; --exit-code changes it
	exitError = 2
)

func (t terminal) errorf(format string, args ...any) int {
	fmt.Fprintf(t.stderr, "b24leaks: error: "+format+"\n", args...)
	return exitError
}

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
