package corpus_test

import (
	"regexp"
	"testing"

	"github.com/policygraph/policygraph/corpus"
)

var fileLine = regexp.MustCompile(`manifest m\.yaml(:\d+)?: `)

// FuzzParseManifest checks that a manifest never panics the reader and that
// every error names the file.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte("articles:\n  - file: a.txt\n    title: A\n    published: 2020-10-24\n"))
	f.Add([]byte("articles:\n  - file: a.txt\n    published: [2020\n"))
	f.Add([]byte("articles: 3\n"))
	f.Add([]byte("- x\n- y\n"))
	f.Add([]byte("articles:\n  - {file: b.txt, url: 'x', published: 2019-02}\n  - file: b.txt\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := corpus.ParseManifest("m.yaml", data)
		if err != nil {
			if !fileLine.MatchString(err.Error()) {
				t.Fatalf("error does not name the manifest: %v", err)
			}
			return
		}
		_, _ = m.Entry("a.txt")
	})
}

// FuzzCheckText checks the text checks never panic.
func FuzzCheckText(f *testing.F) {
	f.Add([]byte("plain text"))
	f.Add([]byte{0xff, 0xfe, 0})
	f.Add([]byte("<!DOCTYPE html><html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = corpus.CheckText(data)
	})
}
