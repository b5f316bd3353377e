package extract

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/policygraph/policygraph/domain"
)

// Gold is a gold file: per article, the facts a careful reader takes from it
// and the traps where a naive extractor goes wrong (see gold/FORMAT.md).
type Gold struct {
	Articles []GoldArticle `yaml:"articles"`
}

// GoldArticle is one article's gold facts and traps.
type GoldArticle struct {
	File  string     `yaml:"file"`
	Facts []GoldFact `yaml:"facts"`
	Traps []GoldTrap `yaml:"traps"`
}

// GoldFact is a fact a careful reader takes from the article.
type GoldFact struct {
	Subject  string   `yaml:"subject" json:"subject"`
	Relation string   `yaml:"relation" json:"relation"`
	Object   string   `yaml:"object" json:"object,omitempty"`
	Target   string   `yaml:"target" json:"target,omitempty"`
	Evidence string   `yaml:"evidence" json:"evidence"`
	Accept   []string `yaml:"accept" json:"accept,omitempty"`
	Optional bool     `yaml:"optional" json:"optional,omitempty"`
}

// GoldTrap is a sentence where a naive extractor goes wrong.
type GoldTrap struct {
	Evidence string `yaml:"evidence" json:"evidence"`
	Wrong    string `yaml:"wrong" json:"wrong"`
	Right    string `yaml:"right" json:"right"`
}

// LoadGold reads a gold file.
func LoadGold(path string) (*Gold, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gold: %w", err)
	}
	var g Gold
	if err := yaml.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	return &g, nil
}

// Counts are true positives, false positives and false negatives.
type Counts struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (c *Counts) finish() {
	if c.TP+c.FP > 0 {
		c.Precision = float64(c.TP) / float64(c.TP+c.FP)
	}
	if c.TP+c.FN > 0 {
		c.Recall = float64(c.TP) / float64(c.TP+c.FN)
	}
	if c.Precision+c.Recall > 0 {
		c.F1 = 2 * c.Precision * c.Recall / (c.Precision + c.Recall)
	}
}

// Miss is a required gold fact no prediction matched.
type Miss struct {
	Article string   `json:"article"`
	Fact    GoldFact `json:"fact"`
}

// FalsePositive is a scored prediction that matches no gold fact.
type FalsePositive struct {
	Article string      `json:"article"`
	Fact    domain.Fact `json:"fact"`
	Trap    *GoldTrap   `json:"trap,omitempty"` // the trap its sentence falls into
}

// Report is the score of predictions against a gold file.
type Report struct {
	Overall        Counts            `json:"overall"`
	PerRelation    map[string]Counts `json:"per_relation"`
	Misses         []Miss            `json:"misses"`
	FalsePositives []FalsePositive   `json:"false_positives"`
	TrapHits       int               `json:"trap_hits"`
	Articles       int               `json:"articles"`
	Missing        []string          `json:"missing_articles,omitempty"` // gold articles with no file
}

var spaces = regexp.MustCompile(`[\s\x{00a0}]+`)

func foldSpace(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// sameEntity compares names as FORMAT.md says: case-insensitively, after
// folding aliases (the gazetteer's, see Aliases, which include the ones
// FORMAT.md lists).
func sameEntity(a, b string) bool {
	aliases := Aliases()
	fold := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		if c, ok := aliases[s]; ok {
			return strings.ToLower(c)
		}
		return s
	}
	return fold(a) == fold(b)
}

// Score compares predicted facts (by article file name) with the gold file,
// following FORMAT.md: only asserted facts of the scored relations count,
// one per (subject, relation, object) per article.
func Score(g *Gold, predicted map[string][]domain.Fact) *Report {
	r := &Report{PerRelation: map[string]Counts{}}
	scored := map[domain.Relation]bool{}
	for _, rel := range domain.ScoredRelations {
		scored[rel] = true
	}
	bump := func(rel string, f func(*Counts)) {
		c := r.PerRelation[rel]
		f(&c)
		r.PerRelation[rel] = c
	}
	for _, art := range g.Articles {
		r.Articles++
		facts, ok := predicted[art.File]
		if !ok {
			r.Missing = append(r.Missing, art.File)
		}
		// one prediction per (subject, relation, object/target)
		var preds []domain.Fact
		seen := map[string]bool{}
		for _, f := range facts {
			if !scored[f.Relation] || f.Modality != "" && f.Modality != domain.Asserted {
				continue
			}
			key := strings.ToLower(f.Subject + "|" + string(f.Relation) + "|" + f.Object + "|" + f.Target)
			if f.Relation == domain.Vetoed {
				key = strings.ToLower(f.Subject + "|vetoed|" + f.Target)
			}
			if !seen[key] {
				seen[key] = true
				preds = append(preds, f)
			}
		}
		matched := make([]bool, len(preds))
		for _, gf := range art.Facts {
			hit := false
			for i, p := range preds {
				if matches(gf, p) {
					hit, matched[i] = true, true
				}
			}
			if gf.Optional || !scored[domain.Relation(gf.Relation)] {
				continue
			}
			if hit {
				r.Overall.TP++
				bump(gf.Relation, func(c *Counts) { c.TP++ })
			} else {
				r.Overall.FN++
				bump(gf.Relation, func(c *Counts) { c.FN++ })
				r.Misses = append(r.Misses, Miss{Article: art.File, Fact: gf})
			}
		}
		for i, p := range preds {
			if matched[i] {
				continue
			}
			r.Overall.FP++
			bump(string(p.Relation), func(c *Counts) { c.FP++ })
			fp := FalsePositive{Article: art.File, Fact: p}
			sentence := foldSpace(p.Sentence)
			for t := range art.Traps {
				ev := foldSpace(art.Traps[t].Evidence)
				if strings.Contains(sentence, ev) || strings.Contains(ev, sentence) {
					fp.Trap = &art.Traps[t]
					r.TrapHits++
					break
				}
			}
			r.FalsePositives = append(r.FalsePositives, fp)
		}
	}
	r.Overall.finish()
	for k, c := range r.PerRelation {
		c.finish()
		r.PerRelation[k] = c
	}
	return r
}

// matches reports whether prediction p counts for gold fact gf.
func matches(gf GoldFact, p domain.Fact) bool {
	if !sameEntity(gf.Subject, p.Subject) {
		return false
	}
	relOK := string(p.Relation) == gf.Relation
	for _, a := range gf.Accept {
		relOK = relOK || string(p.Relation) == a
	}
	if !relOK {
		return false
	}
	if gf.Relation == string(domain.Pressured) {
		return sameEntity(gf.Object, p.Object)
	}
	return sameEntity(gf.Target, p.Target)
}

// WriteText prints the report for people: scores, then each miss and false
// positive with its sentence.
func (r *Report) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "articles %d   precision %.3f   recall %.3f   F1 %.3f   (tp %d, fp %d, fn %d)   trap hits %d\n\n",
		r.Articles, r.Overall.Precision, r.Overall.Recall, r.Overall.F1, r.Overall.TP, r.Overall.FP, r.Overall.FN, r.TrapHits)
	rels := make([]string, 0, len(r.PerRelation))
	for k := range r.PerRelation {
		rels = append(rels, k)
	}
	sort.Strings(rels)
	fmt.Fprintf(w, "%-16s %9s %9s %9s %4s %4s %4s\n", "RELATION", "PRECISION", "RECALL", "F1", "TP", "FP", "FN")
	for _, k := range rels {
		c := r.PerRelation[k]
		fmt.Fprintf(w, "%-16s %9.3f %9.3f %9.3f %4d %4d %4d\n", k, c.Precision, c.Recall, c.F1, c.TP, c.FP, c.FN)
	}
	for _, m := range r.Missing {
		fmt.Fprintf(w, "\nmissing article file: %s", m)
	}
	if len(r.Misses) > 0 {
		fmt.Fprintln(w, "\nMISSES")
	}
	for _, m := range r.Misses {
		obj := m.Fact.Target
		if m.Fact.Relation == string(domain.Pressured) {
			obj = m.Fact.Object
		}
		fmt.Fprintf(w, "  %s  %s %s %s\n      %q\n", m.Article, m.Fact.Subject, m.Fact.Relation, obj, m.Fact.Evidence)
	}
	if len(r.FalsePositives) > 0 {
		fmt.Fprintln(w, "\nFALSE POSITIVES")
	}
	for _, fp := range r.FalsePositives {
		obj, _ := fp.Fact.DirectObject()
		trap := ""
		if fp.Trap != nil {
			trap = "  TRAP (" + fp.Trap.Wrong + ")"
		}
		fmt.Fprintf(w, "  %s  %s %s %s%s\n      %q\n", fp.Article, fp.Fact.Subject, fp.Fact.Relation, obj, trap, fp.Fact.Sentence)
	}
	return nil
}
