package extract_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
)

// phrasingFile is testdata/phrasings.yaml.
type phrasingFile struct {
	Families []struct {
		ID       string `yaml:"id"`
		About    string `yaml:"about"`
		Examples []struct {
			Text string   `yaml:"text"`
			Want []string `yaml:"want"`
			Not  []string `yaml:"not"`
		} `yaml:"examples"`
	} `yaml:"families"`
}

// TestPhrasings runs every family's examples: each wanted fact is found
// asserted, each unwanted one is not.
func TestPhrasings(t *testing.T) {
	raw, err := os.ReadFile("testdata/phrasings.yaml")
	require.NoError(t, err)
	var pf phrasingFile
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(&pf))
	require.NotEmpty(t, pf.Families)
	e := MustExtractor(t)
	for _, fam := range pf.Families {
		t.Run(fam.ID, func(t *testing.T) {
			var exs []extract.Example
			for _, ex := range fam.Examples {
				exs = append(exs, extract.Example{Text: ex.Text, Want: ex.Want, Not: ex.Not})
			}
			checkExamples(t, e, fam.ID, exs, false)
		})
	}
}

// TestPatternExamples runs the examples of every slot pattern in
// data/patterns.yaml: each must fire where it says and stay quiet where it
// says.
func TestPatternExamples(t *testing.T) {
	e := MustExtractor(t)
	ps := extract.Patterns()
	require.NotEmpty(t, ps)
	for _, p := range ps {
		t.Run(p.ID, func(t *testing.T) { checkExamples(t, e, p.ID, p.Examples, true) })
	}
}

// checkExamples extracts each example and checks its wanted and unwanted
// asserted facts; a rule (mustFire) needs at least one example that fires
// and one that must not; a family of phrasings may be only about what must
// not fire.
func checkExamples(t *testing.T, e *extract.Extractor, id string, exs []extract.Example, mustFire bool) {
	require.NotEmpty(t, exs, "%s has no examples", id)
	fires, quiet := false, false
	for i, ex := range exs {
		facts, err := e.Extract(extract.Document{Name: fmt.Sprintf("%s-%d.txt", id, i), Text: []byte(ex.Text), Published: "2021-03-01"})
		require.NoError(t, err)
		got := map[string]bool{}
		for _, f := range facts {
			if f.Modality != domain.Asserted {
				continue
			}
			obj, _ := f.DirectObject()
			got[f.Subject+" "+string(f.Relation)+" "+obj] = true
		}
		for _, w := range ex.Want {
			assert.True(t, got[w], "%s: want %q in %q; got %v", id, w, ex.Text, keys(got))
		}
		for _, w := range ex.Not {
			assert.False(t, got[w], "%s: must not find %q in %q", id, w, ex.Text)
		}
		fires = fires || len(ex.Want) > 0
		quiet = quiet || len(ex.Not) > 0
	}
	if mustFire {
		assert.True(t, fires, "%s: no example that must fire", id)
		assert.True(t, quiet, "%s: no example that must not fire", id)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
