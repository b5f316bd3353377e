package extract

import "github.com/policygraph/policygraph/domain"

// A stance can be taken by reference to another: "Sweden and Estonia have
// followed suit", "Australia would follow the US' lead", "others adopted
// similar bans", "Kenya followed South Africa's example". The words are in
// data/lexicon.yaml (follow_*); the stance, and its vendor, come from the
// antecedent: the actor named ("X's lead"), else the last stance stated.

// stanceRef is a stance the article has stated, with every vendor it was
// stated about in its sentence ("banned Huawei and ZTE").
type stanceRef struct {
	subject  *domain.Entity
	relation domain.Relation
	targets  []*domain.Entity // never empty
	start    int              // the sentence
}

var (
	followVerbs   = lexicon.set("follow_verbs")   // follow, followed, ...
	followObjects = lexicon.set("follow_objects") // suit, lead, example, footsteps
	sameWays      = lexicon.set("same_way")       // "did the same", "went the same way"
	saySo         = lexicon.set("say_so")         // "the third country to say so"
	similarNouns  = lexicon.set("similar_nouns")  // "similar bans"
	extendVerbs   = lexicon.set("extend_verbs")   // "it also covers"
	measureNouns  = lexicon.set("measure_nouns")  // "the order", "the rule"
	asDidDates    = lexicon.set("as_did_dates")   // "as Sweden did in 2020"
)

// extendFrame recognises a measure extended to more vendors: "It also
// covers ZTE; Hikvision and Dahua", "The order also applies to equipment
// made by Hytera". The measure is the last stance stated; the vendors are
// every vendor named after the verb in the sentence.
func (a *analyzer) extendFrame(s *sentence, i int) *frame {
	if !extendVerbs[s.word(i)] || a.lastStance == nil || a.lastStance.subject == nil {
		return nil
	}
	j := i - 1
	for s.word(j) == "also" || s.word(j) == "now" || s.word(j) == "further" || s.word(j) == "will" || s.word(j) == "would" {
		j--
	}
	switch {
	case s.word(j) == "it" || s.word(j) == "this":
	case measureNouns[s.word(j)] && (s.word(j-1) == "the" || s.word(j-1) == "this" || s.word(j-1) == "its" || s.word(j-1) == "new"):
	default:
		return nil
	}
	var targets []*domain.Entity
	for k := range s.mentions {
		if s.mentions[k].first > i && a.roleOf(s, k) == roleVendor {
			targets = append(targets, s.mentions[k].ent)
		}
	}
	if len(targets) == 0 {
		return nil
	}
	f := &frame{class: cueBan, at: i, end: i, cues: []string{"extends " + string(a.lastStance.relation)}, rel: a.lastStance.relation}
	f.subjects = []*domain.Entity{a.lastStance.subject}
	f.targets = dedupEnts(targets)
	return f
}

// noteStance records an asserted stance for later references to it.
func (a *analyzer) noteStance(subj *domain.Entity, r domain.Relation, t *domain.Entity, start int) {
	if l := a.lastStance; l != nil && l.subject == subj && l.relation == r && l.start == start {
		l.targets = dedupEnts(append(l.targets, t))
		return
	}
	ref := &stanceRef{subject: subj, relation: r, targets: []*domain.Entity{t}, start: start}
	a.lastStance = ref
	if a.stanceOf == nil {
		a.stanceOf = map[string]*stanceRef{}
	}
	a.stanceOf[subj.Name] = ref
}

// followFrame recognises a stance by reference at token i and returns its
// frame with relation and targets filled from the antecedent, or nil.
func (a *analyzer) followFrame(s *sentence, i int) (*frame, domain.Relation) {
	w := s.word(i)
	end := s.clauseEnd(i)
	var ante *stanceRef
	var compared []*domain.Entity // "as Sweden did": the one who did it
	last := i
	switch {
	case followVerbs[w]:
		// "followed suit", "follow the US' lead", "followed in Sweden's footsteps"
		obj := -1
		for j := i + 1; j < min(end, i+7); j++ {
			if followObjects[s.word(j)] {
				obj = j
				break
			}
		}
		if obj < 0 {
			return nil, ""
		}
		last = obj
		ante = a.lastStance
		for j := i + 1; j < obj; j++ {
			if s.at[j] < 0 && s.toks[j].upper && s.toks[j].word {
				return nil, "" // "followed Ruto's example": someone we cannot place
			}
			if k := s.at[j]; k >= 0 && s.mentions[k].ent.Type != domain.Company {
				e := s.mentions[k].ent
				ante = a.stanceOf[e.Name]
				if ante == nil && a.pressers[e.Name] && a.mainVendor() != nil {
					// "follow the US' lead" where the US has pressed others
					// to exclude the vendor: excluding it too
					ante = &stanceRef{subject: e, relation: domain.Banned, targets: []*domain.Entity{a.mainVendor()}}
				}
				if ante == nil {
					return nil, "" // an antecedent whose stance the text does not state
				}
				break
			}
		}
	case w == "similar" && similarNouns[s.word(i+1)]:
		// "adopted similar bans", "to institute similar restrictions"
		last = i + 1
		ante = a.lastStance
		if r := domain.Relation(lexicon.similar[s.word(i+1)]); r != "" {
			// the relation the noun names, about the last stance's vendors
			// or else the article's
			ref := &stanceRef{relation: r}
			if ante != nil {
				ref.targets = ante.targets
			} else if v := a.mainVendor(); v != nil {
				ref.targets = []*domain.Entity{v}
			}
			ante = ref
		}
	case (sameWays[w] || s.word(i-1) == "to" && saySo[w]) && s.word(i+1) == "so" && !sameWays[s.word(i-1)]:
		// "became the second country to do so", "has since done so"
		last = i + 1
		ante = a.lastStance
	case sameWays[w] && s.word(i+1) == "the" && (s.word(i+2) == "same" || s.word(i+2) == "same-way"):
		// "did the same", "went the same way"
		last = i + 2
		if s.word(i+3) == "way" {
			last = i + 3
		}
		ante = a.lastStance
	case sameWays[w] && a.asDid(s, i) >= 0:
		// "want Brazil to ban Huawei outright, as Sweden did": the act the
		// clause before names, done by the one compared
		c := a.asDid(s, i)
		p := i - 1
		if s.at[p] < 0 {
			p--
		}
		compared = []*domain.Entity{s.mentions[s.at[p]].ent}
		ante = &stanceRef{relation: domain.Banned, targets: a.vendorsRight(s, c, 8)}
		switch {
		case s.cue[c] == cueRestrict:
			ante.relation = domain.Restricted
		case s.cue[c] == cueAllow || s.toks[c].lex != nil && s.toks[c].lex.direct:
			ante.relation = domain.Allowed // "Hungary welcomed Huawei, as Serbia did"
		}
		if len(ante.targets) == 0 {
			if v := a.mainVendor(); v != nil {
				ante.targets = []*domain.Entity{v}
			}
		}
	default:
		return nil, ""
	}
	if ante == nil || len(ante.targets) == 0 || !ante.relation.IsStance() {
		return nil, ""
	}
	if w == "similar" && ante.relation.Info().Side != domain.Restrictive && legalNounSet[s.word(i+1)] {
		return nil, "" // "passed a similar law" after a bill voted down: the law's content, not the refusal
	}
	f := &frame{class: cueBan, at: i, end: last, cues: []string{"follows " + string(ante.relation)}}
	f.targets = ante.targets
	f.subjects = compared
	if w == "similar" && (s.word(last+1) == "by" || s.word(last+1) == "in") {
		// "follows similar steps by Australia and Britain"
		f.subjects = a.actorsRight(s, last+1, 2, nil)
	}
	if len(f.subjects) == 0 {
		f.subjects = a.actorsLeft(s, i, false)
	}
	if len(f.subjects) == 0 {
		// "Numerous countries have followed suit, including Sweden and Estonia"
		for j := last + 1; j < end && len(f.subjects) == 0; j++ {
			if n := s.linkAt(j, listIntros); n > 0 {
				f.subjects = a.actorsRight(s, j+n-1, 4, nil)
			}
		}
	}
	var out []*domain.Entity
	for _, e := range f.subjects {
		if ante.subject == nil || e.Name != ante.subject.Name {
			out = append(out, e)
		}
	}
	f.subjects = out
	return f, ante.relation
}

// asDid reads "..., as Sweden did", "like Britain has done" at the verb i:
// a country compared with, after a comma, with nothing after the verb but
// the end of the clause or a date. It returns the ban, restrict or allow
// cue of the clause before the comma, whose act the country did, or -1.
func (a *analyzer) asDid(s *sentence, i int) int {
	if i+1 < len(s.toks) && s.toks[i+1].word && !asDidDates[s.word(i+1)] {
		return -1 // "as Sweden did business": no act by reference
	}
	p := i - 1
	if w := s.word(p); w == "has" || w == "have" || w == "had" {
		p--
	}
	k := s.mentionAt(p)
	if k < 0 || a.roleOf(s, k) != roleActor {
		return -1
	}
	first := s.mentions[k].first
	if w := s.word(first - 1); w != "as" && w != "like" || s.word(first-2) != "," {
		return -1
	}
	for j := first - 3; j >= max(0, first-16) && !s.isBoundary(j); j-- {
		if s.cue[j] == cueBan || s.cue[j] == cueRestrict || s.cue[j] == cueAllow || s.toks[j].lex != nil && s.toks[j].lex.direct {
			if s.negatedBefore(j) {
				return -1 // "will not ban Huawei, as Sweden did": which way, the text does not say
			}
			return j
		}
	}
	return -1
}
