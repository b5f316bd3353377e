package domain

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRelationTable(t *testing.T) {
	seen := map[Relation]bool{}
	for _, i := range RelationTable {
		require.True(t, i.Relation.Valid(), "relation %q", i.Relation)
		require.False(t, seen[i.Relation], "relation %q listed twice", i.Relation)
		seen[i.Relation] = true
		assert.NotEmpty(t, i.Colour, "%s has no colour", i.Relation)
		if i.Stance {
			assert.Positive(t, i.Priority, "stance %s needs a tie-break priority", i.Relation)
			assert.False(t, i.ToObject, "stance %s points at its target", i.Relation)
		}
	}
	assert.Equal(t, []Relation{Banned, Restricted, DeclinedToBan, ConsideringBan, Allowed}, StanceRelations)
	assert.Equal(t, []Relation{Banned, Restricted, DeclinedToBan, ConsideringBan, Allowed, Pressured, Vetoed}, ScoredRelations)
	assert.Equal(t, Restrictive, Banned.Info().Side)
	assert.Equal(t, Permissive, Allowed.Info().Side)
	assert.Equal(t, NoSide, ConsideringBan.Info().Side)
	assert.False(t, Relation("owns").IsStance())
	assert.False(t, Excluded.IsScored())
}

func TestDirectObject(t *testing.T) {
	f := Fact{Relation: Pressured, Object: "Italy", ObjectType: Country, Target: "Huawei"}
	name, typ := f.DirectObject()
	assert.Equal(t, "Italy", name)
	assert.Equal(t, Country, typ)
	f = Fact{Relation: Banned, Object: "x", Target: "Huawei"}
	name, typ = f.DirectObject()
	assert.Equal(t, "Huawei", name)
	assert.Equal(t, Company, typ)
}
