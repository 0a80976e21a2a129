package ingest

import (
	"fmt"
	"strings"

	"github.com/valyala/fastjson"
)

// parsePriorOperation parses one prior-operations element:
// {"name", "disclosed", "attribution", "state_backed", "indicators":
// {"domains", "screen_names", "account_ids"}}.
func parsePriorOperation(st *parseState, rec []byte, b *batch) string {
	v, reason := st.parseJSON(rec)
	if reason != "" {
		return reason
	}
	if v.Type() != fastjson.TypeObject {
		return fmt.Sprintf("operation is a JSON %s, not an object", v.Type())
	}
	name := strings.TrimSpace(str(v, "name"))
	if name == "" {
		return "operation has no name"
	}
	if sb := v.Get("state_backed"); sb != nil && sb.Type() != fastjson.TypeTrue && sb.Type() != fastjson.TypeFalse && sb.Type() != fastjson.TypeNull {
		return fmt.Sprintf("operation %q: state_backed is a %s, not true or false", name, sb.Type())
	}
	ind := v.Get("indicators")
	if ind != nil && ind.Type() != fastjson.TypeObject && ind.Type() != fastjson.TypeNull {
		return fmt.Sprintf("operation %q: indicators is a %s, not an object", name, ind.Type())
	}
	domains, r1 := stringList(ind, "domains")
	names, r2 := stringList(ind, "screen_names")
	ids, r3 := idList(ind, "account_ids")
	for _, r := range []string{r1, r2, r3} {
		if r != "" {
			return fmt.Sprintf("operation %q: %s", name, r)
		}
	}
	for i, d := range domains {
		domains[i] = strings.ToLower(d)
	}
	for i, n := range names {
		names[i] = strings.TrimPrefix(n, "@")
	}
	o := b.newOperation()
	o.Name = name
	o.Disclosed = str(v, "disclosed")
	o.Attribution = str(v, "attribution")
	o.StateBacked = v.GetBool("state_backed")
	o.Indicators.Domains = domains
	o.Indicators.ScreenNames = names
	o.Indicators.AccountIDs = ids
	o.Received = st.received
	return ""
}

// stringList returns the array of strings at key, trimmed, empty ones
// dropped; a reason when it is not an array of strings.
func stringList(v *fastjson.Value, key string) ([]string, string) {
	x := v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return nil, ""
	}
	arr, err := x.Array()
	if err != nil {
		return nil, fmt.Sprintf("indicators.%s is a %s, not an array", key, x.Type())
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		s, err := e.StringBytes()
		if err != nil {
			return nil, fmt.Sprintf("indicators.%s holds a %s, not a string", key, e.Type())
		}
		if t := strings.TrimSpace(string(s)); t != "" {
			out = append(out, t)
		}
	}
	return out, ""
}

// idList is stringList that also takes ids written as JSON numbers.
func idList(v *fastjson.Value, key string) ([]string, string) {
	x := v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return nil, ""
	}
	arr, err := x.Array()
	if err != nil {
		return nil, fmt.Sprintf("indicators.%s is a %s, not an array", key, x.Type())
	}
	out := make([]string, 0, len(arr))
	for i := range arr {
		t := arr[i].Type()
		if t != fastjson.TypeString && t != fastjson.TypeNumber {
			return nil, fmt.Sprintf("indicators.%s holds a %s, not an id", key, t)
		}
		if id := idOf(x, fmt.Sprint(i)); id != "" {
			out = append(out, id)
		}
	}
	return out, ""
}

// parseCampaign parses one campaigns element: {"hashtag", "emoji",
// "starts", "ends", "owner", "note"} with RFC 3339 times.
func parseCampaign(st *parseState, rec []byte, b *batch) string {
	v, reason := st.parseJSON(rec)
	if reason != "" {
		return reason
	}
	if v.Type() != fastjson.TypeObject {
		return fmt.Sprintf("campaign is a JSON %s, not an object", v.Type())
	}
	tag := strings.TrimPrefix(strings.TrimSpace(str(v, "hashtag")), "#")
	emoji := strings.TrimSpace(str(v, "emoji"))
	if tag == "" && emoji == "" {
		return "campaign has neither a hashtag nor an emoji"
	}
	what := "#" + tag
	if tag == "" {
		what = emoji
	}
	ss, es := str(v, "starts"), str(v, "ends")
	if ss == "" {
		return fmt.Sprintf("campaign %s has no starts time", what)
	}
	if es == "" {
		return fmt.Sprintf("campaign %s has no ends time", what)
	}
	starts, ok := parseFlexTime(ss)
	if !ok {
		return fmt.Sprintf("campaign %s: starts %q is not an RFC 3339 time", what, ss)
	}
	ends, ok := parseFlexTime(es)
	if !ok {
		return fmt.Sprintf("campaign %s: ends %q is not an RFC 3339 time", what, es)
	}
	if ends.Before(starts) {
		return fmt.Sprintf("campaign %s ends (%s) before it starts (%s)", what, es, ss)
	}
	c := b.newCampaign()
	c.Hashtag, c.Emoji, c.Starts, c.Ends = tag, emoji, starts, ends
	c.Owner, c.Note, c.Received = str(v, "owner"), str(v, "note"), st.received
	return ""
}
