// Package extract turns an article into facts: who banned, restricted,
// declined to ban, considered banning or allowed which vendor, who pressured
// whom, which deals were vetoed — each with its sentence, offsets, modality
// and confidence. The pipeline is one file per stage: Clean (article body),
// Segment and Tokenize (sentences with byte offsets), the Gazetteer
// (entities from embedded data files), frames (cue lexicon and clause
// patterns), resolution of pronouns and dates.
package extract

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
)

// Version identifies the extractor's output; it is part of every article's
// content hash, so a new version re-extracts on the next ingest.
const Version = "2"

// Document is one article to extract from.
type Document struct {
	Name      string // article id: the file's base name
	Text      []byte // original bytes; all offsets refer to these
	Published string // YYYY, YYYY-MM or YYYY-MM-DD, "" if unknown
	Title     string
}

// Options tune the extractor.
type Options struct {
	// MinConfidence drops facts below this confidence.
	MinConfidence float64
}

// Extractor extracts facts from articles. It is safe for concurrent use.
type Extractor struct {
	g    *Gazetteer
	opts Options
}

// New loads the embedded gazetteers and returns an extractor.
func New(opts Options) (*Extractor, error) {
	g, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	return &Extractor{g: g, opts: opts}, nil
}

// Extract returns the facts stated in doc, sorted by position.
func (e *Extractor) Extract(doc Document) ([]graph.Fact, error) {
	if !utf8.Valid(doc.Text) {
		return nil, fmt.Errorf("extract %s: invalid UTF-8", doc.Name)
	}
	if bytes.IndexByte(doc.Text, 0) >= 0 {
		return nil, fmt.Errorf("extract %s: binary content (NUL bytes)", doc.Name)
	}
	text := string(doc.Text)
	a := &analyzer{g: e.g, doc: doc, vendorCount: map[string]int{}}
	var sents []*sentence
	for _, sp := range Segment(text, Clean(text)) {
		s := a.prepare(text, sp)
		sents = append(sents, s)
		for k := range s.mentions {
			if a.roleOf(s, k) == roleVendor {
				a.vendorCount[s.mentions[k].ent.Name]++
			}
		}
	}
	for _, s := range sents {
		a.analyze(s)
	}
	out := a.facts[:0]
	seen := map[string]bool{}
	for _, f := range a.facts {
		if f.Confidence < e.opts.MinConfidence {
			continue
		}
		key := fmt.Sprintf("%s|%s|%s|%s|%d|%s", f.Subject, f.Relation, f.Object, f.Target, f.Start, f.Modality)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	sortFacts(out)
	return out, nil
}

// Entities returns the entity records of every subject, object and target
// the facts name, with ISO codes for countries, sorted by ID.
func (e *Extractor) Entities(facts []graph.Fact) []graph.Entity {
	seen := map[string]bool{}
	var out []graph.Entity
	add := func(name string, t graph.EntityType) {
		if name == "" {
			return
		}
		id := graph.EntityID(name)
		if seen[id] {
			return
		}
		seen[id] = true
		if ent := e.g.Entity(name); ent != nil {
			out = append(out, *ent)
			return
		}
		out = append(out, graph.Entity{ID: id, Name: name, Type: t})
	}
	for _, f := range facts {
		add(f.Subject, f.SubjectType)
		add(f.Object, f.ObjectType)
		add(f.Target, graph.Company)
	}
	sortEntities(out)
	return out
}
