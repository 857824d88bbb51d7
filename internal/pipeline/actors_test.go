package pipeline

import (
	"context"
	"testing"

	"github.com/sitrep/sitrep/internal/model"
)

// TestActorsAcrossClauses: the attacker of a passive toll stands in a
// clause of its own; a temporal reference to another event ("after the
// strike") does not lead the sentence's own act.
func TestActorsAcrossClauses(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, actor1 string
	}{
		{"Two police officers were killed and five injured when FARC dissidents attacked the police station in Suarez, Colombia, on Tuesday.", "FARC dissidents"},
		{"Hours after the strike, Hezbollah said it had fired a barrage of rockets at the Israeli town of Kiryat Shmona on Tuesday.", "Hezbollah"},
		{"Suspected ADF rebels killed at least 30 civilians near Oicha on Friday. In Ituri province, dozens of people were killed in attacks by the same armed group in Mambasa on Saturday.", "Allied Democratic Forces"},
		{"Moscow denies deliberately targeting civilians.", "Government of Russia"},
	}
	for _, tt := range tests {
		an, err := p.Analyze(context.Background(), model.Article{ID: "t", Text: tt.in, Published: "2024-05-22"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ev := range an.Events {
			if ev.Actor1 != nil && ev.Actor1.Name == tt.actor1 && (ev.PLOVER == "ASSAULT" || ev.PLOVER == "REJECT") {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: no assault or denial by %s among %d events", tt.in, tt.actor1, len(an.Events))
		}
	}
}

// TestWeaponOwner: drones that fall on Ukraine after a report of Russian
// drones are Russian, not Ukraine's forces.
func TestWeaponOwner(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	text := "KYIV, May 23 – Russian forces launched 31 drones at Odesa overnight, killing two people, the Ukrainian air force said on Thursday.\n\nDrones also struck the Danube port of Izmail on Thursday, where a fire broke out at a storage facility."
	an, err := p.Analyze(context.Background(), model.Article{ID: "t", Text: text, Published: "2024-05-23"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range an.Events {
		if ev.Location != nil && ev.Location.Name == "Izmail" {
			if ev.Actor1 == nil || ev.Actor1.Name != "Military Forces of Russia" {
				t.Errorf("Izmail strike: actor1 %+v, want Military Forces of Russia", ev.Actor1)
			}
			return
		}
	}
	t.Errorf("no event at Izmail among %d events", len(an.Events))
}
