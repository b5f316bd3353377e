package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

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
			return nil, fmt.Errorf("manifest %s: %w", p, err)
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
func parseManifestPart(m *Manifest, data []byte) error {
	path := m.Path
	var doc struct {
		Articles []yaml.Node `yaml:"articles"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("manifest %s: %w", path, err)
	}
	for _, n := range doc.Articles {
		var e ManifestEntry
		if err := n.Decode(&e); err != nil {
			return fmt.Errorf("manifest %s:%d: %w", path, n.Line, err)
		}
		if e.File == "" {
			return fmt.Errorf("manifest %s:%d: entry without file", path, n.Line)
		}
		if e.Published != "" && !validDate(e.Published) {
			return fmt.Errorf("manifest %s:%d: published %q is not YYYY, YYYY-MM or YYYY-MM-DD", path, n.Line, e.Published)
		}
		if _, dup := m.entries[e.File]; dup {
			return fmt.Errorf("manifest %s:%d: %s listed twice", path, n.Line, e.File)
		}
		p := packEntry(e)
		m.entries[p.s[:p.file]] = p
	}
	return nil
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

// apply gives the manifest's metadata precedence over the document's own.
func (m *Manifest) apply(a *Article) {
	e, ok := m.Entry(a.ID)
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

func validDate(s string) bool {
	ok := func(part string, n int) bool {
		if len(part) != n {
			return false
		}
		for _, c := range part {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	switch len(s) {
	case 4:
		return ok(s, 4)
	case 7:
		return ok(s[:4], 4) && s[4] == '-' && ok(s[5:], 2)
	case 10:
		return ok(s[:4], 4) && s[4] == '-' && ok(s[5:7], 2) && s[7] == '-' && ok(s[8:], 2)
	}
	return false
}
