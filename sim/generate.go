package sim

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/botsweep/botsweep"
)

// maxAccounts bounds a world: post ids carry the author's index in 22 bits.
const maxAccounts = 1 << 22

// output receives a world's records in generation order.
type output interface {
	references(w *world) error
	follow(w *world, follower, followee int) error
	account(w *world, i int) error
	post(w *world, t *tweet) error
}

// run generates a world into out: references, follows, accounts (after a
// counting pass over the posts, so counts agree with the files), posts.
// Memory is O(accounts) plus the prominent accounts' originals.
func run(ctx context.Context, cfg Config, out output) (*Truth, error) {
	w, err := newWorld(cfg)
	if err != nil {
		return nil, err
	}
	if len(w.accounts) > maxAccounts {
		return nil, botsweep.Errorf(botsweep.EINVALID, "simulator config: %d accounts, at most %d (lower --scale)", len(w.accounts), maxAccounts)
	}
	if err := out.references(w); err != nil {
		return nil, err
	}
	n := 0
	tick := func() error {
		n++
		if n%8192 == 0 {
			return ctx.Err()
		}
		return nil
	}
	if err := w.follows(func(a, b int) error {
		if err := tick(); err != nil {
			return err
		}
		return out.follow(w, a, b)
	}); err != nil {
		return nil, err
	}
	w.originals()
	if err := w.posts(func(*tweet) error { return nil }, true); err != nil {
		return nil, err
	}
	perm := w.permutation()
	truth := &Truth{Rows: make([]TruthRow, 0, len(perm))}
	for _, i := range perm {
		if err := tick(); err != nil {
			return nil, err
		}
		if err := out.account(w, int(i)); err != nil {
			return nil, err
		}
		label := w.label(int(i))
		truth.Rows = append(truth.Rows, TruthRow{
			AccountID: strconv.FormatUint(w.accounts[i].id, 10), ScreenName: w.accounts[i].screen,
			Label: label, Kind: KindOf(label),
		})
	}
	if err := w.posts(func(t *tweet) error {
		if err := tick(); err != nil {
			return err
		}
		return out.post(w, t)
	}, false); err != nil {
		return nil, err
	}
	return truth, nil
}

// permutation returns the account indices in a seeded random order, the
// order of users.jsonl and truth.csv (so that file order says nothing).
func (w *world) permutation() []int32 {
	p := make([]int32, len(w.accounts))
	for i := range p {
		p[i] = int32(i)
	}
	r := newRNG().seed(w.cfg.Seed, sWorld, 2)
	r.Shuffle(len(p), func(a, b int) { p[a], p[b] = p[b], p[a] })
	return p
}

// sinkOutput adapts a botsweep.Sink.
type sinkOutput struct{ sink botsweep.Sink }

func (s sinkOutput) references(w *world) error {
	for _, o := range w.priorOperations() {
		if err := s.sink.PriorOperation(&o); err != nil {
			return err
		}
	}
	for _, r := range w.registrations() {
		if err := s.sink.DomainRegistration(&r); err != nil {
			return err
		}
	}
	for _, c := range w.campaigns() {
		if err := s.sink.Campaign(&c); err != nil {
			return err
		}
	}
	return nil
}

func (s sinkOutput) follow(w *world, a, b int) error {
	return s.sink.Follow(botsweep.Follow{
		Follower: strconv.FormatUint(w.accounts[a].id, 10), Followee: strconv.FormatUint(w.accounts[b].id, 10)})
}

func (s sinkOutput) account(w *world, i int) error {
	a := w.account(i)
	return s.sink.Account(&a)
}

func (s sinkOutput) post(w *world, t *tweet) error {
	p := w.post(t)
	return s.sink.Post(&p)
}

// Generate streams the world of cfg to sink (accounts, posts, follows and
// the reference records) and returns its ground truth. Accounts are sent
// after the follows, with counts that agree with them.
func Generate(ctx context.Context, cfg Config, sink botsweep.Sink) (*Truth, error) {
	return run(ctx, cfg, sinkOutput{sink})
}

// Files are the names of what WriteWorld writes.
const (
	FileTweets     = "tweets.jsonl"
	FileUsers      = "users.jsonl"
	FileFollows    = "follows.csv"
	FileTruth      = "truth.csv"
	FileOperations = "prior_operations.json"
	FileDomains    = "domains.csv"
	FileCampaigns  = "campaigns.json"
	FileConfig     = "scenario.json"
)

// fileOutput writes the world's files, streaming.
type fileOutput struct {
	tweets, users, follows *bufio.Writer
	buf                    []byte
}

func (f *fileOutput) references(*world) error { return nil }

func (f *fileOutput) follow(w *world, a, b int) error {
	f.buf = strconv.AppendUint(f.buf[:0], w.accounts[a].id, 10)
	f.buf = append(f.buf, ',')
	f.buf = strconv.AppendUint(f.buf, w.accounts[b].id, 10)
	f.buf = append(f.buf, '\n')
	_, err := f.follows.Write(f.buf)
	return err
}

func (f *fileOutput) account(w *world, i int) error {
	f.buf = append(w.appendUser(f.buf[:0], i), '\n')
	_, err := f.users.Write(f.buf)
	return err
}

func (f *fileOutput) post(w *world, t *tweet) error {
	f.buf = append(w.appendTweet(f.buf[:0], t), '\n')
	_, err := f.tweets.Write(f.buf)
	return err
}

// WriteWorld writes the world of cfg into dir (created if needed):
// tweets.jsonl, users.jsonl, follows.csv, truth.csv, prior_operations.json,
// domains.csv, campaigns.json and scenario.json (the Config used). It
// streams: memory does not grow with the number of posts.
func WriteWorld(ctx context.Context, cfg Config, dir string) (*Truth, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "output directory: %w", err)
	}
	var files []*os.File
	open := func(name string) (*bufio.Writer, error) {
		fh, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return nil, botsweep.Errorf(botsweep.EINTERNAL, "create %s: %w", name, err)
		}
		files = append(files, fh)
		return bufio.NewWriterSize(fh, 1<<20), nil
	}
	defer func() {
		for _, fh := range files {
			fh.Close()
		}
	}()
	out := &fileOutput{}
	var err error
	if out.tweets, err = open(FileTweets); err != nil {
		return nil, err
	}
	if out.users, err = open(FileUsers); err != nil {
		return nil, err
	}
	if out.follows, err = open(FileFollows); err != nil {
		return nil, err
	}
	if _, err := out.follows.WriteString("follower_id,followee_id\n"); err != nil {
		return nil, err
	}
	truth, err := run(ctx, cfg, out)
	if err != nil {
		return nil, err
	}
	for _, bw := range []*bufio.Writer{out.tweets, out.users, out.follows} {
		if err := bw.Flush(); err != nil {
			return nil, botsweep.Errorf(botsweep.EINTERNAL, "write world: %w", err)
		}
	}
	for _, fh := range files {
		if err := fh.Close(); err != nil {
			return nil, botsweep.Errorf(botsweep.EINTERNAL, "write world: %w", err)
		}
	}
	files = nil
	w := &world{cfg: cfg}
	if err := writeRefs(dir, w, truth); err != nil {
		return nil, err
	}
	return truth, nil
}

// writeFiles writes truth.csv and scenario.json, the files every world has.
func writeFiles(dir string, truth *Truth, cfg Config) error {
	return writeSteps(dir, []writeStep{
		{FileConfig, writeJSON(cfg)},
		{FileTruth, func(bw *bufio.Writer) error { return WriteTruth(bw, truth.Rows) }},
	})
}

// writeStep is one file to write: its name and what goes in it.
type writeStep struct {
	name string
	fn   func(*bufio.Writer) error
}

// writeSteps writes each step's file into dir.
func writeSteps(dir string, steps []writeStep) error {
	for _, s := range steps {
		fh, err := os.Create(filepath.Join(dir, s.name))
		if err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "create %s: %w", s.name, err)
		}
		bw := bufio.NewWriter(fh)
		if err := s.fn(bw); err != nil {
			fh.Close()
			return botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", s.name, err)
		}
		if err := bw.Flush(); err != nil {
			fh.Close()
			return botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", s.name, err)
		}
		if err := fh.Close(); err != nil {
			return botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", s.name, err)
		}
	}
	return nil
}

// writeJSON writes v as indented JSON.
func writeJSON(v any) func(*bufio.Writer) error {
	return func(bw *bufio.Writer) error {
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	}
}

func writeRefs(dir string, w *world, truth *Truth) error {
	type op struct {
		Name        string              `json:"name"`
		Disclosed   string              `json:"disclosed"`
		Attribution string              `json:"attribution"`
		StateBacked bool                `json:"state_backed"`
		Indicators  botsweep.Indicators `json:"indicators"`
	}
	var ops []op
	for _, o := range w.priorOperations() {
		ops = append(ops, op{o.Name, o.Disclosed, o.Attribution, o.StateBacked, o.Indicators})
	}
	type campaign struct {
		Hashtag string `json:"hashtag"`
		Emoji   string `json:"emoji"`
		Starts  string `json:"starts"`
		Ends    string `json:"ends"`
		Owner   string `json:"owner"`
		Note    string `json:"note"`
	}
	camps := []campaign{}
	for _, c := range w.campaigns() {
		camps = append(camps, campaign{c.Hashtag, c.Emoji, c.Starts.Format("2006-01-02T15:04:05Z07:00"), c.Ends.Format("2006-01-02T15:04:05Z07:00"), c.Owner, c.Note})
	}
	return writeSteps(dir, []writeStep{
		{FileOperations, writeJSON(ops)},
		{FileCampaigns, writeJSON(camps)},
		{FileConfig, writeJSON(w.cfg)},
		{FileDomains, func(bw *bufio.Writer) error {
			if _, err := bw.WriteString("domain,registrant,registered_at\n"); err != nil {
				return err
			}
			for _, r := range w.registrations() {
				if _, err := fmt.Fprintf(bw, "%s,%s,%s\n", r.Domain, csvField(r.Registrant), r.RegisteredAt.Format("2006-01-02T15:04:05Z07:00")); err != nil {
					return err
				}
			}
			return nil
		}},
		{FileTruth, func(bw *bufio.Writer) error { return WriteTruth(bw, truth.Rows) }},
	})
}

func csvField(s string) string {
	for _, c := range s {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			b := []byte{'"'}
			for _, c := range s {
				if c == '"' {
					b = append(b, '"', '"')
				} else {
					b = append(b, string(c)...)
				}
			}
			return string(append(b, '"'))
		}
	}
	return s
}
