// Package extract turns an article into facts: who banned, restricted,
// declined to ban, considered banning or allowed which vendor, who pressured
// whom, which deals were vetoed — each with its sentence, offsets, modality
// and confidence. It depends on package domain, the standard library and
// YAML only, never on a store.
//
// Linguistic knowledge is data, embedded from data/: lexicon.yaml (cue
// synonym blocks whose inflections are generated, the word sets the
// matcher consults, pronouns, report markers), patterns.yaml (multi-word
// slot patterns, each with an id and examples that `go test` runs),
// gazetteer.yaml and countries.json (entities). The Go code is the matcher:
//
//   - clean.go: Clean keeps the article body (no comments, tag and related
//     lists, credits, headlines of other stories; bulleted paragraphs kept);
//     headings.go: section headings as context for the paragraphs under them;
//   - segment.go: Segment and Tokenize, sentences and tokens with byte
//     offsets into the original text;
//   - entities.go: the Gazetteer; officials.go: officials the gazetteer
//     does not know, introduced by a country and a title;
//   - lexicon.go and relations.go: the loaded lexicon, one map lookup per
//     token; patterns.go: the slot-pattern matcher;
//   - frames.go: cues to frames, the operators that compose with them
//     (negation, refusal, hedging, reporting, denial, proposal, purpose) and
//     the role fillers; follow.go: stances by reference ("followed suit",
//     "it also covers");
//   - resolve_refs.go: the per-article analyzer (its state, sentence
//     preparation: tokens, mentions, roles, clause bounds), subjects,
//     objects and targets across coordination, apposition, pronouns and
//     descriptions, and the facts a frame emits (emit, scopeOf);
//     resolve.go: event dates;
//   - confidence.go: confidence from the cues that fired;
//   - extract.go: the wiring; eval.go: scoring against gold files;
//     aliases.go: the gazetteer's alias table (Aliases), shared with the
//     queries.
package extract

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/policygraph/policygraph/domain"
)

// Version identifies the extractor's output; it is part of every article's
// content hash, so a new version re-extracts on the next ingest.
const Version = "7"

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
func (e *Extractor) Extract(doc Document) ([]domain.Fact, error) {
	if !utf8.Valid(doc.Text) {
		return nil, fmt.Errorf("extract %s: invalid UTF-8", doc.Name)
	}
	if bytes.IndexByte(doc.Text, 0) >= 0 {
		return nil, fmt.Errorf("extract %s: binary content (NUL bytes)", doc.Name)
	}
	text := string(doc.Text)
	a := &analyzer{g: e.g, doc: doc, vendorCount: map[string]int{}, actorCount: map[string]int{}, low: asciiLower(text)}

	bufs := takeBuffers(len(text)/6 + 16) // tokens, roughly
	defer bufs.give(a)
	a.tokBuf, a.boolBuf, a.cueBuf, a.intBuf = bufs.toks, bufs.bools, bufs.cues, bufs.ints
	var sents []*sentence
	body, other := cleanLines(text)
	regions := false
	for _, sp := range Segment(text, body) {
		s := a.prepare(text, sp)
		sents = append(sents, s)
		for _, m := range s.mentions {
			regions = regions || m.ent.Type == domain.Region
		}
	}
	if regions {
		// "Florida and Georgia took similar steps": the state, not the country
		for _, s := range sents {
			for k := range s.mentions {
				if r := a.g.sharedName[s.mentions[k].ent.Name]; r != nil && s.mentions[k].ent.Type == domain.Country {
					s.mentions[k].ent = r
				}
			}
		}
	}
	for _, s := range sents {
		for k := range s.mentions {
			switch e := s.mentions[k].ent; a.roleOf(s, k) {
			case roleVendor:
				a.vendorCount[e.Name]++
			case roleActor:
				if e.Type == domain.Country && e.Name != "China" && !a.isLocation(s, k) {
					a.actorCount[e.Name]++
				}
			}
		}
	}
	heads := a.headings(text, other)
	for _, s := range sents {
		var run []*domain.Entity // countries heading consecutive lines: a list
		for len(heads) > 0 && heads[0].start < s.start {
			if e := heads[0].ent; e.Type == domain.Country {
				run = append(run, e)
			}
			// a round-up's section heading ("Germany") is the context of the
			// paragraphs under it
			if e := heads[0].ent; a.g.IsVendor(e.Name) {
				a.lastVendors = []*domain.Entity{e}
				if c := heads[0].country; c != nil && a.lastActor == nil {
					a.lastActor = c
				}
			} else {
				a.lastActor = e
			}
			heads = heads[1:]
		}
		if len(run) > 1 {
			a.lastGroup = dedupEnts(run) // "1. United States  2. Australia ..."
		}
		a.analyze(s)
	}
	oneDealPerVeto(a.facts)
	out := a.facts[:0]
	type factKey struct {
		subject, object, target string
		relation                domain.Relation
		modality                domain.Modality
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

// articleBuffers are the buffers an analyzer carves its sentences' tokens
// and per-token tables from. They are kept between articles: allocating
// them afresh for each article was half of the bytes Extract allocated.
type articleBuffers struct {
	toks  []token
	bools []bool
	cues  []cueClass
	ints  []int
}

// maxPooledTokens bounds the buffers kept for the next article (4 MB of
// tokens), so that one huge article does not pin its buffers.
const maxPooledTokens = 1 << 16

var bufferPool = sync.Pool{New: func() any { return new(articleBuffers) }}

// takeBuffers returns empty buffers with room for at least n tokens.
func takeBuffers(n int) *articleBuffers {
	b := bufferPool.Get().(*articleBuffers)
	if cap(b.toks) < n {
		b.toks = make([]token, 0, n)
		b.bools, b.cues, b.ints = make([]bool, 0, n), make([]cueClass, 0, n), make([]int, 0, n)
	}
	b.toks, b.bools, b.cues, b.ints = b.toks[:0], b.bools[:0], b.cues[:0], b.ints[:0]
	return b
}

// give keeps the analyzer's buffers (grown, perhaps) for the next article.
// Nothing an analyzer returns points into them.
func (b *articleBuffers) give(a *analyzer) {
	if cap(a.tokBuf) > maxPooledTokens {
		return
	}
	b.toks, b.bools, b.cues, b.ints = a.tokBuf, a.boolBuf, a.cueBuf, a.intBuf
	a.tokBuf, a.boolBuf, a.cueBuf, a.intBuf = nil, nil, nil, nil
	bufferPool.Put(b)
}

// oneDealPerVeto names every veto of one vendor by one country in an
// article after the same deal: "the Fastweb deal", "the Huawei 5G deal"
// and "the Fastweb-Huawei 5G deal" are one vetoed deal, named by its most
// specific name (the most parties, then the longest).
func oneDealPerVeto(facts []domain.Fact) {
	type key struct{ subject, target string }
	best := map[key]string{}
	parties := func(deal string) int { return strings.Count(deal, "-") }
	for _, f := range facts {
		if f.Relation != domain.Vetoed {
			continue
		}
		k := key{f.Subject, f.Target}
		b, ok := best[k]
		if !ok || parties(f.Object) > parties(b) || parties(f.Object) == parties(b) && len(f.Object) > len(b) {
			best[k] = f.Object
		}
	}
	for i := range facts {
		if f := &facts[i]; f.Relation == domain.Vetoed {
			f.Object = best[key{f.Subject, f.Target}]
			f.ObjectID = domain.EntityID(f.Object)
		}
	}
}

// Entities returns the entity records of every subject, object and target
// the facts name, with ISO codes for countries, sorted by ID.
func (e *Extractor) Entities(facts []domain.Fact) []domain.Entity {
	seen := map[string]bool{}
	var out []domain.Entity
	add := func(name string, t domain.EntityType) {
		if name == "" {
			return
		}
		id := domain.EntityID(name)
		if seen[id] {
			return
		}
		seen[id] = true
		if ent := e.g.Entity(name); ent != nil {
			out = append(out, *ent)
			return
		}
		out = append(out, domain.Entity{ID: id, Name: name, Type: t})
	}
	for _, f := range facts {
		add(f.Subject, f.SubjectType)
		add(f.Object, f.ObjectType)
		add(f.Target, domain.Company)
	}
	sortEntities(out)
	return out
}
