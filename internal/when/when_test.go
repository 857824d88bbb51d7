package when

import (
	"testing"
	"time"

	"github.com/sitrep/sitrep/internal/text"
)

func ymd(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFind(t *testing.T) {
	tests := []struct {
		pub, sent        string
		wantText         string
		wantDate         string
		wantPrec         int
		wantFrom, wantTo string // optional
	}{
		{"2019-11-28", "Protesters were shot on Tuesday.", "Tuesday", "2019-11-26", 1, "", ""},
		{"2019-11-28", "Protesters were shot on Thursday.", "Thursday", "2019-11-28", 1, "", ""},
		{"2019-11-28", "Protesters were shot last Thursday.", "Thursday", "2019-11-21", 1, "", ""},
		{"2023-11-25", "The camp was attacked late on Wednesday.", "Wednesday", "2023-11-22", 1, "", ""},
		{"2023-11-25", "The camp was attacked the previous day.", "the previous day", "2023-11-24", 1, "", ""},
		{"2016-10-28", "The school was hit two days ago.", "two days ago", "2016-10-26", 1, "", ""},
		{"2016-10-28", "Jets struck again today.", "today", "2016-10-28", 1, "", ""},
		{"2016-10-28", "Jets struck again yesterday.", "yesterday", "2016-10-27", 1, "", ""},
		{"2019-11-28", "Clashes erupted last week.", "last week", "2019-11-18", 2, "2019-11-18", "2019-11-24"},
		{"2024-05-13", "Insurgents raided the village over the weekend.", "the weekend", "2024-05-11", 2, "2024-05-11", "2024-05-12"},
		{"2024-05-12", "Insurgents raided the village this weekend.", "this weekend", "2024-05-11", 2, "2024-05-11", "2024-05-12"},
		{"2024-05-12", "Insurgents raided the village last weekend.", "last weekend", "2024-05-04", 2, "2024-05-04", "2024-05-05"},
		{"2019-11-28", "Clashes erupted earlier this month.", "earlier this month", "2019-11", 3, "2019-11-01", "2019-11-28"},
		{"2018-07-06", "HTS took over in April this year.", "April this year", "2018-04", 3, "2018-04-01", "2018-04-30"},
		{"2019-11-28", "The protests began last October.", "October", "2019-10", 3, "", ""},
		{"2019-10-15", "The protests began last October.", "October", "2018-10", 3, "", ""},
		{"2017-03-14", "The spring was bombed on Dec. 23, the report said.", "Dec. 23", "2016-12-23", 1, "", ""},
		{"2023-04-12", "The village was bombed on April 11.", "April 11", "2023-04-11", 1, "", ""},
		{"2022-01-27", "The coalition intervened in March 2015.", "March 2015", "2015-03", 3, "2015-03-01", "2015-03-31"},
		{"2019-06-03", "The sit-in has lasted since April 6.", "April 6", "2019-04-06", 1, "", ""},
		{"2019-06-03", "The attack took place on 23 December 2016.", "23 December 2016", "2016-12-23", 1, "", ""},
		{"2019-06-03", "The attack took place on December 23, 2016.", "December 23, 2016", "2016-12-23", 1, "", ""},
		{"2019-06-03", "Report dated 2016-12-23.", "2016-12-23", "2016-12-23", 1, "", ""},
		{"2019-06-03", "Report dated 12/23/2016.", "12/23/2016", "2016-12-23", 1, "", ""},
		{"2019-06-03", "The war began in 2011.", "2011", "2011", 4, "2011-01-01", "2011-12-31"},
		{"2019-06-03", "قصف في ٢٣ كانون الأول ٢٠١٦", "٢٣ كانون الأول ٢٠١٦", "2016-12-23", 1, "", ""},
		{"2019-06-03", "بدأت الاحتجاجات في 15 آذار 2011", "15 آذار 2011", "2011-03-15", 1, "", ""},
		{"2019-06-03", "فض الاعتصام في 3 يونيو 2019", "3 يونيو 2019", "2019-06-03", 1, "", ""},
		{"2019-06-03", "Protests began on 15 Adhar 2011 in Daraa.", "15 Adhar 2011", "2011-03-15", 1, "", ""},
		{"2019-06-03", "The siege began in Tishreen al-Awwal 2016.", "Tishreen al-Awwal 2016", "2016-10", 3, "", ""},
		{"2019-11-28", "The offensive began in mid-April.", "mid-April", "2019-04", 3, "2019-04-01", "2019-04-30"},
		{"2019-11-28", "The offensive began in early September.", "September", "2019-09", 3, "", ""},
		{"2019-11-28", "Talks were held this week.", "this week", "2019-11-25", 2, "2019-11-25", "2019-11-28"},
		{"2019-11-28", "The army withdrew three weeks ago.", "three weeks ago", "2019-11-04", 2, "", ""},
		{"2019-11-28", "The toll rose last month.", "last month", "2019-10", 3, "2019-10-01", "2019-10-31"},
	}
	for _, tc := range tests {
		doc := text.Parse(tc.sent)
		ms := Find(doc, ymd(tc.pub))
		if len(ms) != 1 {
			t.Errorf("%s %q: got %d mentions %+v, want 1", tc.pub, tc.sent, len(ms), ms)
			continue
		}
		m := ms[0]
		if m.Span.Text != tc.wantText || m.Date != tc.wantDate || m.Precision != tc.wantPrec {
			t.Errorf("%s %q: got %q → %s p%d, want %q → %s p%d", tc.pub, tc.sent, m.Span.Text, m.Date, m.Precision, tc.wantText, tc.wantDate, tc.wantPrec)
		}
		if tc.wantFrom != "" && (!m.From.Equal(ymd(tc.wantFrom)) || !m.To.Equal(ymd(tc.wantTo))) {
			t.Errorf("%s %q: got span %s..%s, want %s..%s", tc.pub, tc.sent, m.From.Format("2006-01-02"), m.To.Format("2006-01-02"), tc.wantFrom, tc.wantTo)
		}
		if got := doc.Slice(m.Span.Start, m.Span.End); got != m.Span.Text {
			t.Errorf("%q: span %d..%d is %q, text %q", tc.sent, m.Span.Start, m.Span.End, got, m.Span.Text)
		}
	}
}

func TestFindNothing(t *testing.T) {
	tests := []struct{ pub, sent string }{
		{"2019-11-28", "They may attack again, and March on the capital is unlikely."},
		{"2019-11-28", "He said 2,500 fighters and 30 tanks were deployed."},
		{"", "The village was shelled on Tuesday, two days ago."},
		{"2019-11-28", "The offensive will resume next Tuesday."},
		{"2019-11-28", "Nisan said the Ab road was closed."},
	}
	for _, tc := range tests {
		var pub time.Time
		if tc.pub != "" {
			pub = ymd(tc.pub)
		}
		if ms := Find(text.Parse(tc.sent), pub); len(ms) != 0 {
			t.Errorf("%q: got %+v, want no date", tc.sent, ms)
		}
	}
}

func TestWeekdayArithmetic(t *testing.T) {
	// For every publication weekday, "on X" is the last X on or before it.
	pub0 := ymd("2024-01-01") // Monday
	for k := 0; k < 7; k++ {
		pub := pub0.AddDate(0, 0, k)
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			got := lastWeekday(pub, wd)
			if got.Weekday() != wd || got.After(pub) || pub.Sub(got) >= 7*24*time.Hour {
				t.Errorf("lastWeekday(%s %s, %s) = %s %s", pub.Format("2006-01-02"), pub.Weekday(), wd, got.Format("2006-01-02"), got.Weekday())
			}
		}
	}
}

func FuzzFind(f *testing.F) {
	f.Add("On Tuesday, 23 December 2016, and Dec. 23 and last week.", int64(0))
	f.Add("٢٣ كانون الأول ٢٠١٦ 31/02/2020 2016-13-45", int64(1_500_000_000))
	f.Add("three days ago the previous day earlier this month in April this year", int64(1_700_000_000))
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		var pub time.Time
		if unix > 0 && unix < 4_000_000_000 {
			pub = time.Unix(unix, 0).UTC()
		}
		doc := text.Parse(s)
		for _, m := range Find(doc, pub) {
			if m.Span.Start < 0 || m.Span.End > len(doc.Runes) || m.Span.Start >= m.Span.End {
				t.Errorf("span %d..%d out of range (%d runes)", m.Span.Start, m.Span.End, len(doc.Runes))
			}
			if m.Precision < 1 || m.Precision > 4 {
				t.Errorf("precision %d out of range", m.Precision)
			}
			if m.To.Before(m.From) {
				t.Errorf("%q: span %s..%s reversed", m.Span.Text, m.From, m.To)
			}
			if m.Relative && pub.IsZero() {
				t.Errorf("%q: relative date without a publication date", m.Span.Text)
			}
		}
	})
}
