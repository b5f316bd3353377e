package corpus

import (
	"context"
	"sort"
	"strings"
)

// Reader turns a file's bytes into articles. base carries the article's ID,
// path and file-system date; a reader fills in the text and whatever
// metadata the document itself holds. One file may hold several articles
// (a feed, JSON lines).
type Reader func(path string, data []byte, base Article) ([]Article, error)

// readers maps a lower-case file extension to its reader.
var readers = map[string]Reader{
	".txt": readText,
}

// Extensions lists the file extensions read when walking a folder.
func Extensions() []string {
	out := make([]string, 0, len(readers))
	for e := range readers {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

func readerFor(path string) Reader {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return nil
	}
	return readers[strings.ToLower(path[i:])]
}

// remoteSource reads articles from something that is not a local path (a
// URL); nil when p is local.
type remoteSource func(ctx context.Context, p string, opts Options, fn func(Article) error, skip func(Problem)) error

// remoteReader returns the reader for a non-local path such as a URL.
var remoteReader = func(p string) remoteSource { return nil }

// readText reads a plain-text article.
func readText(_ string, data []byte, base Article) ([]Article, error) {
	if err := CheckText(data); err != nil {
		return nil, err
	}
	base.Text = data
	return []Article{base}, nil
}
