//go:build !linux

package graph

// pageReleaser keeps bolt's mapped pages out of the resident set on Linux;
// elsewhere it does nothing.
type pageReleaser struct{}

func releasePages(...boltMap) *pageReleaser { return nil }

func (r *pageReleaser) stop() {}
