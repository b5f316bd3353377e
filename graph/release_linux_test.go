package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/domain"
)

func TestFileMappings(t *testing.T) {
	maps := []byte(`55d4c0a00000-55d4c0c00000 r-xp 00000000 fd:01 1234 /usr/bin/x
7f0000000000-7f0000400000 r--s 00000000 fd:01 777 /tmp/s/indexes.bolt
7f0000400000-7f0000500000 rw-s 00000000 fd:01 777 /tmp/s/indexes.bolt
7f0000500000-7f0000600000 r--p 00000000 fd:01 777 /tmp/s/indexes.bolt
7f0000600000-7f0000700000 r--s 00000000 fd:02 777 /other/indexes.bolt
7f0000700000-7f0000800000 r--s 00000000 103:05 777 /nvme/indexes.bolt
7f0000800000-7f0000900000 rw-p 00000000 00:00 0
`)
	// Only the read-only shared map of the same device and inode.
	dev := uint64(0xfd<<8 | 0x01)
	assert.Equal(t, []mapping{{0x7f0000000000, 0x7f0000400000}}, fileMappings(maps, dev, 777))
	assert.Empty(t, fileMappings(maps, dev, 778))
	// Major 259 (0x103), minor 5, in the kernel's st_dev encoding.
	dev = uint64(0x103&0xfff)<<8 | 5
	assert.Equal(t, []mapping{{0x7f0000700000, 0x7f0000800000}}, fileMappings(maps, dev, 777))
}

// TestReleasePages checks that releasing bolt's pages, also while writes
// run, finds bolt's map and leaves what the store reads unchanged.
func TestReleasePages(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store"), ReleasePages: true})
	require.NoError(t, err)
	defer s.Close()
	require.NotNil(t, s.pages)

	article := func(i int) Extraction {
		id := fmt.Sprintf("a%d.txt", i)
		s := fmt.Sprintf("Country%d banned Huawei.", i%7)
		return Extraction{
			Article: Article{ID: id, Title: "T", Published: "2020-10-24", Hash: "h"},
			Facts: []domain.Fact{{Article: id, Subject: fmt.Sprintf("Country%d", i%7), SubjectType: domain.Country,
				Relation: domain.Banned, Target: "Huawei", Modality: domain.Asserted, Confidence: 0.9,
				Sentence: s, End: len(s), Published: "2020-10-24"}},
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 20 {
			batch := make([]Extraction, 0, 50)
			for j := range 50 {
				batch = append(batch, article(i*50+j))
			}
			_, err := s.Write(ctx, batch)
			assert.NoError(t, err)
		}
	}()
	released := int64(0)
	for range 200 {
		n, err := s.pages.release()
		require.NoError(t, err)
		released = max(released, n)
	}
	wg.Wait()
	n, err := s.pages.release()
	require.NoError(t, err)
	assert.Positive(t, max(released, n), "bolt's map was not found")

	st, err := s.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(1000), st.Articles)
	assert.Equal(t, int64(1000), st.Facts)
	assert.Equal(t, int64(8), st.Entities)
	hash, ok, err := s.ArticleHash(ctx, "a999.txt")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "h", hash)

	require.NoError(t, s.Close())
	_, err = s.pages.release()
	assert.Error(t, err, "released after Close")
}

// TestPageReleaserIsOptIn: without Options.ReleasePages no releaser runs.
func TestPageReleaserIsOptIn(t *testing.T) {
	s, err := Open(context.Background(), Options{Backend: BackendBolt, Path: filepath.Join(t.TempDir(), "store")})
	require.NoError(t, err)
	defer s.Close()
	assert.Nil(t, s.pages)
}
