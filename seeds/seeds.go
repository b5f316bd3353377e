// Package seeds embeds the seed corpus — the articles in this folder and
// their manifest.yaml — so that the binary answers questions wherever it
// runs: it is the default corpus when corpus.dir does not exist.
package seeds

import "embed"

// FS holds the seed articles (*.txt) and manifest.yaml at its root.
//
//go:embed *.txt manifest.yaml
var FS embed.FS
