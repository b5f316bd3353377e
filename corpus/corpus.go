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
	ID         string // the article's identity in the graph: see ArticleID
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
	// MaxHTMLDepth is how deeply a page's elements may nest: deeper ones
	// lose their tags, keeping their text. 0 means DefaultMaxHTMLDepth.
	MaxHTMLDepth int
	// MaxFeedItems is how many items of one feed are read; the rest are
	// reported as a Problem. 0 means DefaultMaxFeedItems.
	MaxFeedItems int
}

// DefaultMaxFeedItems is how many items of one feed are read by default.
const DefaultMaxFeedItems = 1000

// ArticleID is the identity of the article read from the file at path,
// found under the folder root ("" for a file named on the command line):
// its path relative to root with forward slashes, which for a file
// directly in root (or named by itself) is its base name. Bytes of the name
// that are not UTF-8 are escaped as %XX (and then so is '%'), so that the
// ID is text that survives N-Quads and JSON.
func ArticleID(root, path string) string {
	id := filepath.Base(path)
	if root != "" {
		if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
			id = filepath.ToSlash(rel)
		}
	}
	return escapeInvalid(id)
}

// escapeInvalid makes s valid UTF-8 by escaping its invalid bytes, and its
// '%' signs, as %XX; valid strings are returned as they are.
func escapeInvalid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1, r == '%':
			fmt.Fprintf(&b, "%%%02X", s[i])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Walk reads every article under paths, in a stable order, calling fn for
// each and skip for each input it cannot use. A missing path or unreadable
// file is a Problem, not an error: the rest of the corpus is still read.
// A malformed manifest is a Problem too: its folder's articles are read
// without its metadata. Walk returns an error only when fn returns one, or
// when ctx is cancelled.
func Walk(ctx context.Context, paths []string, opts Options, fn func(Article) error, skip func(Problem)) error {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxHTMLDepth <= 0 {
		opts.MaxHTMLDepth = DefaultMaxHTMLDepth
	}
	if opts.MaxFeedItems <= 0 {
		opts.MaxFeedItems = DefaultMaxFeedItems
	}
	exts := opts.Extensions
	if len(exts) == 0 {
		exts = Extensions()
	}
	w := &walker{opts: opts, exts: exts, fn: fn, skip: skip, manifests: map[string]*Manifest{}, seen: map[string]string{}, fetch: newFetcher(opts)}
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
	manifests map[string]*Manifest // nil for a folder without a usable one
	seen      map[string]string    // path of each article ID read from a file
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
		return w.file(ctx, "", p, true, info.Mode())
	}
	type found struct {
		path string
		mode fs.FileMode // the type of the file (of its target, for a link)
	}
	var files []found
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
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			// Followed for files only: WalkDir never descends into linked
			// folders, so symlink loops cannot trap it.
			info, err := os.Stat(path)
			if err != nil {
				w.problem(path, "%s", describeErr(err))
				return nil
			}
			mode = info.Mode()
		}
		if !w.wanted(name) {
			return nil
		}
		files = append(files, found{path, mode})
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.file(ctx, p, f.path, false, f.mode); err != nil {
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

// file reads one file, found under the folder root ("" when the user named
// it: explicit), whose type the walk or a stat found to be mode. The size
// and date come from the open file, so a walk costs no stat per file.
func (w *walker) file(ctx context.Context, root, path string, explicit bool, mode fs.FileMode) error {
	if !mode.IsRegular() {
		w.problem(path, "not a regular file")
		return nil
	}
	man := w.manifest(filepath.Dir(path))
	ext := extOf(path)
	multi := multiReaders[ext]
	if !readers[ext] && !multi && !explicit {
		return nil
	}
	id := ArticleID(root, path)
	if !multi {
		if first, dup := w.seen[id]; dup {
			if first != path { // else the same file named twice: read once
				w.problem(path, "same article ID %q as %s (name the folder that holds both)", id, first)
			}
			return nil
		}
	}
	data, info, err := w.read(path)
	if err != nil {
		w.problem(path, "%s", err)
		return nil
	}
	base := Article{ID: id, Path: path, Published: info.ModTime().UTC().Format("2006-01-02"), DateSource: "mtime"}
	var arts []Article
	switch {
	case ext == ".jsonl":
		var probs []Problem
		arts, probs = readJSONL(path, id, data)
		for _, p := range probs {
			w.problem(p.Path, "%s", p.Reason)
		}
	case multi:
		var probs []Problem
		arts, probs, err = readFeed(ctx, path, data, w.fetch, w.opts)
		for _, p := range probs {
			w.problem(p.Path, "%s", p.Reason)
		}
	case isHTML(path):
		arts, err = readHTML(path, data, base, w.opts.MaxHTMLDepth)
	default:
		arts, err = readText(data, base)
	}
	if err != nil {
		w.problem(path, "%s", err)
		return nil
	}
	if !multi {
		w.seen[id] = path
	}
	for _, a := range arts {
		if man != nil {
			key := a.ID
			if !multi {
				key = filepath.Base(path)
			}
			man.apply(&a, key)
		}
		if err := w.fn(a); err != nil {
			return err
		}
	}
	return nil
}

// read opens path and returns its bytes and what fstat says of it, or an
// error fit for a problem report (it does not name the file).
func (w *walker) read(path string) ([]byte, fs.FileInfo, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, nil, errors.New(describeErr(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, errors.New(describeErr(err))
	}
	if !info.Mode().IsRegular() { // replaced since the walk saw it
		return nil, nil, errors.New("not a regular file")
	}
	if info.Size() > w.opts.MaxBytes {
		return nil, nil, fmt.Errorf("too large: %s (limit %s)", humanBytes(info.Size()), humanBytes(w.opts.MaxBytes))
	}
	data, err := readOpen(f, info.Size(), w.opts.MaxBytes)
	if err != nil {
		return nil, nil, errors.New(describeErr(err))
	}
	return data, info, nil
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
		arts, probs, err = readFeed(ctx, u, body, w.fetch, w.opts)
		for _, p := range probs {
			w.problem(p.Path, "%s", p.Reason)
		}
	} else {
		base := Article{ID: FeedItemID("", u), Path: u, URL: u, Published: time.Now().UTC().Format("2006-01-02"), DateSource: "fetched"}
		arts, err = readHTML(u, body, base, w.opts.MaxHTMLDepth)
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

// manifest returns the manifest of dir, or nil when it has none or a
// malformed one: that is a Problem, reported once, and the folder's files
// are read without its metadata.
func (w *walker) manifest(dir string) *Manifest {
	if m, ok := w.manifests[dir]; ok {
		return m
	}
	m, err := LoadManifest(dir)
	if err != nil {
		where, msg := manifestPath(dir), err.Error()
		var me *ManifestError
		if errors.As(err, &me) {
			where, msg = me.Where(), me.Msg
		}
		w.problem(where, "bad manifest: %s (the folder's articles are read without its metadata)", msg)
		m = nil
	}
	w.manifests[dir] = m
	return m
}

// readLimited reads the file at path, which held size bytes when it was
// stat'ed, failing when it holds more than limit. A buffer of that size, and
// a byte to see the end, takes two reads and no copies; a file that grew
// meanwhile is read on, up to the limit.
func readLimited(path string, size, limit int64) ([]byte, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpen(f, size, limit)
}

// readOpen is readLimited on an open file.
func readOpen(f *os.File, size, limit int64) ([]byte, error) {
	r := io.LimitReader(f, limit+1)
	data := make([]byte, 0, min(max(size, 0), limit)+1)
	for {
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // grew: room for more
		}
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("too large: more than %s", humanBytes(limit))
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
		return fmt.Errorf("invalid UTF-8 at byte %d (convert the file to UTF-8)", invalidAt(data))
	}
	trim := bytes.ToLower(bytes.TrimSpace(head[:min(len(head), 512)]))
	if bytes.HasPrefix(trim, []byte("<!doctype html")) || bytes.HasPrefix(trim, []byte("<html")) {
		return errors.New("HTML page saved as text (rename it to .html)")
	}
	return nil
}

// invalidAt returns the offset of the first byte of data that is not UTF-8.
func invalidAt(data []byte) int {
	off := 0
	for off < len(data) {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	return off
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
