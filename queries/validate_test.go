package queries_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

func TestCheckEntity(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	tests := []struct {
		name    string
		value   string
		kinds   []domain.EntityType
		want    string // canonical name; "" means an error
		wantErr string
	}{
		{name: "canonical", value: "Italy", kinds: []domain.EntityType{domain.Country}, want: "Italy"},
		{name: "any case", value: "huawei", kinds: []domain.EntityType{domain.Company}, want: "Huawei"},
		{name: "alias", value: "UK", kinds: []domain.EntityType{domain.Country}, want: "United Kingdom"},
		{name: "any kind", value: "ZTE", want: "ZTE"},
		{name: "vendor given for a country", value: "Huawei", kinds: []domain.EntityType{domain.Country},
			wantErr: `country "Huawei" is a company, not a country (valid: Germany, Italy, United Kingdom, United States)`},
		{name: "country given for a vendor", value: "Italy", kinds: []domain.EntityType{domain.Company},
			wantErr: `country "Italy" is a country, not a company (vendor) (valid: Huawei, Telecom Italia, ZTE)`},
		{name: "misspelt", value: "Huawey", kinds: []domain.EntityType{domain.Company},
			wantErr: `country "Huawey" is not a company (vendor) in the store (did you mean Huawei?); ` +
				"`policygraph ask entities --type company` lists them"},
		{name: "unknown, nothing close", value: "Atlantis", kinds: []domain.EntityType{domain.Country},
			wantErr: `country "Atlantis" is not a country in the store (valid: Germany, Italy, United Kingdom, United States)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := queries.CheckEntity(ctx, s, "country", tt.value, tt.kinds...)
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, e.Name)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.wantErr, err.Error())
			assert.ErrorIs(t, err, queries.ErrBadArgument)
			assert.ErrorIs(t, err, queries.ErrBadQuery, "the web API answers 400 for ErrBadQuery")
			var ae *queries.ArgumentError
			require.True(t, errors.As(err, &ae))
			assert.Equal(t, tt.value, ae.Value)
		})
	}
}

func TestCheckRelation(t *testing.T) {
	r, err := queries.CheckRelation("--relation", "declined_to_ban")
	require.NoError(t, err)
	assert.Equal(t, domain.DeclinedToBan, r)

	_, err = queries.CheckRelation("--relation", "bannd")
	require.ErrorIs(t, err, queries.ErrBadArgument)
	assert.Contains(t, err.Error(), `--relation "bannd" is not a relation (did you mean banned?)`)
	assert.Contains(t, err.Error(), "relations: banned, restricted, declined_to_ban, considering_ban, allowed, pressured, vetoed, excluded")

	_, err = queries.CheckRelation("--relation", "owns")
	require.ErrorIs(t, err, queries.ErrBadArgument)
	assert.Contains(t, err.Error(), "(valid: banned, restricted,")
}

func TestCheckValuesAndNames(t *testing.T) {
	s := MustFixtureStore(t, graph.Options{Backend: graph.BackendMemstore})
	ctx := context.Background()
	lookup := func(name string) queries.Question {
		q, err := queries.Lookup(name)
		require.NoError(t, err)
		return q
	}
	tests := []struct {
		name     string
		question string
		params   queries.Params
		wantErr  string // "" means valid
	}{
		{name: "stance of a country", question: "stance", params: queries.Params{"country": "Italy"}},
		{name: "stance without a country", question: "stance", params: queries.Params{},
			wantErr: `country "" is missing; e.g. policygraph ask stance Italy`},
		{name: "stance of a vendor", question: "stance", params: queries.Params{"country": "Huawei"},
			wantErr: `country "Huawei" is a company, not a country`},
		{name: "banned by a country target", question: "banned", params: queries.Params{"target": "Italy"},
			wantErr: `target "Italy" is a country, not a company (vendor)`},
		{name: "default target", question: "banned", params: queries.Params{}},
		{name: "window not a number", question: "contradictions", params: queries.Params{"window": "abc"},
			wantErr: `window "abc" is not a whole number`},
		{name: "negative limit", question: "contradictions", params: queries.Params{"limit": "-1"},
			wantErr: `limit "-1" is not a whole number`},
		{name: "flag value", question: "banned", params: queries.Params{"ever": "yes"},
			wantErr: `ever "yes" is not a flag value (valid: true, false)`},
		{name: "parameter not taken", question: "vetoes", params: queries.Params{"by": "US"},
			wantErr: `vetoes parameter "by" is not one it takes (valid: modality)`},
		{name: "pressure by a vendor", question: "pressured", params: queries.Params{"by": "Huawei"},
			wantErr: `by "Huawei" is a company, not a country, a person or an organisation`},
		{name: "stored article", question: "article", params: queries.Params{"id": "a1.txt"}},
		{name: "unknown article", question: "article", params: queries.Params{"id": "nope.txt"},
			wantErr: `article "nope.txt" is not in the store`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := lookup(tt.question)
			err := queries.CheckValues(q, tt.params)
			if err == nil {
				err = queries.CheckNames(ctx, s, q, tt.params)
			}
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, queries.ErrBadArgument)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}
