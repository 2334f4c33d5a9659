package script

import (
	"sort"
	"strings"
)

// Suggest returns the candidate closest to word, or "" when none is close
// enough to be a likely typo.
func Suggest(word string, candidates []string) string {
	if near := Closest(word, candidates, 1); len(near) > 0 {
		return near[0]
	}
	return ""
}

// Closest returns up to n candidates that are plausibly what word meant,
// nearest first: those within a small edit distance, or that contain word
// (or are contained in it).
func Closest(word string, candidates []string, n int) []string {
	w := strings.ToLower(word)
	type scored struct {
		s string
		d int
	}
	var found []scored
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(w, lc)
		limit := 1 + len(w)/4
		if limit > 3 {
			limit = 3
		}
		switch {
		case d <= limit:
		case len(w) >= 3 && (strings.Contains(lc, w) || strings.Contains(w, lc)):
			d = limit + 1
		default:
			continue
		}
		found = append(found, scored{c, d})
	}
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].d != found[j].d {
			return found[i].d < found[j].d
		}
		return found[i].s < found[j].s
	})
	var out []string
	for i := 0; i < len(found) && i < n; i++ {
		out = append(out, found[i].s)
	}
	return out
}

// distance is the Damerau–Levenshtein (optimal string alignment) distance
// between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return 1 << 20
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
