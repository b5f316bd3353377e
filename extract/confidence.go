package extract

import "math"

// Confidence of a fact starts from how the sentence presents its cue
// (modalityOf: 0.85 for a plain statement, 0.6 for reported speech, 0.5 for
// hedged or conditional text) and is lowered for indirect evidence: a weak
// cue, a passive without an agent, a subject or target resolved from a
// pronoun or an earlier sentence.

const (
	weakCuePenalty = 0.1  // the cue implies the stance indirectly
	passivePenalty = 0.05 // "were barred from": the agent is inferred
	contextPenalty = 0.1  // an argument resolved from context

	relayedConfidence = 0.7 // a news report the article relays
)

// weakCues name cues that imply a stance less directly than "banned" or
// "refused to ban"; their facts get lower confidence.
var weakCues = lexicon.weakCues

// frameConfidence is the confidence of a frame's facts before argument
// resolution, with the cues that explain it.
func frameConfidence(f *frame) (float64, []string) {
	conf, cues := f.confidence, append([]string(nil), f.cues...)
	if len(f.cues) > 0 && weakCues[f.cues[0]] || f.pat != nil && f.pat.Weak {
		conf -= weakCuePenalty
	}
	if f.passive {
		conf -= passivePenalty
		cues = append(cues, "passive")
	}
	return conf, cues
}

// clampConfidence keeps c in [0.05, 1], rounded to two decimals so that
// output is stable across platforms.
func clampConfidence(c float64) float64 {
	c = max(0.05, min(1, c))
	return math.Round(c*100) / 100
}
