// Package corpus reads articles from files and folders: their text, checked
// to be usable, and their metadata from a manifest.yaml beside them. It
// streams, so a corpus of any size is read in bounded memory.
package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultMaxBytes is the largest article file read by default.
const DefaultMaxBytes = 8 << 20

// Article is one document to extract facts from.
type Article struct {
	ID         string // file base name: the article's identity in the graph
	Path       string // where it was read from
	Text       []byte
	Title      string
	URL        string
	Published  string // YYYY, YYYY-MM or YYYY-MM-DD
	DateSource string // manifest, metadata or mtime
}

// Problem is an input that was skipped, with a one-line reason.
type Problem struct {
	Path   string
	Reason string
}

func (p Problem) String() string { return p.Path + ": " + p.Reason }

// Options tune reading.
type Options struct {
	MaxBytes int64 // files larger than this are skipped; 0 means DefaultMaxBytes
	// Extensions read when walking a folder; files named on the command line
	// are read whatever their extension. Empty means Extensions().
	Extensions []string
	// Fetch governs URLs given as inputs and feed items' pages.
	Fetch FetchOptions
}

// Walk reads every article under paths, in a stable order, calling fn for
// each and skip for each input it cannot use. A missing path or unreadable
// file is a Problem, not an error: the rest of the corpus is still read.
// Walk returns an error only for a fatal problem (a malformed manifest),
// when fn returns one, or when ctx is cancelled.
func Walk(ctx context.Context, paths []string, opts Options, fn func(Article) error, skip func(Problem)) error {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	exts := opts.Extensions
	if len(exts) == 0 {
		exts = Extensions()
	}
	w := &walker{opts: opts, exts: exts, fn: fn, skip: skip, manifests: map[string]*Manifest{}, fetch: newFetcher(opts)}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.root(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

type walker struct {
	opts      Options
	exts      []string
	fn        func(Article) error
	skip      func(Problem)
	manifests map[string]*Manifest
	fetch     *fetcher
}

func (w *walker) problem(path, format string, args ...any) {
	if w.skip != nil {
		w.skip(Problem{Path: path, Reason: fmt.Sprintf(format, args...)})
	}
}

func (w *walker) root(ctx context.Context, p string) error {
	if isURL(p) {
		return w.remote(ctx, p)
	}
	info, err := os.Stat(p)
	if err != nil {
		w.problem(p, "%s", describeErr(err))
		return nil
	}
	if !info.IsDir() {
		return w.file(ctx, p, true)
	}
	var files []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			w.problem(path, "%s", describeErr(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if path != p && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || isManifest(name) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Followed for files only: WalkDir never descends into linked
			// folders, so symlink loops cannot trap it.
			if _, err := os.Stat(path); err != nil {
				w.problem(path, "%s", describeErr(err))
				return nil
			}
		}
		if !w.wanted(name) {
			return nil
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.file(ctx, f, false); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) wanted(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range w.exts {
		if ext == e {
			return true
		}
	}
	return false
}

func isManifest(name string) bool {
	return name == "manifest.yaml" || name == "manifest.yml"
}

// file reads one file. explicit is true when the user named it.
func (w *walker) file(ctx context.Context, path string, explicit bool) error {
	info, err := os.Stat(path)
	if err != nil {
		w.problem(path, "%s", describeErr(err))
		return nil
	}
	if !info.Mode().IsRegular() {
		w.problem(path, "not a regular file")
		return nil
	}
	if info.Size() > w.opts.MaxBytes {
		w.problem(path, "too large: %s (limit %s)", humanBytes(info.Size()), humanBytes(w.opts.MaxBytes))
		return nil
	}
	man, err := w.manifest(filepath.Dir(path))
	if err != nil {
		return err
	}
	reader := readerFor(path)
	multi := multiReaders[extOf(path)]
	if reader == nil && !multi {
		if !explicit {
			return nil
		}
		reader = readText
	}
	data, err := readLimited(path, w.opts.MaxBytes)
	if err != nil {
		w.problem(path, "%s", describeErr(err))
		return nil
	}
	base := Article{ID: filepath.Base(path), Path: path, Published: info.ModTime().UTC().Format("2006-01-02"), DateSource: "mtime"}
	var arts []Article
	switch {
	case extOf(path) == ".jsonl":
		var probs []Problem
		arts, probs = readJSONL(path, data)
		for _, p := range probs {
			w.problem(p.Path, "%s", p.Reason)
		}
	case multi:
		var probs []Problem
		arts, probs, err = readFeed(ctx, path, data, w.fetch)
		for _, p := range probs {
			w.problem(p.Path, "%s", p.Reason)
		}
	default:
		arts, err = reader(path, data, base)
	}
	if err != nil {
		w.problem(path, "%s", err)
		return nil
	}
	for _, a := range arts {
		if man != nil {
			man.apply(&a)
		}
		if err := w.fn(a); err != nil {
			return err
		}
	}
	return nil
}

// remote reads a URL: a feed's items, or one article page.
func (w *walker) remote(ctx context.Context, u string) error {
	body, ctype, err := w.fetch.getType(ctx, u)
	if err != nil {
		w.problem(u, "%s", err)
		return nil
	}
	var arts []Article
	if looksLikeFeed(ctype, body) {
		var probs []Problem
		arts, probs, err = readFeed(ctx, u, body, w.fetch)
		for _, p := range probs {
			w.problem(p.Path, "%s", p.Reason)
		}
	} else {
		base := Article{ID: FeedItemID("", u), Path: u, URL: u, Published: time.Now().UTC().Format("2006-01-02"), DateSource: "fetched"}
		arts, err = readHTML(u, body, base)
	}
	if err != nil {
		w.problem(u, "%s", err)
		return nil
	}
	for _, a := range arts {
		if err := w.fn(a); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) manifest(dir string) (*Manifest, error) {
	if m, ok := w.manifests[dir]; ok {
		return m, nil
	}
	m, err := LoadManifest(dir)
	if err != nil {
		return nil, err
	}
	w.manifests[dir] = m
	return m, nil
}

func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("too large: more than %s", humanBytes(max))
	}
	return data, nil
}

// CheckText reports why data cannot be an article's text, or nil: empty,
// binary, invalid UTF-8 (with the byte offset) or an HTML page.
func CheckText(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("empty file")
	}
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return errors.New("binary file (contains NUL bytes)")
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		return fmt.Errorf("invalid UTF-8 at byte %d (convert the file to UTF-8)", off)
	}
	trim := bytes.ToLower(bytes.TrimSpace(head[:min(len(head), 512)]))
	if bytes.HasPrefix(trim, []byte("<!doctype html")) || bytes.HasPrefix(trim, []byte("<html")) {
		return errors.New("HTML page saved as text (rename it to .html)")
	}
	return nil
}

func describeErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Count estimates how many article files Walk will read under paths (a feed
// or JSON-lines file counts once; URLs count once), for progress reports.
func Count(paths []string, opts Options) int {
	exts := opts.Extensions
	if len(exts) == 0 {
		exts = Extensions()
	}
	w := &walker{exts: exts}
	n := 0
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			n++
			continue
		}
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			if !d.IsDir() && w.wanted(d.Name()) && !isManifest(d.Name()) {
				n++
			}
			return nil
		})
	}
	return n
}
