package corpus

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// parseWhole is the reference: the whole document parsed at once.
func parseWhole(data []byte) (map[string]ManifestEntry, error) {
	m := &Manifest{Path: "m.yaml", entries: map[string]packedEntry{}}
	if err := parseManifestPart(m, data); err != nil {
		return nil, err
	}
	return m.unpacked(), nil
}

func (m *Manifest) unpacked() map[string]ManifestEntry {
	out := map[string]ManifestEntry{}
	for k, p := range m.entries {
		out[k] = p.entry()
	}
	return out
}

// FuzzManifestChunks checks that parsing a manifest a few entries at a time
// gives what parsing it whole gives: the same entries, or the same error.
func FuzzManifestChunks(f *testing.F) {
	var big strings.Builder
	big.WriteString("# generated\narticles:\n")
	for i := range 7 {
		fmt.Fprintf(&big, "  - file: a%d.txt\n    title: \"T %d\"\n    published: 2020-01-%02d\n", i, i, i+1)
	}
	for _, s := range []string{
		big.String(),
		"articles:\n- file: a.txt\n- file: b.txt\n  title: B\n- file: c.txt\n",
		"articles:\n  - file: a.txt\n    title: A\n    published: 2020-10-24\n",
		"articles:\n  - file: a.txt\n  - file: b.txt\n  - file: a.txt\n",                  // duplicate across chunks
		"articles:\n  - file: a.txt\n  - file: b.txt\n    published: last week\n",         // bad date
		"articles:\n  - &x {file: a.txt}\n  - file: b.txt\n  - *x\n",                      // alias across chunks
		"articles:\n  - file: a.txt\n    title: \"one\n  - two\"\n  - file: b.txt\n",      // quoted scalar over an item line
		"articles:\n  - file: a.txt\n    title: |\n      x\n      - y\n  - file: b.txt\n", // block scalar
		"articles:\n  - file: a.txt\nother: 1\n",
		"articles:\n  - file: a.txt\n---\narticles:\n  - file: b.txt\n",
		"articles:\n  -\n    file: a.txt\n  - file: b.txt\n\n  # end\n",
		"articles:\n  file: a.txt\n",
		"articles: []\n",
		"articles:\n",
		"#\xce\narticles:\n- file: 0", // invalid UTF-8 before the list
		"articles:\n  - file: a.txt\n    url: https://x/a\n    title: \"nul \\0 \u00e9\"\n    published: 2021\n  - file: b.txt\n    url: u\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantErr := parseWhole(data)
		defer func(n int) { manifestChunk = n }(manifestChunk)
		manifestChunk = 2
		m, err := ParseManifest("m.yaml", data)
		if wantErr != nil {
			if err == nil || err.Error() != wantErr.Error() {
				t.Fatalf("error %v, want %v", err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("error %v, want none", err)
		}
		if got := m.unpacked(); !reflect.DeepEqual(got, want) {
			t.Fatalf("entries %v, want %v", got, want)
		}
	})
}

// TestManifestChunksUsed checks that the usual shape takes the chunked path.
func TestManifestChunksUsed(t *testing.T) {
	defer func(n int) { manifestChunk = n }(manifestChunk)
	manifestChunk = 2
	m := &Manifest{Path: "m.yaml", entries: map[string]packedEntry{}}
	data := "# c\narticles:\n  - file: a.txt\n  - file: b.txt\n    title: B\n  - file: c.txt\n"
	if !parseManifestChunks(m, []byte(data)) {
		t.Fatal("chunked parse declined a plain manifest")
	}
	b, ok := m.Entry("b.txt")
	if len(m.entries) != 3 || !ok || b != (ManifestEntry{File: "b.txt", Title: "B"}) {
		t.Fatalf("entries %v", m.unpacked())
	}
}
