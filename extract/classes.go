package extract

import "github.com/policygraph/policygraph/domain"

// A stance can name its vendors only later: "Australia will remove
// Chinese-made surveillance cameras from government buildings. ... The
// cameras were made by Hikvision and Dahua." A stance whose object is a
// class of products (data/lexicon.yaml: product_nouns) and that names no
// vendor waits; a later sentence that says who made that class ("the
// cameras were made by X and Y", "cameras, supplied by X") gives it its
// vendors, and the stance is emitted with its own sentence as evidence.

// pendingStance is a stance about a class of products, waiting for the
// sentence that names their makers.
type pendingStance struct {
	s     *sentence
	f     frame
	rel   domain.Relation
	class string // the product noun, singular or plural as written
}

var (
	productNouns = lexicon.set("product_nouns")
	makerVerbs   = lexicon.set("maker_verbs") // made, supplied, manufactured, ...
)

// holdForClass records f as pending when it names no vendor but a class of
// products after its cue, and reports whether it did.
func (a *analyzer) holdForClass(s *sentence, f *frame, rel domain.Relation) bool {
	if len(f.targets) > 0 || len(f.subjects) == 0 || f.modality != domain.Asserted || !rel.IsStance() {
		return false
	}
	for j := f.end + 1; j < s.clauseEnd(f.end) && j <= f.end+6; j++ {
		if s.at[j] >= 0 {
			return false // a named entity comes first: not a bare class
		}
		if productNouns[s.word(j)] {
			a.pending = append(a.pending, pendingStance{s: s, f: *f, rel: rel, class: singular(s.word(j))})
			return true
		}
	}
	return false
}

// nameMakers reads a sentence that names the makers of a class held by a
// pending stance ("the cameras were made by Hikvision and Dahua") and emits
// those stances with the makers as their vendors.
func (a *analyzer) nameMakers(s *sentence) {
	if len(a.pending) == 0 {
		return
	}
	for j := 0; j < len(s.toks)-2; j++ {
		if !productNouns[s.word(j)] {
			continue
		}
		v := j + 1
		if s.word(v) == "," {
			v++ // "the cameras, made by Hikvision"
		} else if contains(beVerbs, s.word(v)) {
			v++ // "the cameras were made by"
		}
		if !makerVerbs[s.word(v)] || s.word(v+1) != "by" {
			continue
		}
		var makers []*domain.Entity
		for k := range s.mentions {
			if s.mentions[k].first == v+2 && a.roleOf(s, k) == roleVendor {
				makers = a.coordinated(s, k, +1, false)
			}
		}
		if len(makers) == 0 {
			continue
		}
		class := singular(s.word(j))
		kept := a.pending[:0]
		for _, p := range a.pending {
			if p.class != class {
				kept = append(kept, p)
				continue
			}
			f := p.f
			f.targets = makers
			f.cues = append(append([]string(nil), f.cues...), "makers named later")
			a.emit(p.s, &f, p.rel)
		}
		a.pending = kept
	}
}

// singular folds a product noun's plural: "cameras" -> "camera".
func singular(w string) string {
	if len(w) > 3 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
		return w[:len(w)-1]
	}
	return w
}
