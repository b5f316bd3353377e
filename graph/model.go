package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"

	"github.com/cayleygraph/quad"

	"github.com/policygraph/policygraph/domain"
)

// StatementIRI is the node describing one fact. It is derived from the fact's
// content, so an unchanged fact keeps its node when its article is re-ingested.
func StatementIRI(f *domain.Fact) quad.IRI {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%d\x00%d\x00%s\x00%s",
		f.Subject, f.Relation, f.Object, f.Target, f.Scope, f.Modality, f.EventDate, f.Start, f.End, f.Sentence,
		strconv.FormatFloat(f.Confidence, 'f', 3, 64))
	return quad.IRI(StatementNS + url.PathEscape(f.Article) + "/" + hex.EncodeToString(h.Sum(nil))[:16])
}

// ArticleQuads returns every quad of an article's named graph: the article
// node, and for each fact its statement node and, when the fact is asserted,
// its direct edge. Entity reference data is separate (EntityQuads).
func ArticleQuads(a Article, facts []domain.Fact) []quad.Quad {
	label := ArticleIRI(a.ID)
	qs := make([]quad.Quad, 0, 8+len(facts)*16)
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
	}
	add(label, PredType, ClassArticle)
	add(label, PredArticleID, quad.String(a.ID))
	if a.Title != "" {
		add(label, PredTitle, quad.String(a.Title))
	}
	if a.URL != "" {
		add(label, PredURL, quad.TypedString{Value: quad.String(a.URL), Type: XSDAnyURI})
	}
	if a.Published != "" {
		add(label, PredPublished, DateValue(a.Published))
	}
	if a.DateSource != "" {
		add(label, PredDateSource, quad.String(a.DateSource))
	}
	if a.Hash != "" {
		add(label, PredHash, quad.String(a.Hash))
	}
	seen := make(map[quad.IRI]bool, len(facts))
	for i := range facts {
		f := &facts[i]
		st := StatementIRI(f)
		if seen[st] {
			continue
		}
		seen[st] = true
		subj := EntityIRI(domain.EntityID(f.Subject))
		if f.Modality == domain.Asserted {
			if obj, _ := f.DirectObject(); obj != "" {
				add(subj, RelationIRI(f.Relation), EntityIRI(domain.EntityID(obj)))
			}
		}
		add(st, PredType, ClassStatement)
		add(st, PredSubject, subj)
		add(st, PredRelation, RelationIRI(f.Relation))
		if f.Object != "" {
			add(st, PredObject, EntityIRI(domain.EntityID(f.Object)))
		}
		if f.Target != "" {
			add(st, PredTarget, EntityIRI(domain.EntityID(f.Target)))
		}
		if f.Scope != "" {
			add(st, PredScope, quad.String(f.Scope))
		}
		add(st, PredModality, quad.String(f.Modality))
		add(st, PredConfidence, quad.TypedString{Value: quad.String(strconv.FormatFloat(f.Confidence, 'f', -1, 64)), Type: XSD + "double"})
		add(st, PredSentence, quad.String(f.Sentence))
		add(st, PredStart, quad.TypedString{Value: quad.String(strconv.Itoa(f.Start)), Type: XSD + "integer"})
		add(st, PredEnd, quad.TypedString{Value: quad.String(strconv.Itoa(f.End)), Type: XSD + "integer"})
		add(st, PredArticle, label)
		if f.EventDate != "" {
			add(st, PredEventDate, DateValue(f.EventDate))
		}
		if d := f.Date(); d != "" {
			add(st, PredDate, DateValue(d))
		}
	}
	return dedupQuads(qs)
}

// EntityQuads returns the reference-data quads of entities, in EntitiesGraph.
func EntityQuads(ents []domain.Entity) []quad.Quad {
	label := quad.IRI(EntitiesGraph)
	qs := make([]quad.Quad, 0, len(ents)*5)
	for _, e := range ents {
		id := e.ID
		if id == "" {
			id = domain.EntityID(e.Name)
		}
		if id == "" {
			continue
		}
		n := EntityIRI(id)
		add := func(p quad.IRI, o quad.Value) {
			qs = append(qs, quad.Quad{Subject: n, Predicate: p, Object: o, Label: label})
		}
		if e.Type != "" {
			add(PredType, ClassIRI(e.Type))
			add(PredEntityType, quad.String(e.Type))
		}
		add(PredName, quad.String(e.Name))
		if e.ISO2 != "" {
			add(PredISO2, quad.String(e.ISO2))
		}
		if e.ISO3 != "" {
			add(PredISO3, quad.String(e.ISO3))
		}
		if e.Region != "" {
			add(PredRegion, quad.String(e.Region))
		}
	}
	return dedupQuads(qs)
}

// FactEntities derives minimal entity records from facts alone (name and
// type), for callers without a gazetteer.
func FactEntities(facts []domain.Fact) []domain.Entity {
	seen := map[string]bool{}
	var out []domain.Entity
	add := func(name string, t domain.EntityType) {
		id := domain.EntityID(name)
		if name == "" || id == "" || seen[id] {
			return
		}
		seen[id] = true
		out = append(out, domain.Entity{ID: id, Name: name, Type: t})
	}
	for _, f := range facts {
		add(f.Subject, f.SubjectType)
		add(f.Object, f.ObjectType)
		add(f.Target, domain.Company)
	}
	return out
}

func dedupQuads(in []quad.Quad) []quad.Quad {
	seen := make(map[quad.Quad]struct{}, len(in))
	out := in[:0]
	for _, q := range in {
		if _, ok := seen[q]; ok {
			continue
		}
		seen[q] = struct{}{}
		out = append(out, q)
	}
	return out
}
