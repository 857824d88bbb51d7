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

// verbTags are what finiteVerb needs to know of the tag set, computed once.
type verbTags struct {
	vbn, vbd int    // tag ids of VERB/VBN and VERB/VBD, -1 if absent
	finite   []bool // a finite verb, modal or auxiliary
	subject  []bool // a noun or pronoun
	object   []bool // a word that may begin an object
}

// setVerbTags computes m.verbs from the tag set.
func (m *Model) setVerbTags() {
	v := &m.verbs
	v.vbn, v.vbd = -1, -1
	v.finite = make([]bool, len(m.tags))
	v.subject = make([]bool, len(m.tags))
	v.object = make([]bool, len(m.tags))
	for i := range m.tags {
		v.finite[i] = finiteXPOS[m.xpos[i]] || m.upos[i] == "AUX"
		v.subject[i] = subjectXPOS[m.xpos[i]]
		v.object[i] = objectXPOS[m.xpos[i]]
		if m.upos[i] != "VERB" {
			continue
		}
		switch m.xpos[i] {
		case "VBN":
			v.vbn = i
		case "VBD":
			v.vbd = i
		}
	}
}

func (m *Model) finiteVerb(tags []int) {
	v := &m.verbs
	if v.vbn < 0 || v.vbd < 0 {
		return
	}
	for _, t := range tags {
		if v.finite[t] {
			return
		}
	}
	for i := 1; i+1 < len(tags); i++ {
		if tags[i] == v.vbn && v.subject[tags[i-1]] && v.object[tags[i+1]] {
			tags[i] = v.vbd
			return
		}
	}
}
