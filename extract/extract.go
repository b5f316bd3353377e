// Package extract turns an article into facts: who banned, restricted,
// declined to ban, considered banning or allowed which vendor, who pressured
// whom, which deals were vetoed — each with its sentence, offsets, modality
// and confidence. The pipeline is one file per stage:
//
//   - clean.go: Clean keeps the article body (no comments, tag and related
//     lists, credits, headlines of other stories, section headers);
//   - segment.go: Segment and Tokenize, sentences and tokens with byte
//     offsets into the original text;
//   - entities.go: the Gazetteer of countries, organisations, companies and
//     officials from the embedded data files (data/);
//   - relations.go: the cue lexicon; frames.go: the clause patterns that
//     turn cues into frames with subjects, objects and targets;
//   - resolve_refs.go: pronouns and definite descriptions; resolve.go:
//     event dates;
//   - confidence.go: confidence from the cues that fired;
//   - extract.go: the wiring; eval.go: scoring against gold files.
package extract

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
)

// Version identifies the extractor's output; it is part of every article's
// content hash, so a new version re-extracts on the next ingest.
const Version = "3"

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
	a := &analyzer{g: e.g, doc: doc, vendorCount: map[string]int{}, low: asciiLower(text)}
	est := len(text)/6 + 16 // tokens, roughly
	a.tokBuf = make([]token, 0, est)
	a.boolBuf, a.cueBuf, a.intBuf = make([]bool, 0, est), make([]cueClass, 0, est), make([]int, 0, est)
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
	type factKey struct {
		subject, object, target string
		relation                graph.Relation
		modality                graph.Modality
		start                   int
	}
	seen := make(map[factKey]bool, len(a.facts))
	for _, f := range a.facts {
		if f.Confidence < e.opts.MinConfidence {
			continue
		}
		key := factKey{f.Subject, f.Object, f.Target, f.Relation, f.Modality, f.Start}
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
