package history

// Parts are paired in order (a 号 is never shown as moved across its siblings), maximising the total
// similarity of the pairs: the same text scores 1 whatever its number, so that a 号 inserted before others
// pairs each of them with itself under its new number; similar text scores its bigram similarity, a
// little more under the same number, since an amendment usually rewords a 号 where it stands. Parts less
// similar than minPartSimilarity, or of different kinds (a sentence and a 号), are never paired: one is
// deleted and the other added.
const (
	minPartSimilarity = 0.3
	sameLabelBonus    = 0.05
)

func similarity(o, n *part) float64 {
	switch {
	case o.kind != n.kind:
		return 0
	case o.kind == partHeader:
		return 1 // a table has one header: its pair is the other version's
	case o.key == n.key:
		s := 1.0
		if o.label == n.label {
			s += sameLabelBonus
		}
		return s
	}
	s := o.bigrams().dice(n.bigrams())
	if s < minPartSimilarity {
		return 0
	}
	if o.label == n.label {
		s += sameLabelBonus
	}
	return s
}

// alignParts pairs old and new siblings. It returns pairs of indices in print order; -1 on one side is a
// part added or deleted.
func alignParts(old, new []*part) [][2]int {
	n, m := len(old), len(new)
	sim := make([][]float64, n)
	for i := range old {
		sim[i] = make([]float64, m)
		for j := range new {
			sim[i][j] = similarity(old[i], new[j])
		}
	}
	// best[i][j] is the best total for old[i:] and new[j:]
	best := make([][]float64, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			b := max(best[i+1][j], best[i][j+1])
			if sim[i][j] > 0 {
				b = max(b, best[i+1][j+1]+sim[i][j])
			}
			best[i][j] = b
		}
	}
	var out [][2]int
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case sim[i][j] > 0 && best[i][j] == best[i+1][j+1]+sim[i][j]:
			out = append(out, [2]int{i, j})
			i++
			j++
		case best[i][j] == best[i+1][j]:
			// a deletion is printed before an insertion at the same place, as the old text came first
			out = append(out, [2]int{i, -1})
			i++
		default:
			out = append(out, [2]int{-1, j})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, [2]int{i, -1})
	}
	for ; j < m; j++ {
		out = append(out, [2]int{-1, j})
	}
	return out
}
