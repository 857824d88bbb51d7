package syntax

// A declarative sentence has a finite verb. The right-to-left tagger,
// which sees the words but not the tags to the left of a word, often tags
// the one verb of a short news sentence as a participle ("Israeli jets
// struck/VBN targets in Gaza"), and the parser then hangs the verb under
// its subject as a reduced relative. finiteVerb retags such a participle
// as a past tense verb when the sentence has no finite verb or auxiliary,
// the participle follows a noun or pronoun and an object follows it; a
// participle with no object after it ("Five civilians killed in Gaza")
// stays one.

// finiteXPOS are the tags of finite verbs and modals.
var finiteXPOS = map[string]bool{"VBD": true, "VBZ": true, "VBP": true, "MD": true}

var subjectXPOS = map[string]bool{"NN": true, "NNS": true, "NNP": true, "NNPS": true, "PRP": true}

var objectXPOS = map[string]bool{"DT": true, "CD": true, "NN": true, "NNS": true, "NNP": true, "NNPS": true, "PRP$": true, "PRP": true, "JJ": true}

// setVerbTags records the ids of the VBN and VBD verb tags (-1 if absent).
func (m *Model) setVerbTags() {
	m.vbn, m.vbd = -1, -1
	for i := range m.tags {
		if m.upos[i] != "VERB" {
			continue
		}
		switch m.xpos[i] {
		case "VBN":
			m.vbn = i
		case "VBD":
			m.vbd = i
		}
	}
}

func (m *Model) finiteVerb(tags []int) {
	if m.vbn < 0 || m.vbd < 0 {
		return
	}
	for _, t := range tags {
		if finiteXPOS[m.xpos[t]] || m.upos[t] == "AUX" {
			return
		}
	}
	for i := 1; i+1 < len(tags); i++ {
		if tags[i] == m.vbn && subjectXPOS[m.xpos[tags[i-1]]] && objectXPOS[m.xpos[tags[i+1]]] {
			tags[i] = m.vbd
			return
		}
	}
}
