// Package petrarch reads PETRARCH-format event-coding dictionaries and
// validation records, and codes sentences with them over sitrep's own
// dependency parse.
//
// Supported inputs (all read tolerantly, line by line):
//   - verb dictionaries in the PETRARCH-2 / CAMEO 2.0 layout: synonym sets
//     ("&NAME" followed by "+MEMBER" lines), verb blocks ("--- NAME [code] ---")
//     listing verbs with optional irregular forms "{...}" and codes, multi-word
//     verbs ("+BREAK_DOWN", "WIRE_+TAP") and patterns ("- * OBJECT (PREP X) [code]");
//   - TABARI actor dictionaries: a phrase line, "+synonym" lines, and codes
//     "[CODE]" with optional date restrictions "<D", ">D", "D1-D2";
//   - TABARI agent dictionaries: "PHRASE {plurals} [~CODE]" (suffix) or
//     "[CODE~]" (prefix) with "!NAME! = A, B" substitutions;
//   - discard lists ("+PHRASE" discards the story, "PHRASE" the sentence);
//   - the internal coding ontology (PICO) used for negation;
//   - validation records (<Sentence>, <EventCoding>, <Text>; not well-formed XML).
//
// The coder never uses the parses stored in a records file: it tokenises the
// <Text> with internal/text and parses it with internal/syntax. An event is
// a (source, target, CAMEO code) triple; Score tallies coded events against
// the expected ones per category as UD-PETRARCH's validation does.
package petrarch
