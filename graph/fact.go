// Package graph owns the Store, the only code that opens, writes or closes
// a Cayley quad store, and the fact index beside it. The domain model it
// stores (entities, relations, facts) lives in package domain; the names
// below are aliases kept so that callers can move over one at a time.
package graph

import "github.com/policygraph/policygraph/domain"

// Aliases of the domain model (see package domain).
type (
	Relation   = domain.Relation
	Modality   = domain.Modality
	EntityType = domain.EntityType
	Fact       = domain.Fact
	Entity     = domain.Entity
)

// The relation vocabulary, modalities and entity types (see package domain).
const (
	Banned         = domain.Banned
	Restricted     = domain.Restricted
	DeclinedToBan  = domain.DeclinedToBan
	ConsideringBan = domain.ConsideringBan
	Allowed        = domain.Allowed
	Pressured      = domain.Pressured
	Vetoed         = domain.Vetoed
	Excluded       = domain.Excluded

	Asserted     = domain.Asserted
	Reported     = domain.Reported
	Denied       = domain.Denied
	Hypothetical = domain.Hypothetical

	Country      = domain.Country
	Company      = domain.Company
	Organisation = domain.Organisation
	Person       = domain.Person
	Deal         = domain.Deal
	Group        = domain.Group
)

// StanceRelations are domain.StanceRelations.
var StanceRelations = domain.StanceRelations

// Slug is domain.Slug.
func Slug(name string) string { return domain.Slug(name) }

// EntityID is domain.EntityID.
func EntityID(name string) string { return domain.EntityID(name) }
