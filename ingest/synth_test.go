package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/botsweep/botsweep"
)

func TestWriteSyntheticV1(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteSyntheticV1(&buf, 2000, 7); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	WriteSyntheticV1(&again, 2000, 7)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatal("same seed wrote different bytes")
	}
	sc := bufio.NewScanner(bytes.NewReader(buf.Bytes()))
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		lines++
		if !json.Valid(sc.Bytes()) {
			t.Fatalf("line %d is not valid JSON: %s", lines, sc.Bytes())
		}
	}
	if lines != 2000 {
		t.Fatalf("%d lines", lines)
	}
	ds := &botsweep.Dataset{}
	var rej []Reject
	res, err := Decode(context.Background(), &buf, Options{OnReject: func(r Reject) error { rej = append(rej, r); return nil }}, ds)
	if err != nil || len(rej) > 0 {
		t.Fatalf("err %v rejects %v", err, rej)
	}
	kinds := map[botsweep.PostKind]int{}
	for _, p := range ds.Posts {
		kinds[p.Kind]++
	}
	t.Logf("result %+v kinds %v accounts %d, %d bytes/line", res, kinds, len(ds.Accounts), res.Bytes/2000)
	if kinds[botsweep.KindRetweet] == 0 || kinds[botsweep.KindReply] == 0 || kinds[botsweep.KindQuote] == 0 {
		t.Errorf("kinds %v: want every kind", kinds)
	}
}
