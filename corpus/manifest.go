package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Manifest is the metadata of a folder's articles, from its manifest.yaml.
type Manifest struct {
	Path    string
	entries map[string]packedEntry // by file
}

// packedEntry is a ManifestEntry in one string, whose first bytes are also
// its key in Manifest.entries: a corpus of 100,000 articles keeps its
// manifest in 14 MB rather than 28.
type packedEntry struct {
	s          string // file, title, URL and published, concatenated
	file, t, u uint32 // lengths of the first three
}

func packEntry(e ManifestEntry) packedEntry {
	return packedEntry{s: e.File + e.Title + e.URL + e.Published,
		file: uint32(len(e.File)), t: uint32(len(e.Title)), u: uint32(len(e.URL))}
}

func (p packedEntry) entry() ManifestEntry {
	t := p.file + p.t
	u := t + p.u
	return ManifestEntry{File: p.s[:p.file], Title: p.s[p.file:t], URL: p.s[t:u], Published: p.s[u:]}
}

// ManifestError is a malformed manifest: its file, the line (0 when not
// known) and what is wrong.
type ManifestError struct {
	Path string
	Line int
	Msg  string
}

// Error is "manifest FILE:LINE: what is wrong".
func (e *ManifestError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("manifest %s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("manifest %s: %s", e.Path, e.Msg)
}

// Where is the file and line of the error, as file:line.
func (e *ManifestError) Where() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	return e.Path
}

// manifestKeys are the keys of a manifest entry.
var manifestKeys = []string{"file", "title", "url", "published"}

// ManifestEntry is one article's metadata.
type ManifestEntry struct {
	File      string `yaml:"file"`
	Title     string `yaml:"title"`
	URL       string `yaml:"url"`
	Published string `yaml:"published"`
}

// LoadManifest reads dir/manifest.yaml (or .yml). It returns nil, nil when
// there is none, and an error naming the file and line when it is malformed.
func LoadManifest(dir string) (*Manifest, error) {
	var path string
	var data []byte
	for _, name := range []string{"manifest.yaml", "manifest.yml"} {
		p := filepath.Join(dir, name)
		d, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, &ManifestError{Path: p, Msg: describeErr(err)}
		}
		path, data = p, d
		break
	}
	if path == "" {
		return nil, nil
	}
	return ParseManifest(path, data)
}

// ParseManifest parses manifest data; path is used in error messages.
func ParseManifest(path string, data []byte) (*Manifest, error) {
	m := &Manifest{Path: path, entries: map[string]packedEntry{}}
	if parseManifestChunks(m, data) {
		return m, nil
	}
	m.entries = map[string]packedEntry{}
	if err := parseManifestPart(m, data); err != nil {
		return nil, err
	}
	return m, nil
}

// manifestChunk is how many entries parseManifestChunks parses at a time.
var manifestChunk = 1000

// parseManifestChunks parses the usual shape of a manifest, comments and a
// block list under "articles:", a chunk of entries at a time: the YAML
// library builds a node tree of the whole document first, some 1.5 KB per
// entry, which for a corpus of 100,000 articles was the largest allocation
// of an ingest. It reports false, with m partly filled, when data has
// another shape or any error; the caller then parses the whole document,
// which gives the same result, and the same error, as before.
//
// A chunk boundary is a line that starts a list item at the list's
// indentation. Such a line cannot continue a block or plain scalar of the
// previous entry, which are indented more, and one inside a quoted scalar
// leaves that scalar unterminated in its chunk: an error, so a fallback.
func parseManifestChunks(m *Manifest, data []byte) bool {
	rest := data
	line := func() []byte {
		l, r, _ := bytes.Cut(rest, []byte("\n"))
		rest = r
		return l
	}
	blank := func(l []byte) bool {
		t := bytes.TrimLeft(l, " ")
		return len(t) == 0 || t[0] == '#'
	}
	for {
		if len(rest) == 0 {
			return false
		}
		l := line()
		if string(l) == "articles:" {
			break
		}
		if !blank(l) {
			return false
		}
	}
	ind := -1 // indentation of the list items
	// Every byte goes through the parser: the first chunk starts with the
	// lines before the list, the others with just its key.
	chunk := append([]byte(nil), data[:len(data)-len(rest)]...)
	items := 0
	flush := func() bool {
		if items == 0 {
			return true
		}
		err := parseManifestPart(m, chunk)
		chunk, items = append(chunk[:0], "articles:\n"...), 0
		return err == nil
	}
	for len(rest) > 0 {
		start := rest
		l := line()
		if blank(l) {
			chunk = append(chunk, start[:len(start)-len(rest)]...)
			continue
		}
		n := len(l) - len(bytes.TrimLeft(l, " "))
		item := string(l[n:]) == "-" || bytes.HasPrefix(l[n:], []byte("- "))
		if ind < 0 && item {
			ind = n
		}
		switch {
		case ind < 0:
			return false // the first entry is not a list item
		case n > ind:
		case n == ind && item:
			if items == manifestChunk && !flush() {
				return false
			}
			items++
		default:
			return false // something else than the list of entries
		}
		chunk = append(chunk, start[:len(start)-len(rest)]...)
	}
	return ind >= 0 && flush()
}

// parseManifestPart parses a manifest document, or a part of one, into m.
// Keys other than "articles" and the entries' manifestKeys are errors, as
// are dates that are not real dates: a misspelt key or a 13th month would
// otherwise be ignored without a word.
func parseManifestPart(m *Manifest, data []byte) error {
	path := m.Path
	fail := func(line int, format string, args ...any) error {
		return &ManifestError{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		line := 0
		msg := err.Error()
		if _, err := fmt.Sscanf(msg, "yaml: line %d:", &line); err == nil {
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
			msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
		}
		return fail(line, "%s", msg)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil // empty document
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return fail(top.Line, "want a mapping with an \"articles\" list")
	}
	var list *yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != "articles" {
			return fail(k.Line, "unknown key %q (valid: articles)", k.Value)
		}
		list = v
	}
	if list == nil || (list.Kind == yaml.ScalarNode && list.Tag == "!!null") {
		return nil
	}
	if list.Kind != yaml.SequenceNode {
		return fail(list.Line, "articles: want a list of entries")
	}
	for _, n := range list.Content {
		if n.Kind != yaml.MappingNode {
			return fail(n.Line, "entry: want file, title, url and published keys")
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; !slices.Contains(manifestKeys, k.Value) {
				return fail(k.Line, "unknown key %q (valid: %s)", k.Value, strings.Join(manifestKeys, ", "))
			}
		}
		var e ManifestEntry
		if err := n.Decode(&e); err != nil {
			return fail(n.Line, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		if e.File == "" {
			return fail(n.Line, "entry without file")
		}
		if e.Published != "" && !validDate(e.Published) {
			return fail(lineOf(n, "published"), "published %q is not a date as YYYY, YYYY-MM or YYYY-MM-DD", e.Published)
		}
		if _, dup := m.entries[e.File]; dup {
			return fail(n.Line, "%s listed twice", e.File)
		}
		p := packEntry(e)
		m.entries[p.s[:p.file]] = p
	}
	return nil
}

// lineOf is the line of key's value in the mapping n.
func lineOf(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1].Line
		}
	}
	return n.Line
}

// Entry returns the metadata of the article with the given file name.
func (m *Manifest) Entry(file string) (ManifestEntry, bool) {
	if m == nil {
		return ManifestEntry{}, false
	}
	p, ok := m.entries[file]
	if !ok {
		return ManifestEntry{}, false
	}
	return p.entry(), true
}

// apply gives the manifest's metadata precedence over the document's own,
// for the article whose entry is file.
func (m *Manifest) apply(a *Article, file string) {
	e, ok := m.Entry(file)
	if !ok {
		return
	}
	if e.Title != "" {
		a.Title = e.Title
	}
	if e.URL != "" {
		a.URL = e.URL
	}
	if e.Published != "" {
		a.Published = e.Published
		a.DateSource = "manifest"
	}
}

// manifestPath is the manifest file of dir, for messages.
func manifestPath(dir string) string {
	for _, name := range []string{"manifest.yaml", "manifest.yml"} {
		p := filepath.Join(dir, name)
		if _, err := os.Lstat(p); err == nil {
			return p
		}
	}
	return filepath.Join(dir, "manifest.yaml")
}

// validDate reports whether s is a real date as YYYY, YYYY-MM or
// YYYY-MM-DD (no 13th month, no 30th of February).
func validDate(s string) bool {
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return true
			}
		}
	}
	return false
}
