package extract

import "github.com/policygraph/policygraph/domain"

// Questions and their answers: what a question asks is not asserted, but a
// government's answer to it may be ("Asked whether ..., he said no"; an
// interview's "Q: Will Hungary ban the company? A: No.").

// question reports whether the sentence asks rather than states: it ends
// with a question mark and opens with an auxiliary or a question word.
func (s *sentence) question() bool {
	n := len(s.toks)
	if n < 2 || s.word(n-1) != "?" && !(s.word(n-1) == "\"" && s.word(n-2) == "?") {
		return false
	}
	first := 0
	for first < n && !s.toks[first].word {
		first++ // an opening quote, a list number
	}
	for j := first; j < min(n, first+5); j++ {
		if s.word(j) == "-" || s.word(j) == "--" || s.word(j) == "—" {
			first = j + 1 // a dateline: "BUDAPEST - Will Hungary ..."
			break
		}
	}
	if questionLabels[s.word(first)] && s.word(first+1) == ":" {
		first += 2 // "Q: Will Hungary ..."
	}
	if first < n-1 && isDigits(s.word(first)) {
		first++
		for first < n && !s.toks[first].word {
			first++
		}
	}
	return questionStarts[s.word(first)]
}

// answeredNo reads a question put to a government and its answer: "Asked
// whether X would <ban>..., he said: \"No.\"" is X declining. It returns the
// decline frame when the answer after the speech verb is a negative one
// (data/lexicon.yaml: negative_answers), else nil.
func (a *analyzer) answeredNo(s *sentence, at int) *frame {
	say := s.hasWord(at+2, len(s.toks), sayVerbs...)
	if say < 0 {
		return nil
	}
	no := answerAfter(s, say, negativeAnswers)
	if no < 0 {
		return nil
	}
	subjects := a.actorsRight(s, at+1, 3, nil)
	if len(subjects) == 0 {
		return nil
	}
	cue := s.hasIn(at+2, say, banNouns)
	for j := at + 2; j < say && cue < 0; j++ {
		if s.cue[j] == cueBan || s.cue[j] == cueRestrict {
			cue = j
		}
	}
	f := &frame{class: cueDecline, at: no, end: no, cues: []string{"answered no"}, subjects: subjects}
	f.targets = a.vendorsRight(s, cue, 8)
	if len(f.targets) == 0 {
		if v := a.mainVendor(); v != nil {
			f.targets = []*domain.Entity{v}
		}
	}
	return f
}

// ask keeps the stances a question asks about ("Will Hungary ban the
// company?"), for the answer in the next sentence.
func (a *analyzer) ask(s *sentence, facts []domain.Fact) {
	a.asked = a.asked[:0]
	if !s.question() {
		return
	}
	for _, x := range facts {
		if x.Relation == domain.Banned || x.Relation == domain.Restricted || x.Relation == domain.ConsideringBan {
			a.asked = append(a.asked, x)
		}
	}
	a.askedAt = a.sentNo
}

// answer reads the sentence right after a question about a stance: one
// that opens with a plain no ("No.", "A: No, we see no reason to") is the
// refusal of what was asked, by the one it was asked of.
func (a *analyzer) answer(s *sentence) {
	if len(a.asked) == 0 || a.askedAt != a.sentNo-1 {
		return
	}
	i := 0
	for i < len(s.toks) && !s.toks[i].word {
		i++ // an opening quote
	}
	if answerLabels[s.word(i)] && s.word(i+1) == ":" {
		i += 2 // "A: No."
	}
	if !plainNo[s.word(i)] || i+1 < len(s.toks) && s.toks[i+1].word {
		return // "No one knows", "Not yet": no plain no
	}
	for _, x := range a.asked {
		x.Relation, x.Modality = domain.DeclinedToBan, domain.Asserted
		x.Sentence, x.Start, x.End = s.text, s.start, s.start+len(s.text)
		x.Cues = append([]string{"answered no"}, x.Cues...)
		x.Confidence = clampConfidence(0.85 - contextPenalty)
		a.facts = append(a.facts, x)
	}
	a.asked = a.asked[:0]
}

var (
	questionLabels = lexicon.set("question_labels")
	answerLabels   = lexicon.set("answer_labels")
	plainNo        = lexicon.set("plain_no")
)

// answeredLikely reads a question whether vendors would be covered by a
// measure and a government's answer that they likely would: "Asked
// whether Huawei and ZTE would be covered, Gawkowski said it was \"very
// likely\" that the first proceedings would concern them" is the country
// considering a ban on them. q is the "whether"; the words of coverage and
// of a likely answer are in data/lexicon.yaml (coverage_words,
// likely_answers). It returns nil unless both are there.
func (a *analyzer) answeredLikely(s *sentence, q int) *frame {
	say := s.hasWord(q+1, len(s.toks), sayVerbs...)
	if say < 0 || !s.anyIn(q+1, say, coverageWords) {
		return nil
	}
	yes := answerAfter(s, say, likelyAnswers)
	if yes < 0 || s.hasIn(say+1, yes, negationSet) >= 0 {
		return nil
	}
	targets := a.vendorsRight(s, q, 8)
	if len(targets) == 0 {
		return nil
	}
	subjects := a.actorsLeft(s, say, false)
	if len(subjects) == 0 {
		if e := a.mainActor(); e != nil {
			subjects = []*domain.Entity{e}
		}
	}
	if len(subjects) == 0 {
		return nil
	}
	return &frame{class: cueConsider, at: yes, end: yes, cues: []string{"answered likely"}, subjects: subjects, targets: targets}
}

var (
	coverageWords = lexicon.set("coverage_words")
	likelyAnswers = lexicon.list("likely_answers")
)

// answerAfter returns where the first of the answer phrases starts within
// five words after the speech verb at say, or -1.
func answerAfter(s *sentence, say int, answers []string) int {
	for _, p := range answers {
		if j := s.findPhrase(say+1, min(len(s.toks), say+6), p); j >= 0 {
			return j
		}
	}
	return -1
}
