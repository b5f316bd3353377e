package corpus

import (
	"sort"
	"strings"
)

// Reader turns a file's bytes into articles. base carries the article's ID,
// path and file-system date; a reader fills in the text and whatever
// metadata the document itself holds. One file may hold several articles
// (a feed, JSON lines).
type Reader func(path string, data []byte, base Article) ([]Article, error)

// readers maps a lower-case file extension to its reader. Feeds and JSON
// lines, which hold several articles and report per-item problems, are
// read by the walker itself (multiReaders).
var readers = map[string]Reader{
	".txt":  readText,
	".html": readHTML,
	".htm":  readHTML,
}

// multiReaders are the extensions of files holding many articles.
var multiReaders = map[string]bool{".jsonl": true, ".xml": true, ".rss": true, ".atom": true}

// Extensions lists the file extensions read when walking a folder.
func Extensions() []string {
	out := make([]string, 0, len(readers)+len(multiReaders))
	for e := range readers {
		out = append(out, e)
	}
	for e := range multiReaders {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

func extOf(path string) string {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(path[i:])
}

func readerFor(path string) Reader { return readers[extOf(path)] }

// readText reads a plain-text article.
func readText(_ string, data []byte, base Article) ([]Article, error) {
	if err := CheckText(data); err != nil {
		return nil, err
	}
	base.Text = data
	return []Article{base}, nil
}
