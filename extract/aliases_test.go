package extract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAliases(t *testing.T) {
	a := Aliases()
	// The aliases FORMAT.md folds for scoring, and the ones users type.
	for alias, name := range map[string]string{
		"us": "United States", "u.s.": "United States", "usa": "United States", "u.s.a.": "United States",
		"america": "United States", "washington": "United States",
		"uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom", "great britain": "United Kingdom",
		"eu": "European Union", "e.u.": "European Union",
		"turkey": "Türkiye", "tim": "Telecom Italia",
	} {
		assert.Equal(t, name, a[alias], alias)
	}
	// Bodies acting for a country are not other names for it.
	assert.NotContains(t, a, "fcc")
	assert.NotContains(t, a, "congress")

	// Every alias names an entity the gazetteer knows, and is folded.
	g, err := loadGazetteer()
	require.NoError(t, err)
	for alias, name := range a {
		assert.NotNil(t, g.entities[name], "%q stands for %q, which the gazetteer does not know", alias, name)
		assert.Equal(t, strings.ToLower(strings.TrimSpace(alias)), alias)
	}
}

func TestSameEntityFoldsAliases(t *testing.T) {
	assert.True(t, sameEntity("U.S.", "united states"))
	assert.True(t, sameEntity("Britain", "UK"))
	assert.True(t, sameEntity(" Italy ", "italy"))
	assert.False(t, sameEntity("Italy", "Germany"))
	assert.False(t, sameEntity("FCC", "United States"))
}
