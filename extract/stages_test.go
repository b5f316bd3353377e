package extract

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
)

// MustGazetteer loads the embedded gazetteer.
func MustGazetteer(tb testing.TB) *Gazetteer {
	tb.Helper()
	g, err := loadGazetteer()
	require.NoError(tb, err)
	return g
}

func spanTexts(text string, spans []span) []string {
	out := []string{}
	for _, s := range spans {
		out = append(out, text[s.start:s.end])
	}
	return out
}

func TestClean(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"prose kept", "Italy vetoed a deal with Huawei on Thursday, officials said.\n",
			[]string{"Italy vetoed a deal with Huawei on Thursday, officials said."}},
		{"headline of another story dropped",
			"Huawei CEO Offers Germany 'No-Spy Deal' to Address Security Concerns - Reports\n\nGermany refused to ban Huawei from its auction.\n",
			[]string{"Germany refused to ban Huawei from its auction."}},
		{"photo credit dropped", "Photo: NurPhoto / Jaap Arriens\nCanada is still considering a ban on Huawei.\n",
			[]string{"Canada is still considering a ban on Huawei."}},
		{"comments cut", "Spain resisted calls to exclude Huawei from its networks.\nJoin the Conversation\nPoland should ban them all right now, really.\n",
			[]string{"Spain resisted calls to exclude Huawei from its networks."}},
		{"leave a comment cut", "Spain resisted calls to exclude Huawei from its networks.\n\nLeave a comment\n\nYour email address will not be published.\n",
			[]string{"Spain resisted calls to exclude Huawei from its networks."}},
		{"related list cut", "Spain resisted calls to exclude Huawei from its networks.\nRelated:\nArgentina extends ban on commercial flights until September\n",
			[]string{"Spain resisted calls to exclude Huawei from its networks."}},
		{"tags line cut", "Spain resisted calls to exclude Huawei from its networks.\nTags: , , ,\n",
			[]string{"Spain resisted calls to exclude Huawei from its networks."}},
		{"read more dropped", "READ MORE: Huawei Says Gaining Ground in Global Marketplace\nSpain resisted calls to exclude Huawei.\n",
			[]string{"Spain resisted calls to exclude Huawei."}},
		{"section header dropped", "Lingering security concerns\nSpain resisted calls to exclude Huawei.\n",
			[]string{"Spain resisted calls to exclude Huawei."}},
		{"no-break spaces trimmed", "\u00a0Spain resisted calls to exclude Huawei.\u00a0\n",
			[]string{"Spain resisted calls to exclude Huawei."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, spanTexts(tt.text, Clean(tt.text)))
		})
	}
}

func TestSegment(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"abbreviations", "The U.S. and the U.K. agreed. Fastweb S.p.A. and Huawei Technologies Co., Ltd. signed. Mr. Smith left.",
			[]string{"The U.S. and the U.K. agreed.", "Fastweb S.p.A. and Huawei Technologies Co., Ltd. signed.", "Mr. Smith left."}},
		{"quotes stay with their sentence", "He said “we have no intention.” Then he left.",
			[]string{"He said “we have no intention.”", "Then he left."}},
		{"no-break space after a full stop", "Italy acted.\u00a0Germany waited.",
			[]string{"Italy acted.", "Germany waited."}},
		{"lower case after a full stop", "It cost 2.5 billion. and more.", []string{"It cost 2.5 billion. and more."}},
		{"initials", "J. Smith said so. Fine.", []string{"J. Smith said so.", "Fine."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := spanTexts(tt.text, Segment(tt.text, []span{{0, len(tt.text)}}))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTokenize(t *testing.T) {
	toks := Tokenize("China’s Huawei, the U.S. and non-core gear.", 10)
	var norms []string
	for _, tk := range toks {
		norms = append(norms, tk.norm)
	}
	assert.Equal(t, []string{"china", "'s", "huawei", ",", "the", "u.s.", "and", "non-core", "gear", "."}, norms)
	assert.Equal(t, 10, toks[0].start)
	assert.True(t, toks[0].upper)
}

func TestGazetteer(t *testing.T) {
	g := MustGazetteer(t)
	tests := []struct {
		name, text string
		want       []string // canonical names, in order
	}{
		{"countries and aliases", "The US, U.S., USA, America, UK, Britain and the EU", []string{"United States", "United States", "United States", "United States", "United Kingdom", "United Kingdom", "European Union"}},
		{"capitals as metonyms", "Rome, Washington, Berlin and Beijing", []string{"Italy", "United States", "Germany", "China"}},
		{"demonyms", "the Italian government and German officials and British ministers", []string{"Italy", "Germany", "United Kingdom"}},
		{"companies with legal suffixes", "Huawei Technologies Co., Ltd. and ZTE Corp and Telecom Italia (TIM) and Swisscom AG and BT Group", []string{"Huawei", "ZTE", "Telecom Italia", "Swisscom", "BT Group"}},
		{"officials", "Theresa May met Mike Pompeo and Giuseppe Conte", []string{"United Kingdom", "United States", "Italy"}},
		{"acronyms are case-sensitive", "tell us about it", nil},
		{"ISO codes of the country list", "Japan and Czechia", []string{"Japan", "Czechia"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := Tokenize(tt.text, 0)
			g.annotate(toks)
			var got []string
			for _, m := range g.find(toks) {
				got = append(got, m.ent.Name)
			}
			assert.Equal(t, tt.want, got)
		})
	}
	us := g.Entity("United States")
	require.NotNil(t, us)
	assert.Equal(t, "US", us.ISO2)
	assert.Equal(t, "USA", us.ISO3)
	assert.Equal(t, domain.Country, us.Type)
	assert.True(t, g.IsVendor("Huawei"))
	assert.False(t, g.IsVendor("Fastweb"))
}

func TestEventDate(t *testing.T) {
	tests := []struct {
		name, sentence, published, want string
	}{
		{"none: the publication date", "Italy vetoed the deal.", "2020-10-24", "2020-10-24"},
		{"last year", "Last year, the United States banned Huawei.", "2019-04", "2018"},
		{"in December, before a later publication", "It was arrested in December.", "2019-02", "2018-12"},
		{"in December, same year", "It was arrested in December.", "2019-12-20", "2019-12"},
		{"earlier this month", "A delegation visited earlier this month.", "2018-11", "2018-11"},
		{"late Thursday", "The veto was made at a cabinet meeting late Thursday.", "2020-10-24", "2020-10-22"},
		{"this week", "New Zealand followed suit this week.", "2018-11-29", "2018-11-29"},
		{"last month", "Pompeo raised it during a visit last month.", "2020-01-09", "2019-12"},
		{"month and year", "The watchdog warned in December 2018.", "2020-09-09", "2018-12"},
		{"year", "Sweden barred Huawei from new networks in 2020.", "2023-05-26", "2020"},
		{"last September", "Poland published a draft last September.", "2021-06-11", "2020-09"},
		{"May the verb is no month", "The law may bar Huawei.", "2021-06-11", "2021-06-11"},
		{"unknown publication date", "Last year it banned Huawei.", "", ""},
		{"a scheduled event's date is not the sentence's", "The US stepped up pressure on allies ahead of auctions set for next year.", "2019-05-10", "2019-05-10"},
		{"the sentence's own date beside a scheduled one", "In March Italy restricted Huawei ahead of auctions due in 2021.", "2020-06-01", "2020-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, eventDate(tt.sentence, tt.published))
		})
	}
}

func TestScope(t *testing.T) {
	tests := []struct{ sentence, want string }{
		{"It allowed Huawei to build non-core parts of the 5G network.", "non-core"},
		{"They banned Huawei from participating in government contracts.", "government-contracts"},
		{"Huawei is barred from selling its handsets in the US.", "handsets"},
		{"Fastweb had picked Huawei for its 5G core network.", "5g-core"},
		{"Canada is considering a ban on Huawei's 5G offerings.", "5g"},
		{"Canada is considering a ban on Huawei.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			s := &sentence{text: tt.sentence, low: asciiLower(tt.sentence)}
			assert.Equal(t, tt.want, scopeOf(s))
		})
	}
}

func TestScore(t *testing.T) {
	g := &Gold{Articles: []GoldArticle{{
		File: "a.txt",
		Facts: []GoldFact{
			{Subject: "United States", Relation: "pressured", Object: "Italy"},
			{Subject: "Italy", Relation: "restricted", Target: "Huawei", Accept: []string{"banned"}},
			{Subject: "Canada", Relation: "considering_ban", Target: "Huawei", Optional: true},
			{Subject: "Viettel", Relation: "excluded", Target: "Huawei"},
		},
		Traps: []GoldTrap{{Evidence: "Rome was  ready to place a ban", Wrong: "Italy banned Huawei"}},
	}}}
	fact := func(subj string, rel domain.Relation, obj, tgt string, mod domain.Modality, sentence string) domain.Fact {
		return domain.Fact{Article: "a.txt", Subject: subj, Relation: rel, Object: obj, Target: tgt, Modality: mod, Sentence: sentence}
	}
	pred := map[string][]domain.Fact{"a.txt": {
		fact("US", domain.Pressured, "Italy", "", domain.Asserted, "x"),                                      // alias folding: TP
		fact("U.S.", domain.Pressured, "Italy", "", domain.Asserted, "x"),                                    // same key after folding? counted once per name
		fact("Italy", domain.Banned, "", "Huawei", domain.Asserted, "y"),                                     // accept list: TP
		fact("Canada", domain.ConsideringBan, "", "Huawei", domain.Asserted, "z"),                            // optional: neither
		fact("Germany", domain.Banned, "", "Huawei", domain.Reported, "w"),                                   // not asserted: ignored
		fact("Italy", domain.DeclinedToBan, "", "Huawei", domain.Asserted, "Rome was ready to place a ban."), // FP, trap hit: the sentence contains the evidence
		fact("Spain", domain.Banned, "", "Huawei", domain.Asserted, "Rome was ready to place a ban"),         // FP, trap hit
	}}
	r := Score(g, pred)
	assert.Equal(t, 2, r.Overall.TP)
	assert.Equal(t, 0, r.Overall.FN)
	assert.Equal(t, 2, r.Overall.FP)
	assert.Equal(t, 2, r.TrapHits) // the sentence contains the trap evidence
	assert.InDelta(t, 2.0/4, r.Overall.Precision, 1e-9)
	assert.InDelta(t, 1.0, r.Overall.Recall, 1e-9)
	var b strings.Builder
	require.NoError(t, r.WriteText(&b))
	assert.Contains(t, b.String(), "TRAP")
}

// TestFrameHeads checks that every word a case of frames() starts with is a
// frame head in the lexicon, so that the pre-filter never hides a cue.
func TestFrameHeads(t *testing.T) {
	src, err := os.ReadFile("frames.go")
	require.NoError(t, err)
	body := string(src)
	body = body[strings.Index(body, "func (a *analyzer) frames("):]
	body = body[:strings.Index(body, "\n}\n")]
	re := regexp.MustCompile(`\bw == "([^"]+)"`)
	lex := buildLexicon(nil)
	for _, line := range strings.Split(body, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "case ") {
			continue
		}
		for _, m := range re.FindAllStringSubmatch(line, -1) {
			l := lex[m[1]]
			assert.True(t, l != nil && l.head, "%q starts a frame but is not in frameHeads", m[1])
		}
	}
}

// TestSegmentBoundsSentences checks that a text without sentence ends is cut
// into sentences of at most MaxSentenceBytes, at clause punctuation or white
// space, covering the text in order.
func TestSegmentBoundsSentences(t *testing.T) {
	var b strings.Builder
	for b.Len() < 50*MaxSentenceBytes {
		b.WriteString("Germany weighed rules on Huawei and Italy, and operators in Spain, ")
		b.WriteString("ünïcödé ")
	}
	text := b.String()
	spans := Segment(text, []span{{0, len(text)}})
	require.Greater(t, len(spans), 40)
	prev := 0
	for _, s := range spans {
		assert.LessOrEqual(t, s.end-s.start, MaxSentenceBytes)
		assert.GreaterOrEqual(t, s.start, prev)
		assert.True(t, utf8.ValidString(text[s.start:s.end]), "cut inside a rune")
		prev = s.end
	}
	assert.Equal(t, len(text), spans[len(spans)-1].end)
	// a short sentence is untouched
	assert.Equal(t, []span{{0, 13}}, Segment("Italy banned.", []span{{0, 13}}))
}
