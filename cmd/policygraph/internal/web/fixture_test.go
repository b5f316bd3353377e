package web_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
)

// Fixture article IDs.
const (
	articleAustralia = "australia-5g.txt"
	articleItaly     = "italy-fastweb.txt"
	articleEurope    = "europe-2019.txt"
)

// vetoSentence is the evidence of Italy's veto.
const vetoSentence = "Citing national security concerns, Italy vetoed the Fastweb-Huawei 5G deal on Thursday."

func country(name, iso2 string) domain.Entity {
	return domain.Entity{ID: domain.EntityID(name), Name: name, Type: domain.Country, ISO2: iso2}
}

func org(name string, t domain.EntityType) domain.Entity {
	return domain.Entity{ID: domain.EntityID(name), Name: name, Type: t}
}

// stance builds an asserted-by-default fact of a country toward a vendor.
func stance(subject string, rel domain.Relation, target, scope, date string, mod domain.Modality, sentence string) domain.Fact {
	return domain.Fact{Subject: subject, SubjectType: domain.Country, Relation: rel, Target: target, Scope: scope,
		EventDate: date, Modality: mod, Confidence: 0.9, Sentence: sentence, End: len(sentence)}
}

// fixtureExtractions is a small hand-made corpus: what the extractor would
// produce for three articles, written without it.
func fixtureExtractions() []graph.Extraction {
	ents := []domain.Entity{
		country("Australia", "AU"), country("New Zealand", "NZ"), country("Italy", "IT"), country("Germany", "DE"),
		country("United Kingdom", "GB"), country("United States", "US"), country("Canada", "CA"),
		org("Huawei", domain.Company), org("ZTE", domain.Company), org("Fastweb", domain.Company),
		org("European Union", domain.Organisation), org("Fastweb-Huawei 5G deal", domain.Deal),
	}
	australia := []domain.Fact{
		stance("Australia", domain.Banned, "Huawei", "5g", "2018-08-23", domain.Asserted,
			"Australia banned Huawei and ZTE from supplying equipment for its 5G network."),
		stance("Australia", domain.Banned, "ZTE", "5g", "2018-08-23", domain.Asserted,
			"Australia banned Huawei and ZTE from supplying equipment for its 5G network."),
		stance("New Zealand", domain.Banned, "Huawei", "5g", "2018-11-28", domain.Asserted,
			"New Zealand blocked Spark from using Huawei equipment in its 5G network."),
	}
	europe := []domain.Fact{
		stance("Germany", domain.DeclinedToBan, "Huawei", "", "2019-03-01", domain.Asserted,
			"Germany does not seek to ban Huawei, the government said."),
		stance("Italy", domain.DeclinedToBan, "Huawei", "", "2019-03-01", domain.Asserted,
			"Italy denied reports that it was prepared to ban Huawei."),
		stance("Italy", domain.Banned, "Huawei", "", "2019-03-01", domain.Denied,
			"Italy denied reports that it was prepared to ban Huawei."),
		stance("Canada", domain.ConsideringBan, "Huawei", "5g", "2019-02-20", domain.Asserted,
			"Canada is considering a ban on Huawei."),
		{Subject: "United States", SubjectType: domain.Country, Relation: domain.Pressured, Object: "European Union",
			ObjectType: domain.Organisation, Target: "Huawei", EventDate: "2019-02-14", Modality: domain.Asserted, Confidence: 0.8,
			Sentence: "Washington pressed the European Union to shun Huawei."},
	}
	italy := []domain.Fact{
		{Subject: "Italy", SubjectType: domain.Country, Relation: domain.Vetoed, Object: "Fastweb-Huawei 5G deal",
			ObjectType: domain.Deal, Target: "Huawei", Scope: "5g-core", EventDate: "2020-10-22", Modality: domain.Asserted,
			Confidence: 0.92, Sentence: vetoSentence, Start: 0, End: len(vetoSentence)},
		stance("United Kingdom", domain.Banned, "Huawei", "5g", "2020-07-14", domain.Asserted,
			"The United Kingdom banned Huawei from its 5G networks in July."),
		stance("Germany", domain.Banned, "Huawei", "", "2020-10-20", domain.Hypothetical,
			"Germany could ban Huawei if the law passes."),
	}
	xs := []graph.Extraction{
		{Article: graph.Article{ID: articleAustralia, Title: "Australia bans Huawei from 5G", URL: "https://example.com/australia",
			Published: "2018-08-23", Hash: "a"}, Facts: australia},
		{Article: graph.Article{ID: articleEurope, Title: "Europe weighs Huawei", Published: "2019-03-02", Hash: "b"}, Facts: europe},
		{Article: graph.Article{ID: articleItaly, Title: "Italy vetoes Fastweb deal", Published: "2020-10-24", Hash: "c"}, Facts: italy},
	}
	for i := range xs {
		xs[i].Entities = ents
		for j := range xs[i].Facts {
			xs[i].Facts[j].Article, xs[i].Facts[j].Published = xs[i].Article.ID, xs[i].Article.Published
		}
	}
	return xs
}

// MustFixtureStore opens a store (memstore when opts is zero) holding the
// fixture corpus.
func MustFixtureStore(tb testing.TB, opts graph.Options) *graph.Store {
	tb.Helper()
	if opts.Backend == "" {
		opts.Backend = graph.BackendMemstore
	}
	ctx := context.Background()
	s, err := graph.Open(ctx, opts)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	_, err = s.Write(ctx, fixtureExtractions())
	require.NoError(tb, err)
	return s
}

// MustFixtureServer serves the fixture corpus from a memstore.
func MustFixtureServer(tb testing.TB, cfg web.Config) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(web.Handler(MustFixtureStore(tb, graph.Options{}), cfg))
	tb.Cleanup(srv.Close)
	return srv
}

// backends are the stores every API test runs against.
func backends(tb testing.TB) map[string]graph.Options {
	return map[string]graph.Options{
		"memstore": {Backend: graph.BackendMemstore},
		"bolt":     {Backend: graph.BackendBolt, Path: filepath.Join(tb.TempDir(), "store")},
	}
}
