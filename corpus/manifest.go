package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Manifest is the metadata of a folder's articles, from its manifest.yaml.
type Manifest struct {
	Path    string
	entries map[string]ManifestEntry
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
	var doc struct {
		Articles []yaml.Node `yaml:"articles"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("manifest %s: %w", path, err)
	}
	m := &Manifest{Path: path, entries: map[string]ManifestEntry{}}
	for _, n := range doc.Articles {
		var e ManifestEntry
		if err := n.Decode(&e); err != nil {
			return nil, fmt.Errorf("manifest %s:%d: %w", path, n.Line, err)
		}
		if e.File == "" {
			return nil, fmt.Errorf("manifest %s:%d: entry without file", path, n.Line)
		}
		if e.Published != "" && !validDate(e.Published) {
			return nil, fmt.Errorf("manifest %s:%d: published %q is not YYYY, YYYY-MM or YYYY-MM-DD", path, n.Line, e.Published)
		}
		if _, dup := m.entries[e.File]; dup {
			return nil, fmt.Errorf("manifest %s:%d: %s listed twice", path, n.Line, e.File)
		}
		m.entries[e.File] = e
	}
	return m, nil
}

// Entry returns the metadata of the article with the given file name.
func (m *Manifest) Entry(file string) (ManifestEntry, bool) {
	if m == nil {
		return ManifestEntry{}, false
	}
	e, ok := m.entries[file]
	return e, ok
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
