package techniques

// Word lists written by the sitrep authors for the technique features. They
// are cues, not rules: the trained model decides how much each one counts.

// Lexicon classes, one bit each.
const (
	lexLoaded    = 1 << iota // emotionally charged words
	lexIntens                // intensifiers and absolutes
	lexDoubt                 // hedges, doubt and questioning
	lexNation                // nation, flag and in-group words
	lexFear                  // fear, threat and danger
	lexInsult                // name-calling nouns and adjectives
	lexHitler                // reductio ad hitlerum and bandwagon
	lexCause                 // causal connectives
	lexAuthority             // authority and reporting
	lexBinary                // either/or, must, only
	lexCliche                // thought-terminating phrases' words
	lexWhatabout             // whataboutism and deflection
	lexPronoun               // first and second person
	lexNeg                   // negation
	numLex       = 14
)

var lexNames = [numLex]string{"loaded", "intens", "doubt", "nation", "fear", "insult", "hitler", "cause",
	"authority", "binary", "cliche", "whatabout", "pronoun", "neg"}

var lexWords = map[int]string{
	lexLoaded: `brutal brutally savage savagely evil wicked vile disgusting disgraceful horrific horrible horrendous
		outrageous shameful shameless disastrous catastrophic atrocious atrocity atrocities barbaric barbarity
		monstrous heinous sick sickening despicable deplorable appalling abhorrent hateful vicious ruthless
		bloodthirsty bloody slaughter slaughtered massacre massacred butcher butchered carnage genocide genocidal
		hysteria hysterical hoax sham farce fake lies lie lying liar liars propaganda smear smears witch hunt
		scandal scandalous corrupt corruption crooked rigged fraud fraudulent treason treasonous betrayal
		betray betrayed destroy destroyed destroying devastating devastated ravaged crush crushed crushing
		radical extremist extreme fanatic fanatical insane crazy mad absurd ridiculous ludicrous pathetic
		stupid dumb nonsense garbage trash junk toxic poison poisonous plague cancer disease infested
		invasion invaders invade flood flooding swarm hordes illegal illegals alien aliens thugs thug
		aggression aggressor aggressive merciless cruel cruelty tyranny tyrannical oppression oppressive
		persecution persecuted martyr martyrs martyrdom heroic hero heroes glorious noble sacred holy
		blatant flagrant desperate exposed fabricated fabrication fabrications falsehood falsehoods
		outrage outraged furious fury rage raging slam slams slammed blast blasts blasted
		attack attacks assault bombshell explosive shocking shock stunning chilling terrifying
		alarming dire grave gravely deadly lethal horror horrors nightmare nightmarish tragic tragedy
		infamous notorious so-called mob regime junta puppet puppets stooge stooges lackey lackeys
		occupiers occupation occupier mercenary mercenaries henchmen cronies cabal elite elites globalist
		globalists deep state swamp demonic satanic sinister nefarious scheme schemes plot plotting conspiracy`,
	lexIntens: `very extremely absolutely totally completely utterly entirely incredibly truly really
		highly deeply hugely massively enormously seriously especially particularly clearly obviously
		certainly definitely undoubtedly indeed literally simply just even ever never always all every
		everyone everything everybody nothing nobody none entire whole massive huge enormous
		unprecedented historic greatest worst best biggest largest most least tremendous incredible
		unbelievable countless endless constant constantly repeatedly forever only sheer pure`,
	lexDoubt: `alleged allegedly supposed supposedly purported purportedly claimed claims claim apparently
		questionable dubious doubt doubts doubtful suspicious suspect unclear unproven unverified
		why how really whether perhaps maybe possibly seemingly ostensibly so-called questions question
		credibility credible legitimacy legitimate`,
	lexNation: `america american americans nation nations national nationalist patriot patriots patriotic
		patriotism country countrymen homeland motherland fatherland flag flags people citizens our ours
		we us sovereignty sovereign freedom freedoms liberty constitution constitutional values heritage
		tradition traditions western west civilization christian christians muslim muslims fellow
		russia russian ukraine ukrainian syria syrian iran iranian israel israeli arab arabs europe european`,
	lexFear: `threat threats threaten threatens threatened danger dangerous dangers fear fears afraid
		terror terrorism terrorist terrorists kill killed killing killings killers death deaths dead die
		dying destruction destroy collapse chaos crisis catastrophe disaster risk risks deadly violence
		violent war wars warfare bomb bombs weapons nuclear invasion attack attacked victims victim
		rape raped murder murdered murderers crime crimes criminal criminals epidemic pandemic outbreak
		panic emergency warning warn warns warned jihad jihadi jihadis jihadist jihadists islamist islamists`,
	lexInsult: `idiot idiots moron morons fool fools foolish clown clowns loser losers traitor traitors
		coward cowards cowardly thug thugs terrorist terrorists criminal criminals crook crooks liar liars
		tyrant tyrants dictator dictators despot autocrat strongman puppet puppets regime
		extremist extremists radical radicals fanatic fanatics zealot zealots leftist leftists liberal
		liberals socialist socialists marxist marxists communist communists fascist fascists nazi nazis
		racist racists bigot bigots snowflake snowflakes elitist elitists globalist globalists
		militants militant gunmen mercenaries mercenary jihadists jihadist rebels insurgents
		bandits bandit separatists separatist junta warmonger warmongers hawks neocon neocons
		propagandist propagandists demagogue demagogues savage savages animals monster monsters
		enemy enemies infidel infidels apostate apostates crusader crusaders zionist zionists`,
	lexHitler: `hitler nazi nazis nazism fascist fascism stalin stalinist gestapo holocaust mussolini
		totalitarian kgb everyone everybody majority millions consensus popular mainstream`,
	lexCause: `because therefore thus hence consequently so since caused causes cause causing result
		resulted results due led leads lead blame blamed responsible fault thanks`,
	lexAuthority: `said says according expert experts scientist scientists professor doctor dr study
		studies research researchers official officials spokesman spokeswoman spokesperson pope
		president minister general judge court report reports reported stated statement confirmed`,
	lexBinary: `either or only must should cannot can't choice choose alternative alternatives option
		options unless otherwise whether side sides against versus vs`,
	lexCliche: `enough period simply end matter fact facts truth obvious common sense move on
		nothing more let us`,
	lexWhatabout: `what about hypocrisy hypocrite hypocrites hypocritical double standard standards
		meanwhile instead yet while same`,
	lexPronoun: `i me my mine we us our ours you your yours`,
	lexNeg:     `not no never n't nor none nothing neither without`,
}

// buildLexicon turns lexWords into word → class bits.
func buildLexicon() map[string]uint16 {
	m := map[string]uint16{}
	for bit, ws := range lexWords {
		for _, w := range splitFields(ws) {
			m[w] |= uint16(bit)
		}
	}
	return m
}

func splitFields(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '\n' || s[i] == '\t' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

// stopwords are skipped by the repetition features.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range splitFields(`a an the of to in on at by for with from and or but if as is are was were be been
		being it its this that these those he she they them his her their we our you your i me my not no
		has have had do does did will would can could should may might must than then there here which who
		whom what when where why how all any some such so very just also into about over after before
		more most other said says say one two s 's n't up out new`) {
		m[w] = true
	}
	return m
}()

// edgeWords are function words a propaganda span does not start or end
// with; the decoder trims them from both ends of a span.
var edgeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range splitFields(`a an the of to in on at by for with from and or but as is are was were be been
		being that which who whom than then about into over after before against its their his her our your`) {
		m[w] = true
	}
	return m
}()
