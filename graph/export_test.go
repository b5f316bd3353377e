package graph

import cgraph "github.com/cayleygraph/cayley/graph"

// QuadStoreOf gives the external tests the Cayley store underneath, to
// check the quads a write leaves.
func QuadStoreOf(s *Store) cgraph.QuadStore { return s.h.QuadStore }
