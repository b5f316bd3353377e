package extract_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/corpus"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/extract"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func MustExtractor(tb testing.TB) *extract.Extractor {
	tb.Helper()
	e, err := extract.New(extract.Options{})
	require.NoError(tb, err)
	return e
}

// MustExtractDir extracts every article of a folder (with its manifest).
func MustExtractDir(tb testing.TB, e *extract.Extractor, dir string) map[string][]domain.Fact {
	tb.Helper()
	out := map[string][]domain.Fact{}
	err := corpus.Walk(tb.Context(), []string{dir}, corpus.Options{}, func(a corpus.Article) error {
		facts, err := e.Extract(extract.Document{Name: a.ID, Text: a.Text, Published: a.Published, Title: a.Title})
		if err != nil {
			return err
		}
		out[a.ID] = facts
		return nil
	}, func(p corpus.Problem) { tb.Errorf("unexpected problem: %s", p) })
	require.NoError(tb, err)
	return out
}

// TestGoldScores scores the extractor on the seed and development gold sets.
func TestGoldScores(t *testing.T) {
	e := MustExtractor(t)
	tests := []struct {
		name, gold, articles string
		minF1                float64
	}{
		{"seeds", "testdata/gold/seeds.yaml", "../seeds", 0.95},
		{"dev", "testdata/gold/dev.yaml", "testdata/gold/dev", 0.85},
		// written after the rules were tuned, as a check on unseen text
		{"holdout", "testdata/gold/holdout.yaml", "testdata/gold/holdout", 0.8},
		// written after the Version 4 rules (first run: F1 0.750), then kept
		{"probe2", "testdata/gold/probe2.yaml", "testdata/gold/probe2", 0.9},
		// written after probe2's fixes (first run: F1 0.722), then kept
		{"probe3", "testdata/gold/probe3.yaml", "testdata/gold/probe3", 0.9},
		// written in the fourth session before the extractor saw them (first
		// run: F1 0.581; probe5, written after probe4's fixes: 0.810), then kept
		{"probe4", "testdata/gold/probe4.yaml", "testdata/gold/probe4", 0.9},
		{"probe5", "testdata/gold/probe5.yaml", "testdata/gold/probe5", 0.9},
		// written after probe5's fixes (first run: F1 0.643), then kept
		{"probe6", "testdata/gold/probe6.yaml", "testdata/gold/probe6", 0.9},
		// written after probe6's fixes (first run: F1 0.480), then kept
		{"probe7", "testdata/gold/probe7.yaml", "testdata/gold/probe7", 0.9},
		// written after probe7's fixes (first run: F1 0.800), then kept
		{"probe8", "testdata/gold/probe8.yaml", "testdata/gold/probe8", 0.9},
		// junk, hearsay, conditionals and non-state actors, written after
		// probe8's fixes (first run: precision 0.100, five trap hits), then kept
		{"probe9", "testdata/gold/probe9.yaml", "testdata/gold/probe9", 0.9},
		// long wire sentences, quotations, counts, reversals, written after
		// probe9's fixes (first run: F1 0.588), then kept
		{"probe10", "testdata/gold/probe10.yaml", "testdata/gold/probe10", 0.9},
		// state media, trade press, a press release, wire copy, a summary,
		// written after probe10's fixes (first run: F1 0.429), then kept
		{"probe11", "testdata/gold/probe11.yaml", "testdata/gold/probe11", 0.9},
		// a lifted ban, a listicle, officialese, sanctions, a paywall, written
		// after probe11's fixes (first run: F1 0.625), then kept
		{"probe12", "testdata/gold/probe12.yaml", "testdata/gold/probe12", 0.9},
		// bans of other things, apps beside vendors, chips, written after
		// probe12's fixes (first run: F1 0.750, one trap hit), then kept
		{"probe13", "testdata/gold/probe13.yaml", "testdata/gold/probe13", 0.9},
		// pronouns, aliases, African governments, an organisation, written
		// after probe13's fixes (first run: F1 0.737), then kept
		{"probe14", "testdata/gold/probe14.yaml", "testdata/gold/probe14", 0.85},
		// nominal stances, plans, bids and approvals, written after probe14's
		// fixes (first run: F1 0.625), then kept
		{"probe15", "testdata/gold/probe15.yaml", "testdata/gold/probe15", 0.9},
		// web pages with their chrome, written after probe15's fixes (first
		// run: F1 0.857, no trap hit), then kept
		{"probe16", "testdata/gold/probe16.yaml", "testdata/gold/probe16", 0.9},
		// idioms, licences, leaning, pledges, written after probe16's fixes
		// (first run: F1 0.625), then kept
		{"probe17", "testdata/gold/probe17.yaml", "testdata/gold/probe17", 0.9},
		// fact-dense round-ups, written after probe17's fixes (first run: F1
		// 0.889), then kept
		{"probe18", "testdata/gold/probe18.yaml", "testdata/gold/probe18", 0.9},
		// pressure by letter and through officials, vetoes and conditions,
		// written after probe18's fixes (first run: F1 0.889), then kept
		{"probe19", "testdata/gold/probe19.yaml", "testdata/gold/probe19", 0.9},
		// the session's last check, written after probe19's fixes (first run:
		// F1 0.700, two trap hits), then kept
		{"probe20", "testdata/gold/probe20.yaml", "testdata/gold/probe20", 0.9},
		// written after the session's merges (first run: F1 0.471), then kept
		{"probe21", "testdata/gold/probe21.yaml", "testdata/gold/probe21", 0.9},
		// a factbox and a blog, written after probe21's fixes (first run:
		// F1 0.500), then kept
		{"probe22", "testdata/gold/probe22.yaml", "testdata/gold/probe22", 0.9},
		// a sales ban, instructions, a core-network rule, written after
		// probe22's fixes (first run: F1 0.500), then kept
		{"probe23", "testdata/gold/probe23.yaml", "testdata/gold/probe23", 0.9},
		// a spy agency's block, a postponed vote, a warning, written after
		// probe23's fixes (first run: F1 0.667, precision 0.500), then kept
		{"probe24", "testdata/gold/probe24.yaml", "testdata/gold/probe24", 0.9},
		// a refusal, a green light, procurement, trials, a headline list,
		// written after Version 5 (first run: F1 0.909), then kept
		{"probe25", "testdata/gold/probe25.yaml", "testdata/gold/probe25", 0.9},
		// a decision after a review, a court, "at the urging of", "stopped
		// short of", a quoted spokesman, written after probe25 (first run: F1
		// 0.737), then kept
		{"probe26", "testdata/gold/probe26.yaml", "testdata/gold/probe26", 0.9},
		// a press release, an interview, a denied report, a group refusal,
		// cameras and "similar steps", a headline the body does not bear out,
		// written after probe26 (first run: F1 0.903), then kept
		{"probe27", "testdata/gold/probe27.yaml", "testdata/gold/probe27", 0.9},
		// a bill through one chamber, an order to an operator, countries in
		// parentheses, a sales ban from a date, a conditional, written after
		// probe27 (first run: F1 0.737), then kept
		{"probe28", "testdata/gold/probe28.yaml", "testdata/gold/probe28", 0.9},
		// "urged X not to", praise, "far from banning", "it is not true
		// that", "neither ... nor", a passive warning, written after probe28
		// (first run: F1 0.824, precision 0.778), then kept
		{"probe29", "testdata/gold/probe29.yaml", "testdata/gold/probe29", 0.9},
		// "the latest country to", "joined X in", "no objection", a list
		// with duties, "puts X in line with Y, which decided to", written after
		// probe29 (first run: F1 0.667, precision 0.727), then kept
		{"probe30", "testdata/gold/probe30.yaml", "testdata/gold/probe30", 0.9},
		// junk around the facts: a live blog, a page with its chrome, a
		// digest, an opinion piece, written after probe30 (first run: F1
		// 1.000, 0 trap hits), then kept
		{"probe31", "testdata/gold/probe31.yaml", "testdata/gold/probe31", 0.9},
		// long sentences holding several stances, written after probe31
		// (first run: F1 0.815), then kept
		{"probe32", "testdata/gold/probe32.yaml", "testdata/gold/probe32", 0.9},
		// vendors other than Huawei: approvals, antivirus, drones, airport
		// scanners, written after probe32 (first run: F1 0.875, 1 trap hit),
		// then kept
		{"probe33", "testdata/gold/probe33.yaml", "testdata/gold/probe33", 0.9},
		// leaving the choice to operators, a proposal the cabinet will
		// examine, a timeline, a state company beside the government, written
		// after probe33 (first run: F1 0.400), then kept
		{"probe34", "testdata/gold/probe34.yaml", "testdata/gold/probe34", 0.9},
		// "has no intention of removing", "stopped short of" after a
		// restriction, officials visiting "to press their governments",
		// NATO allies' calls, written after probe34 (first run: F1 0.471,
		// 1 trap hit), then kept
		{"probe35", "testdata/gold/probe35.yaml", "testdata/gold/probe35", 0.9},
		// longer articles of the sixth session, annotated before the
		// extractor ran: wire copy with denied reports and background
		// stances (probe36, first run F1 0.667, 2 trap hits); a Q&A, an
		// op-ed, an analysis and a page with its chrome (probe37, 0.667, 2
		// trap hits); state media, non-native English and a cabinet bill
		// (probe38, 0.824); cameras, antivirus, scanners, a carrier and
		// drones (probe39, 0.571, 2 trap hits); timelines, arbitration,
		// phones and golden powers (probe40, 0.783); then kept
		{"probe36", "testdata/gold/probe36.yaml", "testdata/gold/probe36", 0.9},
		{"probe37", "testdata/gold/probe37.yaml", "testdata/gold/probe37", 0.9},
		{"probe38", "testdata/gold/probe38.yaml", "testdata/gold/probe38", 0.9},
		{"probe39", "testdata/gold/probe39.yaml", "testdata/gold/probe39", 0.9},
		{"probe40", "testdata/gold/probe40.yaml", "testdata/gold/probe40", 0.9},
		// real news excerpts (third-party text, read from ../shared, never
		// copied into the project)
		{"real", "../../shared/gold/real/gold.yaml", "../../shared/gold/real", 0.93},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "real" {
				if _, err := os.Stat(tt.gold); err != nil {
					if os.Getenv("POLICYGRAPH_CI") != "" {
						t.Fatalf("the real gold set is missing in CI: %v", err)
					}
					t.Skipf("real gold set not found at %s (it sits beside the project as ../shared): %v", tt.gold, err)
				}
			}
			g, err := extract.LoadGold(tt.gold)
			require.NoError(t, err)
			r := extract.Score(g, MustExtractDir(t, e, tt.articles))
			var buf bytes.Buffer
			require.NoError(t, r.WriteText(&buf))
			t.Logf("\n%s", buf.String())
			assert.GreaterOrEqual(t, r.Overall.F1, tt.minF1)
			assert.Zero(t, r.TrapHits, "trap hits")
			assert.Empty(t, r.Missing)
		})
	}
}

// goldenFact is the part of a fact the golden files pin down.
type goldenFact struct {
	Subject    string  `json:"subject"`
	Relation   string  `json:"relation"`
	Object     string  `json:"object,omitempty"`
	Target     string  `json:"target,omitempty"`
	Scope      string  `json:"scope,omitempty"`
	Modality   string  `json:"modality"`
	Confidence float64 `json:"confidence"`
	EventDate  string  `json:"event_date,omitempty"`
	Sentence   string  `json:"sentence"`
}

// TestGolden extracts each testdata/golden/<case>.txt and compares with
// <case>.golden.json; `go test ./extract -update` rewrites them.
func TestGolden(t *testing.T) {
	e := MustExtractor(t)
	all := MustExtractDir(t, e, "testdata/golden")
	cases, err := filepath.Glob("testdata/golden/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			facts := []goldenFact{}
			for _, f := range all[filepath.Base(path)] {
				facts = append(facts, goldenFact{f.Subject, string(f.Relation), f.Object, f.Target, f.Scope,
					string(f.Modality), f.Confidence, f.EventDate, f.Sentence})
			}
			got, err := json.MarshalIndent(facts, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			golden := strings.TrimSuffix(path, ".txt") + ".golden.json"
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./extract -update to create it")
			assert.Equal(t, string(want), string(got), "golden file %s differs (go test ./extract -update rewrites it)", golden)
		})
	}
}

// TestPhenomena asserts the behaviour each golden case is about, so that an
// -update cannot silently bless a regression.
func TestPhenomena(t *testing.T) {
	e := MustExtractor(t)
	all := MustExtractDir(t, e, "testdata/golden")
	has := func(file, subj string, rel domain.Relation, target string, mod domain.Modality) bool {
		for _, f := range all[file] {
			obj, _ := f.DirectObject()
			if f.Subject == subj && f.Relation == rel && (obj == target || f.Target == target) && f.Modality == mod {
				return true
			}
		}
		return false
	}
	asserted := func(file, subj string, rel domain.Relation, target string) bool {
		return has(file, subj, rel, target, domain.Asserted)
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"negation: does not seek to ban", asserted("negation.txt", "Netherlands", domain.DeclinedToBan, "Huawei")},
		{"negation: refused to exclude", asserted("negation.txt", "Spain", domain.DeclinedToBan, "ZTE")},
		{"negation: no intention of barring", asserted("negation.txt", "Denmark", domain.DeclinedToBan, "Huawei")},
		{"negation: would not rule out", asserted("negation.txt", "Austria", domain.DeclinedToBan, "Huawei")},
		{"negation never asserts a ban", !asserted("negation.txt", "Spain", domain.Banned, "ZTE") && !asserted("negation.txt", "Netherlands", domain.Banned, "Huawei")},
		{"denial: declined", asserted("denial.txt", "Poland", domain.DeclinedToBan, "Huawei")},
		{"denial: the denied ban is not asserted", !asserted("denial.txt", "Poland", domain.Banned, "Huawei")},
		{"coordinated subjects", asserted("coordination.txt", "Sweden", domain.Banned, "Huawei") && asserted("coordination.txt", "Lithuania", domain.Banned, "Huawei") && asserted("coordination.txt", "Latvia", domain.Banned, "Huawei")},
		{"coordinated objects with a pronoun, out of the core", asserted("coordination.txt", "Norway", domain.Restricted, "Huawei") && asserted("coordination.txt", "Norway", domain.Restricted, "ZTE")},
		{"passive with vendor subject", asserted("passive.txt", "Canada", domain.Banned, "ZTE")},
		{"passive with demonym subject", asserted("passive.txt", "Denmark", domain.Banned, "Huawei")},
		{"nominal: bans on", asserted("nominal.txt", "Australia", domain.Banned, "Huawei")},
		{"nominal: a Huawei 5G ban", asserted("nominal.txt", "Ireland", domain.Banned, "Huawei")},
		{"pressure on a list", asserted("pressure.txt", "United States", domain.Pressured, "Canada") && asserted("pressure.txt", "United States", domain.Pressured, "Greece")},
		{"pressure content is not a stance", !asserted("pressure.txt", "Greece", domain.Banned, "Huawei") && !asserted("pressure.txt", "Greece", domain.Allowed, "Huawei")},
		{"warned ... the latter", asserted("pressure.txt", "United States", domain.Pressured, "Greece")},
		{"amid pressure", asserted("pressure.txt", "United States", domain.Pressured, "Portugal") && asserted("pressure.txt", "Portugal", domain.Restricted, "Huawei")},
		{"veto", len(all["veto.txt"]) > 0 && all["veto.txt"][0].Relation == domain.Vetoed && all["veto.txt"][0].Subject == "Greece"},
		{"considering", asserted("considering.txt", "Chile", domain.ConsideringBan, "Huawei")},
		{"considering that is not a stance", !asserted("considering.txt", "Peru", domain.ConsideringBan, "Huawei")},
		{"vendors take no stance", len(filterSubject(all["considering.txt"], "Huawei")) == 0},
		{"reports the article does not contradict are asserted", asserted("considering.txt", "Mexico", domain.ConsideringBan, "Huawei")},
		{"junk: comments and related lists", len(all["junk.txt"]) == 1 && asserted("junk.txt", "Ecuador", domain.Allowed, "Huawei")},
		{"allowed", asserted("allowed_and_scope.txt", "Hungary", domain.Allowed, "Huawei")},
		{"non-core means restricted", asserted("allowed_and_scope.txt", "Czechia", domain.Restricted, "Huawei")},
		{"resolution: the country", asserted("resolution.txt", "Chile", domain.ConsideringBan, "Huawei")},
		{"resolution: its agency ... it, within the sentence", asserted("resolution.txt", "Estonia", domain.Restricted, "ZTE")},
		{"resolution: the Chinese firms", asserted("resolution.txt", "Slovakia", domain.Restricted, "Huawei") && asserted("resolution.txt", "Slovakia", domain.Restricted, "ZTE")},
		{"resolution: should the latter", asserted("resolution.txt", "United States", domain.Pressured, "Latvia") && !asserted("resolution.txt", "Latvia", domain.Allowed, "Huawei")},
		{"officials: Secretary of State", asserted("officials.txt", "United States", domain.Pressured, "Hungary")},
		{"officials: envoy, warned against", asserted("officials.txt", "United States", domain.Pressured, "Germany") && !asserted("officials.txt", "Germany", domain.Allowed, "Huawei")},
		{"officials: capital as metonym", asserted("officials.txt", "Italy", domain.DeclinedToBan, "Huawei")},
		{"officials: Theresa May's government", asserted("officials.txt", "United Kingdom", domain.Restricted, "Huawei")},
		{"companies: legal suffix", asserted("companies.txt", "Telus", domain.Excluded, "ZTE")},
		{"apposition: Poland, a U.S. ally", asserted("patterns.txt", "Poland", domain.ConsideringBan, "Huawei") && !asserted("patterns.txt", "United States", domain.ConsideringBan, "Huawei")},
		{"lobbied against a ban", !asserted("patterns.txt", "Brazil", domain.Banned, "Huawei")},
		{"joined X in blocking", asserted("patterns.txt", "New Zealand", domain.Banned, "Huawei") && asserted("patterns.txt", "Australia", domain.Banned, "Huawei")},
		{"negated pressure is denied", has("patterns.txt", "United States", domain.Pressured, "New Zealand", domain.Denied) && !asserted("patterns.txt", "United States", domain.Pressured, "New Zealand")},
		{"ban the use of is not allowing", asserted("patterns.txt", "Canada", domain.Banned, "ZTE") && !asserted("patterns.txt", "Canada", domain.Allowed, "Huawei")},
		{"a reversed decision is not stated", !asserted("patterns.txt", "Canada", domain.Allowed, "Huawei")},
		{"decided against banning", asserted("phrasings.txt", "Norway", domain.DeclinedToBan, "Huawei")},
		{"ruled out a ban", asserted("phrasings.txt", "Finland", domain.DeclinedToBan, "Huawei") && !asserted("phrasings.txt", "Finland", domain.Banned, "Huawei")},
		{"mulling restrictions is not restricting", asserted("phrasings.txt", "Estonia", domain.ConsideringBan, "Huawei") && !asserted("phrasings.txt", "Estonia", domain.Restricted, "Huawei")},
		{"green light", asserted("phrasings.txt", "Hungary", domain.Allowed, "Huawei")},
		{"announced a ban on", asserted("phrasings.txt", "Denmark", domain.Banned, "ZTE")},
		{"hypothetical could", !asserted("hypothetical.txt", "Germany", domain.Restricted, "Huawei")},
		{"conditional if", !asserted("hypothetical.txt", "Croatia", domain.Allowed, "Huawei")},
		{"attempt to", !asserted("hypothetical.txt", "United States", domain.Banned, "Huawei")},
	}
	for _, tt := range tests {
		assert.True(t, tt.ok, tt.name)
	}
	scopes := map[string]string{}
	for _, f := range all["allowed_and_scope.txt"] {
		scopes[f.Subject] = f.Scope
	}
	assert.Equal(t, "non-core", scopes["Czechia"])
	assert.Equal(t, "government-contracts", scopes["Japan"])
	dates := map[string]string{}
	for _, f := range all["dates.txt"] {
		dates[f.Subject] = f.EventDate
	}
	assert.Equal(t, "2019-12", dates["Romania"], "in December, before a June publication")
	assert.Equal(t, "2020-06", dates["Bulgaria"], "earlier this month")
	assert.Equal(t, "2019", dates["Slovenia"], "last year")
}

func filterSubject(fs []domain.Fact, subj string) []domain.Fact {
	var out []domain.Fact
	for _, f := range fs {
		if f.Subject == subj {
			out = append(out, f)
		}
	}
	return out
}

func TestBadInput(t *testing.T) {
	e := MustExtractor(t)
	_, err := e.Extract(extract.Document{Name: "latin1.txt", Text: []byte("Caf\xe9")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "latin1.txt")
	_, err = e.Extract(extract.Document{Name: "bin.txt", Text: []byte("a\x00b")})
	require.Error(t, err)
	facts, err := e.Extract(extract.Document{Name: "empty.txt"})
	require.NoError(t, err)
	assert.Empty(t, facts)
}

func TestOffsetsSurviveNoBreakSpacesAndCurlyQuotes(t *testing.T) {
	e := MustExtractor(t)
	text := "Intro line that is long enough to be prose here.\n\nCanada\u00a0is still considering a ban on Huawei’s 5G offerings.  Italy’s government vetoed a deal with Huawei.\n"
	facts, err := e.Extract(extract.Document{Name: "x.txt", Text: []byte(text), Published: "2020-01-01"})
	require.NoError(t, err)
	require.NotEmpty(t, facts)
	for _, f := range facts {
		assert.Equal(t, f.Sentence, text[f.Start:f.End])
	}
}

// FuzzExtract checks that the extractor never panics, keeps offsets inside
// the text with the sentence they name, and emits valid UTF-8.
func FuzzExtract(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/golden/*.txt")
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte("U.S. Co. Ltd. S.p.A. ... ’’ “” \u00a0 — banned it"))
	f.Add([]byte("The US, the UK and the EU banned, restricted, vetoed and pressured it."))
	e := MustExtractor(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := e.Extract(extract.Document{Name: "fuzz.txt", Text: data, Published: "2020-05"})
		if err != nil {
			return
		}
		for _, fact := range facts {
			if fact.Start < 0 || fact.End > len(data) || fact.Start > fact.End {
				t.Fatalf("offsets %d..%d outside text of %d bytes", fact.Start, fact.End, len(data))
			}
			if string(data[fact.Start:fact.End]) != fact.Sentence {
				t.Fatalf("sentence does not match its offsets")
			}
			for _, s := range []string{fact.Sentence, fact.Subject, fact.Object, fact.Target} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in output: %q", s)
				}
			}
			if err := fact.Validate(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestConcurrentExtract runs one extractor from many goroutines (as ingest's
// worker pool does) and expects the same facts as a sequential run; run it
// with -race.
func TestConcurrentExtract(t *testing.T) {
	e := MustExtractor(t)
	want := MustExtractDir(t, e, "testdata/gold/dev")
	paths, err := filepath.Glob("testdata/gold/dev/*.txt")
	require.NoError(t, err)
	type result struct {
		name  string
		facts []domain.Fact
		err   error
	}
	out := make(chan result)
	for i := 0; i < 8; i++ {
		go func() {
			for _, p := range paths {
				data, err := os.ReadFile(p)
				if err != nil {
					out <- result{err: err}
					continue
				}
				name := filepath.Base(p)
				facts, err := e.Extract(extract.Document{Name: name, Text: data, Published: publishedOf(want[name])})
				out <- result{name, facts, err}
			}
		}()
	}
	for i := 0; i < 8*len(paths); i++ {
		r := <-out
		require.NoError(t, r.err)
		assert.Equal(t, want[r.name], r.facts, r.name)
	}
}

func publishedOf(fs []domain.Fact) string {
	if len(fs) == 0 {
		return ""
	}
	return fs[0].Published
}
