package extract

import (
	"strings"

	"github.com/policygraph/policygraph/domain"
)

// Officials the gazetteer does not know are introduced by a country and a
// title: "Canada's public safety minister Ralph Goodale", "US envoy Keith
// Krach", "South African President Cyril Ramaphosa". The name then acts
// for that country for the rest of the article ("Goodale said ...",
// "Krach had warned ..."). Titles and department words are in
// data/lexicon.yaml (titles, department_words, name_particles).

var (
	titleWords      = lexicon.set("titles")
	departmentWords = lexicon.set("department_words")
	nameParticles   = lexicon.set("name_particles")
)

// isTitle reports whether t is a title word ("minister"), through the
// token's lexicon entry.
func isTitle(t token) bool { return t.lex != nil && t.lex.title }

// introduceOfficials registers the names introduced in s with a country and
// a title, then adds a mention for every known official's name in s.
func (a *analyzer) introduceOfficials(s *sentence) {
	a.personSurnames(s)
	if !s.titled && len(a.officials) == 0 {
		return // no title to introduce a name, no name to find
	}
	for k := range s.mentions {
		m := s.mentions[k]
		if m.ent.Type != domain.Country && m.ent.Type != domain.Organisation {
			continue
		}
		if m.kind != kindName && m.kind != kindDemonym && m.kind != kindSeat {
			continue
		}
		j := m.last + 1
		if s.word(j) == "'s" || s.word(j) == "'" || m.kind == kindSeat && s.word(j) == "-" {
			j++ // "Canada's minister", "OTTAWA — Public Safety Minister"
		}
		title := -1
		for i := j; i < min(len(s.toks), j+6); i++ {
			t := s.toks[i]
			if !t.word || s.at[i] >= 0 {
				break
			}
			if isTitle(t) {
				title = i
			} else if title >= 0 && !(t.norm == "of" || departmentWords[t.norm]) {
				break
			}
		}
		if title < 0 {
			continue
		}
		first := title + 1
		for first < len(s.toks) && (s.word(first) == "of" || departmentWords[s.word(first)]) {
			first++
		}
		last := first - 1
		for i := first; i < min(len(s.toks), first+4); i++ {
			t := s.toks[i]
			if !t.word || s.at[i] >= 0 || !(t.upper || i > first && nameParticles[t.norm]) || subjectStop[t.norm] || t.lex != nil && t.lex.cue != 0 {
				break
			}
			last = i
		}
		if last < first {
			continue
		}
		a.registerOfficial(s, first, last+1, m.ent, true)
	}
	a.appositiveOfficials(s)
	a.titledOfficials(s)
	if len(a.officials) == 0 {
		return
	}
	var added []mention
	for i := 0; i < len(s.toks); i++ {
		t := s.toks[i]
		if !t.upper || !t.word || s.at[i] >= 0 {
			continue
		}
		ent := a.officials[t.norm]
		if ent == nil {
			continue
		}
		last := i
		for last+1 < len(s.toks) && s.at[last+1] < 0 && s.toks[last+1].upper && a.officials[s.toks[last+1].norm] == ent {
			last++
		}
		added = append(added, mention{first: i, last: last, ent: ent, kind: kindPerson})
		i = last
	}
	if len(added) == 0 {
		return
	}
	s.mentions = mergeMentions(s.mentions, added)
	s.roles = nil // roles depend on the neighbouring mentions
	for i := range s.at {
		s.at[i] = -1
	}
	for k, m := range s.mentions {
		for i := m.first; i <= m.last; i++ {
			s.at[i] = k
		}
	}
}

// personSurnames lets the gazetteer's officials be named later by their
// surname alone: once "Robert Strayer" is in the text, "Strayer warned ..."
// is the same official. Only a full name seen in this article introduces the
// surname, so a common word that is also a surname stays a word elsewhere.
func (a *analyzer) personSurnames(s *sentence) {
	for _, m := range s.mentions {
		if m.kind == kindPerson && m.last > m.first {
			a.registerOfficial(s, m.last, m.last+1, m.ent, false)
		}
	}
}

// mergeMentions merges two position-sorted, non-overlapping mention lists.
func mergeMentions(a, b []mention) []mention {
	out := make([]mention, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || i < len(a) && a[i].first < b[j].first {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return out
}

// appositiveOfficials registers names introduced by an apposition with a
// title: "Keith Krach, under-secretary of state, ...", "Ama Mensah,
// Ghana's communications minister". The country is the one the apposition
// names, else the nearest country acting before the name in the sentence
// ("the US embassy invited Keith Krach, under-secretary of state").
func (a *analyzer) appositiveOfficials(s *sentence) {
	for i := 0; i < len(s.toks); i++ {
		first := i
		for i < len(s.toks) && s.at[i] < 0 && s.toks[i].upper && s.toks[i].word && !subjectStop[s.toks[i].norm] &&
			(s.toks[i].lex == nil || s.toks[i].lex.cue == 0) {
			i++
		}
		if i-first < 2 || s.word(i) != "," {
			continue
		}
		var country *domain.Entity
		titled := false
		for j := i + 1; j < min(len(s.toks), i+6) && !titled; j++ {
			if k := s.at[j]; k >= 0 {
				if e := s.mentions[k].ent; e.Type == domain.Country {
					country = e
				}
				j = s.mentions[k].last
				continue
			}
			titled = titleWords[s.word(j)] || titleWords[strings.TrimPrefix(s.word(j), "under-")]
			if !titled && !s.toks[j].word {
				break
			}
		}
		if !titled {
			continue
		}
		if country == nil {
			country = s.countryBefore(first)
		}
		if country != nil {
			a.registerOfficial(s, first, i, country, true)
		}
	}
}

// titledOfficials registers names after a capitalised title with no country
// before it ("Washington stepped up its campaign as Under Secretary of State
// Elena Marsh toured the region"): the country is the nearest one acting
// before the title in the sentence.
func (a *analyzer) titledOfficials(s *sentence) {
	for i := 0; i < len(s.toks); i++ {
		t := s.toks[i]
		if !t.upper || !isTitle(t) || s.at[i] >= 0 || i > 0 && s.at[i-1] >= 0 {
			continue
		}
		first := i + 1
		for first < len(s.toks) && (s.word(first) == "of" || departmentWords[s.word(first)] || titleWords[s.word(first)]) && s.toks[first].upper == (s.word(first) != "of") {
			first++
		}
		last := first - 1
		for j := first; j < min(len(s.toks), first+4); j++ {
			u := s.toks[j]
			if !u.word || !u.upper || s.at[j] >= 0 || subjectStop[u.norm] || u.lex != nil && u.lex.cue != 0 {
				break
			}
			last = j
		}
		if last-first < 1 {
			continue // a full name: "Elena Marsh", not one word
		}
		if country := s.countryBefore(i); country != nil {
			a.registerOfficial(s, first, last+1, country, false)
		}
		i = last
	}
}

// countryBefore is the nearest country named before token i that is not a
// place ("in Sao Paulo"), except as a possessive ("In Colombia's case").
func (s *sentence) countryBefore(i int) *domain.Entity {
	for k := len(s.mentions) - 1; k >= 0; k-- {
		m := s.mentions[k]
		p := s.word(m.first - 1)
		if m.last < i && m.ent.Type == domain.Country && m.ent.Name != "China" &&
			(p != "in" && p != "at" && p != "to" || s.word(m.last+1) == "'s") {
			return m.ent
		}
	}
	return nil
}

// registerOfficial files the name words in tokens [from,to) under
// country; replace says whether a name already filed may be refiled.
func (a *analyzer) registerOfficial(s *sentence, from, to int, country *domain.Entity, replace bool) {
	if a.officials == nil {
		a.officials = map[string]*domain.Entity{}
	}
	for j := from; j < to; j++ {
		if w := s.toks[j].norm; len(w) >= 3 && !nameParticles[w] && (replace || a.officials[w] == nil) {
			a.officials[w] = country
		}
	}
}
