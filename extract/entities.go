package extract

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/policygraph/policygraph/domain"
)

//go:embed data/countries.json data/gazetteer.yaml data/lexicon.yaml data/patterns.yaml
var dataFS embed.FS

// mentionKind says how a phrase refers to its entity.
type mentionKind int

const (
	kindName    mentionKind = iota // the entity's name or alias
	kindDemonym                    // "Italian", "German"
	kindSeat                       // a capital or seat of government: "Rome", "Kremlin"
	kindAgency                     // a body acting for its country: "FCC"
	kindPerson                     // an official acting for their country
)

// entry is what a gazetteer phrase refers to.
type entry struct {
	ent  *domain.Entity
	kind mentionKind
	// exact: the phrase must match case-sensitively (acronyms like "US").
	exact bool
	words []string // normalised tokens of the phrase
	raw   []string // tokens as written in the gazetteer
	caps  []bool   // the raw token is capitalised, so must the text's be
}

// Gazetteer finds entity mentions by longest match over tokens.
type Gazetteer struct {
	byFirst  map[string][]*entry
	lex      map[string]*lexEntry      // byFirst merged with the word tables
	entities map[string]*domain.Entity // by canonical name
	vendors  map[string]bool
	chinese  map[string]bool // companies based in China
	acting   map[string]bool // organisations that take stances (the European Union)
	// regions whose name is also a country's ("Georgia"): the region is meant
	// where the article names other regions of its country (extract.go)
	sharedName map[string]*domain.Entity
}

type gazetteerFile struct {
	CountryAliases map[string][]string `yaml:"country_aliases"`
	Seats          map[string][]string `yaml:"seats"`
	Demonyms       map[string][]string `yaml:"demonyms"`
	Regions        map[string][]string `yaml:"regions"`
	Agencies       map[string][]string `yaml:"agencies"`
	Organisations  map[string][]string `yaml:"organisations"`
	// ActingOrganisations take stances as a country does; the others
	// (NATO, the UN) are named but never a fact's subject.
	ActingOrganisations []string `yaml:"acting_organisations"`
	Companies           map[string]struct {
		Vendor  bool     `yaml:"vendor"`
		Country string   `yaml:"country"`
		Aliases []string `yaml:"aliases"`
	} `yaml:"companies"`
	People map[string][]string `yaml:"people"`
}

type countryRecord struct {
	Name     string   `json:"name"`
	Official string   `json:"official"`
	CCA2     string   `json:"cca2"`
	CCA3     string   `json:"cca3"`
	Capital  []string `json:"capital"`
	Alt      []string `json:"altSpellings"`
	Demonym  string   `json:"demonym"`
	Region   string   `json:"region"`
	UN       bool     `json:"unMember"`
}

// loadGazetteer builds the gazetteer from the embedded data files.
func loadGazetteer() (*Gazetteer, error) {
	g := &Gazetteer{byFirst: map[string][]*entry{}, entities: map[string]*domain.Entity{}, vendors: map[string]bool{}, chinese: map[string]bool{}, acting: map[string]bool{}}
	raw, err := dataFS.ReadFile("data/countries.json")
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	var countries []countryRecord
	if err := json.Unmarshal(raw, &countries); err != nil {
		return nil, fmt.Errorf("extract: countries.json: %w", err)
	}
	// UN members first, so that a demonym shared with a territory
	// ("American") means the member state.
	sort.SliceStable(countries, func(i, j int) bool { return countries[i].UN && !countries[j].UN })
	taken := map[string]bool{}
	for _, c := range countries {
		e := &domain.Entity{ID: domain.EntityID(c.Name), Name: c.Name, Type: domain.Country, ISO2: c.CCA2, ISO3: c.CCA3, Region: c.Region}
		g.entities[c.Name] = e
		g.add(c.Name, e, kindName)
		if c.Official != c.Name {
			g.add(c.Official, e, kindName)
		}
		for _, a := range c.Alt {
			// two- and three-letter codes collide with words ("IT", "NO"); the
			// curated aliases below add the ones in use.
			if len(a) > 3 && isLatin(a) {
				g.add(a, e, kindName)
			}
		}
		for _, capital := range c.Capital {
			if !taken[capital] {
				taken[capital] = true
				g.add(capital, e, kindSeat)
			}
		}
		for _, d := range strings.Split(c.Demonym, ",") {
			if d = strings.TrimSpace(d); d != "" && !taken[d] {
				taken[d] = true
				g.add(d, e, kindDemonym)
			}
		}
	}
	raw, err = dataFS.ReadFile("data/gazetteer.yaml")
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	var f gazetteerFile
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("extract: gazetteer: %w", err)
	}
	for _, name := range sortedKeys(f.Organisations) {
		orgAliases := f.Organisations[name]
		e := &domain.Entity{ID: domain.EntityID(name), Name: name, Type: domain.Organisation}
		g.entities[name] = e
		g.add(name, e, kindName)
		for _, a := range orgAliases {
			g.add(a, e, kindName)
		}
	}
	for _, name := range f.ActingOrganisations {
		if g.entities[name] == nil {
			return nil, fmt.Errorf("extract: gazetteer acting_organisations: unknown organisation %q", name)
		}
		g.acting[name] = true
	}
	lookup := func(section, name string) (*domain.Entity, error) {
		e := g.entities[name]
		if e == nil {
			return nil, fmt.Errorf("extract: gazetteer %s: unknown country or organisation %q", section, name)
		}
		return e, nil
	}
	sections := []struct {
		name string
		m    map[string][]string
		kind mentionKind
	}{
		{"country_aliases", f.CountryAliases, kindName},
		{"seats", f.Seats, kindSeat},
		{"demonyms", f.Demonyms, kindDemonym},
		{"agencies", f.Agencies, kindAgency},
		{"people", f.People, kindPerson},
	}
	for _, s := range sections {
		for _, name := range sortedKeys(s.m) {
			phrases := s.m[name]
			e, err := lookup(s.name, name)
			if err != nil {
				return nil, err
			}
			for _, p := range phrases {
				if s.kind == kindSeat {
					g.drop(p) // "Brussels" is the EU's seat here, not only Belgium's capital
				}
				g.add(p, e, s.kind)
			}
		}
	}
	g.sharedName = map[string]*domain.Entity{}
	for _, country := range sortedKeys(f.Regions) {
		for _, name := range f.Regions[country] {
			e := &domain.Entity{ID: domain.EntityID(name + " (" + country + ")"), Name: name, Type: domain.Region}
			if g.entities[name] != nil {
				g.sharedName[name] = e // "Georgia": the country unless the article is about states
				continue
			}
			g.add(name, e, kindName)
		}
	}
	for _, name := range sortedKeys(f.Companies) {
		c := f.Companies[name]
		e := &domain.Entity{ID: domain.EntityID(name), Name: name, Type: domain.Company}
		g.entities[name] = e
		g.vendors[name] = c.Vendor
		g.chinese[name] = c.Country == "China"
		g.add(name, e, kindName)
		for _, a := range c.Aliases {
			g.add(a, e, kindName)
		}
	}
	for _, list := range g.byFirst {
		// longest phrases first
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(list[j].words) > len(list[j-1].words); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
	}
	g.lex = buildLexicon(g.byFirst)
	return g, nil
}

// sortedKeys returns the keys of m in order, so that the gazetteer is built
// the same way every time.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x24F {
			return false
		}
	}
	return true
}

func (g *Gazetteer) add(phrase string, e *domain.Entity, kind mentionKind) {
	toks := Tokenize(phrase, 0)
	if len(toks) == 0 {
		return
	}
	en := &entry{ent: e, kind: kind}
	exact := true
	for _, t := range toks {
		en.words = append(en.words, t.norm)
		en.raw = append(en.raw, t.text)
		en.caps = append(en.caps, t.upper)
		if strings.ToUpper(t.text) != t.text || len(toks) > 1 {
			exact = false
		}
	}
	en.exact = exact || strings.Contains(phrase, ".")
	g.byFirst[en.words[0]] = append(g.byFirst[en.words[0]], en)
}

// drop removes the entries for exactly the phrase p, so that a curated
// entry replaces a generated one (a seat of government over a capital).
func (g *Gazetteer) drop(p string) {
	toks := Tokenize(p, 0)
	if len(toks) == 0 {
		return
	}
	var words []string
	for _, t := range toks {
		words = append(words, t.norm)
	}
	first := words[0]
	kept := g.byFirst[first][:0]
	for _, en := range g.byFirst[first] {
		if !slices.Equal(en.words, words) {
			kept = append(kept, en)
		}
	}
	g.byFirst[first] = kept
}

// Entity returns the entity with the given canonical name.
func (g *Gazetteer) Entity(name string) *domain.Entity { return g.entities[name] }

// IsVendor reports whether the company is a vendor countries take stances on.
func (g *Gazetteer) IsVendor(name string) bool { return g.vendors[name] }

// mention is an entity named in a sentence.
type mention struct {
	first, last int // token indexes, inclusive
	ent         *domain.Entity
	kind        mentionKind
}

// find returns the entity mentions in toks (annotated by annotate), longest match first, left to right.
func (g *Gazetteer) find(toks []token) []mention {
	var out []mention
	for i := 0; i < len(toks); i++ {
		if !toks[i].word {
			continue
		}
		var best *entry
		l := toks[i].lex
		if l == nil {
			continue
		}
		for _, e := range l.entries {
			if g.matches(e, toks, i) {
				best = e
				break
			}
		}
		if best == nil {
			continue
		}
		last := i + len(best.words) - 1
		if best.ent.Type == domain.Company {
			last = legalSuffix(toks, last)
		}
		out = append(out, mention{first: i, last: last, ent: best.ent, kind: best.kind})
		i = last
	}
	return out
}

// legalSuffixes follow a company's name: "Huawei Technologies Co., Ltd.",
// "ZTE Corp", "Swisscom AG", "Fastweb S.p.A.".
var legalSuffixes = map[string]bool{
	"co": true, "co.": true, "ltd": true, "ltd.": true, "inc": true, "inc.": true, "corp": true, "corp.": true,
	"corporation": true, "ag": true, "sa": true, "s.a.": true, "s.p.a.": true, "spa": true, "plc": true, "llc": true,
	"gmbh": true, "nv": true, "n.v.": true, "bv": true, "oyj": true, "asa": true, "limited": true, "se": true,
	"pte": true, "bhd": true, "berhad": true, "jsc": true, "pjsc": true, "oao": true, "tbk": true,
}

// legalSuffix extends a company mention ending at last over legal suffixes
// and their punctuation; it returns the new last token.
func legalSuffix(toks []token, last int) int {
	for j := last + 1; j < len(toks); j++ {
		n := toks[j].norm
		switch {
		case legalSuffixes[n] && toks[j].upper:
			last = j
			if j+1 < len(toks) && toks[j+1].norm == "." && (j+2 == len(toks) || !toks[j+2].upper || j+2 < len(toks) && legalSuffixes[toks[j+2].norm]) {
				last = j + 1 // "Co." but not the sentence's full stop before a capital
				j++
			}
		case n == "," && j+1 < len(toks) && legalSuffixes[toks[j+1].norm] && toks[j+1].upper:
			continue
		default:
			return last
		}
	}
	return last
}

// annotate looks each token up in the lexicon.
func (g *Gazetteer) annotate(toks []token) {
	for i := range toks {
		toks[i].lex = g.lex[toks[i].norm]
	}
}

func (g *Gazetteer) matches(e *entry, toks []token, i int) bool {
	if i+len(e.words) > len(toks) {
		return false
	}
	for k, w := range e.words {
		t := toks[i+k]
		if t.norm != w {
			return false
		}
		if e.exact && t.text != e.raw[k] && quoteFolder.Replace(t.text) != e.raw[k] {
			return false
		}
		// capitalised gazetteer words must be capitalised in the text
		if e.caps[k] && !t.upper {
			return false
		}
	}
	return true
}
