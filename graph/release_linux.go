package graph

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Bolt reads its file through a read-only shared memory map, and every page
// a transaction or a query touches stays mapped, counted in the process's
// resident set (as RssFile), until bolt replaces the map as the file grows.
// With the hashed keys of Cayley's indexes a large ingest touches pages all
// over the file, and the RSS grows with the store: 1.9 GiB for 100,000
// articles. A pageReleaser keeps it bounded: when the file-backed part of
// the RSS exceeds pageBudget, it tells the kernel (madvise MADV_DONTNEED)
// that the process no longer needs the map's pages. They stay in the page
// cache, the map is never written through, and the next access maps a page
// again with a minor fault: the data is unchanged, only the accounting is.
// It runs only with Options.ReleasePages: on that ingest it kept the peak
// RSS under 0.5 GiB (1.9 GiB without) but took 75-90 % more system time
// and up to a third more wall time (README, Scale), for pages the kernel
// would reclaim anyway.
const (
	pageBudget = 256 << 20
	pageCheck  = 10 * time.Millisecond
)

type pageReleaser struct {
	maps       []boltMap
	quit, done chan struct{}
	once       sync.Once
}

// releasePages starts a pageReleaser for the mapped files; stop it before
// closing them.
func releasePages(maps ...boltMap) *pageReleaser {
	r := &pageReleaser{maps: maps, quit: make(chan struct{}), done: make(chan struct{})}
	go r.run()
	return r
}

func (r *pageReleaser) run() {
	defer close(r.done)
	t := time.NewTicker(pageCheck)
	defer t.Stop()
	for {
		select {
		case <-r.quit:
			return
		case <-t.C:
			if fileRSS() > pageBudget {
				_, _ = r.release() // best effort: failing costs memory, not data
			}
		}
	}
}

// stop ends the releaser and waits for it. It may be called more than once;
// a nil releaser is a no-op.
func (r *pageReleaser) stop() {
	if r == nil {
		return
	}
	r.once.Do(func() { close(r.quit) })
	<-r.done
}

// release drops the files' mapped pages from the resident set, and returns
// the size of the maps it advised.
func (r *pageReleaser) release() (int64, error) {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	var total int64
	for _, b := range r.maps {
		n, err := b.release(maps)
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// release advises away one file's current map.
func (b boltMap) release(maps []byte) (int64, error) {
	// A read transaction holds bolt's mmap lock, which bolt takes exclusively
	// to replace the map: while it is open the map cannot move, so the
	// address is safe to advise even while a write transaction runs. (Only
	// closing the database unmaps it regardless, and Store.Close stops the
	// releaser first; once closed, pin fails.)
	start, unpin, err := b.pin()
	if err != nil {
		return 0, err // closed
	}
	defer unpin()
	fi, err := os.Stat(b.path)
	if err != nil {
		return 0, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, nil
	}
	for _, m := range fileMappings(maps, uint64(st.Dev), st.Ino) {
		if m.start != start {
			continue // not bolt's current map
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, m.start, m.end-m.start, syscall.MADV_DONTNEED); errno != 0 {
			return 0, fmt.Errorf("graph: release store pages: madvise: %w", errno)
		}
		return int64(m.end - m.start), nil
	}
	return 0, nil
}

// fileRSS returns the file-backed part of the process's resident set, from
// /proc/self/statm ("shared": RssFile plus RssShmem), or 0.
func fileRSS() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(b)
	if len(f) < 3 {
		return 0
	}
	n, err := strconv.ParseInt(string(f[2]), 10, 64)
	if err != nil {
		return 0
	}
	return n * int64(os.Getpagesize())
}

type mapping struct{ start, end uintptr }

// fileMappings returns the read-only shared mappings of the file with the
// given device and inode, from the contents of /proc/self/maps. Writable or
// private mappings are never returned: dropping their pages would lose data.
func fileMappings(maps []byte, dev, ino uint64) []mapping {
	// Device numbers as the kernel encodes them in st_dev (glibc's
	// gnu_dev_major/gnu_dev_minor); /proc/self/maps prints them in hex.
	major := (dev>>8)&0xfff | (dev>>32)&^uint64(0xfff)
	minor := dev&0xff | (dev>>12)&^uint64(0xff)
	var out []mapping
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		// address perms offset dev inode [path]
		f := bytes.Fields(sc.Bytes())
		if len(f) < 5 || string(f[1]) != "r--s" {
			continue
		}
		if i, err := strconv.ParseUint(string(f[4]), 10, 64); err != nil || i != ino {
			continue
		}
		if ma, mi, ok := hexPair(f[3], ':'); !ok || ma != major || mi != minor {
			continue
		}
		if a, b, ok := hexPair(f[0], '-'); ok && b > a {
			out = append(out, mapping{uintptr(a), uintptr(b)})
		}
	}
	return out
}

// hexPair parses two hexadecimal numbers joined by sep, as /proc/self/maps
// prints addresses ("7f00-7f40") and devices ("fd:01").
func hexPair(b []byte, sep byte) (x, y uint64, ok bool) {
	l, r, ok := bytes.Cut(b, []byte{sep})
	if !ok {
		return 0, 0, false
	}
	x, err1 := strconv.ParseUint(string(l), 16, 64)
	y, err2 := strconv.ParseUint(string(r), 16, 64)
	return x, y, err1 == nil && err2 == nil
}
