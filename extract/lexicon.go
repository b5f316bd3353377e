package extract

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/policygraph/policygraph/domain"
)

// lexiconFile is data/lexicon.yaml: the cue synonym blocks and the word sets
// the matcher consults.
type lexiconFile struct {
	Cues            map[string]cueBlock `yaml:"cues"`
	Sets            map[string][]string `yaml:"sets"`
	SubjectPronouns []string            `yaml:"subject_pronouns"`
	VendorPronouns  []string            `yaml:"vendor_pronouns"`
	ReportMarkers   []string            `yaml:"report_markers"`
	RelayedMarkers  []string            `yaml:"relayed_markers"`
	WeakCues        []string            `yaml:"weak_cues"`
	Follow          struct {
		Verbs   []string          `yaml:"verbs"`
		Objects []string          `yaml:"objects"`
		SameWay []string          `yaml:"same_way"`
		SaySo   []string          `yaml:"say_so"`
		Similar map[string]string `yaml:"similar"`
	} `yaml:"follow"`
}

// cueBlock is one cue class's synonyms: verb lemmas (inflected here), each
// either a plain lemma or a one-key map lemma -> extra forms, and words
// taken as written.
type cueBlock struct {
	Verbs []yaml.Node `yaml:"verbs"`
	Words []string    `yaml:"words"`
}

// cueClassNames maps the class names of the data files to cue classes.
var cueClassNames = map[string]cueClass{
	"ban": cueBan, "restrict": cueRestrict, "consider": cueConsider, "decline": cueDecline,
	"allow": cueAllow, "pressure": cuePressure, "veto": cueVeto, "none": cueNone,
}

// lexicon is the loaded data/lexicon.yaml.
var lexicon = mustLoadLexicon()

func mustLoadLexicon() *loadedLexicon {
	raw, err := dataFS.ReadFile("data/lexicon.yaml")
	if err != nil {
		panic(fmt.Sprintf("extract: %v", err))
	}
	l, err := parseLexicon(raw)
	if err != nil {
		panic(fmt.Sprintf("extract: data/lexicon.yaml: %v", err))
	}
	return l
}

// loadedLexicon is the lexicon ready for lookups.
type loadedLexicon struct {
	cues            map[string]cueClass
	sets            map[string]map[string]bool
	lists           map[string][]string
	subjectPronouns []string
	vendorPronouns  []string
	reportMarkers   []string
	relayedMarkers  []string
	weakCues        map[string]bool
	similar         map[string]string // "similar bans" -> banned
	followHeads     []string          // words that may start a stance by reference
}

func parseLexicon(raw []byte) (*loadedLexicon, error) {
	var f lexiconFile
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	l := &loadedLexicon{cues: map[string]cueClass{}, sets: map[string]map[string]bool{}, lists: map[string][]string{}, weakCues: map[string]bool{}}
	for name, b := range f.Cues {
		c, ok := cueClassNames[name]
		if !ok {
			return nil, fmt.Errorf("cues: unknown class %q", name)
		}
		add := func(w string) error {
			if prev, dup := l.cues[w]; dup && prev != c {
				return fmt.Errorf("cues: %q is in two classes", w)
			}
			l.cues[w] = c
			return nil
		}
		for _, n := range b.Verbs {
			lemma, extra, err := verbNode(&n)
			if err != nil {
				return nil, fmt.Errorf("cues.%s: %w", name, err)
			}
			for _, w := range append(inflect(lemma), extra...) {
				if err := add(w); err != nil {
					return nil, err
				}
			}
		}
		for _, w := range b.Words {
			if err := add(w); err != nil {
				return nil, err
			}
		}
	}
	for name, ws := range f.Sets {
		l.lists[name] = ws
		l.sets[name] = setOf(ws...)
	}
	l.subjectPronouns = byLength(f.SubjectPronouns...)
	l.vendorPronouns = byLength(f.VendorPronouns...)
	l.reportMarkers = f.ReportMarkers
	l.relayedMarkers = f.RelayedMarkers
	var follow []string
	for _, v := range f.Follow.Verbs {
		follow = append(follow, inflect(v)...)
	}
	l.sets["follow_verbs"] = setOf(follow...)
	l.sets["follow_objects"] = setOf(f.Follow.Objects...)
	l.sets["same_way"] = setOf(f.Follow.SameWay...)
	l.sets["say_so"] = setOf(f.Follow.SaySo...)
	l.similar = f.Follow.Similar
	l.sets["similar_nouns"] = map[string]bool{}
	for w, r := range f.Follow.Similar {
		if r != "" && !domain.Relation(r).IsStance() {
			return nil, fmt.Errorf("follow.similar: %q is not a stance relation", r)
		}
		l.sets["similar_nouns"][w] = true
	}
	l.followHeads = append(append(append(follow, f.Follow.SameWay...), f.Follow.SaySo...), "similar")
	for _, w := range f.WeakCues {
		l.weakCues[w] = true
	}
	return l, nil
}

// verbNode reads a verb entry: "ban" or {forbid: [forbade, forbidden]}.
func verbNode(n *yaml.Node) (string, []string, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value, nil, nil
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			return "", nil, fmt.Errorf("line %d: a verb with extra forms is a one-key map", n.Line)
		}
		var extra []string
		if err := n.Content[1].Decode(&extra); err != nil {
			return "", nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return n.Content[0].Value, extra, nil
	}
	return "", nil, fmt.Errorf("line %d: a verb is a word or a one-key map", n.Line)
}

// set returns the named word set; a name missing from the data is a bug
// caught by the tests (an empty set would silently disable a rule).
func (l *loadedLexicon) set(name string) map[string]bool {
	s, ok := l.sets[name]
	if !ok {
		panic("extract: data/lexicon.yaml has no set " + name)
	}
	return s
}

// list returns the named word set in data order.
func (l *loadedLexicon) list(name string) []string {
	l.set(name)
	return l.lists[name]
}

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// inflect returns a verb lemma with its regular -s, -ed and -ing forms:
// ban -> bans banned banning; exclude -> excludes excluded excluding;
// lobby -> lobbies lobbied lobbying; press -> presses pressed pressing;
// veto -> vetoes vetoed vetoing. A multi-word lemma ("rein in") inflects
// its first word.
func inflect(lemma string) []string {
	head, rest := lemma, ""
	if i := strings.IndexByte(lemma, ' '); i >= 0 {
		head, rest = lemma[:i], lemma[i:]
	}
	n := len(head)
	last := head[n-1]
	var s, ed, ing string
	switch {
	case strings.HasSuffix(head, "s") || strings.HasSuffix(head, "sh") || strings.HasSuffix(head, "ch") ||
		strings.HasSuffix(head, "x") || strings.HasSuffix(head, "z") || strings.HasSuffix(head, "o"):
		s = head + "es"
	case last == 'y' && n > 1 && !isVowel(head[n-2]):
		s = head[:n-1] + "ies"
	default:
		s = head + "s"
	}
	switch {
	case last == 'e':
		ed, ing = head+"d", head[:n-1]+"ing"
	case last == 'y' && n > 1 && !isVowel(head[n-2]):
		ed, ing = head[:n-1]+"ied", head+"ing"
	case (n == 3 || n == 4 && !isVowel(head[0])) && !isVowel(last) && last != 'w' && last != 'x' && last != 'y' &&
		isVowel(head[n-2]) && !isVowel(head[n-3]):
		// short stressed consonant-vowel-consonant: ban, bar, cap, vet, shun,
		// stop (not open, edit: write others' forms in the data)
		ed, ing = head+string(last)+"ed", head+string(last)+"ing"
	default:
		ed, ing = head+"ed", head+"ing"
	}
	return []string{lemma, s + rest, ed + rest, ing + rest}
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
