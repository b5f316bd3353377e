package main

import (
	"fmt"
	"runtime/debug"

	"github.com/policygraph/policygraph/extract"
)

// versionString is what `policygraph --version` prints: the module version
// (for a build outside a module release, "(devel)" with the VCS revision
// when the build recorded one) and the extractor's version, which is part
// of every stored article's hash.
func versionString() string {
	return formatVersion(debug.ReadBuildInfo())
}

func formatVersion(info *debug.BuildInfo, ok bool) string {
	version := "(devel)"
	var revision, modified string
	if ok {
		if v := info.Main.Version; v != "" {
			version = v
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = ", modified"
				}
			}
		}
	}
	if revision != "" && version == "(devel)" {
		if len(revision) > 12 {
			revision = revision[:12]
		}
		version += fmt.Sprintf(" (revision %s%s)", revision, modified)
	}
	return fmt.Sprintf("policygraph %s\nextractor version %s", version, extract.Version)
}
