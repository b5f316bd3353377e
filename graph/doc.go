// Package graph owns the Store, the only code that opens, writes or closes
// a Cayley quad store, and the fact index beside it. The domain model it
// stores (entities, relations, facts) lives in package domain.
package graph
