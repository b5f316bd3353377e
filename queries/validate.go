package queries

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/policygraph/policygraph/domain"
	"github.com/policygraph/policygraph/graph"
)

// ErrBadArgument means a value given to a question or a command is not one
// it takes: an unknown name, a name of the wrong kind of entity, a number
// that is not one. Such errors are *ArgumentError values, which name the
// value and what is valid; they also match ErrBadQuery.
var ErrBadArgument = errors.New("bad argument")

// ArgumentError is a value a parameter does not take, with what it does.
type ArgumentError struct {
	Param   string   // the parameter or flag, e.g. "country" or "relation"
	Value   string   // the value given
	Problem string   // what is wrong, e.g. "is a company, not a country"; "" means unknown
	Valid   []string // the valid values, or the closest ones when Suggest is set
	Suggest bool     // Valid holds close names, not the whole set
	More    int      // valid values left out of Valid
	Hint    string   // how to see every valid value
}

// maxListed is how many valid values an ArgumentError lists.
const maxListed = 12

// Error names the parameter and the value, says what is wrong with it, and
// lists the valid values or the close ones.
func (e *ArgumentError) Error() string {
	var b strings.Builder
	problem := e.Problem
	if problem == "" {
		problem = "is unknown"
	}
	fmt.Fprintf(&b, "%s %q %s", e.Param, e.Value, problem)
	switch {
	case len(e.Valid) > 0 && e.Suggest:
		fmt.Fprintf(&b, " (did you mean %s?)", strings.Join(e.Valid, ", "))
	case len(e.Valid) > 0:
		more := ""
		if e.More > 0 {
			more = fmt.Sprintf(" and %d more", e.More)
		}
		fmt.Fprintf(&b, " (valid: %s%s)", strings.Join(e.Valid, ", "), more)
	}
	if e.Hint != "" {
		b.WriteString("; " + e.Hint)
	}
	return b.String()
}

// Is makes an ArgumentError match ErrBadArgument and ErrBadQuery.
func (e *ArgumentError) Is(target error) bool {
	return target == ErrBadArgument || target == ErrBadQuery
}

// paramKinds is the kind of entity each question parameter names; the
// vendor a stance is about is a company.
var paramKinds = map[string][]domain.EntityType{
	"country": {domain.Country},
	"target":  {domain.Company},
	"by":      {domain.Country, domain.Person, domain.Organisation},
	"on":      {domain.Country, domain.Organisation, domain.Company, domain.Group},
}

// numberParams are the parameters that take a whole number, at least 0.
var numberParams = map[string]bool{"window": true, "limit": true}

// ParamKinds returns the kinds of entity a question parameter names, or nil
// when it names none.
func ParamKinds(param string) []domain.EntityType { return paramKinds[param] }

// CheckValues checks a question's parameters without a store: each is one
// the question takes, a flag is true or false, a number is a whole number,
// and a positional parameter is given. Dates are checked by Run; names by
// CheckNames.
func CheckValues(q Question, p Params) error {
	valid := map[string]Param{}
	var names []string
	for _, prm := range q.Params {
		valid[prm.Name] = prm
		names = append(names, prm.Name)
	}
	for _, k := range sortedKeys(p) {
		v := p[k]
		prm, ok := valid[k]
		switch {
		case !ok:
			return &ArgumentError{Param: q.Name + " parameter", Value: k, Problem: "is not one it takes", Valid: orNone(names)}
		case prm.Bool && v != "" && v != "true" && v != "false":
			return &ArgumentError{Param: k, Value: v, Problem: "is not a flag value", Valid: []string{"true", "false"}}
		case numberParams[k] && v != "":
			if n, err := strconv.Atoi(v); err != nil || n < 0 {
				return &ArgumentError{Param: k, Value: v, Problem: "is not a whole number", Hint: "want 0 or more, e.g. " + orDefault(prm.Default, "6")}
			}
		}
	}
	for _, prm := range q.Params {
		if prm.Positional && strings.TrimSpace(p[prm.Name]) == "" {
			return &ArgumentError{Param: prm.Name, Value: "", Problem: "is missing", Hint: "e.g. " + q.Example}
		}
	}
	return nil
}

// CheckNames checks that each parameter of q naming an entity names one in
// the store, of the kind the parameter takes (a country for stance, a
// vendor for --target), and that an article ID is stored.
func CheckNames(ctx context.Context, s *graph.Store, q Question, p Params) error {
	for _, prm := range q.Params {
		v := p[prm.Name]
		if v == "" {
			v = prm.Default
		}
		if v == "" {
			continue
		}
		if kinds := ParamKinds(prm.Name); kinds != nil {
			if _, err := CheckEntity(ctx, s, prm.Name, v, kinds...); err != nil {
				return err
			}
		}
		if prm.Name == "id" && q.Name == "article" {
			if _, ok, err := s.ArticleHash(ctx, v); err != nil {
				return fmt.Errorf("queries: article %q: %w", v, err)
			} else if !ok {
				return &ArgumentError{Param: "article", Value: v, Problem: "is not in the store",
					Hint: "article IDs are file names such as 000_96e29888d8300f82.txt; `policygraph ask stance COUNTRY` shows them"}
			}
		}
	}
	return nil
}

// CheckEntity finds the entity name means (its canonical name in any case,
// or a common alias) and checks it is one of kinds (any kind when none are
// given). An unknown name suggests the closest names of those kinds, or
// lists them; a name of another kind says what it is.
func CheckEntity(ctx context.Context, s *graph.Store, param, name string, kinds ...domain.EntityType) (domain.Entity, error) {
	iri, _, err := Resolve(ctx, s, name)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return domain.Entity{}, err
	}
	if err == nil {
		id, uerr := url.PathUnescape(strings.TrimPrefix(string(iri), graph.EntityNS))
		if uerr != nil {
			id = domain.EntityID(name)
		}
		e, err := s.Entity(ctx, id)
		if err != nil {
			return domain.Entity{}, fmt.Errorf("queries: %w", err)
		}
		if len(kinds) == 0 || containsKind(kinds, e.Type) {
			return e, nil
		}
		ae := &ArgumentError{Param: param, Value: name, Problem: fmt.Sprintf("is %s %s, not %s", indefinite(string(e.Type)), e.Type, kindList(kinds))}
		return domain.Entity{}, withNames(ctx, s, ae, name, kinds, false)
	}
	ae := &ArgumentError{Param: param, Value: name, Problem: "is not " + kindList(kinds) + " in the store"}
	if len(kinds) == 0 {
		ae.Problem = "is not an entity in the store"
	}
	return domain.Entity{}, withNames(ctx, s, ae, name, kinds, true)
}

// withNames fills e with the store's names of kinds: the close ones when
// suggest is set and some are close, else the first ones.
func withNames(ctx context.Context, s *graph.Store, e *ArgumentError, name string, kinds []domain.EntityType, suggest bool) error {
	ents, _, err := s.Entities(ctx)
	if err != nil {
		return fmt.Errorf("queries: %w", err)
	}
	var all, near []string
	want := strings.ToLower(strings.TrimSpace(name))
	for _, en := range ents {
		if len(kinds) > 0 && !containsKind(kinds, en.Type) {
			continue
		}
		all = append(all, en.Name)
		n := strings.ToLower(en.Name)
		if want != "" && (strings.Contains(n, want) || strings.Contains(want, n) || editDistance(n, want) <= 2) {
			near = append(near, en.Name)
		}
	}
	sort.Strings(all)
	sort.Strings(near)
	if suggest && len(near) > 0 {
		e.Valid, e.Suggest = near[:min(len(near), 5)], true
	} else {
		e.Valid, e.More = all[:min(len(all), maxListed)], max(0, len(all)-maxListed)
	}
	if e.More > 0 || len(e.Valid) == 0 || e.Suggest {
		e.Hint = "`policygraph ask entities" + typeFlag(kinds) + "` lists them"
	}
	return e
}

// CheckRelation returns the relation called name, or an *ArgumentError
// listing the relations of the vocabulary (the closest first when some
// are close).
func CheckRelation(param, name string) (domain.Relation, error) {
	var all, near []string
	for _, info := range domain.RelationTable {
		r := string(info.Relation)
		if r == name {
			return info.Relation, nil
		}
		all = append(all, r)
		if editDistance(r, strings.ToLower(name)) <= 2 || strings.HasPrefix(r, strings.ToLower(name)) && name != "" {
			near = append(near, r)
		}
	}
	if len(near) > 0 {
		return "", &ArgumentError{Param: param, Value: name, Problem: "is not a relation", Valid: near, Suggest: true,
			Hint: "relations: " + strings.Join(all, ", ")}
	}
	return "", &ArgumentError{Param: param, Value: name, Problem: "is not a relation", Valid: all}
}

func containsKind(kinds []domain.EntityType, k domain.EntityType) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// kindList reads kinds as prose: "a country", "a country or a person".
func kindList(kinds []domain.EntityType) string {
	var parts []string
	for _, k := range kinds {
		name := string(k)
		if k == domain.Company {
			name = "company (vendor)"
		}
		parts = append(parts, indefinite(string(k))+" "+name)
	}
	if len(parts) == 0 {
		return "an entity"
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func indefinite(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func typeFlag(kinds []domain.EntityType) string {
	if len(kinds) == 1 {
		return " --type " + string(kinds[0])
	}
	return ""
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func sortedKeys(p Params) []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
