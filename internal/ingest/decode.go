package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// sniffLen is how much of an input is inspected to tell text from binary.
const sniffLen = 64 << 10

// decodeText turns a file's bytes into a valid UTF-8 string: it drops a
// UTF-8 byte-order mark, decodes UTF-16 with a byte-order mark, rejects empty
// and binary input, and repairs invalid UTF-8 (each bad run becomes U+FFFD),
// reporting the repair through opt.Warn.
func decodeText(data []byte, name string, opt Options) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		data = []byte(decodeUTF16(data))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return "", fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	if why := binaryReason(data); why != "" {
		return "", fmt.Errorf("%s: %w (%s)", name, ErrBinary, why)
	}
	s := string(data)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		opt.warn(fmt.Errorf("%s: invalid UTF-8 repaired with U+FFFD", name))
	}
	return s, nil
}

// decodeUTF16 decodes UTF-16 text that starts with a byte-order mark.
func decodeUTF16(data []byte) string {
	big := data[0] == 0xFE
	data = data[2:]
	u := make([]uint16, len(data)/2)
	for i := range u {
		if big {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// binaryReason says why data is not text, or returns "".
func binaryReason(data []byte) string {
	for _, m := range []struct{ magic, name string }{
		{"%PDF-", "PDF"}, {"PK\x03\x04", "zip archive"}, {"\x1f\x8b", "gzip"},
		{"\x89PNG", "PNG image"}, {"\xFF\xD8\xFF", "JPEG image"}, {"GIF8", "GIF image"},
	} {
		if bytes.HasPrefix(data, []byte(m.magic)) {
			return m.name
		}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "NUL bytes"
	}
	sample := data[:min(len(data), sniffLen)]
	bad := 0
	for i := 0; i < len(sample); {
		r, size := utf8.DecodeRune(sample[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// A rune cut by the end of the sample is not counted.
			if len(sample) < len(data) && len(sample)-i < utf8.UTFMax {
				i = len(sample)
				continue
			}
			bad++
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v', r == 0x7F:
			bad++
		}
		i += size
	}
	if bad*10 > len(sample)*3 { // more than 30% of the bytes are not text
		return "mostly non-text bytes"
	}
	return ""
}
