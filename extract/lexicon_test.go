package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInflect(t *testing.T) {
	for lemma, want := range map[string][]string{
		"ban":     {"ban", "bans", "banned", "banning"},
		"exclude": {"exclude", "excludes", "excluded", "excluding"},
		"lobby":   {"lobby", "lobbies", "lobbied", "lobbying"},
		"press":   {"press", "presses", "pressed", "pressing"},
		"veto":    {"veto", "vetoes", "vetoed", "vetoing"},
		"stop":    {"stop", "stops", "stopped", "stopping"},
		"open":    {"open", "opens", "opened", "opening"},
		"curb":    {"curb", "curbs", "curbed", "curbing"},
		"rein in": {"rein in", "reins in", "reined in", "reining in"},
	} {
		assert.Equal(t, want, inflect(lemma), lemma)
	}
}

func TestParseLexiconErrors(t *testing.T) {
	_, err := parseLexicon([]byte("cues:\n  bann:\n    verbs: [ban]\n"))
	require.ErrorContains(t, err, `unknown class "bann"`)
	_, err = parseLexicon([]byte("cues:\n  ban:\n    verbs: [ban]\n  allow:\n    words: [ban]\n"))
	require.ErrorContains(t, err, "two classes")
	_, err = parseLexicon([]byte("cuez: {}\n"))
	require.Error(t, err, "unknown keys are rejected")
}

func TestParsePatternErrors(t *testing.T) {
	for src, msg := range map[string]string{
		"patterns:\n- {id: a, class: ban, match: 'ban', examples: [{text: x, want: [y]}]}\n- {id: a, class: ban, match: 'bar', examples: [{text: x}]}\n": "unique id",
		"patterns:\n- {id: a, class: bann, match: 'ban', examples: [{text: x}]}\n":                                                                       "unknown class",
		"patterns:\n- {id: a, class: ban, match: '..2 ban', examples: [{text: x}]}\n":                                                                    "first slot",
		"patterns:\n- {id: a, class: ban, match: 'ban ..30 x', examples: [{text: x}]}\n":                                                                 "gap",
		"patterns:\n- {id: a, class: ban, match: 'ban set:nope', examples: [{text: x}]}\n":                                                               "no such set",
		"patterns:\n- {id: a, class: ban, match: 'ban'}\n":                                                                                               "needs examples",
	} {
		_, err := parsePatterns([]byte(src))
		assert.ErrorContains(t, err, msg, src)
	}
}
