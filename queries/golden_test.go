package queries_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

var update = flag.Bool("update", false, "rewrite testdata/answers.golden.jsonl from the current code")

// goldenFile holds every answer of TestAnswersGolden, one JSON line per
// case, as the code answered before the questions were made fast (issue
// 18): a faster answer must be the same answer.
const goldenFile = "testdata/answers.golden.jsonl"

// goldenExtractions generates a corpus made to tell orderings apart: dates
// of every precision drawn from a small set (so that many facts share a
// date, a last day or a first day), confidences and positions that tie,
// repeated facts within an article, every modality and relation, companies
// taking stances (answers about countries leave them out), and article IDs
// whose IRIs escape characters (so IRI order is not article order).
func goldenExtractions() []graph.Extraction {
	r := rand.New(rand.NewPCG(18, 2026))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	countries := []domain.Entity{country("Italy", "IT"), country("Germany", "DE"), country("France", "FR"), country("United Kingdom", "GB"),
		country("Canada", "CA"), country("Japan", "JP"), country("United States", "US")}
	companies := []domain.Entity{{ID: "huawei", Name: "Huawei", Type: domain.Company}, {ID: "zte", Name: "ZTE", Type: domain.Company},
		{ID: "dahua", Name: "Dahua", Type: domain.Company}, {ID: "telecom-italia", Name: "Telecom Italia", Type: domain.Company},
		{ID: "bt-group", Name: "BT Group", Type: domain.Company}}
	ents := append(append([]domain.Entity{}, countries...), companies...)
	subjects := []string{"Italy", "Germany", "France", "United Kingdom", "Canada", "Japan", "Telecom Italia"}
	vendors := []string{"Huawei", "ZTE", "Dahua"}
	stances := []domain.Relation{domain.Banned, domain.Restricted, domain.DeclinedToBan, domain.ConsideringBan, domain.Allowed}
	mods := []domain.Modality{domain.Asserted, domain.Asserted, domain.Asserted, domain.Reported, domain.Denied, domain.Hypothetical}
	dates := []string{"2018", "2018-11", "2018-12", "2018-12-31", "2019", "2019-02", "2019-02-10", "2019-02-28", "2019-03-01",
		"2019-06", "2019-06-15", "2019-12-31", "2020", "2020-01", "2020-07-14"}
	ids := []string{"%03d.txt", "%03d b.txt", "%03d+é.txt", "%03d%%20.txt", "z%03d.txt", "%03d-a.txt"}
	var out []graph.Extraction
	for a := 0; a < 55; a++ {
		id := fmt.Sprintf(ids[a%len(ids)], a)
		pub := pick("2018-11-20", "2019-02", "2019-02-28", "2019-06-15", "2019", "2020-01-05")
		var facts []domain.Fact
		for i := 0; i < 5+r.IntN(4); i++ {
			sentence := fmt.Sprintf("Sentence %d of article %d.", i, a)
			f := domain.Fact{Article: id, Published: pub, Subject: pick(subjects...), SubjectType: domain.Country,
				Relation: stances[r.IntN(len(stances))], Target: pick(vendors...), Modality: mods[r.IntN(len(mods))],
				Confidence: []float64{0.6, 0.75, 0.9}[r.IntN(3)], Sentence: sentence, Start: (i / 2) * 40, End: (i/2)*40 + len(sentence)}
			if f.Subject == "Telecom Italia" {
				f.SubjectType = domain.Company
			}
			if r.IntN(3) > 0 {
				f.EventDate = pick(dates...)
			}
			if r.IntN(4) == 0 {
				f.Scope = pick("5g", "core", "government-contracts")
			}
			switch r.IntN(8) {
			case 0, 1:
				f.Relation, f.Subject, f.SubjectType = domain.Pressured, "United States", domain.Country
				f.Object, f.ObjectType = pick("Italy", "Germany", "United Kingdom", "Canada"), domain.Country
				if r.IntN(3) == 0 {
					f.Target = ""
				}
			case 2:
				f.Relation, f.SubjectType = domain.Vetoed, domain.Country
				f.Subject = pick("Italy", "Germany", "France")
				f.Object, f.ObjectType = pick("Fastweb-"+f.Target+" 5G deal", "Operator-"+f.Target+" deal"), domain.Deal
			case 3:
				if f.SubjectType == domain.Company {
					f.Relation = domain.Excluded
				}
			}
			facts = append(facts, f)
			if r.IntN(6) == 0 { // the same fact stated again further on
				g := f
				g.Start, g.End, g.Sentence = f.Start+400, f.End+400, "Again: "+sentence
				facts = append(facts, g)
			}
		}
		out = append(out, graph.Extraction{Article: graph.Article{ID: id, Title: "Article " + id, URL: "https://example.com/" + fmt.Sprint(a),
			Published: pub, Hash: id}, Facts: facts, Entities: ents})
	}
	return out
}

// goldenCase is one question asked of the golden corpus.
type goldenCase struct {
	name string
	run  func(ctx context.Context, s *graph.Store) (any, error)
}

func ask(name string, p queries.Params) func(ctx context.Context, s *graph.Store) (any, error) {
	return func(ctx context.Context, s *graph.Store) (any, error) {
		res, err := queries.Run(ctx, s, name, p)
		if err != nil {
			return nil, err
		}
		// Columns and rows are what tables and CSV print; the rest is the
		// JSON answer.
		return struct {
			Columns []string        `json:"columns"`
			Rows    [][]string      `json:"rows"`
			Result  *queries.Result `json:"result"`
		}{res.Columns, res.Rows, res}, nil
	}
}

func goldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name string, p queries.Params) {
		b, _ := json.Marshal(p)
		cs = append(cs, goldenCase{name + " " + string(b), ask(name, p)})
	}
	for _, q := range []string{"banned", "restricted", "declined", "considering", "allowed"} {
		for _, target := range []string{"Huawei", "ZTE", "Dahua"} {
			add(q, queries.Params{"target": target})
			add(q, queries.Params{"target": target, "ever": "true"})
		}
		for _, p := range []queries.Params{{"as-of": "2019"}, {"as-of": "2019-06"}, {"as-of": "2019-02-28"}, {"modality": "all"},
			{"modality": "reported,denied"}, {"as-of": "2019-06", "ever": "true"}, {"as-of": "2018-12", "modality": "asserted,hypothetical"}} {
			add(q, p)
		}
	}
	for _, p := range []queries.Params{{}, {"by": "United States"}, {"on": "Italy"}, {"by": "United States", "on": "Germany"},
		{"modality": "all"}, {"on": "Canada", "modality": "reported,denied,hypothetical"}} {
		add("pressured", p)
	}
	for _, p := range []queries.Params{{}, {"modality": "all"}, {"modality": "hypothetical"}} {
		add("vetoes", p)
	}
	for _, c := range []string{"Italy", "Germany", "United Kingdom", "Canada"} {
		add("stance", queries.Params{"country": c})
		add("stance", queries.Params{"country": c, "target": "Huawei"})
	}
	for _, target := range []string{"Huawei", "ZTE", "Dahua"} {
		add("contradictions", queries.Params{"target": target, "window": "0", "limit": "0"})
		add("contradictions", queries.Params{"target": target, "window": "3", "limit": "7"})
	}
	add("contradictions", queries.Params{"target": "Huawei"})
	add("contradictions", queries.Params{"target": "ZTE", "window": "1", "limit": "0"})
	for _, id := range []string{"000.txt", "001 b.txt", "002+é.txt", "003%20.txt"} {
		add("article", queries.Params{"id": id})
	}
	for _, typ := range []string{"", "country", "company", "deal"} {
		add("entities", queries.Params{"type": typ})
	}
	for _, o := range []queries.TrackerOptions{{}, {Target: "ZTE", AsOf: "2019-06"}, {Target: "Dahua", Modality: "all"}, {AsOf: "2019"}} {
		cs = append(cs, goldenCase{fmt.Sprintf("tracker %+v", o), func(ctx context.Context, s *graph.Store) (any, error) {
			return queries.TrackerAnswer(ctx, s, o)
		}})
	}
	for _, id := range []string{"zte", "italy"} {
		cs = append(cs, goldenCase{"about " + id, func(ctx context.Context, s *graph.Store) (any, error) { return queries.About(ctx, s, id) }})
	}
	for _, f := range []queries.Filter{{Country: "Italy"}, {Relation: domain.Pressured}, {Relation: domain.Banned, Since: "2019", Until: "2019-06"}} {
		cs = append(cs, goldenCase{fmt.Sprintf("statements %+v", f), func(ctx context.Context, s *graph.Store) (any, error) {
			return queries.AllStatements(ctx, s, f)
		}})
	}
	return cs
}

// TestAnswersGolden asks every canned question, with the parameters that
// change how it chooses and orders facts, of a generated corpus in both
// backends, and compares each answer (JSON, columns and rows) with the one
// recorded in testdata/: the answers are those of the code before the
// questions were made fast. -update rewrites the file.
func TestAnswersGolden(t *testing.T) {
	ctx := context.Background()
	xs := goldenExtractions()
	answers := map[string]map[string]string{} // backend, case: JSON
	for name, opts := range backends(t) {
		s, err := graph.Open(ctx, opts)
		require.NoError(t, err)
		_, err = s.Write(ctx, xs)
		require.NoError(t, err)
		answers[name] = map[string]string{}
		for _, c := range goldenCases() {
			v, err := c.run(ctx, s)
			require.NoError(t, err, c.name)
			b, err := json.Marshal(v)
			require.NoError(t, err)
			answers[name][c.name] = string(b)
		}
		require.NoError(t, s.Close())
	}
	if *update {
		var buf bytes.Buffer
		for _, c := range goldenCases() {
			require.Equal(t, answers["memstore"][c.name], answers["bolt"][c.name], "backends disagree on %s", c.name)
			line, err := json.Marshal(map[string]json.RawMessage{"case": mustJSON(t, c.name), "answer": json.RawMessage(answers["bolt"][c.name])})
			require.NoError(t, err)
			buf.Write(line)
			buf.WriteByte('\n')
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(goldenFile), 0o755))
		require.NoError(t, os.WriteFile(goldenFile, buf.Bytes(), 0o644))
		return
	}
	f, err := os.Open(goldenFile)
	require.NoError(t, err)
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var line struct {
			Case   string          `json:"case"`
			Answer json.RawMessage `json:"answer"`
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line))
		want[line.Case] = string(line.Answer)
	}
	require.NoError(t, sc.Err())
	require.Len(t, want, len(goldenCases()), "one recorded answer per case (go test ./queries -run TestAnswersGolden -update)")
	for backend, got := range answers {
		for _, c := range goldenCases() {
			require.Contains(t, want, c.name, "no recorded answer")
			assert.JSONEq(t, want[c.name], got[c.name], "%s: %s", backend, c.name)
		}
	}
}

func mustJSON(tb testing.TB, v any) json.RawMessage {
	tb.Helper()
	b, err := json.Marshal(v)
	require.NoError(tb, err)
	return b
}
