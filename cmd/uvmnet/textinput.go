package main

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/containerd/errdefs"
)

// Text files reach an operator from Windows in the encodings Windows tools
// write: Windows PowerShell 5.1's `>` and Out-File write UTF-16LE with a
// byte-order mark, its `Out-File -Encoding utf8` UTF-8 with one, and
// PowerShell 7 UTF-8 without; lines end in CRLF either way. decodeText
// turns each into the UTF-8 that encoding/json and protojson read. CRLF
// needs nothing: both read CR as whitespace between tokens.

// Text encodings, as reported.
const (
	textUTF8      = "UTF-8"
	textUTF8BOM   = "UTF-8 with BOM"
	textUTF16LE   = "UTF-16LE"
	textUTF16BE   = "UTF-16BE"
	textUTF16LEBM = "UTF-16LE with BOM"
	textUTF16BEBM = "UTF-16BE with BOM"
)

// decodeText returns data as UTF-8 without a byte-order mark, and the
// encoding it was in. Without a mark, UTF-16 is recognised by its first
// character: every document read here starts with an ASCII character
// ('{', '[', a letter or a space), whose other byte in UTF-16 is zero.
func decodeText(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return data[3:], textUTF8BOM, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		out, err := fromUTF16(data[2:], false)
		return out, textUTF16LEBM, err
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := fromUTF16(data[2:], true)
		return out, textUTF16BEBM, err
	case len(data) >= 2 && data[0] != 0 && data[1] == 0 && data[0] < utf8.RuneSelf:
		out, err := fromUTF16(data, false)
		return out, textUTF16LE, err
	case len(data) >= 2 && data[0] == 0 && data[1] != 0 && data[1] < utf8.RuneSelf:
		out, err := fromUTF16(data, true)
		return out, textUTF16BE, err
	}
	return data, textUTF8, nil
}

// fromUTF16 decodes UTF-16 text to UTF-8. An odd byte count is a file cut
// short; an unpaired surrogate becomes U+FFFD, as in any UTF-16 reader.
func fromUTF16(data []byte, bigEndian bool) ([]byte, error) {
	if len(data)%2 != 0 {
		return nil, fmt.Errorf("UTF-16 text of %d bytes, an odd count: the file is cut short: %w", len(data), errdefs.ErrInvalidArgument)
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		lo, hi := data[2*i], data[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		units[i] = uint16(lo) | uint16(hi)<<8
	}
	out := make([]byte, 0, len(units))
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}
