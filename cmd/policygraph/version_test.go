package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/policygraph/policygraph/extract"
)

func TestVersion(t *testing.T) {
	code, out, errOut := MustRun(t, "", nil, "--version")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `^policygraph \S.*\nextractor version `+extract.Version+`\n$`, out)

	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"release", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true, "policygraph v1.2.3"},
		{"devel with revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "c7ba5cd0123456789abcdef"}, {Key: "vcs.modified", Value: "true"}}}, true,
			"policygraph (devel) (revision c7ba5cd01234, modified)"},
		{"devel without revision", &debug.BuildInfo{}, true, "policygraph (devel)"},
		{"no build info", nil, false, "policygraph (devel)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want+"\nextractor version "+extract.Version, formatVersion(tt.info, tt.ok))
		})
	}
}
