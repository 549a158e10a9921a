package source

import "github.com/b24leaks/b24leaks/scanner/source/sourcetest"

// The git tests build their repositories with sourcetest.
var (
	newRepo   = sourcetest.NewRepo
	blobID    = sourcetest.BlobID
	synthCode = sourcetest.SynthCode
)

type testRepo = sourcetest.Repo
