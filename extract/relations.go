package extract

import (
	"sort"
	"strings"
)

// cueClass groups cue words by what they say.
type cueClass int

const (
	cueBan      cueClass = iota + 1 // ban, bar, exclude, shut out, block from
	cueRestrict                     // restrict, impose measures, limit, cap
	cueConsider                     // consider, weigh, debate, push for
	cueDecline                      // decline to, refuse to, no intention of, resist calls to
	cueAllow                        // allow, let, open doors to, work with
	cuePressure                     // pressure, urge, press, persuade, lobby, warn
	cueVeto                         // veto, block a deal
	// cueNone marks a pattern whose words state no stance, so that no cue
	// inside them is read as one: "want Brazil to ban" (patterns.yaml class none)
	cueNone
)

// cueWords maps a normalised word to its class (data/lexicon.yaml: cues).
var cueWords = lexicon.cues

// frameHeads are the words that start a case of (*analyzer).frames other
// than the cueWords: a word in neither set cannot start a frame. Keep it in
// step with the switch there.
var frameHeads = []string{
	"asked", "calls", "considering", "denied", "denies", "forced", "led", "press", "prompted", "raised", "short", "use", "work", "working",
}

// lexEntry is everything the pipeline looks up about a normalised word, so
// that each token costs one map access.
type lexEntry struct {
	entries  []*entry // gazetteer phrases starting with the word, longest first
	cue      cueClass
	head     bool       // may start a frame
	boundary bool       // a clause boundary word
	report   bool       // may start a report marker
	patterns []*pattern // slot patterns whose first slot takes the word
	date     bool       // a date expression may turn on the word (resolve.go)
	title    bool       // a title before an official's name (officials.go)
	refers   bool       // may start a stance by reference or an extension (follow.go)
	direct   bool       // an allow cue with the vendor as object ("welcomed Huawei")
	lastOf   uint64     // the patterns (by bit) whose last slot takes the word
}

// buildLexicon merges the word tables and the gazetteer's first words.
func buildLexicon(byFirst map[string][]*entry) map[string]*lexEntry {
	lex := map[string]*lexEntry{}
	get := func(w string) *lexEntry {
		l := lex[w]
		if l == nil {
			l = &lexEntry{}
			lex[w] = l
		}
		return l
	}
	for w, es := range byFirst {
		get(w).entries = es
	}
	for w, c := range cueWords {
		l := get(w)
		l.cue, l.head = c, true
	}
	for _, w := range frameHeads {
		get(w).head = true
	}
	for _, w := range lexicon.followHeads {
		get(w).head, get(w).refers = true, true
	}
	for w := range dateWords {
		get(w).date = true
	}
	for w := range titleWords {
		get(w).title = true
	}
	for w := range lexicon.set("extend_verbs") {
		get(w).head, get(w).refers = true, true
	}
	for w := range lexicon.set("allow_direct") {
		get(w).head, get(w).direct = true, true
	}
	for _, p := range patterns {
		if p.last != nil {
			for w := range p.last.words {
				get(w).lastOf |= p.bit
			}
		}
		for _, w := range p.firstWords() {
			l := get(w)
			l.head = true
			l.patterns = append(l.patterns, p)
		}
	}
	for w := range boundaryWords {
		get(w).boundary = true
	}
	for w := range reportFirst {
		get(w).report = true
	}
	return lex
}

// banNouns are what a "consider" or "decline" cue must be about to be a stance.
var banNouns = lexicon.set("ban_nouns")

// govNouns follow a demonym when it names a government ("the Italian government").
var govNouns = lexicon.set("gov_nouns")

// boundaryWords end a clause for subject and target search.
var boundaryWords = lexicon.set("boundary")

// subjectPronouns refer back to the last country or organisation.
// Longest phrases first, so that the first match is the longest.
var subjectPronouns = lexicon.subjectPronouns

// vendorPronouns refer back to the last vendor.
var vendorPronouns = lexicon.vendorPronouns

// vendorPronounsAt indexes vendorPronouns by their first two words ("the
// company") or their one word ("it"), so that a token costs one lookup.
var vendorPronounsAt = phraseIndex(vendorPronouns, func(ws []string) string {
	if len(ws) == 1 {
		return ws[0]
	}
	return ws[0] + " " + ws[1]
})

// subjectPronounsEnding indexes subjectPronouns by their last word.
var subjectPronounsEnding = phraseIndex(subjectPronouns, func(ws []string) string { return ws[len(ws)-1] })

// phraseIndex groups phrases (kept in their order) under key(words).
func phraseIndex(phrases []string, key func([]string) string) map[string][]string {
	m := map[string][]string{}
	for _, p := range phrases {
		k := key(strings.Fields(p))
		m[k] = append(m[k], p)
	}
	return m
}

// pluralPronoun reports whether a vendor pronoun refers to all the last
// vendors ("them", "the Chinese firms") rather than the last one.
func pluralPronoun(p string) bool {
	p = strings.TrimSuffix(strings.TrimSuffix(p, "'s"), " ") // "the company's" is one company
	return p == "them" || strings.HasSuffix(p, "s") || strings.HasPrefix(p, "both ")
}

// institutionNouns end the name of a public body: "the Swedish Post and
// Telecom Authority", "the Dutch Cyber Security Council".
var institutionNouns = lexicon.set("institution_nouns")

// byLength sorts phrases longest (in words) first, then alphabetically.
func byLength(phrases ...string) []string {
	sort.SliceStable(phrases, func(i, j int) bool {
		ni, nj := strings.Count(phrases[i], " "), strings.Count(phrases[j], " ")
		if ni != nj {
			return ni > nj
		}
		return phrases[i] < phrases[j]
	})
	return phrases
}

var vendorPronounFirst = map[string]bool{"it": true, "them": true, "the": true}

// sentence is one sentence under analysis.
type sentence struct {
	text     string
	low      string // asciiLower(text)
	start    int
	toks     []token
	mentions []mention
	// at maps a token index to the mention covering it, or -1.
	at []int
	// computed once per sentence
	reportAt        int // first token of a report marker, or len(toks)
	relayedAt       int // first token of a relayed-report marker, or len(toks)
	scope, eventDay string
	dated           bool       // scope and eventDay are set
	bound           []bool     // token ends a clause
	cstart, cend    []int      // clauseStart and clauseEnd of each token
	roles           []role     // roleOf+1 of each mention, 0 until worked out
	lastWords       uint64     // the union of the tokens' lexEntry.lastOf
	titled          bool       // a title word occurs (officials.go)
	cue             []cueClass // cue class of the token's word, 0 if none
}

// mentionAt returns the index of the mention covering token i, or -1 (also
// for an i outside the sentence).
func (s *sentence) mentionAt(i int) int {
	if i < 0 || i >= len(s.at) {
		return -1
	}
	return s.at[i]
}

func (s *sentence) word(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	return s.toks[i].norm
}

// hasWord reports whether any token in [from,to) is one of words.
func (s *sentence) hasWord(from, to int, words ...string) int {
	from = max(from, 0)
	to = min(to, len(s.toks))
	for i := from; i < to; i++ {
		for _, w := range words {
			if s.toks[i].norm == w {
				return i
			}
		}
	}
	return -1
}

// wordsOf splits a cue phrase into words.
func wordsOf(p string) []string { return strings.Fields(p) }

// phraseAt reports whether the words of p start at token i. It splits p
// on spaces as it goes, without allocating.
func (s *sentence) phraseAt(i int, p string) bool {
	for len(p) > 0 {
		w := p
		rest := ""
		if k := strings.IndexByte(p, ' '); k >= 0 {
			w, rest = p[:k], p[k+1:]
		}
		if s.word(i) != w {
			return false
		}
		i++
		p = rest
	}
	return true
}

// findPhrase returns the first token index in [from,to) where p starts, or -1.
func (s *sentence) findPhrase(from, to int, p string) int {
	from = max(from, 0)
	to = min(to, len(s.toks))
	for i := from; i < to; i++ {
		if s.phraseAt(i, p) {
			return i
		}
	}
	return -1
}

// isBoundary reports whether token i ends a clause.
func (s *sentence) isBoundary(i int) bool {
	if i >= 0 && i < len(s.bound) {
		return s.bound[i]
	}
	return s.boundary(i)
}

func (s *sentence) boundary(i int) bool {
	if i < 0 || i >= len(s.toks) {
		return false
	}
	t := &s.toks[i]
	if t.lex != nil && t.lex.boundary {
		// "have since followed suit": an adverb, not a conjunction
		return !(t.norm == "since" && (s.word(i-1) == "have" || s.word(i-1) == "has" || s.word(i-1) == "had"))
	}
	w := t.norm
	return w == ";" || w == ":" || w == "-" && !t.word || w == "—"
}

// skipBack returns the first of the up to n tokens right before token i
// whose words all satisfy modifier, or i when the one before i does not:
// the start of "an outright" in "short of an outright ban".
func (s *sentence) skipBack(i int, modifier func(w string) bool, n int) int {
	start := i
	for j := i - 1; j >= 0 && i-j <= n && modifier(s.word(j)); j-- {
		start = j
	}
	return start
}
