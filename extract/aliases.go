package extract

import (
	"fmt"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// Aliases is the one table of other names for entities, read from the
// gazetteer (data/gazetteer.yaml): the short and former names of countries
// (country_aliases), the seats of government that stand for their country
// (seats: "Washington"), and the other names of organisations and
// companies. It maps each alias, in lower case, to the canonical name it
// stands for. An alias listed for two entities is left out. Bodies and
// officials that act for a country (agencies, people) are not other names
// for it, and are not in the table. The map is shared: do not change it.
// Aliases panics if the embedded gazetteer does not parse, a build defect
// the tests catch (the extractor reads the same file).
func Aliases() map[string]string {
	m, err := loadAliases()
	if err != nil {
		panic(err)
	}
	return m
}

var loadAliases = sync.OnceValues(func() (map[string]string, error) {
	raw, err := dataFS.ReadFile("data/gazetteer.yaml")
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	var f gazetteerFile
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("extract: gazetteer: %w", err)
	}
	companies := map[string][]string{}
	for name, c := range f.Companies {
		companies[name] = c.Aliases
	}
	out := map[string]string{}
	clash := map[string]bool{}
	for _, section := range []map[string][]string{f.CountryAliases, f.Seats, f.Organisations, companies} {
		for _, name := range sortedKeys(section) {
			for _, a := range section[name] {
				a = strings.ToLower(strings.TrimSpace(a))
				if old, ok := out[a]; ok && old != name {
					clash[a] = true
				}
				out[a] = name
			}
		}
	}
	for a := range clash {
		delete(out, a)
	}
	return out, nil
})
