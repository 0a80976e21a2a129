package score

import (
	"bufio"
	"context"
	"io"
	"os"
	"strings"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
)

// ReadLabels reads a labels file: one `account_id<TAB>label` per line, the
// label `bot` or `human` (also `1`/`0`, any case). Blank lines and lines
// starting with '#' are skipped, and so is a first line whose label is
// neither (a header). name is used in errors.
func ReadLabels(r io.Reader, name string) (map[string]bool, error) {
	labels := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		id, label, ok := strings.Cut(text, "\t")
		if !ok {
			id, label, ok = strings.Cut(text, ",")
		}
		id, label = strings.TrimSpace(id), strings.ToLower(strings.TrimSpace(label))
		var bot bool
		switch label {
		case "bot", "1":
			bot = true
		case "human", "0":
		default:
			if line == 1 {
				continue
			}
			return nil, botsweep.Errorf(botsweep.EINVALID, "%s:%d: label %q is neither bot nor human", name, line, label)
		}
		if !ok || id == "" {
			return nil, botsweep.Errorf(botsweep.EINVALID, "%s:%d: want account_id<TAB>bot|human", name, line)
		}
		if prev, dup := labels[id]; dup && prev != bot {
			return nil, botsweep.Errorf(botsweep.EINVALID, "%s:%d: account %s is labeled both bot and human", name, line, id)
		}
		labels[id] = bot
	}
	if err := sc.Err(); err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "%s: %w", name, err)
	}
	return labels, nil
}

// ReadLabelsFile reads a labels file from disk (see ReadLabels).
func ReadLabelsFile(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.ENOTFOUND, "labels: %w", err)
	}
	defer f.Close()
	return ReadLabels(f, path)
}

// Load ingests files of any format ingest reads (gzip too) into one
// in-memory dataset. Records ingest rejects are counted in the second
// result; they do not stop the load.
func Load(ctx context.Context, paths []string, now botsweep.Clock) (*botsweep.Dataset, int64, error) {
	ds := &botsweep.Dataset{}
	var rejected int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, 0, botsweep.Errorf(botsweep.ENOTFOUND, "%w", err)
		}
		res, err := ingest.Decode(ctx, f, ingest.Options{Name: p, Now: now}, ds)
		f.Close()
		if err != nil {
			return nil, 0, err
		}
		rejected += res.Rejected
	}
	return ds, rejected, nil
}

// Examples turns the accounts of src that have a label into training
// examples, in src's order.
func Examples(ctx context.Context, src botsweep.Source, labels map[string]bool, opts ExtractOptions) ([]Labeled, error) {
	samples, err := Extract(ctx, src, opts)
	if err != nil {
		return nil, err
	}
	var out []Labeled
	for _, s := range samples {
		if bot, ok := labels[s.ID]; ok {
			out = append(out, Labeled{Sample: s, Bot: bot})
		}
	}
	return out, nil
}
