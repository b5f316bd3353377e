package domain

// The fixed relation vocabulary.
const (
	Banned         Relation = "banned"
	Restricted     Relation = "restricted"
	DeclinedToBan  Relation = "declined_to_ban"
	ConsideringBan Relation = "considering_ban"
	Allowed        Relation = "allowed"
	Pressured      Relation = "pressured"
	Vetoed         Relation = "vetoed"
	Excluded       Relation = "excluded"
)

// Side is where a stance stands on the ban question.
type Side int

// The sides of the ban question.
const (
	NoSide      Side = iota // not a stance, or undecided (considering)
	Restrictive             // banned, restricted
	Permissive              // declined to ban, allowed
)

// RelationInfo is everything the program knows about one relation. It is
// the only place these facts are written: the store's direct edges, the
// questions' tie-breaks and sides, the scored set of the gold files and
// the colours of the exports and the UI all read it.
type RelationInfo struct {
	Relation Relation
	// Stance: the relation states a country's stance toward a vendor.
	Stance bool
	// ToObject: the fact's direct edge points at its object (the one
	// pressured, the deal vetoed) rather than at its target vendor.
	ToObject bool
	// Side of the ban question, for stances.
	Side Side
	// Priority breaks ties between stances of the same date: higher wins.
	Priority int
	// Scored: gold files score the relation.
	Scored bool
	// Colour for drawings (a Graphviz colour name; the UI maps it to CSS).
	Colour string
	// CSS colour for the web UI.
	CSS string
}

// RelationTable lists the known relations in display order.
var RelationTable = []RelationInfo{
	{Relation: Banned, Stance: true, Side: Restrictive, Priority: 5, Scored: true, Colour: "red3", CSS: "#c0392b"},
	{Relation: Restricted, Stance: true, Side: Restrictive, Priority: 4, Scored: true, Colour: "darkorange", CSS: "#e67e22"},
	{Relation: DeclinedToBan, Stance: true, Side: Permissive, Priority: 3, Scored: true, Colour: "forestgreen", CSS: "#27ae60"},
	{Relation: ConsideringBan, Stance: true, Side: NoSide, Priority: 2, Scored: true, Colour: "gold3", CSS: "#d4ac0d"},
	{Relation: Allowed, Stance: true, Side: Permissive, Priority: 1, Scored: true, Colour: "deepskyblue3", CSS: "#2e86c1"},
	{Relation: Pressured, ToObject: true, Scored: true, Colour: "blue", CSS: "#1f3a93"},
	{Relation: Vetoed, ToObject: true, Scored: true, Colour: "purple", CSS: "#8e44ad"},
	{Relation: Excluded, Colour: "brown", CSS: "#8d6e63"},
}

var relationIndex = func() map[Relation]*RelationInfo {
	m := make(map[Relation]*RelationInfo, len(RelationTable))
	for i := range RelationTable {
		m[RelationTable[i].Relation] = &RelationTable[i]
	}
	return m
}()

// Info returns what is known about r; a relation outside the table gets
// the zero record (not a stance, not scored, edge to its target).
func (r Relation) Info() RelationInfo {
	if i := relationIndex[r]; i != nil {
		return *i
	}
	return RelationInfo{Relation: r}
}

// IsStance reports whether r states a stance toward a vendor.
func (r Relation) IsStance() bool { return r.Info().Stance }

// IsScored reports whether gold files score r.
func (r Relation) IsScored() bool { return r.Info().Scored }

// StanceRelations are the relations that state a country's stance toward a
// vendor, in table order; the tracker and the stance questions are built
// from them.
var StanceRelations = relationsWhere(func(i RelationInfo) bool { return i.Stance })

// ScoredRelations are the relations a gold file scores, in table order.
var ScoredRelations = relationsWhere(func(i RelationInfo) bool { return i.Scored })

func relationsWhere(keep func(RelationInfo) bool) []Relation {
	var out []Relation
	for _, i := range RelationTable {
		if keep(i) {
			out = append(out, i.Relation)
		}
	}
	return out
}
