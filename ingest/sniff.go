package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/botsweep/botsweep"
)

// Sniff tells the format of an input from its first kilobytes (already
// gunzipped): JSON by the keys of its first object, CSV by its header row
// (a byte-order mark, quotes and CRLF are tolerated). It returns an EINVALID
// error naming the known formats when the content fits none of them.
func Sniff(head []byte) (Format, error) {
	head = bytes.TrimPrefix(head, utf8BOM)
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return "", unknown("the input is empty")
	}
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		return "", unknown("the input is gzip-compressed")
	}
	switch head[0] {
	case '[':
		rest := bytes.TrimLeft(head[1:], " \t\r\n")
		if len(rest) == 0 || rest[0] == ']' {
			return "", unknown("the input is an empty JSON array, with nothing to tell its format by")
		}
		if rest[0] != '{' {
			return "", unknown("the input is a JSON array of non-objects")
		}
		if f := classifyObject(topKeys(rest), true); f != "" {
			return f, nil
		}
		return "", unknown("the first element of the JSON array has none of the keys of a known format")
	case '{':
		if f := classifyObject(topKeys(head), false); f != "" {
			return f, nil
		}
		return "", unknown("the first JSON object has none of the keys of a known format")
	}
	return sniffCSV(head)
}

func unknown(why string) error {
	return botsweep.Errorf(botsweep.EINVALID, unknownFormatPrefix+"%s; botsweep knows %s", why, formatList())
}

// classifyObject names the format whose records have these top-level keys.
// inArray is true for the first element of a top-level JSON array.
func classifyObject(k map[string]bool, inArray bool) Format {
	tweet := k["text"] || k["full_text"] || k["extended_tweet"] || k["retweeted_status"]
	switch {
	case !inArray && (k["messages"] && (k["type"] || k["name"]) || k["personal_information"] || k["chats"] || k["left_chats"]):
		return FormatTelegram
	case !inArray && (k["data"] || k["includes"]) && !tweet:
		return FormatTwarc2
	case k["author_id"] && !k["id_str"]:
		return FormatTwarc2
	case k["indicators"] || k["state_backed"] || (k["attribution"] && k["name"] && k["disclosed"]):
		return FormatPriorOperations
	case k["hashtag"] && (k["starts"] || k["ends"] || k["emoji"]):
		return FormatCampaigns
	case inArray && k["user"] && k["created_at"] && !tweet:
		return FormatProfileProbes
	case tweet || k["screen_name"] || k["id_str"] || (k["user"] && k["created_at"]):
		return FormatTwitterV1
	case !inArray:
		for _, n := range streamNotices {
			if k[n] {
				return FormatTwitterV1
			}
		}
	}
	return ""
}

// topKeys returns the keys of the JSON object b starts with, as far as b
// goes: it tolerates a truncated or malformed object.
func topKeys(b []byte) map[string]bool {
	keys := make(map[string]bool)
	depth := 0
	expectKey := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			j := i + 1
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(b) {
				return keys
			}
			if depth == 1 && expectKey {
				keys[string(b[i+1:j])] = true
			}
			expectKey = false
			i = j
		case '{':
			depth++
			expectKey = depth == 1
		case '[':
			depth++
		case '}', ']':
			depth--
			if depth <= 0 {
				return keys
			}
		case ',':
			expectKey = depth == 1
		}
	}
	return keys
}

// sniffCSV tells a CSV format by its header row.
func sniffCSV(head []byte) (Format, error) {
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, "\r")
	if len(line) == 0 || bytes.IndexByte(line, ',') < 0 {
		return "", unknown(fmt.Sprintf("the first line %s is neither JSON nor a CSV header", quoteShort(line)))
	}
	r := csv.NewReader(bytes.NewReader(line))
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return "", unknown(fmt.Sprintf("the first line %s is neither JSON nor a CSV header", quoteShort(line)))
	}
	cols := headerColumns(header)
	for i := range csvSpecs {
		if csvSpecs[i].matches(cols) {
			return csvSpecs[i].format, nil
		}
	}
	if _, ok := cols["user_active_status"]; ok {
		return "", unknown("this looks like the VoterFraud2020 user table, which holds no profile fields botsweep could store")
	}
	return "", unknown(fmt.Sprintf("the CSV header %s fits none of the known headers", quoteShort(line)))
}

// quoteShort quotes b for an error message, cut to a readable length.
func quoteShort(b []byte) string {
	s := string(b)
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return fmt.Sprintf("%q", strings.ToValidUTF8(s, "?"))
}

// unknownFormatPrefix starts the message of every unknown-format error.
const unknownFormatPrefix = "unknown input format: "

// IsUnknownFormat reports whether err says the input is in no format
// botsweep knows (as opposed to a known format with bad records). Callers
// walking a directory skip such files; a file named on its own is an error.
func IsUnknownFormat(err error) bool {
	return botsweep.ErrorCode(err) == botsweep.EINVALID && strings.Contains(botsweep.ErrorMessage(err), unknownFormatPrefix)
}
