package extract

import "github.com/policygraph/policygraph/domain"

// heading is a line that is not body text but sets the context of the
// paragraphs under it: a country ("Germany", then a paragraph about it, as
// in round-ups) or the vendor in view ("Where governments stand on Huawei").
type heading struct {
	start   int
	ent     *domain.Entity
	country *domain.Entity // with a vendor: the one country the heading also names ("Timeline: Australia and Huawei")
}

// headings reads the lines that are not body (Clean's other lines) that
// name a vendor, or one country and little else: "Germany", "The
// Netherlands:", "United Kingdom — a U-turn".
func (a *analyzer) headings(text string, lines []span) []heading {
	var out []heading
	var toks []token
	for _, l := range lines {
		if l.end-l.start > 120 || wordCount(text[l.start:l.end], 9) > 8 {
			continue // a heading is short: "Germany", "Where governments stand on Huawei"
		}
		toks = tokenize(toks[:0], text[l.start:l.end], a.low[l.start:l.end], l.start)
		if e := a.headingEntity(toks); e != nil {
			h := heading{start: l.start, ent: e}
			if a.g.IsVendor(e.Name) {
				h.country = a.soleCountry(toks)
			}
			out = append(out, h)
		}
	}
	return out
}

// headingEntity returns the vendor a heading line names, else the country
// it starts with when the country's name is most of the line.
func (a *analyzer) headingEntity(toks []token) *domain.Entity {
	a.g.annotate(toks)
	ms := a.g.find(toks)
	if len(ms) == 0 {
		return nil
	}
	for _, m := range ms {
		if a.g.IsVendor(m.ent.Name) {
			return m.ent // "Where governments stand on Huawei": the vendor in view
		}
	}
	if ms[0].ent.Type != domain.Country || ms[0].kind == kindDemonym || len(toks) > 12 {
		return nil
	}
	first := ms[0].first
	lead := 0
	for lead < first && (isDigits(toks[lead].norm) || toks[lead].norm == "." || toks[lead].norm == ")") {
		lead++ // a numbered list's "1." or "2)"
	}
	if first-lead > 1 || first-lead == 1 && toks[lead].norm != "the" {
		return nil
	}
	words := 0
	for _, t := range toks {
		if t.word {
			words++
		}
	}
	if named := ms[0].last - ms[0].first + 1; words > named+3 {
		return nil
	}
	return ms[0].ent
}

// soleCountry returns the one country a heading names by name (not by a
// demonym), or nil when it names none or several: "Timeline: Australia and
// Huawei" is about Australia, "Philippines won't follow US on Huawei" about
// no one country.
func (a *analyzer) soleCountry(toks []token) *domain.Entity {
	var one *domain.Entity
	for _, m := range a.g.find(toks) {
		if m.ent.Type != domain.Country || m.kind == kindDemonym || m.ent.Name == "China" {
			continue
		}
		if one != nil && one != m.ent {
			return nil
		}
		one = m.ent
	}
	return one
}
