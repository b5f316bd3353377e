//go:build unix

package corpus

import (
	"os"
	"syscall"
)

// openFile opens a file to read it whole. Go's os.Open makes a descriptor
// non-blocking to offer it to the network poller, and blocking again when
// the poller refuses it, as it does every regular file: four fcntl calls
// per article, as many system calls as the rest of its reading. A
// descriptor opened non-blocking skips them, and a read of a regular file
// waits for the disk all the same; a FIFO put in the file's place since it
// was stat'ed does not block the open either.
func openFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
