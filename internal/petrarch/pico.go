package petrarch

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// negBit is the PICO offset that marks a negated category: a code whose
// value is negBit plus that of another code means "not" that code.
const negBit = 0xFFFF

// Ontology maps CAMEO codes to PETRARCH internal coding ontology (PICO)
// values and back; it is used to code negated verbs.
type Ontology struct {
	value map[string]int
	code  map[int]string
}

// ReadOntology reads "CODE:VALUE#comment" lines, VALUE being a sum of
// signed hexadecimal terms ("-0xFFFF+0x2040+0x300").
func ReadOntology(r io.Reader) (*Ontology, error) {
	o := &Ontology{value: map[string]int{}, code: map[int]string{}}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		val, _, _ = strings.Cut(val, "#")
		v, ok := hexSum(val)
		code = strings.TrimSpace(code)
		if !ok || code == "" {
			continue
		}
		if _, dup := o.value[code]; !dup {
			o.value[code] = v
		}
		if _, dup := o.code[v]; !dup {
			o.code[v] = code
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read ontology: %w", err)
	}
	return o, nil
}

func hexSum(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, false
	}
	sum, i := 0, 0
	for i < len(s) {
		sign := 1
		if s[i] == '+' || s[i] == '-' {
			if s[i] == '-' {
				sign = -1
			}
			i++
		}
		j := i
		for j < len(s) && s[j] != '+' && s[j] != '-' {
			j++
		}
		t := strings.TrimPrefix(strings.ToLower(s[i:j]), "0x")
		n, err := strconv.ParseInt(t, 16, 64)
		if err != nil || j == i {
			return 0, false
		}
		sum += sign * int(n)
		i = j
	}
	return sum, true
}

// Negate returns the code meaning "not code", or false when the ontology
// has none.
func (o *Ontology) Negate(code string) (string, bool) {
	if o == nil {
		return "", false
	}
	v, ok := o.value[code]
	if !ok {
		return "", false
	}
	cands := []int{v + negBit, v - negBit}
	if v >= negBit {
		cands = []int{v - negBit}
	} else if v < 0 {
		cands = []int{v + negBit}
	}
	for _, c := range cands {
		if n, ok := o.code[c]; ok && n != code {
			return n, true
		}
	}
	return "", false
}
