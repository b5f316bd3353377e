package extract

import (
	"sort"
	"strings"

	"github.com/policygraph/policygraph/domain"
)

// role is how a mention takes part in a sentence.
type role int

// roleUnknown marks a role not worked out yet in sentence.roles, which
// stores role+1.
const roleUnknown role = 0

const (
	roleNone     role = iota
	roleActor         // a country or organisation (or one acting for it)
	roleVendor        // a vendor a stance can be about
	roleCompany       // another company (operators)
	roleModifier      // "China's" in "China's Huawei", "Italian" in "Italian firm"
)

// analyzer holds what an article has said so far: the entities pronouns and
// definite descriptions refer to.
type analyzer struct {
	g           *Gazetteer
	doc         Document
	lastActor   *domain.Entity
	lastVendors []*domain.Entity
	lastChinese []*domain.Entity // the last Chinese vendors named
	seenChinese []*domain.Entity // every Chinese vendor named so far, most recent first
	vendorCount map[string]int
	actorCount  map[string]int // countries acting, by name: the article's main country
	lastSubject *domain.Entity // the first country acting in the last sentence that named one
	facts       []domain.Fact
	// the stances taken so far, for "followed suit" and "followed X's lead"
	lastStance *stanceRef
	officials  map[string]*domain.Entity // names introduced with a country and a title
	// the article denies reports ("denied reports that"): the reports it
	// relays are not asserted
	reportsDenied bool
	stanceOf      map[string]*stanceRef // by subject name
	// sentences analysed, and the last one about a measure in preparation
	// (a draft, a bill, a review): see deliberating
	sentNo, draftAt int
	// countries the article says pressed others about a vendor: "follow
	// the US' lead" then means excluding it
	pressers map[string]bool
	// stances about a class of products, waiting for their makers (classes.go)
	pending []pendingStance
	// the last countries named together ("Chile, Peru and Ecuador", or a
	// list of countries line by line): what "these governments" refers to
	lastGroup []*domain.Entity
	// the vendors of the last ban urged on a government, and its sentence:
	// what "examine the proposal" weighs
	proposed   []*domain.Entity
	proposedAt int
	// the stances the last question asked about, and its sentence (questions.go)
	asked   []domain.Fact
	askedAt int
	// per-article buffers the sentences' slices are carved from
	low     string // asciiLower of the whole text
	tokBuf  []token
	boolBuf []bool
	cueBuf  []cueClass
	intBuf  []int
}

// carve returns n zeroed elements from the end of *buf, growing it in
// chunks, so that an article's sentences share few allocations.
func carve[T any](buf *[]T, n int) []T {
	if cap(*buf)-len(*buf) < n {
		*buf = make([]T, 0, max(n, 1024))
	}
	l := len(*buf)
	*buf = (*buf)[:l+n]
	s := (*buf)[l : l+n : l+n]
	clear(s) // a buffer kept from the last article is not zeroed
	return s
}

// frame is one cue found in a sentence, with its role fillers.
type frame struct {
	class      cueClass
	at, end    int // cue tokens
	negated    bool
	modality   domain.Modality
	confidence float64
	cues       []string
	subjects   []*domain.Entity
	targets    []*domain.Entity
	objects    []*domain.Entity
	deal       string
	passive    bool
	rel        domain.Relation // preset by a stance by reference (follow.go)
	pat        *pattern        // the slot pattern that made the frame, if any
}

func (a *analyzer) prepare(text string, sp span) *sentence {
	s := &sentence{text: text[sp.start:sp.end], start: sp.start}
	s.low = a.low[sp.start:sp.end]
	n0 := len(a.tokBuf)
	a.tokBuf = tokenize(a.tokBuf, s.text, s.low, sp.start)
	s.toks = a.tokBuf[n0:len(a.tokBuf):len(a.tokBuf)]
	a.g.annotate(s.toks)
	s.mentions = a.g.find(s.toks)
	s.reportAt, s.relayedAt = len(s.toks), len(s.toks)
	for i := range s.toks {
		if w := s.toks[i].norm; (w == "reports" || w == "report") && (reportDeniers[s.word(i-1)] || reportDeniers[s.word(i-2)]) &&
			s.hasIn(max(0, i-6), i, negationSet) < 0 {
			// not "did not confirm or deny the reports"
			a.reportsDenied = true // the reports the article relays are not asserted
		}
		if l := s.toks[i].lex; l == nil || !l.report {
			continue
		}
		for _, m := range reportMarkersAt[s.toks[i].norm] {
			if s.phraseAt(i, m) && !(m == "reports that" && s.hasWord(i-2, i, "heels", "denied") >= 0) {
				s.reportAt = min(s.reportAt, i)
			}
		}
		for _, m := range relayedMarkersAt[s.toks[i].norm] {
			if s.phraseAt(i, m) && s.hasWord(i-2, i, "denied", "denies", "deny", "dismissed") < 0 {
				s.relayedAt = min(s.relayedAt, i)
			}
		}
	}
	nt := len(s.toks)
	s.bound = carve(&a.boolBuf, nt)
	s.cue = carve(&a.cueBuf, nt)
	s.at = carve(&a.intBuf, nt)
	for i := range s.toks {
		s.bound[i] = s.boundary(i)
		if l := s.toks[i].lex; l != nil {
			s.cue[i] = l.cue
			s.lastWords |= l.lastOf
			s.titled = s.titled || l.title
		}
		s.at[i] = -1
	}
	pairDashes(s)
	for k, m := range s.mentions {
		for i := m.first; i <= m.last; i++ {
			s.at[i] = k
		}
	}
	a.introduceOfficials(s)
	// An official or agency introduced with a country ("Belgium's National
	// Security Council", "Italian Foreign Minister ...") acts for that country.
	for k := range s.mentions {
		m := &s.mentions[k]
		if m.kind != kindAgency && m.kind != kindPerson {
			continue
		}
		for j := k - 1; j >= 0 && j >= k-2; j-- {
			p := s.mentions[j]
			if p.ent.Type != domain.Country && p.ent.Type != domain.Organisation {
				continue
			}
			gap := m.first - p.last - 1
			if gap > 4 || !(p.kind == kindDemonym || s.word(p.last+1) == "'s") {
				continue
			}
			titled := true // only titles between: "Italian Foreign Minister Luigi Di Maio"
			for i := p.last + 1; i < m.first; i++ {
				if t := s.toks[i]; t.norm != "'s" && !t.upper && !govNouns[t.norm] {
					titled = false
				}
			}
			if titled {
				m.ent = p.ent
				break
			}
		}
	}
	s.roles = nil // worked out from the final mentions
	return s
}

// pairDashes makes a parenthesis set off by a pair of dashes ("Other
// countries – such as India and Canada – are considering") part of the
// clause around it, so that the list inside can be the clause's subject.
// A lone dash still ends a clause.
func pairDashes(s *sentence) {
	open := -1
	for i := range s.toks {
		if s.toks[i].norm != "-" || s.toks[i].word {
			continue
		}
		if open < 0 {
			open = i
			continue
		}
		if i-open <= 12 {
			s.bound[open], s.bound[i] = false, false
		}
		open = -1
	}
}

// roleOf says how mention k takes part in s.
func (a *analyzer) roleOf(s *sentence, k int) role {
	if len(s.roles) != len(s.mentions) {
		s.roles = make([]role, len(s.mentions)) // the mentions changed: forget the roles
	}
	if r := s.roles[k]; r != roleUnknown {
		return r - 1
	}
	r := a.roleOfMention(s, k)
	s.roles[k] = r + 1
	return r
}

// roleOfMention works out roleOf; roleOf remembers it per sentence.
func (a *analyzer) roleOfMention(s *sentence, k int) role {
	m := s.mentions[k]
	switch m.ent.Type {
	case domain.Company:
		if s.word(m.last+1) == "'s" && notTheVendor[s.word(m.last+2)] {
			return roleModifier // "Huawei's rival", "Huawei's founder"
		}
		if a.g.IsVendor(m.ent.Name) {
			return roleVendor
		}
		return roleCompany
	}
	next := s.word(m.last + 1)
	if next == "'s" {
		// "China's Huawei", "the bloc's largest economy": a modifier;
		// "Italy's industry minister", "Sweden's regulator": the country acts.
		for i := m.last + 2; i <= m.last+4 && i < len(s.toks); i++ {
			if s.at[i] >= 0 || i == m.last+4 && s.toks[i-1].upper {
				return roleModifier // an agency or company carries the country
			}
			if govNouns[s.word(i)] || actNouns[s.word(i)] || pressureNouns[s.word(i)] {
				return roleActor // "Sweden's regulator", "Trump's plans to bar", "Ottawa's ban", "Washington's warnings"
			}
		}
		return roleModifier
	}
	if (m.kind == kindName || m.kind == kindSeat) && (next == "'" || actNouns[next] && s.word(m.first-1) == "the") {
		// "the US' decision", "the U.S. ban", "the Dutch move" (demonyms below)
		if next != "'" || actNouns[s.word(m.last+2)] || govNouns[s.word(m.last+2)] {
			return roleActor
		}
	}
	if m.kind == kindDemonym {
		if (next == "and" || next == "or" || next == ",") && k+1 < len(s.mentions) && s.mentions[k+1].kind == kindDemonym &&
			s.mentions[k+1].first <= m.last+2 && a.roleOf(s, k+1) == roleActor {
			return roleActor // "his American and Australian counterparts"
		}
		for i := m.last + 1; i <= m.last+2 && i < len(s.toks); i++ {
			if govNouns[s.word(i)] || i == m.last+1 && actNouns[s.word(i)] {
				return roleActor
			}
		}
		// "the Swedish Post and Telecom Authority": a named public body
		for i := m.last + 1; i <= m.last+6 && i < len(s.toks); i++ {
			t := s.toks[i]
			if t.upper && institutionNouns[t.norm] {
				return roleActor
			}
			if !t.upper && t.norm != "and" && t.norm != "of" && t.norm != "for" {
				break
			}
		}
		return roleModifier
	}
	if m.kind == kindName && modifierNouns[next] {
		return roleModifier // "a U.S. ally", "U.S. firms"
	}
	if m.ent.Name == "China" && k+1 < len(s.mentions) && s.mentions[k+1].first == m.last+1 && s.mentions[k+1].ent.Type == domain.Company {
		return roleModifier
	}
	return roleActor
}

// notTheVendor are what a vendor's possessive may name that is not the
// vendor: "Huawei's rival", "Huawei's founder".
var notTheVendor = lexicon.set("not_the_vendor")

// actNouns name a government's act; the country owning one acts: "Trump's
// plans to bar", "the U.S. ban", "the Dutch decision".
var (
	actNouns      = lexicon.set("act_nouns")
	pressureNouns = lexicon.set("pressure_nouns") // "Washington's warnings": the country presses
)

// modifierNouns after a country's name make it a modifier, not an actor.
var modifierNouns = lexicon.set("modifier_nouns")

// diplomatic nouns place their holder in a country that is not theirs:
// "the U.S. ambassador in Berlin".
var diplomatic = lexicon.set("diplomatic")

// locatedNouns are things located in a country: "operators in Germany".
var locatedNouns = lexicon.set("located_nouns")

// isLocation reports whether mention k names a place rather than an actor:
// "outside the European Union", "a visit to Warsaw", "the ambassador in Berlin".
func (a *analyzer) isLocation(s *sentence, k int) bool {
	m := s.mentions[k]
	j := m.first - 1
	if s.word(j) == "the" {
		j--
	}
	switch p := s.word(j); p {
	case "to", "with", "against", "from", "into", "outside", "inside", "within", "beyond", "across", "than", "toward", "towards", "between":
		return !(p == "to" && notPlaceBeforeTo[s.word(j-1)]) // "closer to", "in addition to"
	case "in", "at":
		// "the ambassador in Berlin", "a visit to", "companies operating in
		// Italy", "operators in Germany": a place, not the actor
		prev := s.word(j - 1)
		return diplomatic[prev] || prev == "visit" || prev == "visits" || locatedNouns[prev] ||
			len(prev) > 4 && strings.HasSuffix(prev, "ing") && !s.toks[j-1].upper
	}
	// part of a list after such a preposition: "outside the EU, NATO or the
	// OECD"; not a new clause's subject after a comma ("from Washington,
	// Hungary has")
	if after := s.word(s.mentions[k].last + 1); after != "," && after != "and" && after != "or" {
		gap := s.toks[max(0, m.first-3):m.first]
		conj := false
		for _, t := range gap {
			conj = conj || t.norm == "and" || t.norm == "or"
		}
		if !conj {
			return false
		}
	}
	for q := k - 1; q >= 0; q-- {
		prev := s.mentions[q]
		gap := s.toks[prev.last+1 : m.first]
		ok := true
		for _, t := range gap {
			if t.norm != "," && t.norm != "and" && t.norm != "or" && t.norm != "the" {
				ok = false
			}
		}
		if !ok {
			return false
		}
		if a.isLocation(s, q) {
			return true
		}
		m = prev
	}
	return false
}

// observe updates what pronouns refer to after a sentence.
func (a *analyzer) observe(s *sentence) {
	var vendors, countries []*domain.Entity
	subject := false
	for k, m := range s.mentions {
		switch a.roleOf(s, k) {
		case roleActor:
			if a.isLocation(s, k) {
				continue
			}
			if m.ent.Type == domain.Country && m.ent.Name != "China" {
				countries = append(countries, m.ent)
			}
			if m.ent.Type == domain.Country && m.ent.Name != "China" || m.ent.Type == domain.Organisation {
				a.lastActor = m.ent
				if !subject && m.ent.Type == domain.Country {
					a.lastSubject, subject = m.ent, true
				}
			}
		case roleVendor:
			vendors = append(vendors, m.ent)
		}
	}
	if countries = dedupEnts(countries); len(countries) > 1 {
		a.lastGroup = countries // "these governments" in a later sentence
	}
	if len(vendors) > 0 {
		a.lastVendors = dedupEnts(vendors)
		var chinese []*domain.Entity
		for _, v := range a.lastVendors {
			if a.g.chinese[v.Name] {
				chinese = append(chinese, v)
			}
		}
		if len(chinese) > 0 {
			a.lastChinese = chinese
			a.seenChinese = dedupEnts(append(append([]*domain.Entity(nil), chinese...), a.seenChinese...))
		}
	}
}

func dedupEnts(in []*domain.Entity) []*domain.Entity {
	out := make([]*domain.Entity, 0, len(in))
outer:
	for _, e := range in {
		if e == nil {
			continue
		}
		for _, o := range out {
			if o.Name == e.Name {
				continue outer
			}
		}
		out = append(out, e)
	}
	return out
}

// entityID is e's identifier, computed once by the gazetteer.
func entityID(e *domain.Entity) string {
	if e.ID != "" {
		return e.ID
	}
	return domain.EntityID(e.Name)
}

// mainActor is the country a state body or measure with no country named
// ("the regulator", "the bill") acts for: the first country acting in the
// last sentence that named one (usually its subject), else the one most
// often named acting, else the last actor.
func (a *analyzer) mainActor() *domain.Entity {
	if a.lastSubject != nil {
		return a.lastSubject // the country the text has just been about
	}
	best, n := "", 0
	for name, c := range a.actorCount {
		if c > n || c == n && a.lastActor != nil && name == a.lastActor.Name {
			best, n = name, c
		}
	}
	if best == "" {
		return a.lastActor
	}
	return a.g.Entity(best)
}

// mainVendor is the vendor the article's stance questions are about: the
// most named of the vendors whose exclusion is debated (the gazetteer's
// `chinese` flag), else the most named vendor. "Operators chose Ericsson
// and Nokia; the government never excluded any company" is about Huawei.
func (a *analyzer) mainVendor() *domain.Entity {
	best, n, bestDebated := "", 0, false
	for name, c := range a.vendorCount {
		debated := a.g.chinese[name]
		if debated && !bestDebated || debated == bestDebated && (c > n || c == n && name < best) {
			best, n, bestDebated = name, c, debated
		}
	}
	if best == "" {
		return nil
	}
	return a.g.Entity(best)
}

// clauseStart returns the first token of the clause containing i.
func (s *sentence) clauseStart(i int) int {
	if s.cstart == nil && s.bound != nil {
		s.clauseBounds()
	}
	if i >= 0 && i < len(s.cstart) {
		return s.cstart[i]
	}
	for j := i - 1; j >= 0; j-- {
		if s.isBoundary(j) {
			return j + 1
		}
	}
	return 0
}

// clauseBounds works out clauseStart and clauseEnd of every token once, the
// first time a cue of the sentence asks (most sentences have none): cues
// ask for them often, in loops.
func (s *sentence) clauseBounds() {
	nt := len(s.toks)
	b := make([]int, 2*nt)
	s.cstart, s.cend = b[:nt:nt], b[nt:]
	for i, cur := 0, 0; i < nt; i++ {
		s.cstart[i] = cur
		if s.bound[i] {
			cur = i + 1
		}
	}
	for i, cur := nt-1, nt; i >= 0; i-- {
		s.cend[i] = cur
		if s.bound[i] {
			cur = i
		}
	}
}

// clauseEnd returns the token after the clause containing i.
func (s *sentence) clauseEnd(i int) int {
	if s.cstart == nil && s.bound != nil {
		s.clauseBounds()
	}
	if i >= 0 && i < len(s.cend) {
		return s.cend[i]
	}
	for j := i + 1; j < len(s.toks); j++ {
		if s.isBoundary(j) {
			return j
		}
	}
	return len(s.toks)
}

// actorsLeft finds the subject of a cue at index i: the nearest actor
// mention to its left in the clause, extended over coordination ("the United
// States, Australia and New Zealand"), else a subject pronoun.
func (a *analyzer) actorsLeft(s *sentence, i int, allowCompany bool) []*domain.Entity {
	from := s.clauseStart(i)
	relBefore := false
	for j := i - 1; j >= from; j-- {
		k := s.at[j]
		if k < 0 {
			if e := a.governmentPhraseAt(s, j, from); e != nil {
				// "The company's gear remains, and the government has said
				// it sees no reason to remove it": the nearer subject
				return []*domain.Entity{e}
			}
			if w := s.word(j); (w == "which" || w == "who") && s.word(j-1) == "," {
				relBefore = true // the antecedent of "which" is the subject
			}
			if genericSubjects[s.word(j)] && !relBefore {
				// "Greece was one of a few countries that defied the
				// pressure": the subject of "was one of"
				q := s.findPhrase(max(from, j-6), j, "one of")
				if q < 0 {
					q = s.hasWord(max(from, j-4), j, "among")
				}
				if q >= 2 && contains(beVerbs, s.word(q-1)) {
					// "Romania is among the countries that have banned"
					if k := s.at[q-2]; k >= 0 && a.roleOf(s, k) == roleActor {
						return []*domain.Entity{s.mentions[k].ent}
					}
				}
				// "several governments have welcomed": a subject we cannot name;
				// "Kenya and other countries have": the list goes on left
				p := j - 1
				if s.word(p) == "other" {
					p--
				}
				if w := s.word(p); w != "and" && w != "or" && w != "," {
					return nil
				}
				j = p
				continue
			}
			if s.unknownSubject(j) {
				return nil
			}
			continue
		}
		r := a.roleOf(s, k)
		if r == roleActor && s.word(i-1) == "and" && s.objectPosition(s.mentions[k].first) {
			// "would not follow the United States and exclude": the object of
			// the first verb is not the subject of the second
			j = s.mentions[k].first
			continue
		}
		if r == roleActor || allowCompany && r == roleCompany {
			if first := s.mentions[k].first; comparisonWords[s.word(first-1)] && s.word(first-2) == "," {
				// "Chile, like Peru, has barred ...": the one compared with is
				// not the subject; the one before the comma is
				if h := s.mentionAt(first - 3); h >= 0 && a.roleOf(s, h) == roleActor {
					return a.coordinated(s, h, -1, allowCompany)
				}
				j = first
				continue
			}
			if q := s.appositionHead(s.mentions[k].first); q >= 0 && s.at[q] >= 0 {
				// "Poland, a close U.S. ally, is ...": the head is the subject
				j = q + 1
				continue
			}
			if a.isLocation(s, k) && !relBefore && !s.ownsAct(k) {
				j = s.mentions[k].first
				continue
			}
			return a.coordinated(s, k, -1, allowCompany)
		}
		j = s.mentions[k].first
	}
	// "did X but did not give ...": a clause without a subject shares the
	// previous clause's.
	if from > 0 && s.word(from-1) == "but" {
		return a.actorsLeft(s, from-1, allowCompany)
	}
	companyAt := -1 // "Neither company has said that it will ...": "it" is not a country
	for j := from; j < i && companyAt < 0; j++ {
		if w := s.word(j); w == "company" || w == "companies" || w == "operator" || w == "carrier" || w == "firm" || w == "operators" || w == "carriers" {
			companyAt = j
		}
	}
	for j := i - 1; j >= from; j-- {
		for _, p := range subjectPronounsEnding[s.word(j)] {
			n := strings.Count(p, " ") + 1
			if j-n+1 >= from && s.phraseAt(j-n+1, p) {
				if companyAt >= 0 && companyAt < j-n+1 {
					return nil
				}
				if e := a.actorBefore(s, j-n+1); e != nil {
					return []*domain.Entity{e}
				}
				if a.lastActor != nil {
					return []*domain.Entity{a.lastActor}
				}
			}
		}
	}
	// "a key government security committee omitted ...", "lawmakers
	// pushed ...", "the bill would bar": a state body or measure of the
	// country the article is about
	if s.anyIn(from, i, stateBodies) || s.anyIn(from, i, measureSubjects) {
		if e := a.mainActor(); e != nil {
			return []*domain.Entity{e}
		}
	}
	return nil
}

// phraseObjectMarkers are words after which a phrase such as "the
// government" is no subject: "in the country", "urged the government".
var phraseObjectMarkers = lexicon.set("phrase_object_markers")

// governmentPhraseAt resolves a subject phrase of more than one word ending
// at j ("the government", "the country", "its government") to the country
// it refers to, unless it is a possessive ("the country's biggest vendor")
// or a place ("in the country").
func (a *analyzer) governmentPhraseAt(s *sentence, j, from int) *domain.Entity {
	if s.word(j+1) == "'s" || s.word(j+1) == "'" {
		return nil
	}
	for _, p := range subjectPronounsEnding[s.word(j)] {
		n := strings.Count(p, " ") + 1
		if n < 2 || j-n+1 < from || !s.phraseAt(j-n+1, p) || phraseObjectMarkers[s.word(j-n)] {
			continue
		}
		for q := from; q < j-n+1; q++ {
			if w := s.word(q); (w == "company" || w == "operator" || w == "carrier" || w == "firm") && s.word(q+1) != "'s" {
				return nil // "a matter for each carrier and that the government ...": left to the search below
			}
		}
		if e := a.actorBefore(s, j-n+1); e != nil {
			return e
		}
		return a.lastActor
	}
	return nil
}

// ownsAct reports whether mention k owns the act named right after it:
// "due to the US ban", "after Ottawa's decision".
func (s *sentence) ownsAct(k int) bool {
	j := s.mentions[k].last + 1
	if s.word(j) == "'s" || s.word(j) == "'" {
		j++
	}
	return actNouns[s.word(j)]
}

// objectPosition reports whether a noun phrase starting at token first is
// a verb's object: right after a lower-case word that is no function word
// ("follow the United States").
func (s *sentence) objectPosition(first int) bool {
	p := first - 1
	if s.word(p) == "the" {
		p--
	}
	if p < 0 {
		return false
	}
	t := s.toks[p]
	return t.word && !t.upper && !functionWords[t.norm] && !(t.lex != nil && t.lex.cue != 0)
}

var (
	reportDeniers    = lexicon.set("report_deniers")
	notPlaceBeforeTo = lexicon.set("not_place_before_to")
	stateBodies      = lexicon.set("state_bodies")
	measureSubjects  = lexicon.set("measure_subjects")
	vendorHeads      = lexicon.set("vendor_heads")
	comparisonWords  = lexicon.set("comparison_words")
	functionWords    = lexicon.set("function_words")
	genericSubjects  = lexicon.set("generic_subjects")
)

// appositionHead returns the last token of the noun phrase that an
// apposition containing token i describes ("Poland" in "Poland, a close
// U.S. ally, is"), or -1 when i is in no apposition.
func (s *sentence) appositionHead(i int) int {
	for j := i - 1; j >= 1 && j >= i-4; j-- {
		switch s.word(j) {
		case "a", "an", "the", "another", "both", "all":
			if s.word(j) == "the" && j+1 == i && s.toks[i].upper {
				return -1 // "Sweden, the United Kingdom, and others": a list, not an apposition
			}
			if s.word(j-1) == "," && j-2 >= 0 && s.hasWord(i, min(len(s.toks), i+6), ",") >= 0 {
				return j - 2
			}
		case ",", ";", ":":
			return -1
		}
	}
	return -1
}

// actorBefore is what a subject pronoun at j refers to within its own
// sentence: the nearest country or organisation acting before it ("France
// has taken a middle path: its agency said it will ..."), or nil.
func (a *analyzer) actorBefore(s *sentence, j int) *domain.Entity {
	for k := len(s.mentions) - 1; k >= 0; k-- {
		m := s.mentions[k]
		if m.last >= j {
			continue
		}
		if a.roleOf(s, k) != roleActor || a.isLocation(s, k) || m.ent.Name == "China" {
			continue
		}
		if m.ent.Type == domain.Country || m.ent.Type == domain.Organisation {
			return m.ent
		}
	}
	return nil
}

// unknownSubject reports whether token j is a capitalised name the
// gazetteer does not know, standing as the subject of a verb ("Norway's
// Telenor said it would ...", "Elisa has ..."): the clause is about an
// entity we cannot name, so no known actor further left is its subject.
func (s *sentence) unknownSubject(j int) bool {
	t := s.toks[j]
	if !t.upper || !t.word || s.at[j] >= 0 || subjectStop[t.norm] {
		return false
	}
	if p := s.word(j - 1); govNouns[p] || institutionNouns[p] {
		return false // "its cybersecurity agency ANSSI has": an apposition
	}
	if s.bodyName(j) {
		return false // "Ireland's Department of Defence will", "its National Cyber Security Centre said"
	}
	switch s.word(j + 1) {
	case "said", "says", "has", "have", "had", "will", "would", "is", "was", "plans", "wants", "told", "announced":
		return true
	}
	return false
}

// bodyName reports whether the capitalised word at j ends the name of a
// body: an institution noun heads the capitalised run it closes ("National
// Cyber Security Centre", "Department of Defence", "Ministry of Foreign
// Affairs").
func (s *sentence) bodyName(j int) bool {
	for k := j; k >= 0 && k > j-6; k-- {
		t := s.toks[k]
		if institutionNouns[t.norm] && t.upper {
			return true
		}
		if w := t.norm; !t.upper && w != "of" && w != "for" && w != "and" {
			return false
		}
	}
	return false
}

// subjectStop are capitalised words that are not names.
var subjectStop = lexicon.set("subject_stop")

// coordinated extends mention k over a list joined by commas, "and", "or".
func (a *analyzer) coordinated(s *sentence, k, dir int, allowCompany bool) []*domain.Entity {
	out := []*domain.Entity{s.mentions[k].ent}
	cur := k
	listed := false // an "and" or "or" joined the list
	for {
		var next int
		if dir < 0 {
			j := s.mentions[cur].first - 1
			joined := false
			if s.word(j) == "also" && s.word(j-1) == "but" {
				// "not only the United States but also Japan"
				if q := s.findPhrase(max(0, j-10), j-1, "not only"); q >= 0 {
					j -= 2
					joined = true
				}
			}
			for j >= 0 && (s.word(j) == "," || s.word(j) == "and" || s.word(j) == "or" || s.word(j) == "nor" || s.word(j) == "the") {
				joined = joined || s.word(j) != ","
				j--
			}
			if j == s.mentions[cur].first-1 || j < 0 || s.at[j] < 0 {
				return dedupEnts(out)
			}
			if !joined && !listed {
				// a bare comma is a list only inside one: "Sweden, Poland and
				// Latvia", not "pressure from Washington, Hungary signed"
				if w := s.word(s.mentions[cur].last + 1); w != "," && w != "and" && w != "or" {
					return dedupEnts(out)
				}
			}
			listed = listed || joined
			next = s.at[j]
		} else {
			j := s.mentions[cur].last + 1
			for j < len(s.toks) && (s.word(j) == "," || s.word(j) == "and" || s.word(j) == "or" || s.word(j) == "nor" || s.word(j) == "the" || s.word(j) == "china's" || s.word(j) == "'s") {
				j++
			}
			if j == s.mentions[cur].last+1 || j >= len(s.toks) || s.at[j] < 0 {
				return dedupEnts(out)
			}
			next = s.at[j]
			if a.roleOf(s, next) == roleModifier && next+1 < len(s.mentions) {
				next++
			}
		}
		r := a.roleOf(s, next)
		want := a.roleOf(s, k)
		if r != want && !(allowCompany && (r == roleCompany || r == roleActor)) {
			return dedupEnts(out)
		}
		out = append(out, s.mentions[next].ent)
		cur = next
	}
}

// vendorsRight finds the vendors a cue at i is about, to its right in the
// clause: names, coordinated names, or pronouns referring to the last vendor.
func (a *analyzer) vendorsRight(s *sentence, i, limit int) []*domain.Entity {
	end := min(s.clauseEnd(i), i+1+limit)
	for j := i + 1; j < end; j++ {
		k := s.at[j]
		if k >= 0 {
			switch a.roleOf(s, k) {
			case roleVendor:
				return a.semicolonList(s, k, a.coordinated(s, k, +1, false))
			case roleActor:
				if s.word(j-1) == "," || s.word(j-1) == "and" {
					return nil // a new clause with its own subject
				}
			}
			j = s.mentions[k].last
			continue
		}
		if j == i+1 && (s.word(j) == "any" || s.word(j) == "no") {
			return nil // "exclude any specific company": no vendor in view
		}
		if s.word(j) == "," && s.word(j+1) == "and" || s.word(j) == "and" && (s.word(j+1) == "the" || s.word(j+1) == "its") && j > i+2 {
			return nil // a new clause
		}
		if !vendorPronounFirst[s.word(j)] {
			continue
		}
		if (s.word(j) == "it" || s.word(j) == "them") && j > i+3 && !s.cueIn(j-1, j, cueBan, cueRestrict) {
			continue // a pronoun far from the cue is not its object ("whether to ban it" is)
		}
		var two []string // longer phrases first: "the company" before "it"
		if next := s.word(j + 1); next != "" {
			two = vendorPronounsAt[s.word(j)+" "+next]
		}
		one := vendorPronounsAt[s.word(j)]
		if d := s.vendorDescription(j); d != "" && len(two) == 0 {
			two = []string{d} // "the Shenzhen company", "the antivirus maker's"
		}
		for c := 0; c < len(two)+len(one); c++ {
			p := ""
			if c < len(two) {
				p = two[c]
			} else {
				p = one[c-len(two)]
			}
			if !s.phraseAt(j, p) {
				continue
			}
			antecedents := a.vendorsBefore(s, j, p)
			if len(antecedents) > 0 {
				// "it and China's ZTE"
				out := []*domain.Entity{antecedents[0]}
				if pluralPronoun(p) {
					out = antecedents
				}
				n := j + strings.Count(p, " ") + 1
				if s.word(n) == "and" && n+1 < len(s.toks) {
					if more := a.vendorsRight(s, n, 7); len(more) > 0 {
						out = append(out, more...)
					}
				}
				return dedupEnts(out)
			}
		}
	}
	return nil
}

// semicolonList extends the vendors found at mention k with the items of a
// list that semicolons separate because its items carry clauses: "include
// ZTE, which was fined; Hikvision, whose cameras ...; and Lenovo". Only a
// list introduced as one ("include", "including", "such as") is read so.
func (a *analyzer) semicolonList(s *sentence, k int, found []*domain.Entity) []*domain.Entity {
	first := s.mentions[k].first
	if w := s.word(first - 1); w != "include" && w != "includes" && w != "included" && w != "including" && w != "as" {
		return found
	}
	for j := first + 1; j < len(s.toks)-1; j++ {
		if s.word(j) != ";" {
			continue
		}
		n := j + 1
		if s.word(n) == "and" {
			n++
		}
		if m := s.mentionAt(n); m >= 0 && a.roleOf(s, m) == roleVendor {
			found = append(found, s.mentions[m].ent)
		} else {
			break // the list has ended
		}
	}
	return dedupEnts(found)
}

// vendorDescription returns the description of a vendor that starts at the
// "the" at j, as its words — "the" and up to three modifiers before a
// vendor head noun ("the Shenzhen company", "the antivirus maker's",
// "the Moscow-based firm") — or "" when there is none. A modifier is a
// plain word: no name the gazetteer knows, no function word, no cue.
func (s *sentence) vendorDescription(j int) string {
	if s.word(j) != "the" {
		return ""
	}
	for k := j + 1; k <= j+4 && k < len(s.toks); k++ {
		w := s.word(k)
		if head := strings.TrimSuffix(w, "'s"); (vendorHeads[head] || productNouns[head] && k == j+2 && s.madeBy(j+1)) && k > j+1 {
			if s.word(k+1) == "'s" {
				k++
			}
			var b strings.Builder
			for i := j; i <= k; i++ {
				if i > j {
					b.WriteByte(' ')
				}
				b.WriteString(s.word(i))
			}
			return b.String()
		}
		t := s.toks[k]
		if !t.word || s.at[k] >= 0 && s.mentions[s.at[k]].kind != kindDemonym || functionWords[w] || t.lex != nil && t.lex.cue != 0 {
			return ""
		}
	}
	return ""
}

// madeBy reports whether the word at j says where or by whom products were
// made: "Chinese-made", "Chinese", "Shenzhen-built".
func (s *sentence) madeBy(j int) bool {
	w := s.word(j)
	return strings.Contains(w, "-") || s.at[j] >= 0 && s.mentions[s.at[j]].kind == kindDemonym
}

// vendorsBefore returns what a vendor pronoun at j refers to: the vendors
// named earlier in the sentence, most recent first, else the last ones.
func (a *analyzer) vendorsBefore(s *sentence, j int, p string) []*domain.Entity {
	chinese := strings.Contains(p, "chinese") || strings.Contains(p, "shenzhen")
	var out []*domain.Entity
	for q := len(s.mentions) - 1; q >= 0; q-- {
		if s.mentions[q].last < j && a.roleOf(s, q) == roleVendor && (!chinese || a.g.chinese[s.mentions[q].ent.Name]) {
			out = append(out, s.mentions[q].ent)
		}
	}
	if len(out) > 0 {
		return dedupEnts(out)
	}
	return a.antecedents(p)
}

// antecedents is what a vendor pronoun or description p refers to across
// sentences: the last vendors named ("them", "the companies") or the last
// one ("it"); descriptions of Chinese firms skip other vendors.
func (a *analyzer) antecedents(p string) []*domain.Entity {
	out := a.lastVendors
	if strings.Contains(p, "chinese") || strings.Contains(p, "shenzhen") {
		out = a.lastChinese
		if pluralPronoun(p) && len(a.seenChinese) > 1 {
			out = a.seenChinese // "the Chinese firms": all those named so far
		}
	}
	if len(out) > 1 && !pluralPronoun(p) {
		out = out[:1]
	}
	if len(out) == 1 && !a.g.chinese[out[0].Name] && len(a.lastChinese) > 0 && !pluralPronoun(p) {
		// "Operators had chosen Ericsson. The government stopped short of
		// excluding the company": the stance questions are about the vendor
		// whose exclusion is debated, not its rival named last
		out = a.lastChinese[:1]
	}
	return out
}

// vendorsLeft finds a vendor just before a nominal cue ("a Huawei 5G ban").
func (a *analyzer) vendorsLeft(s *sentence, i, limit int) []*domain.Entity {
	for j := i - 1; j >= 0 && j >= i-limit; j-- {
		if k := s.at[j]; k >= 0 && a.roleOf(s, k) == roleVendor {
			return []*domain.Entity{s.mentions[k].ent}
		}
	}
	return nil
}

// actorsRight finds the object of a pressure cue: the first actor to its
// right in the clause, with coordination.
func (a *analyzer) actorsRight(s *sentence, i, limit int, skip *domain.Entity) []*domain.Entity {
	end := min(len(s.toks), i+1+limit)
	for j := i + 1; j < end; j++ {
		if s.isBoundary(j) {
			break
		}
		k := s.at[j]
		if k < 0 {
			if s.phraseAt(j, "the latter") && a.lastActor != nil {
				return []*domain.Entity{a.lastActor}
			}
			continue
		}
		r := a.roleOf(s, k)
		if r == roleModifier && s.mentions[k].ent.Type == domain.Country && s.word(s.mentions[k].last+1) == "'s" {
			r = roleActor // "hurt Malaysia's appeal"
			if k+1 < len(s.mentions) && s.mentions[k+1].ent.Type == domain.Company {
				r = roleModifier
			}
		}
		if r == roleActor && (s.word(s.mentions[k].first-1) == "in" || s.word(s.mentions[k].first-1) == "the" && s.word(s.mentions[k].first-2) == "in") {
			j = s.mentions[k].last // "companies in China": a place, not who is pressed
			continue
		}
		if r == roleActor {
			if skip != nil && s.mentions[k].ent == skip {
				j = s.mentions[k].last
				continue
			}
			return a.coordinated(s, k, +1, false)
		}
		if r == roleCompany && s.mentions[k].ent != nil {
			return []*domain.Entity{s.mentions[k].ent}
		}
		j = s.mentions[k].last
	}
	return nil
}

// emit records a fact for each subject × target (or object) of f.
func (a *analyzer) emit(s *sentence, f *frame, rel domain.Relation) {
	if len(f.subjects) == 0 || a.holdForClass(s, f, rel) {
		return
	}
	if !s.dated {
		s.scope, s.eventDay, s.dated = scopeOf(s), eventDateOf(s, a.doc.Published), true
	}
	conf, cues := frameConfidence(f)
	scope := s.scope
	for _, subj := range f.subjects {
		if subj == nil || a.g.IsVendor(subj.Name) || subj.Type == domain.Region {
			continue // a region's government takes no country's stance
		}
		if subj.Type == domain.Organisation && !a.g.acting[subj.Name] {
			continue // "calls from NATO allies": only the EU acts as a country does
		}
		r := rel
		if subj.Type == domain.Company && (r == domain.Banned || r == domain.Restricted || r == domain.DeclinedToBan && !f.negated) {
			r = domain.Excluded // an operator's choice, not a country's stance
		}
		if subj.Type == domain.Company && r != domain.Excluded && r != domain.Restricted && r != domain.Vetoed {
			continue
		}
		fconf, fcues := conf, cues
		if !s.names(subj) {
			fconf -= contextPenalty // resolved from a pronoun or an earlier sentence
			fcues = append(fcues, "subject from context")
		}
		base := domain.Fact{
			Article: a.doc.Name, Published: a.doc.Published,
			Subject: subj.Name, SubjectType: subj.Type, SubjectID: entityID(subj),
			Relation: r, Scope: scope, Modality: f.modality,
			EventDate: s.eventDay,
			Sentence:  s.text, Start: s.start, End: s.start + len(s.text),
		}
		withTarget := func(x domain.Fact, t *domain.Entity) domain.Fact {
			x.Confidence, x.Cues = fconf, fcues
			if t != nil && !s.names(t) {
				x.Confidence -= contextPenalty
				x.Cues = append(append([]string(nil), fcues...), "target from context")
			}
			x.Confidence = clampConfidence(x.Confidence)
			return x
		}
		switch r {
		case domain.Pressured:
			tgt := a.vendorsRight(s, f.end, 40)
			if base.Modality == domain.Asserted {
				if a.pressers == nil {
					a.pressers = map[string]bool{}
				}
				a.pressers[subj.Name] = true
			}
			for _, obj := range f.objects {
				if obj == nil || obj.Name == subj.Name || a.g.IsVendor(obj.Name) || obj.Type == domain.Region {
					continue
				}
				x := base
				x.Object, x.ObjectType, x.ObjectID = obj.Name, obj.Type, entityID(obj)
				if len(tgt) > 0 {
					x.Target, x.TargetID = tgt[0].Name, entityID(tgt[0])
				}
				a.facts = append(a.facts, withTarget(x, obj))
			}
		case domain.Vetoed:
			for _, t := range f.targets {
				x := base
				x.Object, x.ObjectType, x.ObjectID = f.deal, domain.Deal, domain.EntityID(f.deal)
				x.Target, x.TargetID = t.Name, entityID(t)
				a.facts = append(a.facts, withTarget(x, t))
			}
		default:
			for _, t := range f.targets {
				if t.Name == subj.Name {
					continue
				}
				x := base
				x.Target, x.TargetID = t.Name, entityID(t)
				a.facts = append(a.facts, withTarget(x, t))
				if x.Modality == domain.Asserted && x.Relation.IsStance() {
					a.noteStance(subj, x.Relation, t, s.start)
				}
			}
		}
	}
}

// names reports whether the sentence names the entity itself (rather than
// referring to it by a pronoun or description).
func (s *sentence) names(e *domain.Entity) bool {
	for _, m := range s.mentions {
		if m.ent == e {
			return true
		}
	}
	return false
}

// scopeOf reads the scope of a stance from its sentence.
func scopeOf(s *sentence) string {
	l := s.low
	switch {
	case strings.Contains(l, "non-core"):
		return "non-core"
	case strings.Contains(l, "government contract") || strings.Contains(l, "government and its contractors") ||
		strings.Contains(l, "procurement") || strings.Contains(l, "public-sector") || strings.Contains(l, "public institutions") ||
		strings.Contains(l, "federal agencies"):
		return "government-contracts"
	case strings.Contains(l, "handset"):
		return "handsets"
	case strings.Contains(l, " core") && strings.Contains(l, "5g"):
		return "5g-core"
	case strings.Contains(l, "5g"):
		return "5g"
	}
	return ""
}

func sortFacts(fs []domain.Fact) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.Relation != b.Relation {
			return a.Relation < b.Relation
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return a.Target < b.Target
	})
}
