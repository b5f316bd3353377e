//go:build race

package queries_test

const raceEnabled = true
