package domain

import (
	"fmt"
	"strings"
)

// Relation names a kind of fact. The scored vocabulary is fixed (see
// docs/DESIGN.md); other snake_case relations may be added freely; what is
// known about each relation lives in one table (relations.go).
type Relation string

// Valid reports whether r is a usable relation name: non-empty snake_case.
func (r Relation) Valid() bool {
	if r == "" {
		return false
	}
	for _, c := range r {
		if !(c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Modality says how an article presents a fact.
type Modality string

// The four modalities. Canned questions answer from Asserted facts and show
// the others as context.
const (
	Asserted     Modality = "asserted"
	Reported     Modality = "reported"
	Denied       Modality = "denied"
	Hypothetical Modality = "hypothetical"
)

// Valid reports whether m is one of the four modalities.
func (m Modality) Valid() bool {
	switch m {
	case Asserted, Reported, Denied, Hypothetical:
		return true
	}
	return false
}

// EntityType classifies an entity.
type EntityType string

// Entity types.
const (
	Country      EntityType = "country"
	Company      EntityType = "company"
	Organisation EntityType = "organisation"
	Person       EntityType = "person"
	Deal         EntityType = "deal"
	Group        EntityType = "group"
	// Region is a state or province within a country ("Texas", "Ontario"):
	// its government takes no country's stance, so the extractor names it
	// only to keep it from being read as a country ("Georgia").
	Region EntityType = "region"
)

// Fact is one subject–relation–object statement taken from one sentence of
// one article. Its JSON form is the fixed JSON-lines format of
// `policygraph extract --format jsonl` (field order matters).
type Fact struct {
	Article     string     `json:"article"`
	Published   string     `json:"published,omitempty"`
	Subject     string     `json:"subject"`
	SubjectType EntityType `json:"subject_type,omitempty"`
	SubjectID   string     `json:"subject_id,omitempty"`
	Relation    Relation   `json:"relation"`
	Object      string     `json:"object,omitempty"`
	ObjectType  EntityType `json:"object_type,omitempty"`
	ObjectID    string     `json:"object_id,omitempty"`
	Target      string     `json:"target,omitempty"`
	TargetID    string     `json:"target_id,omitempty"`
	Scope       string     `json:"scope,omitempty"`
	Modality    Modality   `json:"modality"`
	Confidence  float64    `json:"confidence"`
	EventDate   string     `json:"event_date,omitempty"`
	Sentence    string     `json:"sentence"`
	Start       int        `json:"start"`
	End         int        `json:"end"`
	// Cues lists the extraction cues that fired, for `extract --explain`.
	Cues []string `json:"cues,omitempty"`
}

// Validate checks that f can be stored: it names its article, subject and
// relation, has a known modality and a confidence in [0,1].
func (f *Fact) Validate() error {
	switch {
	case f.Article == "":
		return fmt.Errorf("fact: missing article")
	case f.Subject == "":
		return fmt.Errorf("fact %s: missing subject", f.Article)
	case !f.Relation.Valid():
		return fmt.Errorf("fact %s: invalid relation %q", f.Article, f.Relation)
	case !f.Modality.Valid():
		return fmt.Errorf("fact %s: invalid modality %q", f.Article, f.Modality)
	case f.Confidence < 0 || f.Confidence > 1:
		return fmt.Errorf("fact %s: confidence %v outside [0,1]", f.Article, f.Confidence)
	case f.Start < 0 || f.End < f.Start:
		return fmt.Errorf("fact %s: bad offsets %d..%d", f.Article, f.Start, f.End)
	}
	return nil
}

// Date is the fact's effective date: its event date, else the article's
// publication date.
func (f *Fact) Date() string {
	if f.EventDate != "" {
		return f.EventDate
	}
	return f.Published
}

// Slug turns a canonical name into the stable identifier used in entity
// IRIs: lower case, ASCII letters and digits, words joined by hyphens.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r > 127 && (r >= 'à' && r <= 'ÿ'):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(foldLatin(r))
		default:
			dash = true
		}
	}
	return b.String()
}

func foldLatin(r rune) rune {
	const from = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
	const to = "aaaaaaceeeeiiiinooooouuuuyy"
	fr := []rune(from)
	for i, c := range fr {
		if c == r {
			return rune(to[i])
		}
	}
	return 'x'
}

// Entity is a node for a named thing facts are about: a country, company,
// organisation, person or deal. ID is EntityID(Name).
type Entity struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Type   EntityType `json:"type"`
	ISO2   string     `json:"iso2,omitempty"` // ISO 3166-1 alpha-2, countries only
	ISO3   string     `json:"iso3,omitempty"` // ISO 3166-1 alpha-3, countries only
	Region string     `json:"region,omitempty"`
}

// EntityID is the stable identifier of the entity with canonical name name.
func EntityID(name string) string { return Slug(name) }

// DirectObject is the entity a fact's direct edge points to: the object for
// relations whose table entry says ToObject (pressured, vetoed) or when
// there is no target, else the target vendor.
func (f *Fact) DirectObject() (name string, typ EntityType) {
	if f.Object != "" && (f.Relation.Info().ToObject || f.Target == "") {
		return f.Object, f.ObjectType
	}
	return f.Target, Company
}
