package main

import (
	"fmt"
	"path/filepath"

	"github.com/b24leaks/b24leaks/cmd/internal/githook"
)

// installHook runs the install-hook command.
func installHook(o options, t terminal) int {
	var res githook.Result
	var err error
	if o.uninstall {
		res, err = githook.Uninstall(o.paths[0])
	} else {
		bin, berr := t.executable()
		if berr == nil {
			bin, berr = filepath.Abs(bin)
		}
		if berr != nil {
			return t.errorf("install-hook: cannot tell where this b24leaks binary is: %v", berr)
		}
		res, err = githook.Install(o.paths[0], bin, o.force)
	}
	if err != nil {
		return t.errorf("install-hook: %v", err)
	}
	fmt.Fprintf(t.stdout, "%s: %s\n", res.Hook, res.Message)
	return exitClean
}
