//go:build !unix

package ingest_test

import "os"

// allocated returns a file's apparent size.
func allocated(info os.FileInfo) int64 { return info.Size() }

// maxRSS is not measured here.
func maxRSS() int64 { return 0 }
