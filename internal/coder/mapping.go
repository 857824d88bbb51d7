package coder

// PLOVER returns the PLOVER event type for a CAMEO code: the most specific
// entry of our crosswalk table wins (4 digits, then 3, then the root).
func PLOVER(cameo string) string {
	for n := len(cameo); n >= 2; n-- {
		if p, ok := ploverByCode[cameo[:n]]; ok {
			return p
		}
	}
	return ""
}

// ploverByCode is our CAMEO → PLOVER crosswalk, written from the PLOVER
// manual's definitions: roots give the default, specific codes the exceptions.
var ploverByCode = map[string]string{
	"01": "", "015": "AGREE", "016": "REJECT", "019": "AGREE",
	"02": "REQUEST",
	"03": "AGREE",
	"04": "CONSULT",
	"05": "SUPPORT", "057": "AGREE",
	"06": "COOPERATE",
	"07": "AID",
	"08": "CONCEDE", "087": "RETREAT", "0871": "RETREAT", "0872": "RETREAT", "0873": "RETREAT", "0874": "RETREAT",
	"09": "",
	"10": "REQUEST",
	"11": "ACCUSE",
	"12": "REJECT",
	"13": "THREATEN",
	"14": "PROTEST",
	"15": "MOBILIZE",
	"16": "SANCTION",
	"17": "COERCE", "175": "ASSAULT", "1712": "ASSAULT",
	"18": "ASSAULT",
	"19": "ASSAULT", "191": "COERCE", "192": "COERCE",
	"20": "ASSAULT",
}

// ACLED event types and sub-event types (spec §5).
const (
	Battles      = "Battles"
	Explosions   = "Explosions/Remote violence"
	VAC          = "Violence against civilians"
	Protests     = "Protests"
	Riots        = "Riots"
	Strategic    = "Strategic developments"
	ArmedClash   = "Armed clash"
	GovRegains   = "Government regains territory"
	NSOvertakes  = "Non-state actor overtakes territory"
	Chemical     = "Chemical weapon"
	AirStrike    = "Air/drone strike"
	SuicideBomb  = "Suicide bomb"
	Shelling     = "Shelling/artillery/missile attack"
	IED          = "Remote explosive/landmine/IED"
	Attack       = "Attack"
	Abduction    = "Abduction/forced disappearance"
	Peaceful     = "Peaceful protest"
	Intervention = "Protest with intervention"
	Excessive    = "Excessive force against protesters"
	ViolentDemo  = "Violent demonstration"
	Agreement    = "Agreement"
	Arrests      = "Arrests"
	Looting      = "Looting/property destruction"
	Transfer     = "Non-violent transfer of territory"
)

// Interaction returns ACLED's interaction code for two inter types
// (e.g. 1 and 7 → 17; one actor → 10·type).
func Interaction(t1, t2 int) int {
	switch {
	case t1 == 0 && t2 == 0:
		return 0
	case t1 == 0:
		return t2 * 10
	case t2 == 0:
		return t1 * 10
	case t1 <= t2:
		return t1*10 + t2
	default:
		return t2*10 + t1
	}
}
