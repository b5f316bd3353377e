package extract

import (
	"strings"

	"github.com/policygraph/policygraph/graph"
)

var (
	beVerbs       = []string{"is", "are", "was", "were", "been", "be", "being", "get", "got"}
	negations     = []string{"not", "n't", "no", "never", "nor"}
	declineVerbs  = []string{"declined", "declines", "decline", "refused", "refuses", "refusing", "refuse", "resisted", "resists", "rejected", "rejects", "rejecting"}
	hedges        = []string{"could", "might", "may", "can", "if", "should", "unless", "whether", "attempt", "attempts", "efforts", "effort", "campaign", "calls", "lacks", "lack", "unable", "cannot", "powers", "power"}
	legalNouns    = []string{"draft", "bill", "law", "legislation", "rules", "amendments", "amendment", "proposal", "list"}
	dealNouns     = []string{"deal", "contract", "proposal", "bid", "takeover", "merger", "acquisition", "operation", "sale", "agreement"}
	reportMarkers = []string{"reported that", "had reported", "have reported", "reports said", "it was reported", "reportedly", "is said to", "are said to", "as saying", "analysts say", "observers say", "critics say", "experts say", "reports that"}
	reportFirst   = firstWords(reportMarkers)
	sayVerbs      = []string{"said", "says", "announced", "told", "decided", "agreed", "confirmed", "stated"}
)

func firstWords(phrases []string) map[string]bool {
	m := map[string]bool{}
	for _, p := range phrases {
		m[strings.Fields(p)[0]] = true
	}
	return m
}

// frames finds the cues of a sentence and fills their roles.
func (a *analyzer) frames(s *sentence) []*frame {
	var out []*frame
	n := len(s.toks)
	for i := 0; i < n; i++ {
		if l := s.toks[i].lex; l == nil || !l.head {
			continue
		}
		w := s.word(i)
		var f *frame
		switch {
		case w == "considering" && (s.word(i+1) == "that" || s.word(i+1) == "how" || s.word(i+1) == "where" || s.word(i+1) == "what" || i == 0 || s.word(i-1) == ","):
			continue // "considering that" means "given that"
		case w == "shut" || w == "shuts" || w == "shutting" || w == "kept" || w == "keep" || w == "keeps" || w == "keeping" || w == "rule" || w == "ruled" || w == "rules" && s.word(i+1) == "out" || w == "phasing" || w == "phase" || w == "strip" || w == "stripped" || w == "cut" || w == "cutting":
			end := s.findPhrase(i+1, i+20, "out")
			if w == "strip" || w == "stripped" {
				end = s.hasWord(i+1, i+6, "from", "out")
			}
			if w == "cut" || w == "cutting" {
				end = s.hasWord(i+1, i+6, "off")
			}
			if end < 0 {
				continue
			}
			f = &frame{class: cueBan, at: i, end: i, cues: []string{w + " ... " + s.word(end)}}
			if (w == "rule" || w == "ruled" || w == "rules") && s.anyIn(end+1, min(len(s.toks), end+4), banNouns) {
				f = &frame{class: cueDecline, at: i, end: end, cues: []string{"ruled out a ban"}}
			}
		case (w == "added" || w == "add" || w == "adds" || w == "placed" || w == "put" || w == "puts") && (s.findPhrase(i+1, i+10, "entity list") >= 0 || s.hasWord(i+1, i+10, "blacklist") >= 0):
			f = &frame{class: cueRestrict, at: i, end: i, cues: []string{"added to a blacklist"}}
			f.targets = a.vendorsRight(s, i, 3)
		case w == "blacklisted" || w == "blacklist":
			f = &frame{class: cueRestrict, at: i, end: i, cues: []string{w}}
		case w == "remove" || w == "removing" || w == "removed" || w == "removes":
			f = &frame{class: cueBan, at: i, end: i, cues: []string{w}}
		case (w == "published" || w == "publishes" || w == "floated" || w == "floats" || w == "unveiled" || w == "proposed") && s.hasWord(i+1, i+4, "draft", "bill", "legislation", "amendment", "amendments", "rules") >= 0:
			f = &frame{class: cueConsider, at: i, end: s.hasWord(i+1, i+4, "draft", "bill", "legislation", "amendment", "amendments", "rules"), cues: []string{"published a draft"}}
			f.targets = a.vendorsRight(s, f.end, 30)
		case w == "block" || w == "blocked" || w == "blocking" || w == "blocks":
			if d := s.hasWord(i+1, i+8, dealNouns...); d >= 0 {
				f = &frame{class: cueVeto, at: i, end: i, cues: []string{w + " " + s.word(d)}}
			} else {
				f = &frame{class: cueBan, at: i, end: i, cues: []string{w}}
			}
		case (w == "rejected" || w == "rejects" || w == "aborted" || w == "aborts") && s.hasWord(i+1, i+5, "deal", "contract", "request", "proposal", "application", "bid") >= 0:
			f = &frame{class: cueVeto, at: i, end: i, cues: []string{w + " deal"}}
		case (w == "imposed" || w == "impose" || w == "imposes" || w == "imposing") && s.hasWord(i+1, i+4, "measures", "restrictions", "curbs", "limits", "conditions") >= 0:
			f = &frame{class: cueRestrict, at: i, end: i + 1, cues: []string{"impose measures"}}
		case w == "pushing" && s.word(i+1) == "for" || w == "push" && s.word(i+1) == "for":
			if s.hasWord(i+2, i+5, "ban", "bans", "restrictions") >= 0 {
				f = &frame{class: cueConsider, at: i, end: i + 1, cues: []string{"pushing for a ban"}}
			} else {
				f = &frame{class: cuePressure, at: i, end: i + 1, cues: []string{"pushing for"}}
			}
		case (w == "led" || w == "prompted" || w == "forced") && s.hasWord(i+1, i+6, "consider") >= 0:
			f = &frame{class: cueConsider, at: s.hasWord(i+1, i+6, "consider"), end: s.hasWord(i+1, i+6, "consider"), cues: []string{"led X to consider"}}
			f.subjects = a.actorsRight(s, i, 4, nil)
		case (w == "decide" || w == "decided") && s.hasWord(i+1, i+6, "whether") >= 0 || w == "yet" && s.word(i+1) == "to" && s.word(i+2) == "decide":
			f = &frame{class: cueConsider, at: i, end: i + 1, cues: []string{"decide whether"}}
		case w == "draw" && s.word(i+1) == "up" && s.hasWord(i+2, i+5, "list") >= 0:
			f = &frame{class: cueConsider, at: i, end: i + 1, cues: []string{"draw up a list"}}
		case w == "let" || w == "lets" || w == "letting":
			if len(a.vendorsRight(s, i, 4)) > 0 {
				f = &frame{class: cueAllow, at: i, end: i, cues: []string{"let"}}
			}
		case w == "opened" && s.findPhrase(i+1, i+4, "doors to") >= 0:
			f = &frame{class: cueAllow, at: i, end: i + 2, cues: []string{"opened its doors to"}}
		case w == "use" && s.word(i-1) != "the" && s.word(i-1) != "its" && s.hasWord(i-3, i, "would", "will") >= 0 && s.hasWord(i-3, i, negations...) < 0 && !s.cueIn(i-4, i, cueBan, cueRestrict) && len(a.vendorsRight(s, i, 2)) > 0:
			f = &frame{class: cueAllow, at: i, end: i, cues: []string{"will use"}}
		case w == "work" && s.word(i+1) == "with" && s.hasWord(i-3, i, "would", "will") >= 0:
			f = &frame{class: cueAllow, at: i, end: i + 1, cues: []string{"will work with"}}
		case w == "stop" && (s.word(i+1) == "using" || s.word(i+1) == "buying") || (w == "stopped" || w == "stops") && (s.word(i+1) == "using" || s.word(i+1) == "buying"):
			f = &frame{class: cueRestrict, at: i, end: i + 1, cues: []string{"stop using"}}
		case w == "free" && s.word(i+1) == "to" && (s.word(i+2) == "buy" || s.word(i+2) == "use"):
			f = &frame{class: cueAllow, at: i, end: i + 2, cues: []string{"free to buy"}}
		case w == "green" && s.word(i+1) == "light":
			f = &frame{class: cueAllow, at: i, end: i + 1, cues: []string{"green light"}}
		case (w == "approved" || w == "approves" || w == "approve") && len(a.vendorsRight(s, i, 2)) > 0:
			f = &frame{class: cueAllow, at: i, end: i, cues: []string{"approved"}}
		case w == "permission":
			f = &frame{class: cueAllow, at: i, end: i, cues: []string{"permission"}}
		case w == "leave" && s.hasWord(i+1, i+8, "companies", "operators", "carriers") >= 0 && s.hasWord(i+1, i+3, "decisions", "decision", "it", "choice") >= 0:
			f = &frame{class: cueDecline, at: i, end: i, cues: []string{"leave decisions to companies"}}
		case w == "intention" && s.word(i-1) == "no" || w == "plans" && s.word(i-1) == "no" || w == "reason" && s.word(i-1) == "no" || w == "short" && (s.word(i-1) == "stops" || s.word(i-1) == "stopped" || s.word(i-1) == "stop"):
			f = &frame{class: cueDecline, at: i, end: i, cues: []string{"no " + w}}
		case w == "denied" && s.hasWord(i+1, i+3, "reports", "report") >= 0 && s.hasWord(i+1, min(n, i+14), "ban", "banning", "bar", "barring", "exclude", "restrict") >= 0:
			f = &frame{class: cueDecline, at: i, end: i, cues: []string{"denied reports of a ban"}}
		case w == "raised" && s.hasWord(i+1, i+4, "concerns", "issue", "concern") >= 0:
			f = &frame{class: cuePressure, at: i, end: i + 2, cues: []string{"raised concerns"}}
		case w == "asked" && s.hasWord(i+1, i+3, "allies", "its") >= 0:
			f = &frame{class: cuePressure, at: i, end: i, cues: []string{"asked allies"}}
		case w == "calls" && i > 0 && s.at[i-1] >= 0:
			f = &frame{class: cuePressure, at: i, end: i, cues: []string{"X calls to"}}
			f.subjects = []*graph.Entity{s.mentions[s.at[i-1]].ent}
		case w == "press" && !(s.word(i-1) == "to" || s.word(i-1) == "will" || s.word(i-1) == "would"):
			continue // "press conference"
		default:
			c := s.cue[i]
			if c == 0 {
				continue
			}
			if (c == cueBan || c == cueRestrict) && s.hasWord(i-3, i, "considering", "consider", "considers", "weighing", "pushing", "push", "debating", "mulling", "for") >= 0 {
				continue // the object of "considering a ban": not a ban
			}
			if c == cueBan && s.hasWord(i-3, i, "out") >= 0 && s.hasWord(i-5, i, "rule", "rules", "ruled", "ruling") >= 0 {
				continue // "ruled out a ban": the refusal is the frame
			}
			if c == cueBan && s.word(i-1) == "against" && s.hasWord(i-3, i-1, "decided", "decides", "decide", "deciding", "voted", "votes", "opted", "chose") >= 0 {
				f = &frame{class: cueDecline, at: i, end: i, cues: []string{"decided against"}}
				break
			}
			if c == cueBan && s.hasWord(i-3, i, "against", "oppose", "opposed", "opposes", "opposing", "opposition", "criticised", "criticized", "criticism", "reverse", "overturn", "lift", "lifted", "lifting") >= 0 {
				continue // "lobbied against a ban", "criticised the ban": not a ban
			}
			f = &frame{class: c, at: i, end: i, cues: []string{w}}
		}
		if f == nil {
			continue
		}
		if f.end < f.at {
			f.end = f.at
		}
		out = append(out, f)
	}
	return out
}

// analyze turns a sentence's frames into facts.
func (a *analyzer) analyze(s *sentence) {
	frames := a.frames(s)
	hasPressure := false
	for _, f := range frames {
		if f.class == cuePressure {
			hasPressure = true
		}
	}
	for _, f := range frames {
		a.fill(s, f, hasPressure)
	}
	a.observe(s)
}

// modalityOf reads how the sentence presents a cue at i.
func (a *analyzer) modalityOf(s *sentence, f *frame) (graph.Modality, float64) {
	start := s.clauseStart(f.at)
	conf := 0.85
	if j := s.hasWord(0, f.at, "denied", "denies", "deny"); j >= 0 && s.hasWord(j+1, j+3, "reports", "report") >= 0 && f.class != cueDecline {
		return graph.Denied, 0.8
	}
	if s.reportAt < f.at {
		return graph.Reported, 0.6
	}
	if s.findPhrase(max(0, f.at-5), f.at, "too late") >= 0 || s.findPhrase(max(0, f.at-5), f.at, "too early") >= 0 || s.findPhrase(max(0, f.at-4), f.at, "hard to") >= 0 {
		return graph.Hypothetical, 0.5
	}
	for j := max(start, f.at-6); j < f.at; j++ {
		w := s.word(j)
		for _, h := range hedges {
			if w == h && !(w == "may" && s.toks[j].upper) && !((w == "power" || w == "powers") && s.hasWord(j-4, j, "used", "using", "uses") >= 0) {
				if w == "should" && j > 0 && s.word(j-1) != "," {
					continue
				}
				return graph.Hypothetical, 0.5
			}
		}
		// "X said it would ban", "X would not rule out Y, the minister told
		// reporters": a stated decision; "rules that would keep": a draft.
		if w == "would" && (s.hasWord(0, len(s.toks), sayVerbs...) < 0 || s.hasWord(max(0, j-8), j, legalNouns...) >= 0) {
			return graph.Hypothetical, 0.5
		}
		if w == "to" && j == f.at-1 && a.pressureBefore(s, j) {
			return graph.Hypothetical, 0.5
		}
	}
	return graph.Asserted, conf
}

// contentOfPressure reports whether the cue at i is what a pressure cue
// before it urges or warns about ("warned his hosts that letting Huawei ...",
// "pressure on X to exclude"), rather than a stance taken.
func (a *analyzer) contentOfPressure(s *sentence, i int) bool {
	for k := i - 1; k >= s.clauseStart(i); k-- {
		if s.cue[k] != cuePressure {
			continue
		}
		return s.hasWord(k+1, i, "that", "to", "against") >= 0
	}
	// "recommending that member states limit ...": advice, not a stance
	if j := s.hasWord(s.clauseStart(i), i, "recommending", "recommended", "recommends", "recommend", "advised", "advising"); j >= 0 {
		return s.hasWord(j+1, i, "that", "to") >= 0
	}
	return false
}

// pressureBefore reports whether a pressure cue governs the infinitive at j
// ("pressure on X to exclude", "urges X to consider").
func (a *analyzer) pressureBefore(s *sentence, j int) bool {
	for k := j - 1; k >= 0 && k >= j-14; k-- {
		if s.cue[k] == cuePressure {
			return true
		}
		if s.word(k) == "calls" || s.word(k) == "pushing" {
			return true
		}
	}
	return false
}

// cueIn reports whether a token in [from,to) is a cue of one of classes.
func (s *sentence) cueIn(from, to int, classes ...cueClass) bool {
	for i := max(from, 0); i < min(to, len(s.cue)); i++ {
		for _, c := range classes {
			if s.cue[i] == c {
				return true
			}
		}
	}
	return false
}

// negatedBefore reports whether the cue at i is negated within its clause.
func (s *sentence) negatedBefore(i int) bool {
	prev := s.word(i - 1)
	verb := prev == "to" || prev == "will" || prev == "would" || prev == "not" || prev == "n't" || prev == "never" ||
		prev == "could" || prev == "should" || prev == "must" || prev == "cannot" || prev == "did" || prev == "does"
	switch s.word(i) {
	case "restrictions", "ban", "bans", "exclusion", "blacklist":
		if verb && s.word(i) != "restrictions" && s.word(i) != "exclusion" {
			break
		}
		// a noun is negated by its determiner only: "no ban", "not a ban"
		return s.word(i-1) == "no" || s.word(i-2) == "not" && (s.word(i-1) == "a" || s.word(i-1) == "an")
	}
	start := max(s.clauseStart(i), i-5)
	return s.hasWord(start, i, negations...) >= 0
}

func (s *sentence) declinedBefore(i int) bool {
	start := max(s.clauseStart(i), i-6)
	return s.hasWord(start, i, declineVerbs...) >= 0
}

// fill finds the roles of a frame and emits its facts.
func (a *analyzer) fill(s *sentence, f *frame, hasPressure bool) {
	f.modality, f.confidence = a.modalityOf(s, f)
	switch f.class {
	case cuePressure:
		a.fillPressure(s, f)
		return
	case cueVeto:
		a.fillVeto(s, f)
		return
	}
	// Stance frames: ban, restrict, consider, decline, allow.
	if f.subjects == nil && s.declinedBefore(f.at) {
		// "Madrid has resisted U.S. calls to exclude": the one who resists
		d := s.hasWord(max(s.clauseStart(f.at), f.at-6), f.at, declineVerbs...)
		f.subjects = a.actorsLeft(s, d, true)
	}
	if f.subjects == nil && s.word(f.at-1) == "in" && strings.HasSuffix(s.word(f.at), "ing") {
		// "New Zealand has joined Australia and the United States in blocking
		// the Chinese firm": all of them do it
		if j := s.hasWord(s.clauseStart(f.at), f.at, "joined", "joins", "join", "joining"); j >= 0 {
			f.subjects = dedupEnts(append(a.actorsLeft(s, j, false), a.actorsRight(s, j, f.at-j, nil)...))
		}
	}
	if f.subjects == nil {
		f.subjects, f.passive = a.stanceSubjects(s, f)
	}
	if f.targets == nil {
		f.targets = a.vendorsRight(s, f.end, 18)
	}
	if len(f.targets) == 0 && (f.class == cueConsider || f.class == cueDecline) && s.findPhrase(f.end+1, s.clauseEnd(f.end), "their removal") >= 0 {
		// "Germany, whose operators rely on Huawei, has not decided whether
		// to order their removal": the vendor named earlier
		f.targets = a.vendorsLeft(s, f.at, f.at)
	}
	if len(f.targets) == 0 && (s.word(f.at) == "ban" || s.word(f.at) == "bans") {
		f.targets = a.vendorsLeft(s, f.at, 3)
	}
	if len(f.targets) == 0 {
		if j := s.hasWord(max(0, f.at-6), f.at, "which", "whom"); j > 1 && s.word(j-1) == "," && s.at[j-2] >= 0 && a.roleOf(s, s.at[j-2]) == roleVendor {
			f.targets = []*graph.Entity{s.mentions[s.at[j-2]].ent}
		}
	}
	if s.declinedBefore(f.at) && f.modality == graph.Hypothetical {
		f.modality = graph.Asserted // "resisted calls to exclude": the refusal is asserted
	} else if a.contentOfPressure(s, f.at) {
		return // "warned that letting Huawei in would ...": what was urged, not done
	}
	if s.hasWord(max(0, f.at-8), f.at, "reversing", "reversed", "reverses", "overturning", "overturned", "scrapping", "scrapped", "abandoning", "abandoned") >= 0 &&
		s.hasWord(max(0, f.at-3), f.at, "had", "that", "which") >= 0 {
		return // "reversing a decision that had allowed ...": undone, not stated
	}
	rel := graph.Relation("")
	neg := s.negatedBefore(f.at)
	switch f.class {
	case cueBan:
		switch {
		case s.declinedBefore(f.at) || neg:
			rel, f.negated = graph.DeclinedToBan, true
			f.cues = append(f.cues, "negated")
			if s.findPhrase(max(0, f.at-4), f.at, "yet to") >= 0 {
				rel = graph.ConsideringBan
			}
		case s.hasWord(f.at+1, s.clauseEnd(f.at), "core") >= 0:
			rel = graph.Restricted // out of the core only
		default:
			rel = graph.Banned
		}
	case cueRestrict:
		rel = graph.Restricted
		if neg || s.declinedBefore(f.at) {
			rel = graph.DeclinedToBan
			if s.findPhrase(max(0, f.at-5), f.at, "whether to") >= 0 || s.findPhrase(max(0, f.at-5), f.at, "yet to") >= 0 {
				rel = graph.ConsideringBan
			}
		}
		if s.findPhrase(max(0, f.at-4), f.at, "whether to") >= 0 {
			rel = graph.ConsideringBan
		}
	case cueConsider:
		if _, plain := cueWords[s.word(f.at)]; plain && !s.anyIn(f.end+1, s.clauseEnd(f.end), banNouns) &&
			!((s.word(f.end+1) == "how" || s.word(f.end+1) == "whether") && len(f.targets) > 0) {
			return // "consider carefully the risk": not about a ban
		}
		rel = graph.ConsideringBan
		if f.modality == graph.Hypothetical && s.word(f.at-1) != "could" {
			f.modality = graph.Asserted
		}
		if s.word(f.at-1) == "could" {
			f.modality = graph.Asserted // "could consider" is still considering
		}
	case cueDecline:
		rel = graph.DeclinedToBan
		if f.cues[0] == "no short" && s.hasWord(f.end, len(s.toks), "but") >= 0 {
			rel = graph.Restricted // "stopped short of a ban but ..."
		}
		if len(f.targets) == 0 {
			f.targets = a.vendorsRight(s, f.end, 30)
		}
		if len(f.targets) == 0 && f.cues[0] == "leave decisions to companies" {
			if v := a.mainVendor(); v != nil {
				f.targets = []*graph.Entity{v}
			}
		}
		if f.modality == graph.Hypothetical {
			f.modality = graph.Asserted
		}
	case cueAllow:
		rel = graph.Allowed
		if neg {
			rel = graph.Restricted
		}
		if s.hasWord(0, len(s.toks), "non-core") >= 0 {
			rel = graph.Restricted
			f.cues = append(f.cues, "non-core")
		}
	}
	// A ban inside a draft, bill or proposal that "would" apply is being considered.
	if f.modality == graph.Hypothetical && (rel == graph.Banned || rel == graph.Restricted) && s.hasWord(0, f.at, legalNouns...) >= 0 && s.hasWord(max(0, f.at-3), f.at, "would") >= 0 {
		rel, f.modality = graph.ConsideringBan, graph.Asserted
		f.cues = append(f.cues, "draft would")
	}
	if hasPressure && f.modality == graph.Hypothetical {
		return
	}
	if rel == "" {
		return
	}
	a.emit(s, f, rel)
}

// anyIn reports whether a token in [from,to) is in set.
func (s *sentence) anyIn(from, to int, set map[string]bool) bool {
	for i := max(from, 0); i < min(to, len(s.toks)); i++ {
		if set[s.toks[i].norm] {
			return true
		}
	}
	return false
}

// stanceSubjects finds who holds a stance: the actor left of the cue, or
// for a passive ("the companies are blocked from", "Australian carriers were
// barred from") the country the sentence names.
func (a *analyzer) stanceSubjects(s *sentence, f *frame) ([]*graph.Entity, bool) {
	passive := false
	for j := f.at - 1; j >= 0 && j >= f.at-3; j-- {
		w := s.word(j)
		if contains(beVerbs, w) {
			passive = true
			break
		}
		if w != "effectively" && w != "also" && w != "now" && w != "already" && w != "being" && w != "all" {
			break
		}
	}
	if passive {
		// grammatical subject: vendor (then it is the target) or actor
		for j := f.at - 1; j >= s.clauseStart(f.at); j-- {
			if k := s.at[j]; k >= 0 {
				switch a.roleOf(s, k) {
				case roleVendor:
					f.targets = a.coordinated(s, k, -1, false)
					return a.anyActor(s, f.at), true
				case roleActor:
					return a.coordinated(s, k, -1, false), true
				}
				j = s.mentions[k].first
				continue
			}
			for _, p := range vendorPronouns {
				if s.phraseAt(j, p) && len(a.antecedents(p)) > 0 {
					f.targets = a.antecedents(p)
					return a.anyActor(s, f.at), true
				}
			}
		}
	}
	return a.actorsLeft(s, f.at, true), false
}

// anyActor is the country a passive sentence is about: an actor named in it
// ("in the US"), else the last one named.
func (a *analyzer) anyActor(s *sentence, at int) []*graph.Entity {
	for k := range s.mentions {
		if a.roleOf(s, k) == roleActor && s.mentions[k].ent.Name != "China" {
			return []*graph.Entity{s.mentions[k].ent}
		}
	}
	if a.lastActor != nil && s.hasWord(0, len(s.toks), "there") >= 0 {
		return []*graph.Entity{a.lastActor}
	}
	return nil
}

// fillPressure handles "X pressured/urged/pressed/warned Y".
func (a *analyzer) fillPressure(s *sentence, f *frame) {
	w := s.word(f.at)
	if s.negatedBefore(f.at) {
		// "had not been pressured by Washington", "has not urged": denied
		f.modality = graph.Denied
		f.cues = append(f.cues, "negated")
	}
	if f.subjects == nil && (s.word(f.end+1) == "from" || s.word(f.end+1) == "by") {
		// "a warning from the U.S. ambassador", "lobbying by Washington"
		for j := f.end + 2; j < min(len(s.toks), f.end+6); j++ {
			if k := s.at[j]; k >= 0 && a.roleOf(s, k) == roleActor {
				f.subjects = []*graph.Entity{s.mentions[k].ent}
				break
			}
		}
		if len(f.subjects) > 0 {
			f.objects = a.actorsRight(s, f.end+2, 40, f.subjects[0])
			if len(f.objects) == 0 {
				f.objects = a.actorsLeft(s, f.at, false)
			}
			if f.modality == graph.Hypothetical {
				f.modality = graph.Asserted
			}
			a.emit(s, f, graph.Pressured)
			return
		}
	}
	if f.subjects == nil && strings.HasSuffix(w, "ing") && s.word(f.at-1) == "," {
		// "China urged Sweden to ..., warning of ...": the main clause's subject
		for k := range s.mentions {
			if s.mentions[k].first >= f.at {
				break
			}
			if a.roleOf(s, k) == roleActor && !a.isLocation(s, k) {
				f.subjects = []*graph.Entity{s.mentions[k].ent}
				break
			}
		}
	}
	if f.subjects == nil {
		// "U.S. pressure", "American pressure": the modifier pressures.
		if w == "pressure" && f.at > 0 && s.at[f.at-1] >= 0 {
			f.subjects = []*graph.Entity{s.mentions[s.at[f.at-1]].ent}
		} else {
			f.subjects = a.actorsLeft(s, f.at, false)
		}
	}
	var subj *graph.Entity
	if len(f.subjects) > 0 {
		subj = f.subjects[0]
	}
	if w == "pressure" && s.word(f.end+1) == "on" {
		f.objects = a.actorsRight(s, f.end+1, 12, subj)
	} else if w == "pressure" && s.word(f.at-2) == "amid" || f.cues[0] == "X calls to" {
		// "Amid U.S. pressure, Italy has ...": the main clause's subject.
		f.objects = a.actorsRight(s, f.end, 40, subj)
		if f.cues[0] == "X calls to" {
			f.objects = a.actorsLeft(s, f.at-1, false)
			if len(f.objects) > 0 && len(f.subjects) > 0 && f.objects[0] == f.subjects[0] {
				f.objects = nil
				for j := s.mentions[s.at[f.at-1]].first - 1; j >= 0; j-- {
					if k := s.at[j]; k >= 0 && a.roleOf(s, k) == roleActor {
						f.objects = []*graph.Entity{s.mentions[k].ent}
						break
					}
				}
			}
		}
	} else {
		f.objects = a.actorsRight(s, f.end, 12, subj)
	}
	if f.cues[0] == "raised concerns" {
		f.objects = nil
	}
	if len(f.objects) == 0 && (w == "warned" || f.cues[0] == "raised concerns") {
		// "warned his hosts" / "raised the issue during a visit to Warsaw"
		if j := s.findPhrase(0, len(s.toks), "visit to"); j >= 0 {
			f.objects = a.actorsRight(s, j+1, 3, subj)
		}
		if len(f.objects) == 0 {
			if j := s.hasWord(f.end, len(s.toks), "with"); j >= 0 {
				f.objects = a.actorsRight(s, j, 4, subj)
			}
		}
	}
	if len(f.objects) == 0 {
		// "The U.S. ambassador in Vienna ... warned against the company"
		for k := range s.mentions {
			m := s.mentions[k]
			if (s.word(m.first-1) == "in" || s.word(m.first-1) == "to") && diplomatic[s.word(m.first-2)] && (subj == nil || m.ent != subj) {
				f.objects = []*graph.Entity{m.ent}
				break
			}
		}
	}
	if len(f.objects) == 0 && w == "pressure" {
		return
	}
	if f.modality == graph.Hypothetical {
		f.modality = graph.Asserted // "warned that X would ..." is still pressure
	}
	a.emit(s, f, graph.Pressured)
}

// fillVeto handles "X vetoed/blocked a deal between A and B".
func (a *analyzer) fillVeto(s *sentence, f *frame) {
	f.subjects = a.actorsLeft(s, f.at, false)
	end := s.clauseEnd(f.at)
	var companies []*graph.Entity
	for j := f.at + 1; j < end; j++ {
		if k := s.at[j]; k >= 0 {
			if r := a.roleOf(s, k); r == roleVendor || r == roleCompany {
				companies = append(companies, s.mentions[k].ent)
			}
			j = s.mentions[k].last
		}
	}
	companies = dedupEnts(companies)
	for _, c := range companies {
		if a.g.IsVendor(c.Name) {
			f.targets = []*graph.Entity{c}
			break
		}
	}
	if len(f.targets) == 0 && len(a.lastVendors) > 0 {
		f.targets = a.lastVendors[:1]
	}
	noun := "deal"
	if d := s.hasWord(f.at+1, end, dealNouns...); d >= 0 {
		noun = s.word(d)
		if noun == "operation" {
			noun = "deal"
		}
	}
	names := ""
	for i, c := range companies {
		if i > 0 {
			names += "-"
		}
		names += c.Name
	}
	if names == "" && len(f.targets) > 0 {
		names = f.targets[0].Name
	}
	if s.hasWord(f.at, end, "5g") >= 0 {
		noun = "5G " + noun
	}
	f.deal = names + " " + noun
	if f.modality == graph.Hypothetical {
		return
	}
	a.emit(s, f, graph.Vetoed)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
