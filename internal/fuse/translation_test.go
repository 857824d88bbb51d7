package fuse_test

import (
	"testing"

	"github.com/sitrep/sitrep/internal/fuse"
	"github.com/sitrep/sitrep/internal/model"
	"github.com/sitrep/sitrep/internal/store"
)

const (
	englishReport = `Warplanes struck a vegetable market in Maarat al-Numan in Idlib province on Monday, killing 12 civilians and wounding 30, the White Helmets said. The group said two missiles hit the market at 12:40, when it was crowded. Residents of Maarat al-Numan blamed the Syrian government. Abu Ahmad, a trader, said his brother was among the dead.`
	frenchReport  = `Des avions de combat ont frappé un marché aux légumes à Maarat al-Numan, dans la province d'Idlib, lundi, tuant 12 civils et en blessant 30, ont indiqué les Casques blancs. Selon le groupe, deux missiles ont touché le marché à 12:40, alors qu'il était bondé. Des habitants de Maarat al-Numan ont accusé le gouvernement syrien. Abu Ahmad, un commerçant, a déclaré que son frère figurait parmi les morts.`
	otherEnglish  = `At least 14 people died when Syrian government jets bombed a market in the town of Maarat al-Numan in Idlib on Monday, a war monitor said. The Syrian Observatory for Human Rights said three children were among the dead and dozens were hurt.`
)

func TestNameSignature(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		lo, hi float64
	}{
		{"translation", englishReport, frenchReport, fuse.NearTranslation, 1},
		{"other report of the event", englishReport, otherEnglish, 0, fuse.NearTranslation - 0.05},
	}
	for _, tc := range tests {
		got := fuse.Similarity(fuse.NameSignature(tc.a), fuse.NameSignature(tc.b))
		t.Logf("%s: name similarity %.2f", tc.name, got)
		if got < tc.lo || got > tc.hi {
			t.Errorf("%s: name similarity = %.2f, want in [%.2f, %.2f]", tc.name, got, tc.lo, tc.hi)
		}
	}
	if got := fuse.Similarity(fuse.Signature(englishReport), fuse.Signature(frenchReport)); got >= fuse.NearDuplicate {
		t.Errorf("word similarity of a translation = %.2f, want below %.2f", got, fuse.NearDuplicate)
	}
}

func TestTranslationLinked(t *testing.T) {
	s := openStore(t)
	ev := strike("e1", "Maarat al-Numan", 35.6476, 36.6717, "2024-03-04", 12, "")
	add(t, s, art("en", "wire.example", "2024-03-05", englishReport, ev))
	fr := art("fr", "fil.example", "2024-03-05", frenchReport, ev)
	fr.Language = "fr"
	if res := add(t, s, fr); res.Origin != "en" {
		t.Errorf("origin of the French translation = %q, want en", res.Origin)
	}
	if res := add(t, s, art("other", "daily.example", "2024-03-05", otherEnglish, ev)); res.Origin != "other" {
		t.Errorf("origin of another English report = %q, want its own", res.Origin)
	}
	cls, err := s.Clusters(t.Context(), store.EventFilter{})
	if err != nil || len(cls) != 1 {
		t.Fatalf("clusters = %d, %v; want 1", len(cls), err)
	}
	if c := cls[0]; len(c.Members) != 3 || c.Origins != 2 || c.Corroboration != model.Corroborated {
		t.Errorf("cluster: %d members, %d origins (%s); want 3 members, 2 origins, corroborated", len(c.Members), c.Origins, c.Corroboration)
	}
}
