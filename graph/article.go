package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Article is a source document: its identity (the file's base name), its
// metadata and a hash of everything that determined its facts.
type Article struct {
	ID         string `json:"id"`
	Title      string `json:"title,omitempty"`
	URL        string `json:"url,omitempty"`
	Published  string `json:"published,omitempty"`   // YYYY, YYYY-MM or YYYY-MM-DD
	DateSource string `json:"date_source,omitempty"` // manifest, metadata, mtime, ...
	Hash       string `json:"hash,omitempty"`
}

// Extraction is one article together with the facts extracted from it: the
// unit the Store writes atomically.
type Extraction struct {
	Article  Article
	Facts    []Fact
	Entities []Entity // every entity the facts name, with its reference data
}

// ContentHash fingerprints an article's text, its metadata and the extractor
// version, so that re-ingesting an unchanged article is detected as such and
// a new extractor re-extracts.
func ContentHash(text []byte, a Article, extractorVersion string) string {
	h := sha256.New()
	h.Write(text)
	meta, _ := json.Marshal([]string{a.ID, a.Title, a.URL, a.Published, a.DateSource, extractorVersion})
	h.Write([]byte{0})
	h.Write(meta)
	return hex.EncodeToString(h.Sum(nil))
}

// Entity is a node for a named thing facts are about: a country, company,
// organisation, person or deal. ID is EntityID(Name).
type Entity struct {
	ID     string     `json:"id"`
	Name   string     `json:"name"`
	Type   EntityType `json:"type"`
	ISO2   string     `json:"iso2,omitempty"` // ISO 3166-1 alpha-2, countries only
	ISO3   string     `json:"iso3,omitempty"` // ISO 3166-1 alpha-3, countries only
	Region string     `json:"region,omitempty"`
}

// EntityID is the stable identifier of the entity with canonical name name.
func EntityID(name string) string { return Slug(name) }
