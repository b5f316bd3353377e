package extract

import (
	"slices"
	"strings"

	"github.com/policygraph/policygraph/domain"
)

var (
	beVerbs        = lexicon.list("be_verbs")
	negationSet    = lexicon.set("negations")
	declineSet     = lexicon.set("decline_verbs")
	hedgeSet       = lexicon.set("hedges")
	counterfactual = lexicon.set("counterfactual_modals")
	deniedNouns    = lexicon.set("denied_nouns")
	legalNounSet   = lexicon.set("legal_nouns") // "the bill would bar", "a similar law"
	publicMarkers  = lexicon.set("public_markers")
	enablers       = lexicon.list("enablers")
	questionStarts = lexicon.set("question_starts")
	decisionVerbs  = lexicon.list("decision_verbs")
	thirdParties   = lexicon.set("third_parties")
	// words before a ban cue that say it was not done
	notDoneMarkers = lexicon.list("not_done_markers")
	banModifiers   = lexicon.set("ban_modifiers")
	// nouns of an appositive that sums up the act before it
	summaryNouns = lexicon.list("summary_nouns")
	// "calls on X to": a demand, whose content is no stance taken
	callWords = lexicon.set("call_words")
	// nouns that "no" makes no one
	quantifiedNouns = lexicon.set("quantified_nouns")
	// "will work with", "continued to work with": a government working with a vendor
	workWithMarkers = lexicon.list("work_with_markers")
	// phrases that refer back to the last countries named together
	groupReferences = lexicon.list("group_references")
	// answers that say no: "he said: \"We have no such plan.\""
	negativeAnswers = lexicon.list("negative_answers")
	questionTopics  = lexicon.list("question_topics")
	// verbs of deliberation before a stance by reference: "studying a similar measure"
	deliberationVerbs = lexicon.list("deliberation_verbs")
	deliberationSet   = lexicon.set("deliberation_verbs")
	whetherOpeners    = lexicon.set("whether_openers")
	whetherModals     = lexicon.set("whether_modals")
	powerUseVerbs     = lexicon.set("power_use_verbs")
	requestVerbs      = lexicon.set("request_verbs")
	// nouns of a review, negated only by their determiner ("no review")
	reviewNouns = lexicon.set("review_nouns")

	governmentSpeakers  = lexicon.set("government_speakers")
	nonSecurityTopics   = lexicon.set("non_security_topics")
	demandNouns         = lexicon.set("demand_nouns")
	proposalNouns       = lexicon.set("proposal_nouns")
	possessivePronouns  = lexicon.set("pressed_pronouns")
	deliberationVerbSet = lexicon.set("deliberation_verbs")

	reviewDoneMarkers = lexicon.set("review_done_markers")
	reviewDoneNouns   = lexicon.set("review_done_nouns")
	reviewModifiers   = lexicon.set("review_modifiers")
	// "was also barred": the act continues the last actor's
	continuationWords = lexicon.list("continuation_words")
	// pressure as the circumstance of an act, not its content
	circumstanceMarkers = lexicon.list("circumstance_markers")
	dealNouns           = lexicon.list("deal_nouns")
	reportMarkers       = lexicon.reportMarkers
	relayedMarkers      = lexicon.relayedMarkers
	reportFirst         = firstWords(append(append([]string(nil), reportMarkers...), relayedMarkers...))
	// the markers by first word
	reportMarkersAt   = phraseIndex(reportMarkers, func(ws []string) string { return ws[0] })
	relayedMarkersAt  = phraseIndex(relayedMarkers, func(ws []string) string { return ws[0] })
	sayVerbs          = lexicon.list("say_verbs")
	causatives        = lexicon.list("causatives")
	stanceTopics      = lexicon.set("stance_topics")
	nominalBans       = lexicon.set("nominal_bans")
	partialMarkers    = lexicon.list("partial_markers")
	expectationWords  = lexicon.list("expectation_words")
	nonCountryObjects = lexicon.set("non_country_objects")
	actParticiples    = lexicon.set("act_participles")
	// an agentless exclusion from one of these is an operator's choice
	operatorContexts = lexicon.list("operator_contexts")
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
		if ps := s.toks[i].lex.patterns; ps != nil {
			if pf := a.patternFrame(s, i, ps); pf != nil {
				out = append(out, pf)
				if pf.pat.Objects != "inside" {
					i = pf.end // else the act asked for is read on its own ("asked operators to remove")
				}
				continue
			}
		}
		if l := s.toks[i].lex; l.refers {
			if ef := a.extendFrame(s, i); ef != nil {
				out = append(out, ef)
				continue
			}
			if ff, rel := a.followFrame(s, i); ff != nil {
				ff.rel = rel
				out = append(out, ff)
				i = ff.end
				continue
			}
		}
		if s.toks[i].lex.direct && len(a.vendorsRight(s, i, 2)) > 0 {
			// "welcomed Huawei", "embraced ZTE": the vendor is the object
			out = append(out, &frame{class: cueAllow, at: i, end: i, cues: []string{w}})
			continue
		}
		var f *frame
		switch {
		case w == "considering" && (s.word(i+1) == "that" || s.word(i+1) == "how" || s.word(i+1) == "where" || s.word(i+1) == "what" || i == 0 || s.word(i-1) == ","):
			continue // "considering that" means "given that"
		case (w == "led" || w == "prompted" || w == "forced") && s.hasWord(i+1, i+6, "consider") >= 0:
			f = &frame{class: cueConsider, at: s.hasWord(i+1, i+6, "consider"), end: s.hasWord(i+1, i+6, "consider"), cues: []string{"led X to consider"}}
			f.subjects = a.actorsRight(s, i, 4, nil)
		case w == "use" && s.word(i-1) != "the" && s.word(i-1) != "its" && s.hasWord(i-3, i, "would", "will") >= 0 && s.hasIn(i-3, i, negationSet) < 0 && !s.cueIn(i-4, i, cueBan, cueRestrict) && (len(a.vendorsRight(s, i, 2)) > 0 || s.word(i+1) == "as" && len(a.vendorsRight(s, i, 4)) > 0):
			f = &frame{class: cueAllow, at: i, end: i, cues: []string{"will use"}}
		case (w == "work" || w == "working") && s.word(i+1) == "with" && s.hasWord(i-3, i, workWithMarkers...) >= 0:
			f = &frame{class: cueAllow, at: i, end: i + 1, cues: []string{"will work with"}}
		case w == "short" && (s.word(i-1) == "stops" || s.word(i-1) == "stopped" || s.word(i-1) == "stop" || s.word(i-1) == "falls" || s.word(i-1) == "fell" || s.word(i-1) == "fall" || s.word(i-1) == "falling" || s.word(i-1) == "stopping"):
			f = &frame{class: cueDecline, at: i, end: i, cues: []string{"stopped short"}}
		case (w == "denied" || w == "denies") && s.hasWord(i+1, i+4, "reports", "report") >= 0 && s.cueIn(i+1, min(n, i+16), cueBan, cueRestrict):
			f = &frame{class: cueDecline, at: i, end: i, cues: []string{"denied reports of a ban"}}
		case deliberationVerbSet[w] && len(a.proposed) > 0 && a.sentNo-a.proposedAt <= 2 && s.anyIn(i+1, min(n, i+4), proposalNouns):
			// "The cabinet said it would examine the proposal": what was
			// urged before is now weighed
			f = &frame{class: cueConsider, at: i, end: i, cues: []string{"examines the proposal"}, targets: a.proposed}
		case w == "raised" && s.hasWord(i+1, i+4, "concerns", "issue", "concern") >= 0:
			f = &frame{class: cuePressure, at: i, end: i + 2, cues: []string{"raised concerns"}}
		case w == "asked" && (s.word(i+1) == "whether" || s.word(i+1) == "if") && s.cueIn(i+2, n, cueBan, cueRestrict):
			// "Asked whether Bangladesh would follow India in restricting
			// Chinese vendors, he said: \"We have no such plan.\""
			if af := a.answeredNo(s, i); af != nil {
				out = append(out, af)
			}
			continue
		case w == "asked" && s.hasWord(i+1, i+5, "whether", "if") >= 0 && a.answeredLikely(s, s.hasWord(i+1, i+5, "whether", "if")) != nil:
			// "Asked whether Huawei and ZTE would be covered, Gawkowski said
			// it was \"very likely\"": a measure in preparation, about them
			out = append(out, a.answeredLikely(s, s.hasWord(i+1, i+5, "whether", "if")))
			continue
		case w == "asked" && s.hasWord(i+1, i+3, "allies", "its") >= 0:
			f = &frame{class: cuePressure, at: i, end: i, cues: []string{"asked allies"}}
		case w == "calls" && i > 0 && s.at[i-1] >= 0:
			f = &frame{class: cuePressure, at: i, end: i, cues: []string{"X calls to"}}
			f.subjects = []*domain.Entity{s.mentions[s.at[i-1]].ent}
		case w == "press" && !(s.word(i-1) == "to" || s.word(i-1) == "will" || s.word(i-1) == "would"):
			continue // "press conference"
		case s.cue[i] == cuePressure && s.topicOfQuestion(i):
			continue // "Asked about American pressure, he said": what a question is about
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
	return purposeOf(s, out)
}

// purposeOf drops a stance frame whose purpose is the next one: in
// "announced measures to free its networks from Huawei", "rules to ban
// ZTE", the measure is the ban that follows.
func purposeOf(s *sentence, fs []*frame) []*frame {
	stance := func(c cueClass) bool { return c == cueBan || c == cueRestrict || c == cueConsider }
	out := fs[:0]
	for i, f := range fs {
		if i+1 < len(fs) && stance(f.class) && stance(fs[i+1].class) && f.pat != nil && fs[i+1].rel == "" &&
			s.word(f.end+1) == "to" && fs[i+1].at <= f.end+3 && f.class != cueConsider {
			continue
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
	a.sentNo++
	frames = dropParaphrases(s, frames)
	first := len(a.facts)
	a.answer(s)
	for _, f := range frames {
		a.fill(s, f, hasPressure)
	}
	a.ask(s, a.facts[first:])
	a.facts = append(a.facts[:first], ownStanceFirst(a.facts[first:])...)
	for _, f := range frames {
		if f.class == cueConsider {
			a.draftAt = a.sentNo
		}
	}
	if s.anyIn(0, len(s.toks), legalNounSet) {
		a.draftAt = a.sentNo
	}
	a.nameMakers(s)
	a.observe(s)
}

// ownStanceFirst drops a stance by reference ("followed suit") for a
// subject whose own stance the same sentence states: in "Lithuania followed
// suit, saying it would strip the software from its machines" the stated
// act is what following means.
func ownStanceFirst(facts []domain.Fact) []domain.Fact {
	own, allows := map[string]bool{}, map[string]bool{}
	for _, x := range facts {
		if x.Relation.IsStance() && !byReference(x) {
			own[x.Subject+"\x00"+x.Target] = true
		}
		if x.Relation == domain.Allowed && x.Modality == domain.Asserted {
			allows[x.Subject+"\x00"+x.Target] = true
		}
	}
	out := facts[:0]
	for _, x := range facts {
		key := x.Subject + "\x00" + x.Target
		if byReference(x) && own[key] {
			continue
		}
		if x.Relation == domain.DeclinedToBan && allows[key] && contains(x.Cues, "refused") {
			continue // "signed a deal with Huawei, brushing aside EU concerns": the allowance says it
		}
		out = append(out, x)
	}
	return out
}

// byReference reports whether a fact was taken by reference to another
// stance (follow.go): its first cue says which.
func byReference(x domain.Fact) bool {
	return len(x.Cues) > 0 && strings.HasPrefix(x.Cues[0], "follows ")
}

// dropParaphrases drops a ban the sentence does not take: one only summing
// up a restriction it states ("licences will not be renewed, effectively
// phasing the firm out"), one summing up its act ("a decision that rules out
// Huawei"), and one not done ("stopped short of excluding", "rather than
// block it").
func dropParaphrases(s *sentence, frames []*frame) []*frame {
	restricts, stance := false, false
	out := frames[:0]
	for _, f := range frames {
		switch {
		case f.class == cueBan && s.phraseEndsAt(s.skipBack(f.at, func(w string) bool { return banModifiers[w] }, 3), notDoneMarkers):
			continue // "stopped short of excluding", "rather than block it": not done
		case f.class == cueBan && stance && s.hasWord(f.at-3, f.at, "that", "which") >= 0 && s.hasWord(f.at-4, f.at, summaryNouns...) >= 0:
			continue // "will exclude them from the core, a decision that rules out Huawei": the act, summed up
		case f.class == cueBan && restricts && s.word(f.at-1) == "effectively" && strings.HasSuffix(s.word(f.at), "ing"):
			continue
		}
		restricts = restricts || f.class == cueRestrict
		stance = stance || f.class == cueBan || f.class == cueRestrict
		out = append(out, f)
	}
	return out
}

// phraseEndsAt reports whether one of phrases ends right before token i.
func (s *sentence) phraseEndsAt(i int, phrases []string) bool {
	for _, p := range phrases {
		if n := strings.Count(p, " ") + 1; i-n >= 0 && s.phraseAt(i-n, p) {
			return true
		}
	}
	return false
}

// deliberating reports whether the text has just been about a measure in
// preparation — a draft, a bill, rules, a review — in this sentence or the
// two before it: what "would" or "could" then happen is that measure's
// content ("ZTE could also be excluded, the document shows").
func (a *analyzer) deliberating() bool {
	return a.draftAt > 0 && a.sentNo-a.draftAt <= 2
}

// modalityOf reads how the sentence presents a cue at i.
func (a *analyzer) modalityOf(s *sentence, f *frame) (domain.Modality, float64) {
	start := s.clauseStart(f.at)
	conf := 0.85
	if j := s.hasWord(0, f.at, "denied", "denies", "deny"); j >= 0 && f.class != cueDecline &&
		(s.hasWord(j+1, j+4, "reports", "report") >= 0 || s.hasIn(j+1, j+5, deniedNouns) >= 0 && s.word(s.hasIn(j+1, j+5, deniedNouns)+1) == "that") {
		// "denied reports that", "denied Huawei's claim that it had been excluded"
		return domain.Denied, 0.8
	}
	if j := s.hasIn(0, f.at, thirdParties); j >= 0 && s.hasWord(j+1, min(f.at, j+7), sayVerbs...) >= 0 && !s.anyIn(j+1, s.hasWord(j+1, min(f.at, j+7), sayVerbs...), stateBodies) {
		// (not "... of both national operators, and the government has said")
		return domain.Reported, 0.5 // "Analysts at Eurasia Group say Poland is likely to ..."
	}
	if s.question() {
		return domain.Hypothetical, 0.4 // "Has Germany banned Huawei?", "Will Croatia follow?"
	}
	if s.gerundSubject(f.at) {
		return domain.Hypothetical, 0.4 // "said that excluding Huawei would hurt trade": what would follow an act, not one
	}
	if s.reportAt < f.at {
		return domain.Reported, 0.6
	}
	if s.findPhrase(max(0, f.at-5), f.at, "too late") >= 0 || s.findPhrase(max(0, f.at-5), f.at, "too early") >= 0 || s.findPhrase(max(0, f.at-4), f.at, "hard to") >= 0 {
		return domain.Hypothetical, 0.5
	}
	for j := max(start, f.at-6); j < f.at; j++ {
		w := s.word(j)
		if hedgeSet[w] && !(w == "may" && s.toks[j].upper) && !((w == "power" || w == "powers") && (s.anyIn(j-4, j, powerUseVerbs) || s.word(j+1) != "to")) &&
			!(w == "should" && j > 0 && s.word(j-1) != ",") {
			return domain.Hypothetical, 0.5
		}
		// "a contract that would have let Nuctech supply": what did not
		// happen ("would have to remove" is an obligation, and stays)
		if counterfactual[w] && s.word(j+1) == "have" && s.word(j+2) != "to" {
			return domain.Hypothetical, 0.5
		}
		// "X said it would ban", "X would not rule out Y, the minister told
		// reporters": a stated decision; "rules that would keep": a draft.
		if w == "would" && (s.hasWord(0, len(s.toks), sayVerbs...) < 0 || s.hasIn(max(0, j-8), j, legalNounSet) >= 0) {
			return domain.Hypothetical, 0.5
		}
		if w == "to" && j == f.at-1 && a.pressureBefore(s, j) {
			return domain.Hypothetical, 0.5
		}
	}
	if s.relayedAt < f.at {
		if a.reportsDenied {
			return domain.Reported, 0.6 // the article denies the reports it relays
		}
		conf = relayedConfidence // "Reuters reported that ...": relayed, not denied
	}
	return domain.Asserted, conf
}

// circumstance reports whether the pressure cue at k is the circumstance of
// the act after it ("under pressure from Washington, Britain agreed to ...",
// "bowed to US pressure and") rather than what is demanded: a marker before
// it, and no demand ("... to keep Huawei out") right after its presser.
func (a *analyzer) circumstance(s *sentence, k int) bool {
	return s.hasWord(k-3, k, circumstanceMarkers...) >= 0 && s.word(a.pressurePhraseEnd(s, k)+1) != "to"
}

// pressurePhraseEnd returns the last token of the pressure phrase at k:
// the cue and the one who presses after it ("pressure from Washington").
// "Under pressure from Washington to keep Huawei out" goes on with what was
// demanded; "Under pressure from Washington, Britain agreed" does not.
func (a *analyzer) pressurePhraseEnd(s *sentence, k int) int {
	end := k
	if w := s.word(k + 1); w == "from" || w == "by" {
		j := k + 2
		if s.word(j) == "the" {
			j++
		}
		if m := s.mentionAt(j); m >= 0 {
			end = s.mentions[m].last
		}
	}
	return end
}

// contentOfPressure reports whether the cue at i is what a pressure cue
// before it urges or warns about ("warned his hosts that letting Huawei ...",
// "pressure on X to exclude"), rather than a stance taken.
func (a *analyzer) contentOfPressure(s *sentence, i int) bool {
	for k := i - 1; k >= s.clauseStart(i); k-- {
		if s.word(k) == "and" && finiteVerb(s.toks[min(k+1, len(s.toks)-1)]) {
			break // "urged X to ... and announced measures to ...": a new verb phrase
		}
		if on := s.word(k + 1); (on == "on" || on == "upon") && callWords[s.word(k)] && s.hasWord(k+2, i, "to") >= 0 {
			return true // "a resolution calling on the Commission to exclude ..."
		}
		if demandNouns[s.word(k)] && (s.word(k+1) == "by" || s.word(k+1) == "from") && s.word(i-1) == "to" && i-k <= 10 && s.hasWord(k+1, i-1, "to", ",", "and") < 0 {
			return true // "a call by the U.S. ambassador to stop LG Uplus from using ...": what another demanded
		}
		if s.cue[k] != cuePressure {
			continue
		}
		if a.circumstance(s, k) {
			break // "under pressure from Washington, Britain agreed to ...": a circumstance
		}
		return s.hasWord(k+1, i, "that", "to", "against") >= 0
	}
	// "an offensive to get allied nations to ban", "persuade Italy to
	// exclude": what another is made to do, not a stance taken
	if s.word(i-1) == "to" {
		if j := s.hasWord(max(s.clauseStart(i), i-8), i-1, causatives...); j >= 0 {
			return true
		}
	}
	// "asked the Brazilian government to exclude": what a government is
	// asked to do (not "asked operators to remove", the state's own measure)
	if s.word(i-1) == "to" {
		if j := s.hasIn(max(s.clauseStart(i), i-8), i-1, requestVerbs); j >= 0 {
			for k := j + 1; k < i-1; k++ {
				if m := s.at[k]; m >= 0 && a.roleOf(s, m) == roleActor {
					if e := s.mentions[m].ent; e.Type == domain.Country || e.Type == domain.Organisation {
						return true
					}
				}
			}
		}
	}
	// "recommending that member states limit ...": advice, not a stance
	if j := s.hasWord(s.clauseStart(i), i, "recommending", "recommended", "recommends", "recommend", "advised", "advising"); j >= 0 {
		to := s.hasWord(j+1, i, "that", "to")
		if to >= 0 && s.anyIn(j+1, to, ownInstitutions) && !s.anyIn(j+1, to, genericSubjects) {
			return false // "advised government institutions to stop buying": the state's own measure
		}
		return to >= 0
	}
	return false
}

// finiteVerb reports whether t reads as a past or present verb ("announced",
// "says"), the start of a coordinated verb phrase after "and".
func finiteVerb(t token) bool {
	return !t.upper && t.word && (strings.HasSuffix(t.norm, "ed") || t.lex != nil && t.lex.cue != 0 && strings.HasSuffix(t.norm, "s"))
}

// pressureBefore reports whether a pressure cue governs the infinitive at j
// ("pressure on X to exclude", "urges X to consider").
func (a *analyzer) pressureBefore(s *sentence, j int) bool {
	for k := j - 1; k >= 0 && k >= j-14; k-- {
		if s.cue[k] == cuePressure && !a.circumstance(s, k) {
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
		prev == "could" || prev == "should" || prev == "must" || prev == "cannot" || prev == "did" || prev == "does" ||
		strings.HasSuffix(prev, "n't")
	switch w := s.word(i); {
	case w == "restrictions" || w == "ban" || w == "bans" || w == "exclusion" || w == "blacklist" || reviewNouns[w]:
		if verb && (w == "ban" || w == "bans" || w == "blacklist") {
			break
		}
		// a noun is negated by its determiner only: "no ban", "not a ban",
		// not "does not affect Canada's review"
		return s.word(i-1) == "no" || s.word(i-2) == "not" && (s.word(i-1) == "a" || s.word(i-1) == "an")
	}
	start := max(s.clauseStart(i), i-5)
	if s.hasIn(start, i, negationSet) >= 0 {
		return true
	}
	if n := s.hasWord(s.clauseStart(i), i, "neither"); n >= 0 && s.hasWord(n+1, i, "nor") >= 0 {
		return true // "Neither the government nor the regulator has any plans to restrict ZTE"
	}
	// "would not follow the US and exclude": the negation governs both verbs
	if prev == "and" {
		j := s.hasIn(max(s.clauseStart(i), i-10), i-1, negationSet)
		return j >= 0 && s.hasWord(j+1, i-1, "and", ",") < 0 && (s.word(j-1) == "would" || s.word(j-1) == "will" || s.word(j-1) == "did" || s.word(j-1) == "does" || s.word(j-1) == "do")
	}
	return false
}

func (s *sentence) declinedBefore(i int) bool {
	start := max(s.clauseStart(i), i-6)
	d := s.hasIn(start, i, declineSet)
	// "refused to say whether it would let Huawei in": a refusal to speak
	return d >= 0 && s.hasWord(d+1, i, speechWords...) < 0
}

var speechWords = lexicon.list("speech_words")

// fill finds the roles of a frame and emits its facts.
func (a *analyzer) fill(s *sentence, f *frame, hasPressure bool) {
	if f.class == cueNone {
		return // its words state no stance
	}
	f.modality, f.confidence = a.modalityOf(s, f)
	if f.pat != nil && (f.pat.Shape == "resisted" || f.pat.Shape == "despite" || f.pat.Shape == "urging") {
		a.fillResisted(s, f)
		return
	}
	if f.pat != nil && f.pat.Shape == "visit" {
		a.fillVisit(s, f)
		return
	}
	if f.pat != nil && f.pat.Shape == "envoys" {
		a.fillEnvoys(s, f)
		return
	}
	if f.pat != nil && f.pat.Shape == "lifted" {
		a.fillLifted(s, f)
		return
	}
	switch f.class {
	case cuePressure:
		a.fillPressure(s, f)
		return
	case cueVeto:
		a.fillVeto(s, f)
		return
	}
	if f.rel != "" {
		// a stance by reference ("followed suit"): the antecedent's relation,
		// refused when negated ("would not follow the US' lead")
		rel := f.rel
		if s.hasWord(f.at-3, f.at, expectationWords...) >= 0 || s.hasWord(f.at-3, f.at, deliberationVerbs...) >= 0 {
			// "France is expected to follow a similar path", "Latvia is
			// studying a similar measure": no decision yet
			rel = domain.ConsideringBan
		}
		if s.negatedBefore(f.at) || s.declinedBefore(f.at) {
			if rel.Info().Side != domain.Restrictive {
				return
			}
			rel, f.modality = domain.DeclinedToBan, domain.Asserted // "would not follow": a refusal
			f.cues = append(f.cues, "negated")
		}
		a.emit(s, f, rel)
		return
	}
	// Stance frames: ban, restrict, consider, decline, allow.
	if f.subjects == nil && s.declinedBefore(f.at) {
		// "Madrid has resisted U.S. calls to exclude": the one who resists
		d := s.hasIn(max(s.clauseStart(f.at), f.at-6), f.at, declineSet)
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
	if k := s.mentionAt(f.at - 1); len(f.targets) == 0 && k >= 0 && a.roleOf(s, k) == roleVendor && strings.HasSuffix(s.word(f.at), "ed") && s.word(f.end+1) == "from" {
		// "Sweden: Huawei and ZTE barred from 5G since 2020": a reduced
		// passive, the vendors before the participle
		f.targets = a.coordinated(s, k, -1, false)
	}
	if len(f.targets) == 0 && f.class != cueConsider {
		// "bar equipment from manufacturers deemed a threat ..., a measure
		// widely seen as aimed at Huawei and ZTE": the class, then the vendors
		f.targets = a.linkedVendors(s, f.end)
	}
	if len(f.targets) == 0 && (f.class == cueConsider || f.class == cueDecline) && s.findPhrase(f.end+1, s.clauseEnd(f.end), "their removal") >= 0 {
		// "Germany, whose operators rely on Huawei, has not decided whether
		// to order their removal": the vendor named earlier
		f.targets = a.vendorsLeft(s, f.at, f.at)
	}
	// ("does not intend to exclude any supplier": a negated plan, too)
	plan := f.class == cueConsider && f.pat != nil && s.negatedBefore(f.at) && !contains(intentWords, s.word(f.at))
	if len(f.targets) == 0 && (f.class == cueBan || f.class == cueRestrict || f.class == cueDecline || plan) && s.anyVendorAfter(f.end) &&
		(f.class == cueDecline || plan || s.negatedBefore(f.at) || s.declinedBefore(f.at)) && s.hasWord(f.at-4, f.at, intentWords...) < 0 {
		// "will not exclude any supplier", "never excluded any company": a
		// refusal to exclude anyone, about the vendor the article is about
		if v := a.mainVendor(); v != nil {
			f.targets = []*domain.Entity{v}
			f.cues = append(f.cues, "no vendor excluded")
		}
	}
	if len(f.targets) == 0 && (s.word(f.at) == "ban" || s.word(f.at) == "bans") {
		f.targets = a.vendorsLeft(s, f.at, 3)
	}
	if len(f.targets) == 0 && nominalBans[s.word(f.at)] && len(f.subjects) > 0 && (s.ownedAct(f.at) || s.word(f.at+1) == "by") {
		// "the US ban forbidding partnerships", "Ottawa's ban": a country's
		// measure about the vendor the article is about
		if v := a.mainVendor(); v != nil {
			f.targets = []*domain.Entity{v}
			f.cues = append(f.cues, "vendor in focus")
		}
	}
	if len(f.targets) == 0 && f.pat != nil && f.pat.Focus {
		// "put off its decision": about the vendor the article is about
		if v := a.mainVendor(); v != nil {
			f.targets = []*domain.Entity{v}
			f.cues = append(f.cues, "vendor in focus")
		}
	}
	if len(f.targets) == 0 {
		if j := s.hasWord(max(0, f.at-6), f.at, "which", "whom"); j > 1 && s.word(j-1) == "," && s.at[j-2] >= 0 && a.roleOf(s, s.at[j-2]) == roleVendor {
			f.targets = []*domain.Entity{s.mentions[s.at[j-2]].ent}
		}
	}
	if s.declinedBefore(f.at) && f.modality == domain.Hypothetical {
		f.modality = domain.Asserted // "resisted calls to exclude": the refusal is asserted
	} else if a.contentOfPressure(s, f.at) {
		if (f.class == cueBan || f.class == cueRestrict) && len(f.targets) > 0 {
			a.proposed, a.proposedAt = f.targets, a.sentNo // "the cabinet will examine the proposal"
		}
		return // "warned that letting Huawei in would ...": what was urged, not done
	}
	rel := domain.Relation("")
	neg := s.negatedBefore(f.at)
	if f.pat != nil && f.pat.Fixed && f.class != cueConsider {
		// the pattern holds its own operator ("is not in the plans")
		rel = map[cueClass]domain.Relation{cueBan: domain.Banned, cueRestrict: domain.Restricted, cueDecline: domain.DeclinedToBan,
			cueConsider: domain.ConsideringBan, cueAllow: domain.Allowed}[f.class]
		if f.modality == domain.Hypothetical {
			f.modality = domain.Asserted
		}
		if rel != "" {
			a.emit(s, f, rel)
		}
		return
	}
	switch f.class {
	case cueBan:
		switch {
		case s.declinedBefore(f.at) || neg:
			rel, f.negated = domain.DeclinedToBan, true
			f.cues = append(f.cues, "negated")
			if s.findPhrase(max(0, f.at-4), f.at, "yet to") >= 0 {
				rel = domain.ConsideringBan
			}
		case s.findPhrase(max(0, f.at-4), f.at, "whether to") >= 0 || s.weighedWhether(f.at):
			rel = domain.ConsideringBan // "considering whether to ban it": the question is open
			if f.modality == domain.Hypothetical {
				f.modality = domain.Asserted
			}
		case s.hasWord(f.at+1, s.clauseEnd(f.at), "core") >= 0 || s.partOfNetwork(f.at+1, s.clauseEnd(f.at)):
			rel = domain.Restricted // out of the core, or of "critical parts of the network", only
		case s.hasWord(max(0, f.at-5), f.at, enablers...) >= 0:
			rel = domain.Restricted // "a law that lets the ministry block suppliers": a power to exclude
			f.cues = append(f.cues, "power to exclude")
		default:
			rel = domain.Banned
		}
	case cueRestrict:
		rel = domain.Restricted
		if neg || s.declinedBefore(f.at) {
			rel = domain.DeclinedToBan
			if s.findPhrase(max(0, f.at-5), f.at, "whether to") >= 0 || s.findPhrase(max(0, f.at-5), f.at, "yet to") >= 0 {
				rel = domain.ConsideringBan
			}
		}
		if s.findPhrase(max(0, f.at-4), f.at, "whether to") >= 0 || !neg && s.weighedWhether(f.at) {
			rel = domain.ConsideringBan // "analysing whether to limit": the question is open
			if f.modality == domain.Hypothetical {
				f.modality = domain.Asserted
			}
		}
	case cueConsider:
		if s.reviewDone(f.at) {
			return // "the decision, which follows a review by the agency": the review is over
		}
		if s.anyIn(f.end+1, min(len(s.toks), f.end+4), nonSecurityTopics) {
			return // "an investigation into subsidies received by Nuctech": about something else
		}
		aboutBan := s.anyIn(f.end+1, s.clauseEnd(f.end), banNouns) || s.cueIn(f.end+1, s.clauseEnd(f.end), cueBan, cueRestrict)
		open := s.findPhrase(f.end+1, f.end+2, "whether to") >= 0 && f.end+3 >= len(s.toks)-1 // "considering whether to" (cut off)
		if len(f.targets) == 0 && (aboutBan || open) && s.anyIn(0, len(s.toks), stanceTopics) || len(f.targets) == 0 && open {
			// "Germany is weighing a decision on its 5G rules": about the
			// vendor the article is about
			if v := a.mainVendor(); v != nil {
				f.targets = []*domain.Entity{v}
				f.cues = append(f.cues, "vendor in focus")
				aboutBan = true
			}
		}
		if _, plain := cueWords[s.word(f.at)]; plain && f.pat == nil && !aboutBan &&
			!((s.word(f.end+1) == "how" || s.word(f.end+1) == "whether") && len(f.targets) > 0) {
			return // "consider carefully the risk": not about a ban
		}
		rel = domain.ConsideringBan
		if neg && (f.pat == nil || !f.pat.Fixed) {
			rel = domain.DeclinedToBan // "does not seek to ban", "is not considering a ban"
			f.cues = append(f.cues, "negated")
		}
		if f.modality == domain.Hypothetical && s.word(f.at-1) != "could" {
			f.modality = domain.Asserted
		}
		if s.word(f.at-1) == "could" {
			f.modality = domain.Asserted // "could consider" is still considering
		}
	case cueDecline:
		rel = domain.DeclinedToBan
		if neg && f.pat != nil && !f.pat.Fixed {
			rel = domain.ConsideringBan // "has not ruled out a ban": still open
			f.cues = append(f.cues, "negated")
		}
		if f.cues[0] == "stopped short" && s.hasWord(f.end, len(s.toks), "but", ":", ";", "instead", "while", "only", "requiring", "obliging") >= 0 {
			rel = domain.Restricted // "stopped short of a ban but ..."
		}
		if len(f.targets) == 0 {
			f.targets = a.vendorsRight(s, f.end, 30)
		}
		if len(f.targets) == 0 && f.cues[0] == "stopped short" && s.anyIn(f.end+1, s.clauseEnd(f.end), banNouns) {
			// "falls short of a ban but ...", "has no plans for a ban"
			if v := a.mainVendor(); v != nil {
				f.targets = []*domain.Entity{v}
				f.cues = append(f.cues, "vendor in focus")
			}
		}
		if f.cues[0] == "stopped short" && a.restrictedAlready(f) {
			rel = domain.Restricted // "must phase out Huawei from the core ... The council stopped short of barring it from the radio network"
		}
		if f.modality == domain.Hypothetical {
			f.modality = domain.Asserted
		}
	case cueAllow:
		if s.permitsExclusion(f.end) {
			return // "rules would allow the government to exclude Huawei"
		}
		rel = domain.Allowed
		if f.modality == domain.Hypothetical && s.hasWord(f.at-2, f.at, "can", "may") >= 0 && s.hasWord(0, f.at, "if", "whether", "unless") < 0 {
			f.modality = domain.Asserted // "told Huawei it can continue operating": a permission
		}
		if neg {
			rel = domain.Banned // "will not allow Huawei to take part": kept out (a partial limit below)
		}
		if s.hasWord(0, len(s.toks), "non-core") >= 0 {
			rel = domain.Restricted
			f.cues = append(f.cues, "non-core")
		} else if j := s.hasWord(f.end+1, s.clauseEnd(f.end), partialMarkers...); j >= 0 {
			rel = domain.Restricted // "will allow Huawei a limited role"
			f.cues = append(f.cues, s.word(j))
		}
	}
	// A ban inside a draft, bill or proposal that "would" apply is being considered.
	if (rel == domain.Banned || rel == domain.Restricted) &&
		(f.modality == domain.Hypothetical && s.hasIn(0, f.at, legalNounSet) >= 0 && s.hasWord(max(0, f.at-3), f.at, "would") >= 0 ||
			(f.modality == domain.Hypothetical || f.modality == domain.Asserted && !a.actorBeforeCue(s, f.at) && s.hasWord(0, f.at, decisionVerbs...) < 0) &&
				f.passive && a.deliberating() && s.hasWord(max(0, f.at-4), f.at, "would", "could", "might") >= 0) {
		rel, f.modality = domain.ConsideringBan, domain.Asserted
		f.cues = append(f.cues, "draft would")
		a.draftAt = a.sentNo // the text goes on about the measure
	}
	if hasPressure && f.modality == domain.Hypothetical {
		return
	}
	if rel == "" {
		return
	}
	a.emit(s, f, rel)
}

// anyVendorAfter reports whether "any" or "no" and a description of
// vendors follow the cue ending at end: "any provider", "any particular
// company", "no supplier".
func (s *sentence) anyVendorAfter(end int) bool {
	j := end + 1
	if w := s.word(j); w == "out" || w == "on" || w == "of" {
		j++ // "rule out any provider", "no ban on any vendor"
	}
	if w := s.word(j); w != "any" && w != "no" {
		return false
	}
	for k := j + 1; k <= j+3 && k < len(s.toks); k++ {
		if anyVendorNouns[s.word(k)] {
			return true
		}
	}
	return false
}

var (
	anyVendorNouns = lexicon.set("any_vendor")
	intentWords    = lexicon.list("intent_words")
)

// hasIn returns the first token index in [from,to) whose word is in set,
// or -1: hasWord for a word set.
func (s *sentence) hasIn(from, to int, set map[string]bool) int {
	for i := max(from, 0); i < min(to, len(s.toks)); i++ {
		if set[s.toks[i].norm] {
			return i
		}
	}
	return -1
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
func (a *analyzer) stanceSubjects(s *sentence, f *frame) ([]*domain.Entity, bool) {
	if j := s.hasWord(s.clauseStart(f.at), f.at, "no", "none"); j >= 0 && s.anyIn(j+1, min(f.at, j+4), quantifiedNouns) {
		return nil, false // "No African government has restricted the company": no one
	}
	passive := f.pat != nil && f.pat.Passive
	if passive && !s.anyIn(0, len(s.toks), legalNounSet) && !s.anyIn(f.end+1, s.nextComma(f.end), stanceTopics) {
		return nil, true // "Huawei phones can no longer be used with Google's apps": no rule, no network
	}
	for j := f.at - 1; !passive && j >= 0 && j >= f.at-3 && !strings.HasSuffix(s.word(f.at), "ing"); j-- { // "is replacing" is no passive
		w := s.word(j)
		if contains(beVerbs, w) {
			passive = true
			break
		}
		if w != "effectively" && w != "also" && w != "now" && w != "already" && w != "being" && w != "all" {
			break
		}
	}
	if j := s.hasWord(f.at+1, s.clauseEnd(f.at), operatorContexts...); passive && j >= 0 && !publicMarkers[s.word(j-1)] && s.hasWord(f.at+1, s.clauseEnd(f.at), "by") < 0 {
		return nil, true // "was shut out of a tender": an operator's choice, no government named
	}
	if passive {
		// grammatical subject: vendor (then it is the target) or actor
		for j := f.at - 1; j >= s.clauseStart(f.at); j-- {
			if k := s.at[j]; k >= 0 {
				switch a.roleOf(s, k) {
				case roleVendor:
					f.targets = a.coordinated(s, k, -1, false)
					actors := a.anyActor(s, f.at)
					if len(actors) == 0 && a.lastSubject != nil && s.passiveAt(f.at) && s.hasWord(max(0, f.at-3), f.at, continuationWords...) >= 0 {
						// "Hytera was also removed from the list": the actor of
						// the sentence before
						actors = []*domain.Entity{a.lastSubject}
					}
					return a.draftActor(s, f.at, actors), true
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
	if subj := a.participleSubject(s, f.at); subj != nil {
		return subj, false // "Finland joined Sweden in talks, adopting rules that ban ZTE"
	}
	if subj := a.actorsLeft(s, f.at, true); subj != nil {
		if gov := a.orderingGovernment(s, subj, f.at); gov != nil {
			return gov, false // "ordered KPN to keep Huawei out of the core": the government's measure
		}
		return subj, false
	}
	if passive && !a.actorBeforeCue(s, f.at) {
		// "companies that could be shut out include ZTE": no one named acts
		if subj := a.draftActor(s, f.at, nil); subj != nil {
			return subj, true
		}
	}
	if e := s.labelCountry(); e != nil {
		return []*domain.Entity{e}, false
	}
	if len(a.lastGroup) > 0 {
		for _, p := range groupReferences {
			if j := s.findPhrase(s.clauseStart(f.at), f.at, p); j >= 0 && (j == 0 || !functionWords[s.word(j-1)] || s.word(j-1) == "of") {
				return a.lastGroup, false // "Each of these governments has excluded the company", not "tests in both countries"
			}
		}
	}
	if s.anyIn(s.clauseStart(f.at), f.at, genericSubjects) {
		// "Several governments have moved to ban Huawei ..., including
		// Belgium, Latvia and Estonia": the list names them
		for j := f.end + 1; j < len(s.toks); j++ {
			if n := s.linkAt(j, listIntros); n > 0 {
				if subj := a.actorsRight(s, j+n-1, 4, nil); len(subj) > 0 {
					return subj, false
				}
				break
			}
		}
	}
	if q := s.quotedSpeaker(f.at); q >= 0 {
		// "\"We will not allow Huawei ...,\" the Slovenian minister said":
		// the speaker named after the quotation
		if subj := a.actorsRight(s, q, 8, nil); len(subj) > 0 {
			return subj, false
		}
		for k, m := range s.mentions {
			if m.first > q && m.first <= q+6 && m.ent.Type == domain.Country && a.roleOf(s, k) != roleVendor &&
				(m.kind != kindDemonym || s.anyIn(m.last+1, m.last+3, govNouns)) {
				return []*domain.Entity{m.ent}, false // "the Slovenian minister said"
			}
		}
		if a.governmentSpeaker(s, q) {
			// "\"There will be no ban on any vendor,\" a spokesman for the
			// prime minister said": the government the article is about
			if e := a.mainActor(); e != nil {
				return []*domain.Entity{e}, false
			}
		}
	}
	if nominalBans[s.word(f.at)] {
		if subj := a.nominalOwner(s, f.at); subj != nil {
			return []*domain.Entity{subj}, false
		}
	}
	if nominalBans[s.word(f.at)] && s.word(f.at+1) == "by" {
		// "a ban by Ottawa"
		if agents := a.actorsRight(s, f.at+1, 3, nil); len(agents) > 0 {
			return agents, false
		}
	}
	if f.pat != nil && f.class == cueConsider && s.mentionsIn(s.clauseStart(f.at), f.at) == 0 {
		// "a bill to exclude Huawei was voted down in Slovenia's parliament"
		if subj := a.anyActor(s, f.at); len(subj) > 0 {
			return subj, false
		}
	}
	if nominalBans[s.word(f.at)] && actParticiples[s.word(f.at+1)] && s.word(f.at+2) == "by" {
		// "the ban implemented by the government"
		if agents := a.actorsRight(s, f.at+2, 4, nil); len(agents) > 0 {
			return agents, false
		}
		if e := a.mainActor(); e != nil && s.anyIn(f.at+3, min(len(s.toks), f.at+6), stateBodies) {
			return []*domain.Entity{e}, false
		}
	}
	return nil, false
}

// nominalOwner returns the country a nominal stance belongs to when no
// actor precedes it: its possessor ("Norway's blacklisting of Hikvision"),
// the country it is in ("the ban on ZTE in Denmark"), or the owner of the
// networks it is from ("Huawei's exclusion from Sweden's 5G networks").
func (a *analyzer) nominalOwner(s *sentence, at int) *domain.Entity {
	isCountry := func(k int) bool {
		return k >= 0 && s.mentions[k].ent.Type == domain.Country && s.mentions[k].ent.Name != "China"
	}
	if s.word(at-1) == "'s" || s.word(at-1) == "'" {
		if k := s.mentionAt(at - 2); isCountry(k) {
			return s.mentions[k].ent
		}
	} else if s.word(at-1) != "the" {
		return nil // "a proposed ban", "a ban remains unlikely": not one that exists
	}
	end := min(s.clauseEnd(at), at+8)
	for j := at + 1; j < end; j++ {
		w := s.word(j)
		if w != "in" && w != "from" && w != "within" {
			continue
		}
		n := j + 1
		if s.word(n) == "the" {
			n++
		}
		if k := s.mentionAt(n); isCountry(k) && (w == "in" || s.word(s.mentions[k].last+1) == "'s") {
			return s.mentions[k].ent
		}
	}
	return nil
}

// draftActor returns actors, or when there are none and the text is about
// a measure in preparation whose content a hypothetical passive states
// ("Lenovo would also be excluded, it said"), the country the article is
// about.
func (a *analyzer) draftActor(s *sentence, at int, actors []*domain.Entity) []*domain.Entity {
	if len(actors) > 0 || !a.deliberating() || s.hasWord(max(0, at-4), at, "would", "could", "might") < 0 {
		return actors
	}
	if e := a.mainActor(); e != nil {
		return []*domain.Entity{e}
	}
	return nil
}

// gerundSubject reports whether the cue at i is a gerund opening a clause
// whose verb is a modal: "excluding Huawei would damage trade", "that
// banning ZTE could cost billions". The act is supposed, not done.
func (s *sentence) gerundSubject(i int) bool {
	if !strings.HasSuffix(s.word(i), "ing") {
		return false
	}
	if prev := s.word(i - 1); i != s.clauseStart(i) && prev != "that" && prev != "," && prev != "-" {
		return false
	}
	for j := i + 1; j < min(len(s.toks), i+9); j++ {
		switch s.word(j) {
		case "would", "could", "will", "might", "may", "can":
			return true
		case ",", ";", "that", "and":
			return false
		}
	}
	return false
}

// partOfNetwork reports whether [from,to) names a part of a network, the
// only place a vendor is kept out of: "critical parts of the network",
// "sensitive parts of its 5G network".
func (s *sentence) partOfNetwork(from, to int) bool {
	for j := max(from, 0); j < min(to, len(s.toks)); j++ {
		if (s.word(j) == "parts" || s.word(j) == "part") && networkPartAdjectives[s.word(j-1)] {
			return true
		}
	}
	return false
}

var networkPartAdjectives = lexicon.set("network_part_adjectives")

// restrictedAlready reports whether the article has already stated that
// one of f's subjects restricts one of its vendors: a ban it then stops
// short of leaves that restriction, it refuses nothing more.
func (a *analyzer) restrictedAlready(f *frame) bool {
	for _, x := range a.facts {
		if x.Relation != domain.Restricted || x.Modality != domain.Asserted {
			continue
		}
		for _, subj := range f.subjects {
			for _, t := range f.targets {
				if subj != nil && t != nil && x.Subject == subj.Name && x.Target == t.Name {
					return true
				}
			}
		}
	}
	return false
}

// nextComma returns the index of the first comma (or semicolon) after i, or
// the sentence's length.
func (s *sentence) nextComma(i int) int {
	for j := i + 1; j < len(s.toks); j++ {
		if w := s.word(j); w == "," || w == ";" {
			return j
		}
	}
	return len(s.toks)
}

// participleSubject returns the subject of the main clause when the cue
// at i is in a participle clause after it that names no actor of its own:
// "Finland met Swedish officials on Monday, saying it would ban ZTE" (it is
// Finland), "Finland joined Sweden in talks, adopting rules that ban ZTE".
// It returns nil otherwise.
func (a *analyzer) participleSubject(s *sentence, i int) []*domain.Entity {
	for j := i - 1; j > 0 && j >= i-14; j-- {
		if s.word(j) != "," {
			continue
		}
		if !participleVerbs[s.word(j+1)] {
			return nil
		}
		for k, m := range s.mentions {
			if m.first > j && m.first < i && a.roleOf(s, k) == roleActor {
				return nil // "saying Britain would ban ZTE": its own subject
			}
		}
		for k, m := range s.mentions {
			if m.first >= j {
				break
			}
			if a.roleOf(s, k) == roleActor && !functionWords[s.word(m.first-1)] && s.word(m.first-1) != "joined" {
				return a.coordinated(s, k, 1, false) // the first of "Bulgaria and North Macedonia"
			}
		}
		return nil
	}
	return nil
}

var participleVerbs = lexicon.set("participle_verbs")

// orderingGovernment returns the country that ordered the company subj
// to take the measure at i ("The Dutch government has ordered KPN, the
// largest operator, to keep Huawei out of the core"): a binding order
// makes the measure the government's. It returns nil when subj is no
// company or no country gave it such an order.
func (a *analyzer) orderingGovernment(s *sentence, subj []*domain.Entity, i int) []*domain.Entity {
	if len(subj) == 0 || subj[0].Type != domain.Company {
		return nil
	}
	to := i - 1 // the infinitive's "to", the last before the cue
	for to >= max(0, i-14) && s.word(to) != "to" {
		to--
	}
	if to < max(0, i-14) {
		return nil
	}
	for j := to - 1; j >= max(0, to-12); j-- {
		if !orderVerbs[s.word(j)] {
			continue
		}
		k := s.mentionAt(j + 1)
		if k < 0 || s.mentions[k].ent != subj[0] {
			return nil // the one ordered is not the company
		}
		if gov := a.actorsLeft(s, j, false); len(gov) > 0 && gov[0].Type == domain.Country {
			return gov
		}
		return nil
	}
	return nil
}

var orderVerbs = lexicon.set("order_verbs")

// ownInstitutions are the state's own bodies and staff, whom its advice
// binds as an order would (data/lexicon.yaml: own_institutions).
var ownInstitutions = lexicon.set("own_institutions")

// governmentSpeaker reports whether the speaker named after the quotation
// closed at q is a government's (a minister, a spokesman for the prime
// minister) that names no one else: no company, operator or country.
func (a *analyzer) governmentSpeaker(s *sentence, q int) bool {
	end := min(len(s.toks), q+10)
	if !s.anyIn(q+1, end, governmentSpeakers) {
		return false
	}
	for _, m := range s.mentions {
		if m.first > q && m.first < end {
			return false
		}
	}
	return true
}

// quotedSpeaker returns the closing quotation mark of a quotation that
// opens the sentence and holds token i, when a speech verb or its speaker
// follows it ("\"...,\" the minister said"), or -1.
func (s *sentence) quotedSpeaker(i int) int {
	if s.word(0) != "\"" {
		return -1
	}
	for j := 1; j < len(s.toks); j++ {
		if s.word(j) != "\"" {
			continue
		}
		if j < i || s.hasWord(j+1, min(len(s.toks), j+8), sayVerbs...) < 0 {
			return -1
		}
		return j
	}
	return -1
}

// labelCountry returns the country that labels a summary's line ("Sweden:
// Huawei and ZTE barred from 5G since 2020", "AUSTRALIA - Banned Huawei
// ..."), named by its name (a dateline's capital, "WASHINGTON -", labels
// nothing), or nil.
func (s *sentence) labelCountry() *domain.Entity {
	if len(s.mentions) == 0 {
		return nil
	}
	m := s.mentions[0]
	if w := s.word(m.last + 1); m.first != 0 || w != ":" && w != "-" || m.ent.Type != domain.Country || m.kind != kindName {
		return nil
	}
	return m.ent
}

// actorBeforeCue reports whether a country or organisation is named before
// the cue at i, other than as a modifier ("Chinese companies that could be
// barred include ..."): the clauses after the cue (a list's "which was
// fined by US regulators") do not name its actor.
func (a *analyzer) actorBeforeCue(s *sentence, i int) bool {
	for k, m := range s.mentions {
		if m.first >= i {
			break
		}
		if (m.ent.Type == domain.Country || m.ent.Type == domain.Organisation) && a.roleOf(s, k) != roleModifier {
			return true
		}
	}
	return false
}

// passiveAt reports whether the cue at i is a passive participle: "was
// pressed", "has been urged", "were effectively barred".
func (s *sentence) passiveAt(i int) bool {
	if !strings.HasSuffix(s.word(i), "ed") {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		w := s.word(j)
		if contains(beVerbs, w) {
			return true
		}
		if w != "effectively" && w != "also" && w != "now" && w != "already" && w != "being" && w != "reportedly" {
			return false
		}
	}
	return false
}

// permitsExclusion reports whether an allow cue ending at end permits
// someone to exclude ("allow the government to exclude Huawei") rather
// than a vendor in: its infinitive, before any vendor, is a ban or
// restriction cue.
func (s *sentence) permitsExclusion(end int) bool {
	for j := end + 1; j < min(len(s.toks), end+7); j++ {
		if k := s.at[j]; k >= 0 && s.mentions[k].ent.Type == domain.Company {
			return false
		}
		if s.word(j) == "to" {
			return s.cueIn(j+1, j+2, cueBan, cueRestrict)
		}
	}
	return false
}

// mentionsIn counts the mentions starting in [from,to).
func (s *sentence) mentionsIn(from, to int) int {
	n := 0
	for _, m := range s.mentions {
		if m.first >= from && m.first < to {
			n++
		}
	}
	return n
}

// linkedVendors finds the vendors a generic description after a cue is
// linked to later in the sentence: "aimed at", "directed against", "such
// as", "including" (data/lexicon.yaml: vendor_links).
func (a *analyzer) linkedVendors(s *sentence, from int) []*domain.Entity {
	for j := from + 1; j < len(s.toks); j++ {
		if n := s.linkAt(j, vendorLinks); n > 0 {
			if v := a.vendorsRight(s, j+n-1, 4); len(v) > 0 {
				return v
			}
		}
	}
	return nil
}

// linkAt returns the number of words of the phrase of index that starts
// at token j, or 0.
func (s *sentence) linkAt(j int, index map[string][]string) int {
	for _, p := range index[s.word(j)] {
		if s.phraseAt(j, p) {
			return strings.Count(p, " ") + 1
		}
	}
	return 0
}

// vendorLinks and listIntros, by first word: phrases that link a class to
// its named members ("a measure aimed at Huawei") and that introduce a list
// ("followed suit, including Sweden").
var (
	vendorLinks = phraseIndex(lexicon.list("vendor_links"), firstWord)
	listIntros  = phraseIndex(lexicon.list("list_intros"), firstWord)
)

func firstWord(ws []string) string { return ws[0] }

// ownedAct reports whether the nominal cue at i is owned by the country
// just before it: "the US ban", "Ottawa's ban", "the Dutch restrictions".
func (s *sentence) ownedAct(i int) bool {
	j := i - 1
	if s.word(j) == "'s" || s.word(j) == "'" {
		j--
	}
	for n := 0; n < 2 && j >= 0 && s.at[j] < 0; n++ {
		if w := s.word(j); w == "its" || w == "their" {
			return true // "Britain announced its own ban"
		}
		j-- // "the US original ban", "Trump's sweeping ban"
	}
	return j >= 0 && s.at[j] >= 0
}

// anyActor is the country a passive sentence is about: an actor named in it
// ("in the US"), else the last one named.
func (a *analyzer) anyActor(s *sentence, at int) []*domain.Entity {
	// the country of the cue's own clause first: "..., and Huawei was shut
	// out of a tender in Italy"
	from, to := s.clauseStart(at), s.clauseEnd(at)
	if j := s.hasWord(from, at, "and"); j >= 0 && s.word(j-1) == "," {
		from = j
	}
	for k := range s.mentions {
		m := s.mentions[k]
		if m.first >= from && m.last < to && m.ent.Name != "China" && (m.ent.Type == domain.Country || m.ent.Type == domain.Organisation) {
			return []*domain.Entity{m.ent}
		}
	}
	for k := range s.mentions {
		if a.roleOf(s, k) == roleActor && s.mentions[k].ent.Name != "China" {
			return []*domain.Entity{s.mentions[k].ent}
		}
	}
	// "it agreed with Deutsche Telekom that Huawei components will be
	// removed": the one who said or agreed it, named by a pronoun
	if t := s.hasWord(0, at, "that"); t > 0 {
		if v := s.hasWord(max(0, t-8), t, sayVerbs...); v >= 0 {
			if e := a.actorsLeft(s, v, false); len(e) > 0 && (e[0].Type == domain.Country || e[0].Type == domain.Organisation) && e[0].Name != "China" {
				return e[:1]
			}
		}
	}
	if a.lastActor != nil && s.hasWord(0, len(s.toks), "there") >= 0 {
		return []*domain.Entity{a.lastActor}
	}
	return nil
}

// fillPressure handles "X pressured/urged/pressed/warned Y".
func (a *analyzer) fillPressure(s *sentence, f *frame) {
	w := s.word(f.at)
	if s.negatedBefore(f.at) {
		// "had not been pressured by Washington", "has not urged": denied
		f.modality = domain.Denied
		f.cues = append(f.cues, "negated")
	}
	if f.pat != nil && f.pat.Objects == "inside" {
		// "asked the Brazilian government to exclude Huawei": the ones
		// asked; none (operators, reporters) is no pressure between states
		f.subjects = a.actorsLeft(s, f.at, false)
		for j := f.at + 1; j < f.end; j++ {
			if k := s.at[j]; k >= 0 {
				if e := s.mentions[k].ent; a.roleOf(s, k) == roleActor && (e.Type == domain.Country || e.Type == domain.Organisation) && !slices.Contains(f.subjects, e) {
					f.objects = append(f.objects, e)
				}
				j = s.mentions[k].last
			}
		}
		if len(f.subjects) > 0 && len(f.objects) > 0 {
			if f.modality == domain.Hypothetical {
				f.modality = domain.Asserted // the request is made, whatever it asks
			}
			a.emit(s, f, domain.Pressured)
		}
		return
	}
	if f.subjects == nil && s.passiveAt(f.at) {
		// "she was pressed by her British and French colleagues", "Italy
		// has been urged by Washington to": the agents press the passive's
		// subject
		if j := s.hasWord(f.end+1, s.clauseEnd(f.end), "by"); j >= 0 {
			if agents := a.actorsRight(s, j, 8, nil); len(agents) > 0 {
				f.subjects = agents
				f.objects = a.actorsLeft(s, f.at, false)
				if len(f.objects) > 0 {
					if f.modality == domain.Hypothetical {
						f.modality = domain.Asserted
					}
					f.cues = append(f.cues, "passive")
					a.emit(s, f, domain.Pressured)
				}
				return
			}
		}
	}
	if f.subjects == nil && (s.word(f.end+1) == "from" || s.word(f.end+1) == "by") {
		// "a warning from the U.S. ambassador", "lobbying by Washington"
		for j := f.end + 2; j < min(len(s.toks), f.end+6); j++ {
			if k := s.at[j]; k >= 0 && a.roleOf(s, k) == roleActor {
				f.subjects = []*domain.Entity{s.mentions[k].ent}
				break
			}
		}
		if len(f.subjects) > 0 {
			f.objects = a.actorsRight(s, f.end+2, 40, f.subjects[0])
			if len(f.objects) == 0 {
				f.objects = a.actorsLeft(s, f.at, false)
			}
			if f.modality == domain.Hypothetical {
				f.modality = domain.Asserted
			}
			a.emit(s, f, domain.Pressured)
			return
		}
	}
	if f.subjects == nil && s.word(f.at-1) == "to" && possessivePronouns[s.word(f.end+1)] {
		// "U.S. officials have visited Poland and Hungary to press their
		// governments": the first actor presses the countries after it
		var main *domain.Entity
		var pressed []*domain.Entity
		for k, m := range s.mentions {
			if m.first >= f.at {
				break
			}
			if a.roleOf(s, k) != roleActor || m.ent.Type != domain.Country && m.ent.Type != domain.Organisation {
				continue
			}
			if main == nil {
				main = m.ent
			} else if m.ent != main {
				pressed = append(pressed, m.ent)
			}
		}
		if main != nil && len(pressed) > 0 {
			f.subjects, f.objects = []*domain.Entity{main}, dedupEnts(pressed)
			if f.modality == domain.Hypothetical {
				f.modality = domain.Asserted // the visit's purpose, stated
			}
			a.emit(s, f, domain.Pressured)
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
				f.subjects = []*domain.Entity{s.mentions[k].ent}
				break
			}
		}
	}
	if f.subjects == nil {
		// "U.S. pressure", "American pressure": the modifier pressures.
		if w == "pressure" && f.at > 0 && s.at[f.at-1] >= 0 {
			f.subjects = []*domain.Entity{s.mentions[s.at[f.at-1]].ent}
		} else {
			f.subjects = a.actorsLeft(s, f.at, false)
		}
	}
	var subj *domain.Entity
	if len(f.subjects) > 0 {
		subj = f.subjects[0]
	}
	if w == "pressure" && s.word(f.end+1) == "on" {
		f.objects = a.actorsRight(s, f.end+1, 12, subj)
	} else if w == "pressure" && s.word(f.end+1) == "to" && f.at > 0 && s.at[f.at-1] >= 0 {
		// "a move that follows US pressure to limit sales to China": the one
		// pressed is the clause's subject, not a country in the content
		f.objects = a.actorsLeft(s, s.mentions[s.at[f.at-1]].first, false)
	} else if w == "pressure" && s.word(f.at-2) == "amid" || f.cues[0] == "X calls to" {
		// "Amid U.S. pressure, Italy has ...": the main clause's subject.
		f.objects = a.actorsRight(s, f.end, 40, subj)
		if f.cues[0] == "X calls to" {
			f.objects = a.actorsLeft(s, f.at-1, false)
			if len(f.objects) > 0 && len(f.subjects) > 0 && f.objects[0] == f.subjects[0] {
				f.objects = nil
				for j := s.mentions[s.at[f.at-1]].first - 1; j >= 0; j-- {
					if k := s.at[j]; k >= 0 && a.roleOf(s, k) == roleActor {
						f.objects = []*domain.Entity{s.mentions[k].ent}
						break
					}
				}
			}
		}
	} else if !nonCountryObjects[s.word(f.end+1)] {
		f.objects = a.actorsRight(s, f.end, 12, subj) // not "warning them about ... China"
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
				f.objects = []*domain.Entity{m.ent}
				break
			}
		}
	}
	if len(f.objects) == 0 && (s.word(f.end+1) == "him" || s.word(f.end+1) == "her") {
		// "Brazil's minister said US officials had pressed him": the
		// official named earlier in the sentence, for his country
		for k := range s.mentions {
			if m := s.mentions[k]; m.first < f.at && m.ent.Type == domain.Country && (subj == nil || m.ent != subj) && a.roleOf(s, k) != roleVendor {
				f.objects = []*domain.Entity{m.ent}
				break
			}
		}
	}
	if len(f.objects) == 0 && w == "pressure" {
		return
	}
	if f.modality == domain.Hypothetical {
		f.modality = domain.Asserted // "warned that X would ..." is still pressure
	}
	a.emit(s, f, domain.Pressured)
}

// fillResisted handles pressure met by the one pressed: "Portugal pushed
// back against the US government's lobbying" (shape resisted: the one
// pressed also declines to ban), "Despite pressure from Washington, Hungary
// welcomed Huawei" (shape despite: its stance is read from the rest of the
// sentence).
func (a *analyzer) fillResisted(s *sentence, f *frame) {
	if f.pat.Shape == "resisted" && s.negatedBefore(f.at) {
		return // "did not resist the pressure" (a "despite" phrase takes no negation: "will not exclude, despite ...")
	}
	if f.pat.Shape == "urging" && !s.stanceAround(f) {
		return // "arrested at the behest of the US": no stance was urged
	}
	// who pressed: named in the phrase ("the US government's lobbying",
	// "American pressure") or after it ("pressure from Washington")
	var presser *domain.Entity
	for j := f.at; j <= min(len(s.toks)-1, f.end+4); j++ {
		if k := s.at[j]; k >= 0 {
			if e := s.mentions[k].ent; e.Type == domain.Country || e.Type == domain.Organisation {
				presser = e
				break
			}
			j = s.mentions[k].last
		}
		if w := s.word(j); j > f.end && w != "from" && w != "by" && w != "of" && w != "the" && w != "raised" && w != "voiced" && w != "expressed" {
			break // "concerns raised by EU officials"
		}
	}
	if presser == nil {
		if f.pat.Shape == "resisted" {
			a.refusedDemand(s, f)
		}
		return
	}
	last := f.end
	if k := s.at[min(len(s.toks)-1, f.end+2)]; k >= 0 && s.word(f.end+1) == "from" {
		last = s.mentions[k].last
	}
	pressed := a.actorsLeft(s, f.at, false)
	if len(pressed) == 0 && s.word(f.at-1) == "," {
		// "Serbia signed a deal with Huawei, brushing aside concerns raised by
		// EU officials": the main clause's subject
		for k := range s.mentions {
			if m := s.mentions[k]; m.first < f.at && m.ent != presser && a.roleOf(s, k) == roleActor {
				pressed = []*domain.Entity{m.ent}
				break
			}
		}
	}
	if len(pressed) == 0 || pressed[0] == presser {
		pressed = a.actorsRight(s, last, 12, presser)
	}
	if len(pressed) == 0 {
		return
	}
	if v := a.mainVendor(); pressed[0].Name == "China" && v != nil && a.g.chinese[v.Name] {
		return // "China has dismissed the concerns raised by the US": the vendor's own country, not one pressed about it
	}
	a.emitPressure(s, f, []*domain.Entity{presser}, pressed)
	if f.pat.Shape != "resisted" || s.hasWord(last+1, last+3, "to") >= 0 && !a.pressureAboutVendor(s, f.at, last) {
		return // "resisted US pressure to stop ASML's sales": pressure about something else
	}
	a.emitRefusal(s, f, pressed, last)
}

// emitRefusal emits that the ones pressed by the phrase of f, ending at
// last, decline the ban it demands: of the vendors after it, or of the
// article's vendor.
func (a *analyzer) emitRefusal(s *sentence, f *frame, pressed []*domain.Entity, last int) {
	g := *f
	g.subjects, g.objects = pressed, nil
	g.targets = a.vendorsRight(s, last, 12)
	if len(g.targets) == 0 {
		if v := a.mainVendor(); v != nil {
			g.targets = []*domain.Entity{v}
		}
	}
	g.cues = append(append([]string(nil), f.cues...), "refused")
	a.emit(s, &g, domain.DeclinedToBan)
}

// weighedWhether reports whether the cue at i is the act a government
// weighs in a question with a modal: "is investigating whether it can ban",
// "is studying whether the country should exclude" (data/lexicon.yaml:
// whether_openers, whether_modals). Not "it is unclear whether it will
// ban": the writer's doubt weighs nothing.
func (s *sentence) weighedWhether(i int) bool {
	if !whetherModals[s.word(i-1)] {
		return false
	}
	w := s.hasWord(max(s.clauseStart(i), i-6), i-1, "whether")
	if w < 0 {
		return false
	}
	for j := max(0, w-3); j < w; j++ {
		if whetherOpeners[s.word(j)] || deliberationSet[s.word(j)] {
			return true
		}
	}
	return false
}

// stanceAround reports whether a stance on a vendor is taken between the
// commas around the phrase of f, or after the comma that ends it when the
// phrase opens the sentence ("At the urging of Washington, Romania
// approved a draft law that would bar ..."): what was done at someone's
// urging.
func (s *sentence) stanceAround(f *frame) bool {
	stop := func(w string) bool { return w == "," || w == ";" || w == ":" || w == "-" || w == "(" || w == ")" }
	from := f.at
	for from > 0 && !stop(s.word(from-1)) {
		from--
	}
	to := f.end + 1
	for to < len(s.toks) && !stop(s.word(to)) {
		to++
	}
	if from == f.at && s.word(to) == "," {
		for to++; to < len(s.toks) && !stop(s.word(to)); to++ {
		}
	}
	return s.cueIn(from, to, cueBan, cueRestrict, cueConsider, cueDecline, cueAllow, cueVeto)
}

// refusedDemand handles a demand resisted whose makers are no country
// ("Merkel resisted calls from lawmakers in her own party to exclude the
// company"): the one who resists declines the ban demanded, when the
// demand is for a ban.
func (a *analyzer) refusedDemand(s *sentence, f *frame) {
	end := min(s.clauseEnd(f.end), f.end+10)
	if !s.cueIn(f.end+1, end, cueBan, cueRestrict) {
		return // "resisted calls for higher wages"
	}
	pressed := a.actorsLeft(s, f.at, false)
	if len(pressed) == 0 {
		return
	}
	a.emitRefusal(s, f, pressed, f.end)
}

// pressureAboutVendor reports whether the pressure phrase in [at,last] is
// about a vendor or a ban: a vendor named in or right after it ("warnings
// about Huawei", "lobbying against the company") or a ban after it
// ("pressure to exclude"). Pressure whose content is stated and is neither
// is about something else; pressure with no content stated, in an article
// about a vendor, is about the vendor.
func (a *analyzer) pressureAboutVendor(s *sentence, at, last int) bool {
	end := min(s.clauseEnd(last), last+10)
	if s.cueIn(last+1, end, cueBan, cueRestrict) || s.anyIn(last+1, end, banNouns) {
		return true
	}
	for k, m := range s.mentions {
		if m.first >= at-3 && m.first < end && a.roleOf(s, k) == roleVendor {
			return true
		}
	}
	return len(a.vendorsRight(s, last, 6)) > 0
}

// fillEnvoys handles envoys sent to press others ("The State Department has
// sent envoys to Brazil, Chile and Colombia to warn officials against using
// Huawei"): the sender presses the countries the envoys go to, when a
// pressure cue says what they went for.
func (a *analyzer) fillEnvoys(s *sentence, f *frame) {
	if !s.cueIn(f.end+1, len(s.toks), cuePressure) {
		return // envoys sent to a summit: no pressure stated
	}
	senders := a.actorsLeft(s, f.at, false)
	if len(senders) == 0 {
		return
	}
	hosts := a.actorsRight(s, f.end, 6, senders[0])
	if len(hosts) == 0 {
		return
	}
	a.emitPressure(s, f, senders, hosts)
}

// fillLifted handles a measure lifted: "The Commerce Department lifted its
// ban on American companies selling parts to ZTE". The country now allows
// the vendor, and had the measure the sentence names until then: a ban
// (banned) or restrictions, sanctions, curbs (restricted).
func (a *analyzer) fillLifted(s *sentence, f *frame) {
	if s.negatedBefore(f.at) {
		return // "has not lifted its ban": the ban stands, said elsewhere
	}
	f.subjects, _ = a.stanceSubjects(s, f)
	f.targets = a.vendorsRight(s, f.end, 12)
	if len(f.subjects) == 0 || len(f.targets) == 0 {
		return
	}
	a.emit(s, f, domain.Allowed)
	before := domain.Restricted
	if w := s.word(f.end); w == "ban" || w == "bans" || w == "prohibition" {
		before = domain.Banned
	}
	g := *f
	g.cues = append(append([]string(nil), f.cues...), "until lifted")
	a.emit(s, &g, before)
}

// fillVisit handles concerns raised on a visit ("raised during a visit by
// the FCC chair to Qatar, Oman and Bahrain"): the visitor's country presses
// the countries visited.
func (a *analyzer) fillVisit(s *sentence, f *frame) {
	by := s.hasWord(f.at, f.end, "by")
	if by < 0 {
		return
	}
	var visitor *domain.Entity
	for j := by + 1; j < f.end; j++ {
		if k := s.at[j]; k >= 0 {
			if e := s.mentions[k].ent; e.Type == domain.Country || e.Type == domain.Organisation {
				visitor = e
			}
			break
		}
	}
	if visitor == nil {
		return
	}
	hosts := a.actorsRight(s, f.end, 6, visitor)
	if len(hosts) == 0 {
		return
	}
	a.emitPressure(s, f, []*domain.Entity{visitor}, hosts)
}

// emitPressure emits f as pressure by pressers on pressed; a stated act of
// pressure is asserted even when what it urges is hypothetical.
func (a *analyzer) emitPressure(s *sentence, f *frame, pressers, pressed []*domain.Entity) {
	if f.modality == domain.Hypothetical {
		f.modality = domain.Asserted
	}
	f.subjects, f.objects = pressers, pressed
	a.emit(s, f, domain.Pressured)
}

// fillVeto handles "X vetoed/blocked a deal between A and B".
func (a *analyzer) fillVeto(s *sentence, f *frame) {
	f.subjects = a.actorsLeft(s, f.at, false)
	end := s.clauseEnd(f.at)
	from := f.at + 1
	if w := s.word(f.at); w == "that" || w == "which" {
		// "a contract between Fastweb and ZTE that it had blocked": the deal
		// is named before the relative clause
		if d := s.hasWord(max(0, f.at-10), f.at, dealNouns...); d >= 0 {
			from, end = d, f.at
		} // else "Italy, which vetoed several contracts": the deal follows
	}
	noun := "deal"
	if d := s.hasWord(from, end, dealNouns...); d >= 0 {
		noun = s.word(d)
		if noun == "operation" {
			noun = "deal"
		}
	}
	var companies []*domain.Entity
	for j := from; j < end; j++ {
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
			f.targets = []*domain.Entity{c}
			break
		}
	}
	if len(f.targets) == 0 && len(a.lastVendors) > 0 {
		f.targets = a.lastVendors[:1]
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
	if f.modality == domain.Hypothetical || a.contentOfPressure(s, f.at) {
		return // "urged Rome to veto the deal": what was urged, not done
	}
	if s.hasWord(f.at-3, f.at, expectationWords...) >= 0 {
		return // "is expected to veto the deal": not done yet
	}
	if s.negatedBefore(f.at) || s.declinedBefore(f.at) {
		f.cues = append(f.cues, "negated")
		if k := s.at[min(f.end+1, len(s.toks)-1)]; k >= 0 && f.end+1 < len(s.toks) && a.roleOf(s, k) == roleVendor && len(f.targets) > 0 && s.mentions[k].ent == f.targets[0] {
			// "does not plan to veto Huawei": the vendor, no deal, is refused a ban
			f.modality = domain.Asserted
			a.emit(s, f, domain.DeclinedToBan)
			return
		}
		f.modality = domain.Denied // "did not veto the deal", "refused to block the takeover"
	}
	a.emit(s, f, domain.Vetoed)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// reviewDone reports whether the consider cue at i names a review that is
// over: "follows a review", "after a lengthy review", "the outcome of the
// review".
func (s *sentence) reviewDone(i int) bool {
	j := s.skipBack(i, func(w string) bool {
		return reviewModifiers[w] || len(w) > 1 && strings.Contains(w, "-") // "after a three-year review"
	}, 3) - 1
	if j == i-1 && !strings.HasSuffix(s.word(i), "review") && !strings.HasSuffix(s.word(i), "reviews") {
		return false // "after reviewing": a verb, not a review named
	}
	w := s.word(j)
	return reviewDoneMarkers[w] || w == "of" && reviewDoneNouns[s.word(j-1)]
}

// topicOfQuestion reports whether the noun at i is what a question put to
// someone is about ("Asked about American pressure, Owalo said"): the
// question asserts nothing (data/lexicon.yaml: question_topics).
func (s *sentence) topicOfQuestion(i int) bool {
	for _, p := range questionTopics {
		if j := s.findPhrase(i-7, i, p); j >= 0 && !s.cueIn(j, i, cuePressure) {
			return true
		}
	}
	return false
}
