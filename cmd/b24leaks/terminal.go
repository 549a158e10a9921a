package main

import (
	"fmt"
	"github.com/b24leaks/b24leaks/scanner/verify"
	"io"
	"runtime/debug"

	"github.com/b24leaks/b24leaks/reporters"
)

// terminal is what run may touch of the outside world.
type terminal struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdoutColor    bool // stdout is a colour-capable terminal and NO_COLOR is unset
	stderrIsTerm   bool // progress may be drawn on stderr
	getenv         func(string) string
	executable     func() (string, error) // path of this binary, for install-hook
	// network adjusts how --verify reaches portals (tests point it at a
	// fake portal on loopback); nil in the real binary.
	network func(*verify.Options)
}

// Exit codes.
const (
	exitClean = 0
	exitLeaks = 1 // default; --exit-code changes it
	exitError = 2
	// exitInterrupted is the shell's code for a process ended by SIGINT.
	exitInterrupted = 130
)

// errorf prints one error line; control characters in it (from file
// names, refs, git's messages) are shown as escapes.
func (t terminal) errorf(format string, args ...any) int {
	fmt.Fprintf(t.stderr, "b24leaks: error: %s\n", reporters.Printable(fmt.Sprintf(format, args...)))
	return exitError
}

// commit and date are set by the release build (-X main.commit=… -X main.date=…).
var commit, date = "", ""

// versionLine is what 'b24leaks version' prints after the name.
func versionLine() string {
	line := versionString()
	if commit != "" {
		line += " (commit " + commit
		if date != "" {
			line += ", built " + date
		}
		line += ")"
	}
	return line
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
