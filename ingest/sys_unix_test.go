//go:build unix

package ingest_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// dirBytes returns the bytes the files under dir take on disk.
func dirBytes(tb testing.TB, dir string) int64 {
	tb.Helper()
	var n int64
	require.NoError(tb, filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			n += st.Blocks * 512 // allocated, not the apparent size of a sparse file
		} else {
			n += info.Size()
		}
		return nil
	}))
	return n
}

// maxRSS returns the process's peak resident set so far, in bytes.
func maxRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss << 10 // Linux reports kilobytes
}
