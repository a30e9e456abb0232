package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/containerd/errdefs"
)

// refuseTruncated refuses a document ConvertTo-Json cut short. Beyond its
// -Depth (2 unless given) PowerShell writes each object as its text,
// "@{Key=value; ...}", and each list as its items joined by spaces, so a
// policy's settings or a namespace resource's endpoint ID arrives as a
// string that no longer says what it said. Such a value cannot be read
// back; the file has to be written again, deeper.
func refuseTruncated(d hcnDocument, hint string) error {
	var v any
	if err := json.Unmarshal(d.raw, &v); err != nil {
		return nil // decodeOne reports it
	}
	if path, value, ok := findPowerShellText(v, ""); ok {
		return fmt.Errorf("field %s holds %s, PowerShell's text for an object ConvertTo-Json cut off at its -Depth (2 by default): "+
			"write the file again with %s: %w", path, boundedQuote(value), hint, errdefs.ErrInvalidArgument)
	}
	return nil
}

// findPowerShellText finds the first string that is PowerShell's text for
// an object or a collection.
func findPowerShellText(v any, path string) (string, string, bool) {
	switch v := v.(type) {
	case string:
		if (strings.HasPrefix(v, "@{") && strings.HasSuffix(v, "}")) || strings.HasPrefix(v, "System.Collections.") || v == "System.Object[]" {
			return path, v, true
		}
	case []any:
		for i, e := range v {
			if p, s, ok := findPowerShellText(e, fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, s, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if p, s, ok := findPowerShellText(v[k], p); ok {
				return p, s, true
			}
		}
	}
	return "", "", false
}
