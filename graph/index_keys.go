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
	keyTarget   = "t" // t, target, subject, span, article, statement (see spanKey)
	keySubject  = "s" // s, subject, date, article, statement
	keyObject   = "o" // o, object, date, article, statement
	keyRelation = "r" // r, relation, date, article, statement: holds the record (see holdsRecords)
	keyCount    = "c" // c, name: the counters Store.Stats reads (see index_count.go)
	keyRefs     = "e" // e, entity: how many subject, object and target keys name the entity
	keyStances  = "k" // k, target, subject, relation, modality: how many target keys have them (see index_count.go)
)

// holdsRecords reports whether the values of k's key space are whole
// records rather than briefs: the article's, where the records live, and
// the relation's, whose questions show every fact they select (every act
// of pressure, every veto) and so read the records in key order instead of
// looking each one up.
func holdsRecords(k []byte) bool {
	return len(k) > 1 && k[1] == 0 && (k[0] == keyArticle[0] || k[0] == keyRelation[0])
}

// entryValue is the value a fact is filed under with key k: its record or
// its brief.
func entryValue(k, record, brief []byte) []byte {
	if holdsRecords(k) {
		return record
	}
	return brief
}

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

// decode reads what encode wrote into strs, the float and ints. The
// strings share one allocation, a copy of b.
func decode(b []byte, strs []string, f *float64, ints ...*int) error {
	all := string(b)
	return decodeWith(b, func(from, to int) string { return all[from:to] }, strs, f, ints...)
}

// decodeWith is decode making each string with str, from its bytes
// b[from:to].
func decodeWith(b []byte, str func(from, to int) string, strs []string, f *float64, ints ...*int) error {
	if len(b) == 0 || b[0] != recordFormat {
		return errBadRecord
	}
	at := 1
	for i := range strs {
		n, k := binary.Uvarint(b[at:])
		if k <= 0 || uint64(len(b)-at-k) < n {
			return errBadRecord
		}
		at += k
		strs[i] = str(at, at+int(n))
		at += int(n)
	}
	if len(b)-at < 8 {
		return errBadRecord
	}
	*f = math.Float64frombits(binary.LittleEndian.Uint64(b[at:]))
	at += 8
	for _, p := range ints {
		n, k := binary.Varint(b[at:])
		if k <= 0 {
			return errBadRecord
		}
		*p, at = int(n), at+k
	}
	return nil
}

func (f *IndexedFact) marshal() []byte {
	b := make([]byte, 0, 64+len(f.IRI)+len(f.Sentence)+len(f.Title)+len(f.URL))
	return encode(b, []string{f.IRI, f.Article, f.Subject, string(f.Relation), f.Object, f.Target, f.Scope,
		string(f.Modality), f.Date, f.EventDate, f.Sentence, f.Title, f.URL, f.Published}, f.Confidence, f.Start, f.End)
}

// refOfRecord reads the brief of the record v filed under key k, making
// only the brief's strings (the article and statement from the key, the
// others with in).
func refOfRecord(k, v []byte, in *interner) (FactRef, error) {
	var r FactRef
	var ok bool
	if r.Article, r.stmt, ok = refIDs(k); !ok {
		return r, errBadRecord
	}
	var strs [14]string // as marshal writes them
	n := 0
	str := func(from, to int) string {
		n++
		switch n - 1 {
		case 2, 3, 7, 8: // subject, relation, modality, date
			return in.intern(v[from:to])
		}
		return ""
	}
	if err := decodeWith(v, str, strs[:], &r.Confidence, &r.Start); err != nil {
		return r, err
	}
	r.Subject, r.Relation, r.Modality, r.Date = in.entityID(strs[2]), domain.Relation(strs[3]), domain.Modality(strs[7]), strs[8]
	return r, nil
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

// spanKey orders a vendor's facts as answers order them (see
// domain.Date.Compare): by the last day of the date's interval, then the
// narrower interval first ("2018-12-31" < "2018-12" < "2018"). A malformed
// date (from an old or hand-made store) is the zero Date, as answers read
// it. A subject's latest facts are then the last keys of its run, which a
// backward scan reads first (Store.FactRefsBackward).
func spanKey(date string) string {
	d, err := domain.ParseDate(date)
	if err != nil {
		d = domain.Date{}
	}
	precision := "d" // d < m < y: the narrower first
	switch {
	case d.Month == 0:
		precision = "y"
	case d.Day == 0:
		precision = "m"
	}
	return d.Last().Format("2006-01-02") + precision
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
		out = append(out, indexKey(keyTarget, domain.EntityID(f.Target), domain.EntityID(f.Subject), spanKey(f.Date), f.Article, stmt))
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
	return unmarshalRefWith(k, v, func(b []byte) string { return string(b) })
}

// unmarshalRefWith is unmarshalRef making the brief's strings (subject,
// relation, modality, date) with str; the article and statement share one
// allocation.
func unmarshalRefWith(k, v []byte, str func([]byte) string) (FactRef, error) {
	var r FactRef
	var ok bool
	if r.Article, r.stmt, ok = refIDs(k); !ok {
		return r, errBadRecord
	}
	var strs [4]string
	if err := decodeWith(v, func(from, to int) string { return str(v[from:to]) }, strs[:], &r.Confidence, &r.Start); err != nil {
		return r, err
	}
	r.Subject, r.Relation, r.Modality, r.Date = strs[0], domain.Relation(strs[1]), domain.Modality(strs[2]), strs[3]
	return r, nil
}

// refIDs reads the article and statement that end every key of a record,
// in one allocation.
func refIDs(k []byte) (article, stmt string, ok bool) {
	st := bytes.LastIndexByte(k, 0)
	art := bytes.LastIndexByte(k[:max(st, 0)], 0)
	if art < 0 {
		return "", "", false
	}
	ids := string(k[art+1:])
	return ids[:st-art-1], ids[st-art:], true
}

// versionKey holds indexVersion once the index is complete: a rebuild
// deletes it first, in a transaction of its own, and writes it last, so an
// index whose rebuild was interrupted is never taken for a complete one.
var versionKey = indexKey(keyMeta, "version")
