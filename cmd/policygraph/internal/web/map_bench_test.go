package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
)

// mapBenchArticles is the size of the map benchmark's corpus; override
// with POLICYGRAPH_BENCH_ARTICLES.
func mapBenchArticles() int {
	if v, err := strconv.Atoi(os.Getenv("POLICYGRAPH_BENCH_ARTICLES")); err == nil && v > 0 {
		return v
	}
	return 20_000
}

// MustLargeStore writes n generated articles (four facts each: stances of
// forty countries toward four vendors over ten years, pressure and vetoes,
// in every modality) into a bolt store.
func MustLargeStore(tb testing.TB, n int) *graph.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Options{Backend: graph.BackendBolt, Path: filepath.Join(tb.TempDir(), "store")})
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = s.Close() })
	r := rand.New(rand.NewPCG(7, 11))
	countries := []domain.Entity{country("Italy", "IT"), country("Germany", "DE"), country("France", "FR"), country("United Kingdom", "GB"),
		country("Canada", "CA"), country("Australia", "AU"), country("Japan", "JP"), country("India", "IN"), country("Brazil", "BR"),
		country("Spain", "ES"), country("Poland", "PL"), country("Romania", "RO"), country("Hungary", "HU"), country("Sweden", "SE"),
		country("Denmark", "DK"), country("Belgium", "BE"), country("Netherlands", "NL"), country("Portugal", "PT"), country("Austria", "AT"),
		country("Mexico", "MX"), country("Monaco", "MC"), country("Singapore", "SG"), country("Fiji", "FJ"), country("Tuvalu", "TV"),
		country("Norway", "NO"), country("Finland", "FI"), country("Estonia", "EE"), country("Latvia", "LV"), country("Lithuania", "LT"),
		country("Czechia", "CZ"), country("Slovakia", "SK"), country("Slovenia", "SI"), country("Croatia", "HR"), country("Greece", "GR"),
		country("Turkey", "TR"), country("Egypt", "EG"), country("Kenya", "KE"), country("South Africa", "ZA"), country("Chile", "CL"),
		country("New Zealand", "NZ")}
	vendors := []domain.Entity{org("Huawei", domain.Company), org("ZTE", domain.Company), org("Hikvision", domain.Company), org("Dahua", domain.Company)}
	ents := append(append([]domain.Entity{country("United States", "US")}, countries...), vendors...)
	rels := []domain.Relation{domain.Banned, domain.Restricted, domain.DeclinedToBan, domain.ConsideringBan, domain.Allowed, domain.Pressured, domain.Vetoed}
	mods := []domain.Modality{domain.Asserted, domain.Asserted, domain.Asserted, domain.Reported, domain.Denied, domain.Hypothetical}
	var batch []graph.Extraction
	for a := range n {
		id := fmt.Sprintf("article-%06d.txt", a)
		pub := fmt.Sprintf("%d-%02d-%02d", 2015+r.IntN(10), 1+r.IntN(12), 1+r.IntN(28))
		x := graph.Extraction{Article: graph.Article{ID: id, Title: "Article " + id, Published: pub, Hash: id}, Entities: ents}
		for i := range 4 {
			rel := rels[r.IntN(len(rels))]
			sentence := fmt.Sprintf("Sentence %d of article %d about %s.", i, a, rel)
			f := domain.Fact{Article: id, Published: pub, Subject: countries[r.IntN(len(countries))].Name, SubjectType: domain.Country,
				Relation: rel, Target: vendors[r.IntN(len(vendors))].Name, Modality: mods[r.IntN(len(mods))], EventDate: pub,
				Confidence: 0.5 + r.Float64()/2, Sentence: sentence, Start: i * 100, End: i*100 + len(sentence)}
			switch rel {
			case domain.Pressured:
				f.Subject, f.Object, f.ObjectType = "United States", countries[r.IntN(len(countries))].Name, domain.Country
			case domain.Vetoed:
				f.Object, f.ObjectType = "Operator-"+f.Target+" deal", domain.Deal
			}
			x.Facts = append(x.Facts, f)
		}
		batch = append(batch, x)
		if len(batch) == 500 || a == n-1 {
			_, err := s.Write(ctx, batch)
			require.NoError(tb, err)
			batch = nil
		}
	}
	return s
}

// BenchmarkMapEndpoint measures GET /api/map (the stance map's data, as of
// a date the slider might give, cycling through ten years) on a bolt store
// of 20,000 articles, through the handler (no network), one request after
// another: requests per second and the 50th and 99th percentile latency.
// (BenchmarkTrackerLoad with POLICYGRAPH_LOAD_PATH=/api/map measures it
// under 200 concurrent clients.)
//
//	go test ./cmd/policygraph/internal/web -run - -bench MapEndpoint -benchtime 200x
func BenchmarkMapEndpoint(b *testing.B) {
	n := mapBenchArticles()
	start := time.Now()
	s := MustLargeStore(b, n)
	b.Logf("%d articles written in %s", n, time.Since(start).Round(time.Millisecond))
	h := web.Handler(s, web.Config{})
	var dates []string
	for y := 2015; y <= 2024; y++ {
		for _, m := range []string{"01", "04", "07", "10"} {
			dates = append(dates, fmt.Sprintf("%d-%s-01", y, m))
		}
	}
	dates = append(dates, "") // the latest
	var lats []time.Duration
	b.ReportAllocs()
	t0 := time.Now()
	for i := 0; b.Loop(); i++ {
		d := dates[i%len(dates)]
		req := httptest.NewRequest(http.MethodGet, "/api/map?target=Huawei&as_of="+d, nil)
		req.Host = "127.0.0.1:8080"
		rec := httptest.NewRecorder()
		begin := time.Now()
		h.ServeHTTP(rec, req)
		lats = append(lats, time.Since(begin))
		if rec.Code != http.StatusOK {
			b.Fatalf("as_of %q: %d %s", d, rec.Code, rec.Body.String())
		}
	}
	elapsed := time.Since(t0)
	reportLatencies(b, lats, elapsed)
}
