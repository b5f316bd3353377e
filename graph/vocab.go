package graph

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/voc"

	"github.com/policygraph/policygraph/domain"
)

// Namespaces of every IRI policygraph writes. They are absolute so that RDF
// exports are valid as they are.
const (
	NS          = "https://policygraph.org/"
	EntityNS    = NS + "entity/"
	ArticleNS   = NS + "article/"
	StatementNS = NS + "statement/"
	VocabNS     = NS + "vocab/"

	RDFType   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	XSD       = "http://www.w3.org/2001/XMLSchema#"
	XSDDate   = XSD + "date"
	XSDGYM    = XSD + "gYearMonth"
	XSDGYear  = XSD + "gYear"
	XSDAnyURI = XSD + "anyURI"
)

// EntitiesGraph is the named graph holding entity reference data (names,
// types, ISO codes). It is shared by all articles and never dropped.
const EntitiesGraph = NS + "graph/entities"

func init() {
	voc.RegisterPrefix("pg:", VocabNS)
	voc.RegisterPrefix("pge:", EntityNS)
	voc.RegisterPrefix("pga:", ArticleNS)
	voc.RegisterPrefix("pgs:", StatementNS)
}

// Predicates and classes of the graph model (see docs/DESIGN.md).
var (
	PredType = quad.IRI(RDFType)

	ClassArticle   = Vocab("Article")
	ClassStatement = Vocab("Statement")

	PredName       = Vocab("name")
	PredEntityType = Vocab("entityType")
	PredISO2       = Vocab("iso2")
	PredISO3       = Vocab("iso3")
	PredRegion     = Vocab("region")

	PredArticleID  = Vocab("id")
	PredTitle      = Vocab("title")
	PredURL        = Vocab("url")
	PredPublished  = Vocab("published")
	PredDateSource = Vocab("dateSource")
	PredHash       = Vocab("hash")

	PredSubject    = Vocab("subject")
	PredRelation   = Vocab("relation")
	PredObject     = Vocab("object")
	PredTarget     = Vocab("target")
	PredScope      = Vocab("scope")
	PredModality   = Vocab("modality")
	PredConfidence = Vocab("confidence")
	PredSentence   = Vocab("sentence")
	PredStart      = Vocab("start")
	PredEnd        = Vocab("end")
	PredArticle    = Vocab("article")
	PredEventDate  = Vocab("eventDate")
	PredDate       = Vocab("date")
)

// Vocab returns the IRI of a term of policygraph's vocabulary.
func Vocab(term string) quad.IRI { return quad.IRI(VocabNS + term) }

// RelationIRI is the predicate of a relation's direct edge.
func RelationIRI(r domain.Relation) quad.IRI { return Vocab(string(r)) }

// ClassIRI is the rdf:type of entities of type t (e.g. pg:country).
func ClassIRI(t domain.EntityType) quad.IRI { return Vocab(string(t)) }

// idUnder is the ID an IRI in namespace ns stands for (the inverse of
// EntityIRI and ArticleIRI), and whether v is such an IRI.
func idUnder(v quad.Value, ns string) (string, bool) {
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), ns) {
		return "", false
	}
	id, err := url.PathUnescape(strings.TrimPrefix(string(iri), ns))
	return id, err == nil
}

// EntityIRI is the node of the entity with the given ID (see EntityID).
func EntityIRI(id string) quad.IRI { return quad.IRI(EntityNS + url.PathEscape(id)) }

// ArticleIRI is the node of an article, and the label of its named graph.
func ArticleIRI(id string) quad.IRI { return quad.IRI(ArticleNS + url.PathEscape(id)) }

// DateValue types a YYYY, YYYY-MM or YYYY-MM-DD date as the matching XSD
// literal; anything else stays a plain string.
func DateValue(d string) quad.Value {
	switch {
	case isDigits(d, 4) && len(d) == 4:
		return quad.TypedString{Value: quad.String(d), Type: XSDGYear}
	case len(d) == 7 && isDigits(d[:4], 4) && d[4] == '-' && isDigits(d[5:], 2):
		return quad.TypedString{Value: quad.String(d), Type: XSDGYM}
	case len(d) == 10 && isDigits(d[:4], 4) && d[4] == '-' && isDigits(d[5:7], 2) && d[7] == '-' && isDigits(d[8:], 2):
		return quad.TypedString{Value: quad.String(d), Type: XSDDate}
	}
	return quad.String(d)
}

func isDigits(s string, n int) bool {
	if len(s) < n {
		return false
	}
	for _, c := range s[:n] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ValueString renders a stored value as plain text: the string of a literal,
// the IRI itself for an IRI.
func ValueString(v quad.Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case quad.IRI:
		return string(v)
	case quad.String:
		return string(v)
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	case quad.Int:
		return strconv.FormatInt(int64(v), 10)
	case quad.Float:
		return strconv.FormatFloat(float64(v), 'f', -1, 64)
	case quad.Bool:
		return strconv.FormatBool(bool(v))
	}
	return quad.StringOf(v)
}
