package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/cayleygraph/quad"

	"github.com/policygraph/policygraph/domain"
)

// Article is a source document: its identity (the file's base name), its
// metadata and a hash of everything that determined its facts.
type Article struct {
	ID         string `json:"id"`
	Title      string `json:"title,omitempty"`
	URL        string `json:"url,omitempty"`
	Published  string `json:"published,omitempty"`   // YYYY, YYYY-MM or YYYY-MM-DD
	DateSource string `json:"date_source,omitempty"` // manifest, metadata, mtime, ...
	Hash       string `json:"hash,omitempty"`
}

// Extraction is one article together with the facts extracted from it: the
// unit the Store writes atomically.
type Extraction struct {
	Article  Article
	Facts    []domain.Fact
	Entities []domain.Entity // every entity the facts name, with its reference data

	prep *prepared // see Prepare
}

// prepared is what writing an extraction takes, worked out ahead.
type prepared struct {
	err     error // the first invalid fact
	quads   []quad.Quad
	entries []indexEntry // fact index keys and values, sorted
}

// Prepare works out, once, what writing x takes — validating its facts,
// its quads, its fact index entries — so that a pool of goroutines can do
// it ahead of the single writer. Store.Write prepares what is not prepared.
// Changing x afterwards needs a new Prepare.
func (x *Extraction) Prepare() {
	p := &prepared{}
	for j := range x.Facts {
		if err := x.Facts[j].Validate(); err != nil {
			p.err = err
			break
		}
	}
	if p.err == nil {
		p.quads = ArticleQuads(x.Article, x.Facts)
		p.entries = indexEntries(x.Article.ID, indexedFacts(*x))
	}
	x.prep = p
}

// QuadCount is the number of quads writing x adds to its named graph.
func (x *Extraction) QuadCount() int { return len(x.prepared().quads) }

func (x *Extraction) prepared() *prepared {
	if x.prep == nil {
		x.Prepare()
	}
	return x.prep
}

// ContentHash fingerprints an article's text, its metadata and the extractor
// version, so that re-ingesting an unchanged article is detected as such and
// a new extractor re-extracts.
func ContentHash(text []byte, a Article, extractorVersion string) string {
	h := sha256.New()
	h.Write(text)
	meta, _ := json.Marshal([]string{a.ID, a.Title, a.URL, a.Published, a.DateSource, extractorVersion})
	h.Write([]byte{0})
	h.Write(meta)
	return hex.EncodeToString(h.Sum(nil))
}
