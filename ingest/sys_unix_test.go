//go:build unix

package ingest_test

import (
	"os"
	"syscall"
)

// allocated returns the bytes a file takes on disk: its allocated blocks,
// not the apparent size of a sparse file.
func allocated(info os.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Blocks * 512
	}
	return info.Size()
}

// maxRSS returns the process's peak resident set so far, in bytes.
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss << 10 // Linux reports kilobytes
}
