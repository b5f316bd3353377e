package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadLimitedWhateverTheStatedSize: the size a file had when stat'ed
// only sizes the buffer; what is read is the file as it is, within the
// limit.
func TestReadLimitedWhateverTheStatedSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	text := strings.Repeat("Chile banned Huawei. ", 100) // 2,100 bytes
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	for _, size := range []int64{0, 1, 2099, 2100, 2101, 1 << 20} {
		data, err := readLimited(path, size, 4096)
		require.NoError(t, err, "stated size %d", size)
		assert.Equal(t, text, string(data), "stated size %d", size)
	}
	for _, size := range []int64{0, 2100} {
		_, err := readLimited(path, size, 2099)
		require.Error(t, err, "stated size %d", size)
		assert.Contains(t, err.Error(), "too large: more than 2.0 KB")
	}
	data, err := readLimited(path, 2100, 2100)
	require.NoError(t, err, "exactly at the limit")
	assert.Len(t, data, 2100)
}
