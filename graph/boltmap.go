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

// cayleyMap is the map of Cayley's bolt file.
func cayleyMap(db *bolt.DB) boltMap {
	return boltMap{path: db.Path(), pin: func() (uintptr, func(), error) {
		tx, err := db.Begin(false)
		if err != nil {
			return 0, nil, err
		}
		return db.Info().Data, func() { _ = tx.Rollback() }, nil
	}}
}

// indexMap is the map of the fact index's bolt file.
func indexMap(db *bbolt.DB) boltMap {
	return boltMap{path: db.Path(), pin: func() (uintptr, func(), error) {
		tx, err := db.Begin(false)
		if err != nil {
			return 0, nil, err
		}
		return db.Info().Data, func() { _ = tx.Rollback() }, nil
	}}
}
