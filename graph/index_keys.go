package graph

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"net/url"
	"strings"

	"github.com/policygraph/policygraph/domain"
)

// Key spaces of the index. Keys are parts joined by 0x00 (entity IDs are
// slugs and article IDs cannot hold NUL).
const (
	keyMeta     = "m"
	keyPending  = "p"
	keyNode     = "n" // n, article: every article in the graph, even one without facts
	keyArticle  = "a" // a, article, statement
	keyTarget   = "t" // t, target, subject, date, article, statement
	keySubject  = "s" // s, subject, date, article, statement
	keyObject   = "o" // o, object, date, article, statement
	keyRelation = "r" // r, relation, date, article, statement
	keyCount    = "c" // c, name: the counters Store.Stats reads (see index_count.go)
	keyRefs     = "e" // e, entity: how many subject, object and target keys name the entity
)

func indexKey(parts ...string) []byte {
	n := len(parts)
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

// indexPrefix is indexKey(parts...) followed by the separator, so that a
// scan of "t, huawei" does not also return "t, huawei-marine".
func indexPrefix(parts ...string) []byte { return append(indexKey(parts...), 0) }

// IndexedFact is a statement as the fact index holds it.
type IndexedFact struct {
	IRI        string
	Article    string // article ID
	Subject    string
	Relation   domain.Relation
	Object     string
	Target     string
	Scope      string
	Modality   domain.Modality
	Date       string // event date, else the article's publication date
	EventDate  string
	Confidence float64
	Start, End int
	Sentence   string
	Title      string // the article's
	URL        string
	Published  string
}

// recordFormat starts every encoded record and brief.
const recordFormat = 1

var errBadRecord = errors.New("graph: index: malformed record")

// encode appends the format byte, the strings (each length-prefixed), a
// float and the ints.
func encode(b []byte, strs []string, f float64, ints ...int) []byte {
	b = append(b, recordFormat)
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	for _, n := range ints {
		b = binary.AppendVarint(b, int64(n))
	}
	return b
}

// decode reads what encode wrote into strs, the float and ints.
func decode(b []byte, strs []string, f *float64, ints ...*int) error {
	if len(b) == 0 || b[0] != recordFormat {
		return errBadRecord
	}
	b = b[1:]
	for i := range strs {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return errBadRecord
		}
		strs[i] = string(b[k : k+int(n)])
		b = b[k+int(n):]
	}
	if len(b) < 8 {
		return errBadRecord
	}
	*f = math.Float64frombits(binary.LittleEndian.Uint64(b))
	b = b[8:]
	for _, p := range ints {
		n, k := binary.Varint(b)
		if k <= 0 {
			return errBadRecord
		}
		*p, b = int(n), b[k:]
	}
	return nil
}

func (f *IndexedFact) marshal() []byte {
	b := make([]byte, 0, 64+len(f.IRI)+len(f.Sentence)+len(f.Title)+len(f.URL))
	return encode(b, []string{f.IRI, f.Article, f.Subject, string(f.Relation), f.Object, f.Target, f.Scope,
		string(f.Modality), f.Date, f.EventDate, f.Sentence, f.Title, f.URL, f.Published}, f.Confidence, f.Start, f.End)
}

func (f *IndexedFact) unmarshal(b []byte) error {
	var strs [14]string
	if err := decode(b, strs[:], &f.Confidence, &f.Start, &f.End); err != nil {
		return err
	}
	f.IRI, f.Article, f.Subject, f.Relation, f.Object, f.Target, f.Scope = strs[0], strs[1], strs[2], domain.Relation(strs[3]), strs[4], strs[5], strs[6]
	f.Modality, f.Date, f.EventDate, f.Sentence, f.Title, f.URL, f.Published = domain.Modality(strs[7]), strs[8], strs[9], strs[10], strs[11], strs[12], strs[13]
	return nil
}

// stmtID is the last segment of the fact's statement IRI: what identifies
// it within its article.
func (f *IndexedFact) stmtID() string { return f.IRI[strings.LastIndexByte(f.IRI, '/')+1:] }

// SortDate makes partial dates comparable: "2019" < "2019-02" < "2019-02-15".
func SortDate(d string) string {
	switch len(d) {
	case 4:
		return d + "-00-00"
	case 7:
		return d + "-00"
	}
	return d
}

// keys returns every key the record is filed under, the primary first.
func (f *IndexedFact) keys() [][]byte {
	stmt := f.stmtID()
	date := SortDate(f.Date)
	out := [][]byte{
		indexKey(keyArticle, f.Article, stmt),
		indexKey(keySubject, domain.EntityID(f.Subject), date, f.Article, stmt),
	}
	if !f.Relation.IsStance() { // stances are read by vendor
		out = append(out, indexKey(keyRelation, string(f.Relation), date, f.Article, stmt))
	}
	if f.Target != "" {
		out = append(out, indexKey(keyTarget, domain.EntityID(f.Target), domain.EntityID(f.Subject), date, f.Article, stmt))
	}
	if f.Object != "" {
		out = append(out, indexKey(keyObject, domain.EntityID(f.Object), date, f.Article, stmt))
	}
	return out
}

// FactRef is what the index's secondary keys tell of a fact: enough to
// choose facts (the latest stance of each country, say) before reading the
// records of the chosen ones with Store.FactsByRef.
type FactRef struct {
	Article    string
	Subject    string // entity ID
	Relation   domain.Relation
	Modality   domain.Modality
	Date       string
	Confidence float64
	Start      int
	stmt       string
}

// IRI is the fact's statement node.
func (r FactRef) IRI() string {
	return StatementNS + url.PathEscape(r.Article) + "/" + r.stmt
}

func (f *IndexedFact) ref() FactRef {
	return FactRef{Article: f.Article, Subject: domain.EntityID(f.Subject), Relation: f.Relation, Modality: f.Modality,
		Date: f.Date, Confidence: f.Confidence, Start: f.Start, stmt: f.stmtID()}
}

func (r FactRef) marshal() []byte {
	return encode(make([]byte, 0, 48), []string{r.Subject, string(r.Relation), string(r.Modality), r.Date}, r.Confidence, r.Start)
}

// unmarshalRef reads a secondary key and its value.
func unmarshalRef(k, v []byte) (FactRef, error) {
	var r FactRef
	stmt := bytes.LastIndexByte(k, 0)
	art := bytes.LastIndexByte(k[:max(stmt, 0)], 0)
	if art < 0 {
		return r, errBadRecord
	}
	r.Article, r.stmt = string(k[art+1:stmt]), string(k[stmt+1:])
	var strs [4]string
	if err := decode(v, strs[:], &r.Confidence, &r.Start); err != nil {
		return r, err
	}
	r.Subject, r.Relation, r.Modality, r.Date = strs[0], domain.Relation(strs[1]), domain.Modality(strs[2]), strs[3]
	return r, nil
}

// versionKey holds indexVersion once the index is complete: a rebuild
// deletes it first, in a transaction of its own, and writes it last, so an
// index whose rebuild was interrupted is never taken for a complete one.
var versionKey = indexKey(keyMeta, "version")
