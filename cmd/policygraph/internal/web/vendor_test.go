package web_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/cmd/policygraph/internal/web"
)

// TestDefaultVendor: Config.DefaultVendor is the target of the tracker and
// the stance questions when the request names none.
func TestDefaultVendor(t *testing.T) {
	zte := MustFixtureServer(t, web.Config{DefaultVendor: "ZTE"})
	plain := MustFixtureServer(t, web.Config{})
	for _, path := range []string{"/api/tracker", "/api/ask/banned"} {
		got := get(t, zte, path)
		require.Equal(t, http.StatusOK, got.status, got.body)
		asked := get(t, plain, path+"?target=ZTE")
		require.Equal(t, http.StatusOK, asked.status, asked.body)
		assert.Equal(t, asked.body, got.body, path)
		assert.NotEqual(t, get(t, plain, path).body, got.body, path)
	}
	assert.Contains(t, get(t, zte, "/api/tracker").body, `"target":"ZTE"`)
	assert.Contains(t, get(t, zte, "/api/ask").body, `"default":"ZTE"`)
}
