// Package synth generates deterministic synthetic corpora of news-like
// articles — stances, pressure, vetoes, negations, reported speech and the
// junk real pages carry — for benchmarks and scale tests.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options describe a corpus.
type Options struct {
	Articles int
	Seed     uint64
}

var (
	countries = []string{"Italy", "Germany", "France", "Spain", "Poland", "Romania", "Hungary", "Sweden", "Denmark",
		"Belgium", "Netherlands", "Portugal", "Austria", "Canada", "Japan", "India", "Brazil", "Mexico", "Chile",
		"Vietnam", "Malaysia", "Philippines", "South Korea", "Australia", "New Zealand", "Estonia", "Lithuania", "Greece"}
	vendors  = []string{"Huawei", "ZTE", "Hikvision", "Dahua"}
	months   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	officers = []string{"the prime minister", "the foreign minister", "officials", "the telecoms regulator", "the government"}

	stances = []string{
		"%[1]s banned %[2]s from its 5G networks %[3]s, %[4]s said.",
		"The government of %[1]s has refused to ban %[2]s, %[4]s said on Monday.",
		"%[1]s is still considering a ban on %[2]s equipment, %[4]s said.",
		"%[1]s has imposed restrictions on operators using %[2]s equipment in the core of their networks.",
		"%[1]s will let %[2]s take part in building its 5G network, %[4]s said.",
		"The %[5]s government does not seek to ban %[2]s, %[4]s told reporters.",
		"Local media had reported that %[1]s was ready to ban %[2]s, but %[4]s denied it.",
		"%[1]s could ban %[2]s if the review finds risks, analysts say.",
		"Considering how much of its network runs on %[2]s equipment, %[1]s faces a costly choice.",
		"%[2]s said it would never consider betraying its customers in %[1]s.",
	}
	pressures = []string{
		"The United States is putting pressure on %[1]s to exclude %[2]s from its networks.",
		"Washington has urged %[1]s to keep %[2]s out of its 5G networks.",
		"The U.S. ambassador warned that %[1]s would face consequences if it let %[2]s into its networks.",
	}
	vetoes = []string{
		"The %[5]s government vetoed a 5G deal between a local operator and %[2]s on %[6]s.",
	}
	filler = []string{
		"Operators have spent years building out their networks with equipment from several vendors.",
		"Analysts expect the auction of 5G spectrum to raise billions for the treasury.",
		"The debate has pitted security agencies against telecoms companies worried about costs.",
		"Industry groups warn that replacing equipment would delay the rollout by years.",
		"The ministry said it would publish its assessment later in the year.",
	}
	junk = []string{
		"\nRelated:\n- Five takeaways from the spectrum auction\n- Chipmakers rally on upbeat outlook\n",
		"\nTags: 5G, telecoms, security\n",
		"\n3 comments\n\nreader77 — Great article, thanks!\n\nanon — They should ban them all.\n\nLeave a comment\n\nYour email address will not be published.\n",
		"\nPhoto: An antenna on a rooftop. Credit: Staff\n",
	}
)

var demonyms = map[string]string{
	"Italy": "Italian", "Germany": "German", "France": "French", "Spain": "Spanish", "Poland": "Polish", "Romania": "Romanian",
	"Hungary": "Hungarian", "Sweden": "Swedish", "Denmark": "Danish", "Belgium": "Belgian", "Netherlands": "Dutch",
	"Portugal": "Portuguese", "Austria": "Austrian", "Canada": "Canadian", "Japan": "Japanese", "India": "Indian",
	"Brazil": "Brazilian", "Mexico": "Mexican", "Chile": "Chilean", "Vietnam": "Vietnamese", "Malaysia": "Malaysian",
	"Philippines": "Philippine", "South Korea": "South Korean", "Australia": "Australian", "New Zealand": "New Zealand",
	"Estonia": "Estonian", "Lithuania": "Lithuanian", "Greece": "Greek",
}

// Article is one generated article.
type Article struct {
	Name, Title, Published, Text string
}

// Generate returns article i of the corpus of seed: the same seed and index
// always give the same article.
func Generate(seed uint64, i int) Article {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	year := 2015 + r.IntN(10)
	month := 1 + r.IntN(12)
	pub := fmt.Sprintf("%d-%02d-%02d", year, month, 1+r.IntN(28))
	country := pick(countries)
	vendor := pick(vendors)
	title := fmt.Sprintf("%s weighs its options on %s", country, vendor)
	var b strings.Builder
	b.WriteString(title + "\n\n")
	paras := 4 + r.IntN(6)
	for p := 0; p < paras; p++ {
		c := country
		if r.IntN(3) == 0 {
			c = pick(countries)
		}
		v := vendor
		if r.IntN(4) == 0 {
			v = pick(vendors)
		}
		args := []any{c, v, pick([]string{"last year", "this week", "in " + pick(months), "earlier this month", "on Thursday"}),
			pick(officers), demonyms[c], pick([]string{"Thursday", "Monday", "Friday"})}
		switch k := r.IntN(10); {
		case k < 5:
			fmt.Fprintf(&b, pick(stances), args...)
		case k < 7:
			fmt.Fprintf(&b, pick(pressures), args...)
		case k < 8:
			fmt.Fprintf(&b, pick(vetoes), args...)
		default:
			b.WriteString(pick(filler))
		}
		if r.IntN(2) == 0 {
			b.WriteString(" " + pick(filler))
		}
		b.WriteString("\n\n")
	}
	if r.IntN(2) == 0 {
		b.WriteString(pick(junk))
	}
	return Article{Name: fmt.Sprintf("synth-%07d.txt", i), Title: title, Published: pub, Text: b.String()}
}

// Write generates the corpus into dir, with a manifest.yaml, and returns
// the number of bytes of article text written.
func Write(dir string, o Options) (int64, error) {
	if o.Articles <= 0 {
		return 0, fmt.Errorf("synth: --articles must be positive")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("synth: %w", err)
	}
	man, err := os.Create(filepath.Join(dir, "manifest.yaml"))
	if err != nil {
		return 0, fmt.Errorf("synth: %w", err)
	}
	defer man.Close()
	fmt.Fprintf(man, "# Synthetic corpus: policygraph gen --articles %d --seed %d\narticles:\n", o.Articles, o.Seed)
	var total int64
	for i := 0; i < o.Articles; i++ {
		a := Generate(o.Seed, i)
		if err := os.WriteFile(filepath.Join(dir, a.Name), []byte(a.Text), 0o644); err != nil {
			return total, fmt.Errorf("synth: %w", err)
		}
		total += int64(len(a.Text))
		fmt.Fprintf(man, "  - file: %s\n    title: %q\n    published: %s\n", a.Name, a.Title, a.Published)
	}
	return total, man.Close()
}
