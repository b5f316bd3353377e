package graph

import (
	"context"
	"errors"
)

// The fact index is a table derived from the graph and kept beside it: one
// compact record per statement — everything a canned answer shows — filed
// under its article, and secondary keys ordered for the questions analysts
// ask (by vendor and country, by subject, by object, by relation). Each
// secondary key ends with its record's article and statement and holds a
// brief of the fact (FactRef), enough to choose facts before reading their
// records; the relation's keys hold the records themselves, since its
// questions show every fact they choose (see holdsRecords). Cayley's path queries need about ten lookups per statement,
// seconds for a popular vendor at a million quads; a prefix scan of the
// index takes milliseconds.
//
// The graph stays the source of truth. Store.Write keeps the index in step
// (see writeBoth): it marks the batch's articles pending, then writes the
// records and the graph side by side; the next write clears the marks.
// Opening a store files the articles still marked (a crash mid-write) from
// the graph and, for a store without an index, the whole index.
//
// The code is cut by concern: index_keys.go holds the key spaces and the
// record codec, index_write.go the records of an extraction and their
// filing (with the pending marks), index_read.go the selectors and scans
// the questions use, and index_repair.go the check on open, the rebuild
// and the comparison with the graph (reindex, reindex --check).
type factIndex struct {
	kv     kvStore
	marked []string // marked by the last write, which completed
}

// indexVersion changes whenever the record encoding or the key layout does;
// a store with another version has its index rebuilt when opened.
const indexVersion = "7"

// close clears the marks of the last write and closes the table.
func (x *factIndex) close() error {
	var err error
	if len(x.marked) > 0 {
		err = x.markPending(context.Background(), nil)
	}
	return errors.Join(err, x.kv.close())
}
