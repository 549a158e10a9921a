//go:build !unix

package source_test

import "errors"

func mkfifo(string) error { return errors.New("no FIFOs here") }
