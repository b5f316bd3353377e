package extract

import (
	"sort"
	"strings"

	"github.com/policygraph/policygraph/graph"
)

// role is how a mention takes part in a sentence.
type role int

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
	lastActor   *graph.Entity
	lastVendors []*graph.Entity
	lastChinese []*graph.Entity // the last Chinese vendors named
	seenChinese []*graph.Entity // every Chinese vendor named so far, most recent first
	vendorCount map[string]int
	facts       []graph.Fact
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
	return (*buf)[l : l+n : l+n]
}

// frame is one cue found in a sentence, with its role fillers.
type frame struct {
	class      cueClass
	at, end    int // cue tokens
	negated    bool
	modality   graph.Modality
	confidence float64
	cues       []string
	subjects   []*graph.Entity
	targets    []*graph.Entity
	objects    []*graph.Entity
	deal       string
	passive    bool
}

func (a *analyzer) prepare(text string, sp span) *sentence {
	s := &sentence{text: text[sp.start:sp.end], start: sp.start}
	s.low = a.low[sp.start:sp.end]
	n0 := len(a.tokBuf)
	a.tokBuf = tokenize(a.tokBuf, s.text, s.low, sp.start)
	s.toks = a.tokBuf[n0:len(a.tokBuf):len(a.tokBuf)]
	a.g.annotate(s.toks)
	s.mentions = a.g.find(s.toks)
	s.reportAt = len(s.toks)
	for i := range s.toks {
		if l := s.toks[i].lex; l == nil || !l.report {
			continue
		}
		for _, m := range reportMarkers {
			if s.phraseAt(i, m) && !(m == "reports that" && s.hasWord(i-2, i, "heels", "denied") >= 0) {
				s.reportAt = min(s.reportAt, i)
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
		}
		s.at[i] = -1
	}
	for k, m := range s.mentions {
		for i := m.first; i <= m.last; i++ {
			s.at[i] = k
		}
	}
	// An official or agency introduced with a country ("Belgium's National
	// Security Council", "Italian Foreign Minister ...") acts for that country.
	for k := range s.mentions {
		m := &s.mentions[k]
		if m.kind != kindAgency && m.kind != kindPerson {
			continue
		}
		for j := k - 1; j >= 0 && j >= k-2; j-- {
			p := s.mentions[j]
			if p.ent.Type != graph.Country && p.ent.Type != graph.Organisation {
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
	return s
}

// roleOf says how mention k takes part in s.
func (a *analyzer) roleOf(s *sentence, k int) role {
	m := s.mentions[k]
	switch m.ent.Type {
	case graph.Company:
		if a.g.IsVendor(m.ent.Name) {
			return roleVendor
		}
		return roleCompany
	}
	next := s.word(m.last + 1)
	if next == "'s" {
		// "China's Huawei", "the bloc's largest economy": a modifier;
		// "Italy's industry minister", "Sweden's regulator": the country acts.
		for i := m.last + 2; i <= m.last+3 && i < len(s.toks); i++ {
			if s.at[i] >= 0 {
				return roleModifier // an agency or company carries the country
			}
			if govNouns[s.word(i)] {
				return roleActor
			}
		}
		return roleModifier
	}
	if m.kind == kindDemonym {
		for i := m.last + 1; i <= m.last+2 && i < len(s.toks); i++ {
			if govNouns[s.word(i)] {
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
	if m.ent.Name == "China" && k+1 < len(s.mentions) && s.mentions[k+1].first == m.last+1 && s.mentions[k+1].ent.Type == graph.Company {
		return roleModifier
	}
	return roleActor
}

// modifierNouns after a country's name make it a modifier, not an actor.
var modifierNouns = map[string]bool{
	"ally": true, "allies": true, "firms": true, "firm": true, "companies": true, "company": true,
	"sanctions": true, "market": true, "markets": true, "chips": true, "technology": true, "components": true,
	"consumers": true, "investors": true, "citizens": true, "subsidiary": true, "unit": true, "arm": true,
	"partner": true, "partners": true, "rival": true, "rivals": true, "suppliers": true, "supplier": true,
}

// diplomatic nouns place their holder in a country that is not theirs:
// "the U.S. ambassador in Berlin".
var diplomatic = map[string]bool{"ambassador": true, "embassy": true, "envoy": true, "diplomats": true, "delegation": true, "consulate": true, "delegations": true}

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
		return !(p == "to" && s.word(j-1) == "closer")
	case "in", "at":
		return diplomatic[s.word(j-1)] || s.word(j-1) == "visit" || s.word(j-1) == "visits"
	}
	// part of a list after such a preposition: "outside the EU, NATO or the OECD"
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
	var vendors []*graph.Entity
	for k, m := range s.mentions {
		switch a.roleOf(s, k) {
		case roleActor:
			if a.isLocation(s, k) {
				continue
			}
			if m.ent.Type == graph.Country && m.ent.Name != "China" || m.ent.Type == graph.Organisation {
				a.lastActor = m.ent
			}
		case roleVendor:
			vendors = append(vendors, m.ent)
		}
	}
	if len(vendors) > 0 {
		a.lastVendors = dedupEnts(vendors)
		var chinese []*graph.Entity
		for _, v := range a.lastVendors {
			if a.g.chinese[v.Name] {
				chinese = append(chinese, v)
			}
		}
		if len(chinese) > 0 {
			a.lastChinese = chinese
			a.seenChinese = dedupEnts(append(append([]*graph.Entity(nil), chinese...), a.seenChinese...))
		}
	}
}

func dedupEnts(in []*graph.Entity) []*graph.Entity {
	out := make([]*graph.Entity, 0, len(in))
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
func entityID(e *graph.Entity) string {
	if e.ID != "" {
		return e.ID
	}
	return graph.EntityID(e.Name)
}

// mainVendor is the vendor the article is most about.
func (a *analyzer) mainVendor() *graph.Entity {
	best, n := "", 0
	for name, c := range a.vendorCount {
		if c > n || c == n && name < best {
			best, n = name, c
		}
	}
	if best == "" {
		return nil
	}
	return a.g.Entity(best)
}

// clauseStart returns the first token of the clause containing i.
func (s *sentence) clauseStart(i int) int {
	for j := i - 1; j >= 0; j-- {
		if s.isBoundary(j) {
			return j + 1
		}
	}
	return 0
}

// clauseEnd returns the token after the clause containing i.
func (s *sentence) clauseEnd(i int) int {
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
func (a *analyzer) actorsLeft(s *sentence, i int, allowCompany bool) []*graph.Entity {
	from := s.clauseStart(i)
	relBefore := false
	for j := i - 1; j >= from; j-- {
		k := s.at[j]
		if k < 0 {
			if w := s.word(j); (w == "which" || w == "who") && s.word(j-1) == "," {
				relBefore = true // the antecedent of "which" is the subject
			}
			if s.unknownSubject(j) {
				return nil
			}
			continue
		}
		r := a.roleOf(s, k)
		if r == roleActor || allowCompany && r == roleCompany {
			if q := s.appositionHead(s.mentions[k].first); q >= 0 && s.at[q] >= 0 {
				// "Poland, a close U.S. ally, is ...": the head is the subject
				j = q + 1
				continue
			}
			if a.isLocation(s, k) && !relBefore {
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
	for j := from; j < i; j++ {
		if w := s.word(j); w == "company" || w == "companies" || w == "operator" || w == "carrier" || w == "firm" || w == "operators" || w == "carriers" {
			return nil // "Neither company has said that it will ...": "it" is not a country
		}
	}
	for j := i - 1; j >= from; j-- {
		for _, p := range subjectPronouns {
			n := strings.Count(p, " ") + 1
			if j-n+1 >= from && s.phraseAt(j-n+1, p) {
				if e := a.actorBefore(s, j-n+1); e != nil {
					return []*graph.Entity{e}
				}
				if a.lastActor != nil {
					return []*graph.Entity{a.lastActor}
				}
			}
		}
	}
	return nil
}

// appositionHead returns the last token of the noun phrase that an
// apposition containing token i describes ("Poland" in "Poland, a close
// U.S. ally, is"), or -1 when i is in no apposition.
func (s *sentence) appositionHead(i int) int {
	for j := i - 1; j >= 1 && j >= i-4; j-- {
		switch s.word(j) {
		case "a", "an", "the", "another":
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
func (a *analyzer) actorBefore(s *sentence, j int) *graph.Entity {
	for k := len(s.mentions) - 1; k >= 0; k-- {
		m := s.mentions[k]
		if m.last >= j {
			continue
		}
		if a.roleOf(s, k) != roleActor || a.isLocation(s, k) || m.ent.Name == "China" {
			continue
		}
		if m.ent.Type == graph.Country || m.ent.Type == graph.Organisation {
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
	switch s.word(j + 1) {
	case "said", "says", "has", "have", "had", "will", "would", "is", "was", "plans", "wants", "told", "announced":
		return true
	}
	return false
}

// subjectStop are capitalised words that are not names.
var subjectStop = map[string]bool{
	"the": true, "it": true, "he": true, "she": true, "they": true, "we": true, "this": true, "that": true,
	"but": true, "however": true, "and": true, "its": true, "there": true, "which": true, "who": true, "i": true,
	"officials": true, "sources": true, "reports": true, "analysts": true, "critics": true, "ministers": true,
}

// coordinated extends mention k over a list joined by commas, "and", "or".
func (a *analyzer) coordinated(s *sentence, k, dir int, allowCompany bool) []*graph.Entity {
	out := []*graph.Entity{s.mentions[k].ent}
	cur := k
	for {
		var next int
		if dir < 0 {
			j := s.mentions[cur].first - 1
			for j >= 0 && (s.word(j) == "," || s.word(j) == "and" || s.word(j) == "or" || s.word(j) == "the") {
				j--
			}
			if j == s.mentions[cur].first-1 || j < 0 || s.at[j] < 0 {
				return dedupEnts(out)
			}
			next = s.at[j]
		} else {
			j := s.mentions[cur].last + 1
			for j < len(s.toks) && (s.word(j) == "," || s.word(j) == "and" || s.word(j) == "or" || s.word(j) == "the" || s.word(j) == "china's" || s.word(j) == "'s") {
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
func (a *analyzer) vendorsRight(s *sentence, i, limit int) []*graph.Entity {
	end := min(s.clauseEnd(i), i+1+limit)
	for j := i + 1; j < end; j++ {
		k := s.at[j]
		if k >= 0 {
			switch a.roleOf(s, k) {
			case roleVendor:
				return a.coordinated(s, k, +1, false)
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
		if (s.word(j) == "it" || s.word(j) == "them") && j > i+3 {
			continue // a pronoun far from the cue is not its object
		}
		for _, p := range vendorPronouns {
			if !s.phraseAt(j, p) {
				continue
			}
			antecedents := a.vendorsBefore(s, j, p)
			if len(antecedents) > 0 {
				// "it and China's ZTE"
				out := []*graph.Entity{antecedents[0]}
				if pluralPronoun(p) {
					out = antecedents
				}
				n := j + strings.Count(p, " ") + 1
				if s.word(n) == "and" && n+1 < len(s.toks) {
					if more := a.vendorsRight(s, n, 4); len(more) > 0 {
						out = append(out, more...)
					}
				}
				return dedupEnts(out)
			}
		}
	}
	return nil
}

// vendorsBefore returns what a vendor pronoun at j refers to: the vendors
// named earlier in the sentence, most recent first, else the last ones.
func (a *analyzer) vendorsBefore(s *sentence, j int, p string) []*graph.Entity {
	chinese := strings.Contains(p, "chinese") || strings.Contains(p, "shenzhen")
	var out []*graph.Entity
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
func (a *analyzer) antecedents(p string) []*graph.Entity {
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
	return out
}

// vendorsLeft finds a vendor just before a nominal cue ("a Huawei 5G ban").
func (a *analyzer) vendorsLeft(s *sentence, i, limit int) []*graph.Entity {
	for j := i - 1; j >= 0 && j >= i-limit; j-- {
		if k := s.at[j]; k >= 0 && a.roleOf(s, k) == roleVendor {
			return []*graph.Entity{s.mentions[k].ent}
		}
	}
	return nil
}

// actorsRight finds the object of a pressure cue: the first actor to its
// right in the clause, with coordination.
func (a *analyzer) actorsRight(s *sentence, i, limit int, skip *graph.Entity) []*graph.Entity {
	end := min(len(s.toks), i+1+limit)
	for j := i + 1; j < end; j++ {
		if s.isBoundary(j) {
			break
		}
		k := s.at[j]
		if k < 0 {
			if s.phraseAt(j, "the latter") && a.lastActor != nil {
				return []*graph.Entity{a.lastActor}
			}
			continue
		}
		r := a.roleOf(s, k)
		if r == roleModifier && s.mentions[k].ent.Type == graph.Country && s.word(s.mentions[k].last+1) == "'s" {
			r = roleActor // "hurt Malaysia's appeal"
			if k+1 < len(s.mentions) && s.mentions[k+1].ent.Type == graph.Company {
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
			return []*graph.Entity{s.mentions[k].ent}
		}
		j = s.mentions[k].last
	}
	return nil
}

// emit records a fact for each subject × target (or object) of f.
func (a *analyzer) emit(s *sentence, f *frame, rel graph.Relation) {
	if len(f.subjects) == 0 {
		return
	}
	if !s.dated {
		s.scope, s.eventDay, s.dated = scopeOf(s), eventDateOf(s, a.doc.Published), true
	}
	conf, cues := frameConfidence(f)
	scope := s.scope
	for _, subj := range f.subjects {
		if subj == nil || a.g.IsVendor(subj.Name) {
			continue
		}
		r := rel
		if subj.Type == graph.Company && (r == graph.Banned || r == graph.DeclinedToBan && !f.negated) {
			r = graph.Excluded
		}
		if subj.Type == graph.Company && r != graph.Excluded && r != graph.Restricted && r != graph.Vetoed {
			continue
		}
		fconf, fcues := conf, cues
		if !s.names(subj) {
			fconf -= contextPenalty // resolved from a pronoun or an earlier sentence
			fcues = append(fcues, "subject from context")
		}
		base := graph.Fact{
			Article: a.doc.Name, Published: a.doc.Published,
			Subject: subj.Name, SubjectType: subj.Type, SubjectID: entityID(subj),
			Relation: r, Scope: scope, Modality: f.modality,
			EventDate: s.eventDay,
			Sentence:  s.text, Start: s.start, End: s.start + len(s.text),
		}
		withTarget := func(x graph.Fact, t *graph.Entity) graph.Fact {
			x.Confidence, x.Cues = fconf, fcues
			if t != nil && !s.names(t) {
				x.Confidence -= contextPenalty
				x.Cues = append(append([]string(nil), fcues...), "target from context")
			}
			x.Confidence = clampConfidence(x.Confidence)
			return x
		}
		switch r {
		case graph.Pressured:
			tgt := a.vendorsRight(s, f.end, 40)
			for _, obj := range f.objects {
				if obj == nil || obj.Name == subj.Name || a.g.IsVendor(obj.Name) {
					continue
				}
				x := base
				x.Object, x.ObjectType, x.ObjectID = obj.Name, obj.Type, entityID(obj)
				if len(tgt) > 0 {
					x.Target, x.TargetID = tgt[0].Name, entityID(tgt[0])
				}
				a.facts = append(a.facts, withTarget(x, obj))
			}
		case graph.Vetoed:
			for _, t := range f.targets {
				x := base
				x.Object, x.ObjectType, x.ObjectID = f.deal, graph.Deal, graph.EntityID(f.deal)
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
			}
		}
	}
}

// names reports whether the sentence names the entity itself (rather than
// referring to it by a pronoun or description).
func (s *sentence) names(e *graph.Entity) bool {
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

func sortFacts(fs []graph.Fact) {
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
