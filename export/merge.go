package export

import (
	"sort"
	"strings"

	"github.com/policygraph/policygraph/domain"
)

// EdgeFact is one fact of a merged edge, with its provenance.
type EdgeFact struct {
	Date          string            `json:"date"`
	DateSource    domain.DateSource `json:"date_source"`
	Scope         string            `json:"scope,omitempty"`
	Confidence    float64           `json:"confidence"`
	Article       string            `json:"article"`
	Title         string            `json:"title,omitempty"`
	URL           string            `json:"url,omitempty"`
	Evidence      string            `json:"evidence"`
	SentenceStart int               `json:"sentence_start"`
	SentenceEnd   int               `json:"sentence_end"`
}

func (e Edge) fact() EdgeFact {
	return EdgeFact{Date: e.Date, DateSource: e.DateSource, Scope: e.Scope, Confidence: e.Confidence, Article: e.Article,
		Title: e.Title, URL: e.URL, Evidence: e.Evidence, SentenceStart: e.SentenceStart, SentenceEnd: e.SentenceEnd}
}

// mergeKey is what makes facts parallel: the same two nodes, relation,
// modality and vendor.
type mergeKey struct{ source, target, relation, modality, vendor string }

// Merged returns g with parallel facts — between the same two nodes, with
// the same relation, modality and vendor — as one edge: its Weight is the
// number of facts, Articles lists their articles, Facts holds each one's
// provenance, and the edge's own date, evidence and offsets are those of
// the earliest fact (LastDate is the latest fact's date). Scopes that
// differ are joined with "; " and the confidence is the highest.
func (g *Graph) Merged() *Graph {
	out := &Graph{Nodes: g.Nodes}
	at := map[mergeKey]int{}
	groups := [][]Edge{}
	for _, e := range g.Edges {
		k := mergeKey{e.Source, e.Target, e.Relation, e.Modality, e.Vendor}
		i, ok := at[k]
		if !ok {
			i = len(groups)
			at[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], e)
	}
	for _, es := range groups {
		if len(es) == 1 {
			out.Edges = append(out.Edges, es[0])
			continue
		}
		sort.SliceStable(es, func(i, j int) bool { return dateOf(es[i].Date).Compare(dateOf(es[j].Date)) < 0 })
		m := es[0]
		m.Weight, m.Facts, m.Articles = len(es), nil, nil
		m.LastDate = es[len(es)-1].Date
		var ids, scopes []string
		seenArticle, seenScope := map[string]bool{}, map[string]bool{}
		for _, e := range es {
			ids = append(ids, e.ID)
			m.Facts = append(m.Facts, e.fact())
			m.Confidence = max(m.Confidence, e.Confidence)
			if !seenArticle[e.Article] {
				seenArticle[e.Article] = true
				m.Articles = append(m.Articles, e.Article)
			}
			if e.Scope != "" && !seenScope[e.Scope] {
				seenScope[e.Scope] = true
				scopes = append(scopes, e.Scope)
			}
		}
		sort.Strings(m.Articles)
		m.Scope = strings.Join(scopes, "; ")
		m.ID = edgeID(strings.Join(ids, " "))
		out.Edges = append(out.Edges, m)
	}
	return out
}

// dateOf reads an edge's date; a malformed one is the zero Date.
func dateOf(s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		return domain.Date{}
	}
	return d
}

// dates lists the dates of an edge's facts.
func (e Edge) dates() []string {
	if len(e.Facts) == 0 {
		return []string{e.Date}
	}
	out := make([]string, len(e.Facts))
	for i, f := range e.Facts {
		out[i] = f.Date
	}
	return out
}

// spell is a period an edge is in effect in Gephi's timeline, as days
// (YYYY-MM-DD); end "" is open.
type spell struct{ start, end string }

// stanceSpells works out when each edge is in effect, for GEXF's dynamic
// mode. A fact takes effect on the last day of its date's interval (the
// day by which it has certainly happened: "2018" on 2018-12-31, as the
// tracker's --as-of counts it). A stance edge lasts until the country's
// asserted stance toward that vendor changes to another relation (the day
// before the change takes effect); other edges stay from their first fact
// on. The result is indexed like g.Edges.
func stanceSpells(g *Graph) [][]spell {
	type change struct {
		day      string
		date     domain.Date
		relation string
	}
	// The asserted stance facts of each country toward each vendor, in order.
	timelines := map[[2]string][]change{}
	for _, e := range g.Edges {
		if !domain.Relation(e.Relation).IsStance() || e.Modality != string(domain.Asserted) {
			continue
		}
		k := [2]string{e.Source, e.Target}
		for _, d := range e.dates() {
			dd := dateOf(d)
			timelines[k] = append(timelines[k], change{effectDay(dd), dd, e.Relation})
		}
	}
	for _, tl := range timelines {
		sort.SliceStable(tl, func(i, j int) bool {
			if c := tl[i].date.Compare(tl[j].date); c != 0 {
				return c < 0
			}
			return domain.Relation(tl[i].relation).Info().Priority < domain.Relation(tl[j].relation).Info().Priority
		})
	}
	out := make([][]spell, len(g.Edges))
	for i, e := range g.Edges {
		ds := e.dates()
		sort.Slice(ds, func(a, b int) bool { return dateOf(ds[a]).Compare(dateOf(ds[b])) < 0 })
		if !domain.Relation(e.Relation).IsStance() {
			out[i] = []spell{{start: effectDay(dateOf(ds[0]))}}
			continue
		}
		tl := timelines[[2]string{e.Source, e.Target}]
		var spells []spell
		for _, d := range ds {
			dd := dateOf(d)
			sp := spell{start: effectDay(dd)}
			for _, c := range tl {
				if c.relation != e.Relation && c.date.Compare(dd) > 0 {
					sp.end = dayBefore(c.day, sp.start)
					break
				}
			}
			// A later fact of the same edge inside the spell extends it.
			if n := len(spells); n > 0 && (spells[n-1].end == "" || spells[n-1].end >= sp.start) {
				if spells[n-1].end != "" && (sp.end == "" || sp.end > spells[n-1].end) {
					spells[n-1].end = sp.end
				}
				continue
			}
			spells = append(spells, sp)
		}
		out[i] = spells
	}
	return out
}

// effectDay is the day a fact dated d takes effect: its interval's last day.
func effectDay(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Last().Format("2006-01-02")
}

// dayBefore is the day before day, but not before start.
func dayBefore(day, start string) string {
	d := dateOf(day)
	if d.IsZero() {
		return start
	}
	prev := d.First().AddDate(0, 0, -1).Format("2006-01-02")
	if prev < start {
		return start
	}
	return prev
}
