package extract

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Slot patterns (data/patterns.yaml) recognise multi-word cues: support
// verbs ("set the stage for a ban"), phrasal verbs ("rein in"), fixed
// phrases ("is not in the plans"). Each pattern is a sequence of slots
// matched token by token within one clause; the frame it makes then goes
// through the same operators (negation, hedging, reporting) as a one-word
// cue, unless the pattern is `fixed`.
//
// Slot syntax, one slot per space-separated item:
//
//	word         the token itself
//	a|b|c        any of the words
//	lemma~       any inflection of the lemma (inflect)
//	cue:ban      a token whose cue class is ban (cue:ban|restrict: either)
//	set:name     a word of the lexicon's set `name`
//	..N          up to N (at most 20) tokens of anything, no clause boundary
//	slot?        the slot may be absent
//
// The first slot may not be optional or a gap.

// patternFile is data/patterns.yaml.
type patternFile struct {
	Patterns []patternSpec `yaml:"patterns"`
}

type patternSpec struct {
	ID    string `yaml:"id"`
	Class string `yaml:"class"`
	Match string `yaml:"match"`
	// Fixed: the pattern already contains its operator ("is not in the
	// plans"): negation and refusal do not change its class.
	Fixed bool `yaml:"fixed"`
	// Targets: where the vendors are: "right" of the match (default),
	// "inside" it ("omitted Huawei and ZTE from its list"), "left" of it
	// ("Huawei was welcome to").
	Targets string `yaml:"targets"`
	// Objects: where the ones pressed are: "right" of the match (default)
	// or "inside" it ("asked the Brazilian government to exclude").
	Objects string `yaml:"objects"`
	// Near: the vendor must follow within this many tokens (0: clause).
	Near int `yaml:"near"`
	// Focus: with no vendor named, the article's vendor is meant
	// ("postponed its decision").
	Focus bool `yaml:"focus"`
	// Weak: the pattern implies the stance indirectly (lower confidence).
	Weak bool `yaml:"weak"`
	// Passive: the match is a passive whose grammatical subject is what is
	// excluded ("Huawei equipment can no longer be sold"), read as any
	// passive is: the vendor is the target, the country acts.
	Passive bool `yaml:"passive"`
	// Shape names a role filler other than the class's usual one.
	Shape    string    `yaml:"shape"`
	Examples []example `yaml:"examples"`
	Line     int       `yaml:"-"`
}

// example is a short article a pattern must (want) or must not (not) read
// as the given facts: "Subject relation Target" or, for pressure,
// "Subject pressured Object".
type example struct {
	Text string   `yaml:"text"`
	Want []string `yaml:"want"`
	Not  []string `yaml:"not"`
}

type slotKind int

const (
	slotWords slotKind = iota
	slotCue
	slotGap
)

type slot struct {
	kind     slotKind
	words    map[string]bool
	cues     []cueClass
	gap      int
	optional bool
}

// pattern is a compiled patternSpec.
type pattern struct {
	patternSpec
	class cueClass
	slots []slot
	// a quick test before matching: the words of the last slot must occur
	// within reach tokens after the first
	last  *slot
	reach int
	bit   uint64 // the pattern's bit in lexEntry.lastOf
}

// patterns is the loaded data/patterns.yaml.
var patterns = mustLoadPatterns()

func mustLoadPatterns() []*pattern {
	raw, err := dataFS.ReadFile("data/patterns.yaml")
	if err != nil {
		panic(fmt.Sprintf("extract: %v", err))
	}
	ps, err := parsePatterns(raw)
	if err != nil {
		panic(fmt.Sprintf("extract: data/patterns.yaml: %v", err))
	}
	return ps
}

// Patterns returns the ids and examples of the slot patterns, for tests
// and documentation.
func Patterns() []PatternInfo {
	var out []PatternInfo
	for i, p := range patterns {
		if i > 0 && patterns[i-1].ID == p.ID {
			continue // another alternative of the same rule
		}
		info := PatternInfo{ID: p.ID, Class: p.Class, Match: p.Match}
		for _, e := range p.Examples {
			info.Examples = append(info.Examples, Example{Text: e.Text, Want: e.Want, Not: e.Not})
		}
		out = append(out, info)
	}
	return out
}

// PatternInfo describes one slot pattern of data/patterns.yaml.
type PatternInfo struct {
	ID, Class, Match string
	Examples         []Example
}

// Example is a short text a rule must read as Want and must not read as
// Not ("Subject relation Target").
type Example struct {
	Text      string
	Want, Not []string
}

func parsePatterns(raw []byte) ([]*pattern, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	var f patternFile
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []*pattern
	for i, spec := range f.Patterns {
		if len(doc.Content) > 0 && len(doc.Content[0].Content) > 1 {
			if items := doc.Content[0].Content[1].Content; i < len(items) {
				spec.Line = items[i].Line
			}
		}
		where := fmt.Sprintf("line %d (%s)", spec.Line, spec.ID)
		if spec.ID == "" || seen[spec.ID] {
			return nil, fmt.Errorf("%s: a pattern needs a unique id", where)
		}
		seen[spec.ID] = true
		c, ok := cueClassNames[spec.Class]
		if !ok {
			return nil, fmt.Errorf("%s: unknown class %q", where, spec.Class)
		}
		switch spec.Targets {
		case "", "right", "inside", "left":
		default:
			return nil, fmt.Errorf("%s: targets is right, inside or left, not %q", where, spec.Targets)
		}
		switch spec.Objects {
		case "", "right", "inside":
		default:
			return nil, fmt.Errorf("%s: objects is right or inside, not %q", where, spec.Objects)
		}
		switch spec.Shape {
		case "", "resisted", "despite", "urging", "visit", "envoys", "lifted":
		default:
			return nil, fmt.Errorf("%s: unknown shape %q", where, spec.Shape)
		}
		if len(spec.Examples) == 0 {
			return nil, fmt.Errorf("%s: a pattern needs examples", where)
		}
		for _, alt := range strings.Split(spec.Match, "||") {
			slots, err := compileSlots(alt)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			p := &pattern{patternSpec: spec, class: c, slots: slots}
			for k := range slots {
				if slots[k].kind == slotGap {
					p.reach += slots[k].gap
				} else {
					p.reach++
				}
			}
			if l := &slots[len(slots)-1]; len(slots) > 1 && l.kind == slotWords && !l.optional {
				p.last = l
			}
			p.bit = 1 << (len(out) % 64)
			out = append(out, p)
		}
	}
	return out, nil
}

func compileSlots(match string) ([]slot, error) {
	var out []slot
	for _, item := range strings.Fields(match) {
		var sl slot
		if strings.HasSuffix(item, "?") && len(item) > 1 {
			sl.optional = true
			item = item[:len(item)-1]
		}
		switch {
		case strings.HasPrefix(item, ".."):
			n, err := strconv.Atoi(item[2:])
			if err != nil || n < 1 || n > 20 {
				return nil, fmt.Errorf("gap %q: write ..N with N from 1 to 20", item)
			}
			sl.kind, sl.gap = slotGap, n
		case strings.HasPrefix(item, "cue:"):
			sl.kind = slotCue
			for _, name := range strings.Split(item[4:], "|") {
				c, ok := cueClassNames[name]
				if !ok {
					return nil, fmt.Errorf("slot %q: unknown cue class %q", item, name)
				}
				sl.cues = append(sl.cues, c)
			}
		case strings.HasPrefix(item, "set:"):
			s, ok := lexicon.sets[item[4:]]
			if !ok {
				return nil, fmt.Errorf("slot %q: lexicon.yaml has no such set", item)
			}
			sl.words = s
		default:
			sl.words = map[string]bool{}
			for _, w := range strings.Split(item, "|") {
				if strings.HasSuffix(w, "~") {
					for _, f := range inflect(strings.TrimSuffix(w, "~")) {
						sl.words[f] = true
					}
					continue
				}
				sl.words[w] = true
			}
		}
		if len(out) == 0 && (sl.optional || sl.kind == slotGap) {
			return nil, fmt.Errorf("the first slot must be a word or a cue")
		}
		out = append(out, sl)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty match")
	}
	return out, nil
}

// firstWords lists the words the pattern's first slot matches.
func (p *pattern) firstWords() []string {
	sl := p.slots[0]
	if sl.kind == slotCue {
		var out []string
		for w, c := range lexicon.cues {
			for _, want := range sl.cues {
				if c == want {
					out = append(out, w)
				}
			}
		}
		return out
	}
	out := make([]string, 0, len(sl.words))
	for w := range sl.words {
		out = append(out, w)
	}
	return out
}

func (sl *slot) accepts(s *sentence, i int) bool {
	if i >= len(s.toks) {
		return false
	}
	if sl.kind == slotCue {
		for _, c := range sl.cues {
			if s.cue[i] == c {
				return true
			}
		}
		return false
	}
	return sl.words[s.toks[i].norm]
}

// match tries p at token i and returns the index of its last token.
func (p *pattern) match(s *sentence, i int) (int, bool) {
	if p.last != nil {
		if s.lastWords&p.bit == 0 {
			return 0, false // the sentence has none of the last slot's words
		}
		found := false
		for j := i + 1; j < min(len(s.toks), i+p.reach) && !found; j++ {
			found = p.last.words[s.toks[j].norm]
		}
		if !found {
			return 0, false
		}
	}
	return p.matchFrom(s, 0, i)
}

func (p *pattern) matchFrom(s *sentence, k, i int) (int, bool) {
	if k == len(p.slots) {
		return i - 1, true
	}
	sl := &p.slots[k]
	switch {
	case sl.kind == slotGap:
		for n := 0; n <= sl.gap; n++ {
			if n > 0 && (i+n-1 >= len(s.toks) || s.isBoundary(i+n-1)) {
				break
			}
			if n > 0 && s.word(i+n-1) == "and" && i+n < len(s.toks) && finiteVerb(s.toks[i+n]) {
				break // "rejected a bill on pensions and banned ZTE": a new verb phrase
			}
			if end, ok := p.matchFrom(s, k+1, i+n); ok {
				return end, true
			}
		}
		return 0, false
	case sl.accepts(s, i):
		if end, ok := p.matchFrom(s, k+1, i+1); ok {
			return end, true
		}
	}
	if sl.optional {
		return p.matchFrom(s, k+1, i)
	}
	return 0, false
}

// refersInside reports whether a stance by reference starts inside
// (from, to].
func (a *analyzer) refersInside(s *sentence, from, to int) bool {
	for j := from + 1; j <= to; j++ {
		if l := s.toks[j].lex; l != nil && l.refers {
			if f, _ := a.followFrame(s, j); f != nil {
				return true
			}
		}
	}
	return false
}

// patternFrame returns the frame of the first of ps that matches at i.
func (a *analyzer) patternFrame(s *sentence, i int, ps []*pattern) *frame {
	for _, p := range ps {
		end, ok := p.match(s, i)
		if !ok {
			continue
		}
		if a.refersInside(s, i, end) {
			continue // "adopted similar restrictions": a stance by reference
		}
		f := &frame{class: p.class, at: i, end: end, cues: []string{p.ID}, pat: p}
		if p.Near == 0 && end > i+1 {
			// "gave Huawei the go-ahead", "omitted Huawei and ZTE from its
			// list", "kept the company out"
			f.targets = a.vendorsRight(s, i, end-i-1)
		}
		switch {
		case p.Targets == "left":
			f.targets = a.vendorsLeft(s, i, 4)
			for j := max(1, i-6); j < i && len(f.targets) == 0; j++ {
				if vendorPronounFirst[s.word(j)] {
					// "the company remained a valued partner": a pronoun or
					// description just before the match
					f.targets = a.vendorsRight(s, j-1, i-j)
				}
			}
			if len(f.targets) == 0 {
				continue
			}
		case p.Targets == "inside":
			if len(f.targets) == 0 {
				continue
			}
		case p.Near > 0:
			f.targets = a.vendorsRight(s, end, p.Near)
			if len(f.targets) == 0 {
				continue
			}
		}
		return f
	}
	return nil
}
