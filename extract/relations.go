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
)

// cueWords maps a normalised word to its class. Multi-word cues are
// recognised in detectCues.
var cueWords = map[string]cueClass{
	"ban": cueBan, "bans": cueBan, "banned": cueBan, "banning": cueBan,
	"bar": cueBan, "bars": cueBan, "barred": cueBan, "barring": cueBan,
	"prohibit": cueBan, "prohibits": cueBan, "prohibited": cueBan, "prohibiting": cueBan,
	"forbid": cueBan, "forbids": cueBan, "forbidden": cueBan, "forbade": cueBan,
	"exclude": cueBan, "excludes": cueBan, "excluded": cueBan, "excluding": cueBan, "exclusion": cueBan,
	"blacklisted": cueBan, "blacklist": cueBan, "shun": cueBan, "purge": cueBan,
	"restrict": cueRestrict, "restricts": cueRestrict, "restricted": cueRestrict, "restricting": cueRestrict,
	"restrictions": cueRestrict, "limit": cueRestrict, "limits": cueRestrict, "limited": cueRestrict, "cap": cueRestrict, "caps": cueRestrict, "capped": cueRestrict,
	"considering": cueConsider, "consider": cueConsider, "considers": cueConsider, "weighing": cueConsider, "weighs": cueConsider,
	"debating": cueConsider, "mulling": cueConsider, "weighs up": cueConsider,
	"allow": cueAllow, "allows": cueAllow, "allowed": cueAllow, "allowing": cueAllow,
	"pressure": cuePressure, "pressured": cuePressure, "pressuring": cuePressure, "pressures": cuePressure,
	"urge": cuePressure, "urges": cuePressure, "urged": cuePressure, "urging": cuePressure,
	"press": cuePressure, "pressed": cuePressure, "presses": cuePressure, "pressing": cuePressure,
	"persuade": cuePressure, "dissuade": cuePressure, "lobbied": cuePressure, "lobbying": cuePressure, "lobby": cuePressure,
	"warned": cuePressure, "warns": cuePressure, "warning": cuePressure,
	"veto": cueVeto, "vetoed": cueVeto, "vetoes": cueVeto,
}

// frameHeads are the words that start a case of (*analyzer).frames other
// than the cueWords: a word in neither set cannot start a frame. Keep it in
// step with the switch there.
var frameHeads = []string{
	"aborted", "aborts", "add", "added", "adds", "asked", "blacklist", "blacklisted", "block", "blocked",
	"blocking", "blocks", "calls", "considering", "cut", "cutting", "decide", "decided", "denied", "draw",
	"floated", "floats", "forced", "free", "impose", "imposed", "imposes", "imposing", "intention", "keep",
	"keeping", "keeps", "kept", "leave", "led", "let", "lets", "letting", "opened", "permission", "phase",
	"phasing", "placed", "plans", "press", "prompted", "proposed", "published", "publishes", "push",
	"pushing", "put", "puts", "raised", "reason", "rejected", "rejects", "remove", "removed", "removes", "removing",
	"rule", "ruled", "rules", "short", "shut", "stop", "stopped", "stops", "shuts", "shutting", "strip", "stripped", "unveiled", "use",
	"work", "yet", "green", "approved", "approves", "approve",
}

// lexEntry is everything the pipeline looks up about a normalised word, so
// that each token costs one map access.
type lexEntry struct {
	entries  []*entry // gazetteer phrases starting with the word, longest first
	cue      cueClass
	head     bool // may start a frame
	boundary bool // a clause boundary word
	report   bool // may start a report marker
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
	for w := range boundaryWords {
		get(w).boundary = true
	}
	for w := range reportFirst {
		get(w).report = true
	}
	return lex
}

// banNouns are what a "consider" or "decline" cue must be about to be a stance.
var banNouns = map[string]bool{
	"ban": true, "bans": true, "banning": true, "barring": true, "bar": true, "excluding": true, "exclude": true,
	"restrictions": true, "restrict": true, "restricting": true, "legislation": true, "law": true, "rules": true,
	"measures": true, "draft": true, "exclusion": true, "blacklist": true,
}

// govNouns follow a demonym when it names a government ("the Italian government").
var govNouns = map[string]bool{
	"government": true, "governments": true, "officials": true, "official": true, "authorities": true, "ministry": true,
	"minister": true, "regulator": true, "lawmakers": true, "parliament": true, "president": true, "prime": true,
	"chancellor": true, "cabinet": true, "diplomats": true, "envoy": true, "ambassador": true, "embassy": true,
	"delegation": true, "delegations": true, "carriers": true, "operators": true, "state": true, "administration": true,
	"security": true, "foreign": true, "defence": true, "defense": true, "industry": true, "court": true, "watchdog": true,
	"senators": true, "congress": true, "telecoms": true, "telecom": true, "intelligence": true, "national": true,
	"federal": true, "communications": true, "secretary": true, "chief": true,
}

// boundaryWords end a clause for subject and target search.
var boundaryWords = map[string]bool{
	"while": true, "but": true, "although": true, "whereas": true, "though": true,
	"because": true, "since": true, "despite": true,
}

// subjectPronouns refer back to the last country or organisation.
// Longest phrases first, so that the first match is the longest.
var subjectPronouns = byLength(
	"it", "its", "they", "the country", "the government", "the federal government",
	"his country", "her country", "its government", "the latter", "the bloc", "his government",
	"the authorities", "the administration", "their government", "the state",
)

// vendorPronouns refer back to the last vendor.
var vendorPronouns = byLength(
	"it", "them", "the company", "the chinese company", "the chinese vendor",
	"the firm", "the companies", "the vendor", "the chinese firm", "the chinese vendors",
	"the chinese giant", "the tech giant", "the chinese supplier", "the supplier", "the telecoms giant",
	"the shenzhen-based company", "the shenzhen-based firm", "the equipment maker", "the chinese equipment maker",
	"the chinese firms", "the chinese companies", "the chinese suppliers", "the firms", "the two companies",
	"the two chinese companies", "the two firms", "the two chinese firms", "both companies", "the vendors",
)

// pluralPronoun reports whether a vendor pronoun refers to all the last
// vendors ("them", "the Chinese firms") rather than the last one.
func pluralPronoun(p string) bool {
	return p == "them" || strings.HasSuffix(p, "s") || strings.HasPrefix(p, "both ")
}

// institutionNouns end the name of a public body: "the Swedish Post and
// Telecom Authority", "the Dutch Cyber Security Council".
var institutionNouns = map[string]bool{
	"authority": true, "agency": true, "commission": true, "ministry": true, "regulator": true, "council": true,
	"bureau": true, "office": true, "department": true, "court": true, "parliament": true, "government": true,
	"centre": true, "center": true, "service": true, "board": true, "inspectorate": true, "directorate": true,
	"cabinet": true, "senate": true, "assembly": true, "administration": true,
}

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
	scope, eventDay string
	dated           bool       // scope and eventDay are set
	bound           []bool     // token ends a clause
	cue             []cueClass // cue class of the token's word, 0 if none
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
		return true
	}
	w := t.norm
	return w == ";" || w == ":" || w == "-" && !t.word || w == "—"
}
