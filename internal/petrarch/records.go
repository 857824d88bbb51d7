package petrarch

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
)

// Event is one coded event.
type Event struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Code   string `json:"code"`
}

// Record is one validation record.
type Record struct {
	ID       string
	Category string
	Date     int // yyyymmdd, 0 when absent
	Evaluate bool
	Events   []Event // expected events
	NoEvents bool    // the record expects no event
	Error    string  // error="..." records (dateline, discards, bad parses)
	Text     string
	Line     int // line of the <Sentence> tag
}

// Environment is the <Environment> block of a records file: the
// dictionary file names and the categories to evaluate.
type Environment struct {
	Verbfile    string
	Actorfiles  []string
	Agentfile   string
	Discardfile string
	PICOfile    string
	Include     []string
}

// RecordSet is a parsed records file.
type RecordSet struct {
	Env     Environment
	Records []Record
}

// ReadRecords reads a PETRARCH validation records file line by line. It
// does not require well-formed XML: comments ("<!-- -->" blocks), "#"
// lines, self-closing <Sentence .../> tags and <Parse> blocks are handled,
// and the parse is skipped.
func ReadRecords(r io.Reader) (*RecordSet, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<22)
	rs := &RecordSet{}
	var (
		cur            *Record
		inText, inPars bool
		inComment      bool
		text           []string
		lineNo         int
	)
	flush := func() {
		if cur != nil {
			rs.Records = append(rs.Records, *cur)
			cur = nil
		}
	}
	for sc.Scan() {
		lineNo++
		raw := sc.Text()
		t := strings.TrimSpace(raw)
		if inText {
			if i := strings.Index(t, "</Text>"); i >= 0 {
				text = append(text, t[:i])
				if cur != nil {
					cur.Text = html.UnescapeString(strings.Join(strings.Fields(strings.Join(text, " ")), " "))
				}
				inText = false
			} else {
				text = append(text, t)
			}
			continue
		}
		if inPars {
			if strings.Contains(t, "</Parse>") {
				inPars = false
			}
			if !strings.Contains(t, "</Sentence>") {
				continue
			}
		}
		if inComment {
			if strings.Contains(t, "-->") {
				inComment = false
			}
			continue
		}
		if i := strings.Index(t, "<!--"); i >= 0 {
			if j := strings.Index(t[i:], "-->"); j >= 0 {
				t = strings.TrimSpace(t[:i] + t[i+j+3:])
			} else {
				t = strings.TrimSpace(t[:i])
				inComment = true
			}
		}
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case strings.HasPrefix(t, "<Sentence ") || t == "<Sentence>":
			flush()
			a := attrs(t)
			cur = &Record{ID: a["id"], Category: a["category"], Line: lineNo, Evaluate: a["evaluate"] != "false"}
			if d, err := strconv.Atoi(a["date"]); err == nil {
				cur.Date = d
			}
		case strings.HasPrefix(t, "<EventCoding"):
			if cur == nil {
				continue
			}
			a := attrs(t)
			switch {
			case a["noevents"] != "":
				cur.NoEvents = strings.EqualFold(a["noevents"], "true")
			case a["error"] != "":
				cur.Error = a["error"]
			case a["eventcode"] != "":
				cur.Events = append(cur.Events, Event{Source: a["sourcecode"], Target: a["targetcode"], Code: a["eventcode"]})
			}
		case strings.HasPrefix(t, "<Text>"):
			rest := strings.TrimPrefix(t, "<Text>")
			text = text[:0]
			if i := strings.Index(rest, "</Text>"); i >= 0 {
				if cur != nil {
					cur.Text = html.UnescapeString(strings.Join(strings.Fields(rest[:i]), " "))
				}
			} else {
				text = append(text, rest)
				inText = true
			}
		case strings.HasPrefix(t, "<Parse>"):
			inPars = !strings.Contains(t, "</Parse>")
		case strings.HasPrefix(t, "</Sentence>"):
			flush()
		case strings.HasPrefix(t, "<Verbfile>"):
			rs.Env.Verbfile = tagText(t)
		case strings.HasPrefix(t, "<Actorfile>"):
			for _, f := range strings.Split(tagText(t), ",") {
				if f = strings.TrimSpace(f); f != "" {
					rs.Env.Actorfiles = append(rs.Env.Actorfiles, f)
				}
			}
		case strings.HasPrefix(t, "<Agentfile>"):
			rs.Env.Agentfile = tagText(t)
		case strings.HasPrefix(t, "<Discardfile>"):
			rs.Env.Discardfile = tagText(t)
		case strings.HasPrefix(t, "<PICOfile>"):
			rs.Env.PICOfile = tagText(t)
		case strings.HasPrefix(t, "<Include>"):
			rs.Env.Include = strings.Fields(tagText(t))
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read records: %w", err)
	}
	return rs, nil
}

// tagText returns the text between the first ">" and the next "<".
func tagText(t string) string {
	i := strings.Index(t, ">")
	if i < 0 {
		return ""
	}
	t = t[i+1:]
	if j := strings.Index(t, "<"); j >= 0 {
		t = t[:j]
	}
	return strings.TrimSpace(t)
}

// attrs reads name="value" pairs of a tag.
func attrs(t string) map[string]string {
	m := map[string]string{}
	for {
		eq := strings.Index(t, "=\"")
		if eq < 0 {
			return m
		}
		ns := strings.LastIndexAny(t[:eq], " \t<") + 1
		name := strings.TrimSpace(t[ns:eq])
		rest := t[eq+2:]
		end := strings.Index(rest, "\"")
		if end < 0 {
			return m
		}
		if name != "" {
			m[name] = html.UnescapeString(rest[:end])
		}
		t = rest[end+1:]
	}
}
