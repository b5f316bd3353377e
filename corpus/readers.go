package corpus

import (
	"sort"
	"strings"
)

// readers are the lower-case extensions of files holding one article.
var readers = map[string]bool{".txt": true, ".html": true, ".htm": true}

// multiReaders are the extensions of files holding many articles: feeds
// and JSON lines, which report per-item problems.
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

func isHTML(path string) bool { e := extOf(path); return e == ".html" || e == ".htm" }

// readText reads a plain-text article.
func readText(data []byte, base Article) ([]Article, error) {
	if err := CheckText(data); err != nil {
		return nil, err
	}
	base.Text = data
	return []Article{base}, nil
}
