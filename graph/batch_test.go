package graph

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/policygraph/policygraph/domain"
)

func TestBatchLimit(t *testing.T) {
	for _, c := range []struct {
		max, quads int
		written    int64
		want       int
	}{
		{10000, 10000, txBytes / 2, 10000},   // small store: never above the maximum
		{10000, 10000, txBytes, 10000},       // on target
		{10000, 10000, 2 * txBytes, 5000},    // twice the target: half the quads
		{10000, 5000, txBytes / 2, 10000},    // room again: back up
		{10000, 10000, 100 * txBytes, 1250},  // never below an eighth
		{10000, 2000, 2 * txBytes / 3, 3000}, // from a small batch
	} {
		if got := batchLimit(c.max, c.quads, c.written); got != c.want {
			t.Errorf("batchLimit(%d, %d, %d) = %d, want %d", c.max, c.quads, c.written, got, c.want)
		}
	}
}

func TestBatchWritesWhenFull(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	x := func(id string) Extraction {
		return Extraction{Article: Article{ID: id, Hash: id}, Facts: []domain.Fact{{Article: id, Subject: "Italy", SubjectType: domain.Country,
			Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, Confidence: 0.9, Sentence: "Italy banned Huawei.", End: 20}}}
	}
	per := func() int { e := x("a"); return e.QuadCount() }()
	b := s.NewBatch(16 * per) // the first batch is an eighth of it: two articles
	if b.Add(x("a1")) {
		t.Fatal("one article of two is not a full batch")
	}
	if !b.Add(x("a2")) {
		t.Fatal("two articles of two are a full first batch")
	}
	if b.Len() != 2 {
		t.Fatalf("Len = %d, want 2", b.Len())
	}
	res, err := b.Write(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 2 || b.Len() != 0 {
		t.Fatalf("wrote %d new articles, %d left queued; want 2 and 0", res.New, b.Len())
	}
	if _, ok, _ := s.ArticleHash(ctx, "a2"); !ok {
		t.Fatal("a2 was not written")
	}
	if b.limit.Load() != int64(4*per) {
		t.Fatalf("after a small write the next batch doubles, got %d quads, want %d", b.limit.Load(), 4*per)
	}
	if res, err := b.Write(ctx); err != nil || res.New != 0 {
		t.Fatalf("an empty batch writes nothing: %+v, %v", res, err)
	}
}
