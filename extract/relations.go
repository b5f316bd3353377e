package extract

import "strings"

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
var subjectPronouns = map[string]bool{
	"it": true, "its": true, "they": true, "the country": true, "the government": true, "the federal government": true,
	"his country": true, "her country": true, "its government": true, "the latter": true, "the bloc": true, "his government": true,
}

// vendorPronouns refer back to the last vendor.
var vendorPronouns = map[string]bool{
	"it": true, "them": true, "the company": true, "the chinese company": true, "the chinese vendor": true,
	"the firm": true, "the companies": true, "the vendor": true, "the chinese firm": true, "the chinese vendors": true,
	"the company's": true, "the chinese giant": true, "the tech giant": true,
}

var vendorPronounFirst = map[string]bool{"it": true, "them": true, "the": true}

// sentence is one sentence under analysis.
type sentence struct {
	text     string
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
	w := s.word(i)
	return w == ";" || w == ":" || w == "-" && !s.toks[i].word || boundaryWords[w] || w == "—"
}
