// Package domain holds policygraph's domain model — relations and the
// relation table, modalities, entity types, entities and facts — with no
// storage imports, so that the extractor, the store, the queries, the
// exports and the web UI all speak about one model and the extractor
// depends on nothing heavier than the standard library.
package domain
