package graph

import (
	"github.com/boltdb/bolt"
	bbolt "go.etcd.io/bbolt"
)

// boltMap is a bolt file's memory map, as the pageReleaser sees it: the
// file, and pin, which holds the map in place (a read transaction) and says
// where it starts.
type boltMap struct {
	path string
	pin  func() (start uintptr, unpin func(), err error)
}

// mapOf builds the boltMap of either bolt package's database: begin opens a
// read transaction, data says where the map starts.
func mapOf[T interface{ Rollback() error }](path string, begin func(writable bool) (T, error), data func() uintptr) boltMap {
	return boltMap{path: path, pin: func() (uintptr, func(), error) {
		tx, err := begin(false)
		if err != nil {
			return 0, nil, err
		}
		return data(), func() { _ = tx.Rollback() }, nil
	}}
}

// cayleyMap is the map of Cayley's bolt file.
func cayleyMap(db *bolt.DB) boltMap {
	return mapOf(db.Path(), db.Begin, func() uintptr { return db.Info().Data })
}

// indexMap is the map of the fact index's bolt file.
func indexMap(db *bbolt.DB) boltMap {
	return mapOf(db.Path(), db.Begin, func() uintptr { return db.Info().Data })
}
