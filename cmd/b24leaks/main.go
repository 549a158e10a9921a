// Command b24leaks finds leaked Bitrix24 credentials in git history,
// files and standard input.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/fatih/color"
	"github.com/mattn/go-isatty"
)

// version is set by the release build (-X main.version=…).
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], terminal{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		stdoutColor:  !color.NoColor,
		stderrIsTerm: isatty.IsTerminal(os.Stderr.Fd()) || isatty.IsCygwinTerminal(os.Stderr.Fd()),
		getenv:       os.Getenv,
		executable:   os.Executable,
	})
	stop()
	os.Exit(code)
}
