package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/ingest"
	"github.com/botsweep/botsweep/store"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newIngestCmd) }

// shownRejects is how many rejects per file the summary prints.
const shownRejects = 5

func newIngestCmd(e *env) *cobra.Command {
	var (
		storeDir, rejectsPath         string
		jetstreamURL, jetstreamCursor string
		shareFlags                    ingest.ShareFlags
		strict                        bool
		workers, maxRejects           int
	)
	c := &cobra.Command{
		Use:   "ingest --store DIR [--format auto|FORMAT] [--preset NAME] [--columns MAP] [--time-format FMT] [--strict] [--rejects FILE] PATH...",
		Short: "Read platform exports and reference files into the store",
		Long: `ingest reads every PATH into the store: a file, a directory (every file in
it and below, in name order) or - for stdin, gzipped or not. The format of
each input is sniffed from its content unless --format names it; the known
formats are ` + formatNames() + `.

Re-ingesting the same data changes nothing, and an ingest that was killed
can simply be run again. A bad line or row is skipped and reported with its
file, line and reason: a summary goes to stderr, every reject to --rejects
FILE (CSV file,line,reason). With --strict the first bad record stops the
ingest with exit status 1, and nothing of the file it is in is stored.
The first --max-rejects rejects of each file are kept in detail, the rest
counted.

Any share table goes in with --columns object=COL,account=COL,content=COL,
time=COL[,text=COL,url=COL,handle=COL] and --time-format unix|unix-ms|
rfc3339|twitter|LAYOUT (a Go layout such as "2006-01-02 15:04:05"), or with
a --preset for a published export: ` + ingest.PresetNames() + `.`,
		RunE: func(c *cobra.Command, args []string) error {
			if storeDir == "" {
				return &usageError{errors.New("ingest needs --store DIR")}
			}
			if jetstreamURL != "" {
				if len(args) > 0 {
					return &usageError{errors.New("ingest --jetstream URL takes no PATH")}
				}
				if jetstreamCursor == "" {
					jetstreamCursor = filepath.Clean(storeDir) + ".jetstream-cursor"
				}
				st, err := createStore(e, storeDir)
				if err != nil {
					return err
				}
				defer st.Close()
				return ingestJetstream(ctxOf(c), e, st.Store, jetstreamURL, jetstreamCursor)
			}
			if len(args) == 0 {
				return &usageError{errors.New("ingest needs at least one PATH (a file, a directory or - for stdin)")}
			}
			f, shares, err := shareFlags.Options()
			if err != nil {
				return err
			}
			inputs, err := expandInputs(args)
			if err != nil {
				return err
			}
			st, err := createStore(e, storeDir)
			if err != nil {
				return err
			}
			defer st.Close()
			in := &ingester{e: e, st: st.Store, format: f, shares: shares, strict: strict, workers: workers, maxRejects: maxRejects}
			if rejectsPath != "" {
				rf, err := os.Create(rejectsPath)
				if err != nil {
					return botsweep.Errorf(botsweep.EINVALID, "rejects file: %w", err)
				}
				defer rf.Close()
				in.rejects = csv.NewWriter(rf)
				in.rejects.Write([]string{"file", "line", "reason"})
			}
			err = in.run(ctxOf(c), inputs)
			if in.rejects != nil {
				in.rejects.Flush()
				if werr := in.rejects.Error(); werr != nil && err == nil {
					err = botsweep.Errorf(botsweep.EINTERNAL, "writing rejects file: %w", werr)
				}
			}
			if cerr := st.Close(); cerr != nil && err == nil {
				err = botsweep.Errorf(botsweep.EINTERNAL, "closing store: %w", cerr)
			}
			return err
		},
	}
	c.Flags().StringVar(&storeDir, "store", "", "store directory (created if absent)")
	c.Flags().StringVar(&shareFlags.Format, "format", "auto", "input format: auto or one of "+formatNames())
	c.Flags().StringVar(&shareFlags.Preset, "preset", "", "a published export format: "+ingest.PresetNames())
	c.Flags().StringVar(&shareFlags.Columns, "columns", "", "share-table columns: object=COL,account=COL,content=COL,time=COL[,text=COL,url=COL,handle=COL]")
	c.Flags().StringVar(&shareFlags.TimeFormat, "time-format", "", "share-table times: unix, unix-ms, rfc3339, twitter or a Go layout (default unix)")
	c.Flags().IntVar(&maxRejects, "max-rejects", ingest.DefaultMaxRejects, "rejects per file kept in detail (the rest are counted)")
	c.Flags().BoolVar(&strict, "strict", false, "stop at the first bad record; store nothing of its file")
	c.Flags().StringVar(&rejectsPath, "rejects", "", "write every rejected record to this CSV file (file,line,reason)")
	c.Flags().StringVar(&jetstreamURL, "jetstream", "", "read a live Bluesky Jetstream WebSocket (ws:// or wss://) instead of PATHs, until it closes or Ctrl-C")
	c.Flags().StringVar(&jetstreamCursor, "jetstream-cursor", "", "file that persists the Jetstream cursor (default: the store directory's path + .jetstream-cursor)")
	c.Flags().IntVar(&workers, "workers", 0, "parse goroutines for JSON input (default: one per core)")
	return c
}

func formatNames() string {
	var names []string
	for _, f := range ingest.Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// input is one stream to ingest.
type input struct {
	path    string // "-" for stdin
	size    int64  // -1 when unknown
	fromDir bool   // found by walking a directory argument
}

// expandInputs turns PATH arguments into inputs: directories become every
// regular file below them (hidden ones skipped), in path order.
func expandInputs(args []string) ([]input, error) {
	var out []input
	for _, a := range args {
		if a == "-" {
			out = append(out, input{path: "-", size: -1})
			continue
		}
		fi, err := os.Stat(a)
		if err != nil {
			return nil, botsweep.Errorf(botsweep.ENOTFOUND, "%s: no such file or directory", a)
		}
		if !fi.IsDir() {
			out = append(out, input{path: a, size: fi.Size()})
			continue
		}
		var files []input
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != a && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				info, err := d.Info()
				if err != nil {
					return err
				}
				files = append(files, input{path: p, size: info.Size(), fromDir: true})
			}
			return nil
		})
		if err != nil {
			return nil, botsweep.Errorf(botsweep.EINVALID, "reading directory %s: %w", a, err)
		}
		sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
		if len(files) == 0 {
			return nil, botsweep.Errorf(botsweep.EINVALID, "directory %s has no files to ingest", a)
		}
		out = append(out, files...)
	}
	return out, nil
}

// ingester runs one ingest command.
type ingester struct {
	e          *env
	st         *store.Store
	w          *store.Writer
	format     ingest.Format
	shares     *ingest.ShareTable
	strict     bool
	workers    int
	maxRejects int
	rejects    *csv.Writer
	// onPost, when set, also sees every stored post (coordinate builds its
	// share table from them).
	onPost func(*botsweep.Post)
	// jetstream carries Jetstream state (handles, profiles) from file to
	// file, so a capture split over files maps as one stream.
	jetstream ingest.JetstreamState

	records atomic.Int64 // over all inputs, for progress
	bytes   atomic.Int64
	bar     *progressbar.ProgressBar
	start   time.Time
}

// countingSink counts the records it passes on.
type countingSink struct {
	*store.Writer
	n      *atomic.Int64
	onPost func(*botsweep.Post) // or nil
}

func (c countingSink) Account(a *botsweep.Account) error { c.n.Add(1); return c.Writer.Account(a) }
func (c countingSink) Post(p *botsweep.Post) error {
	c.n.Add(1)
	if c.onPost != nil {
		c.onPost(p)
	}
	return c.Writer.Post(p)
}
func (c countingSink) Follow(f botsweep.Follow) error { c.n.Add(1); return c.Writer.Follow(f) }
func (c countingSink) FollowRecord(id string, f botsweep.Follow) error {
	c.n.Add(1)
	return c.Writer.FollowRecord(id, f)
}

// strictStop is the error that stops a --strict ingest at a bad record.
type strictStop struct{ r ingest.Reject }

func (s *strictStop) Error() string { return s.r.String() }

func (in *ingester) run(ctx context.Context, inputs []input) error {
	// Bulk: sorted SSTables ingested atomically, several times less work
	// per record than batches through the WAL and memtable.
	w, err := in.st.NewWriter(store.WriterOptions{Bulk: true})
	if err != nil {
		return err
	}
	in.w = w
	in.start = in.e.now()
	if in.e.stderrTTY {
		var total int64
		for _, i := range inputs {
			if i.size < 0 {
				total = -1
				break
			}
			total += i.size
		}
		in.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(in.e.stderr),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetDescription("ingest"),
		)
	}
	var (
		totalRecords, totalRejected int64
		skipped                     int
		failed                      []string
		stopErr                     error
	)
	for _, inp := range inputs {
		res, err := in.one(ctx, inp)
		totalRecords += res.Records
		totalRejected += res.Rejected
		if err != nil {
			var ss *strictStop
			if errors.As(err, &ss) {
				in.clearBar()
				stopErr = &exitError{status: 1, err: botsweep.Errorf(botsweep.EINVALID,
					"%s (--strict: nothing of %s was stored)", ss.r, inp.path)}
				break
			}
			if ctx.Err() != nil || botsweep.ErrorCode(err) == botsweep.EINTERNAL {
				stopErr = err
				break
			}
			in.clearBar()
			if inp.fromDir && ingest.IsUnknownFormat(err) {
				// A README or a zip beside the data in a directory (as in
				// a disclosure release) is skipped, not a failure.
				fmt.Fprintf(in.e.stderr, "%s: skipped, not in a format botsweep reads\n", inp.path)
				skipped++
				continue
			}
			fmt.Fprintf(in.e.stderr, "botsweep: %s\n", describe(err))
			failed = append(failed, inp.path)
			if in.strict {
				stopErr = &exitError{status: 1, err: botsweep.Errorf(botsweep.EINVALID, "--strict: stopped at %s", inp.path)}
				break
			}
		}
	}
	if err := w.Close(); err != nil && stopErr == nil {
		stopErr = err
	}
	in.clearBar()
	fmt.Fprintf(in.e.stderr, "total: %d files, %d records, %d rejected\n", len(inputs)-skipped, totalRecords, totalRejected)
	if stopErr != nil {
		return stopErr
	}
	if len(failed) > 0 {
		return botsweep.Errorf(botsweep.EINVALID, "%d of %d inputs could not be read: %s", len(failed), len(inputs), strings.Join(failed, ", "))
	}
	if skipped == len(inputs) {
		return botsweep.Errorf(botsweep.EINVALID, "no file in a format botsweep reads (%s)", formatNames())
	}
	return nil
}

func (in *ingester) clearBar() {
	if in.bar != nil {
		in.bar.Clear()
	}
}

// one ingests one input into the writer.
func (in *ingester) one(ctx context.Context, inp input) (ingest.Result, error) {
	var r io.Reader
	if inp.path == "-" {
		r = in.e.stdin
	} else {
		f, err := os.Open(inp.path)
		if err != nil {
			return ingest.Result{}, botsweep.Errorf(botsweep.EINVALID, "%s: %v", inp.path, unwrapPathErr(err))
		}
		defer f.Close()
		r = f
	}
	if f, ok := r.(*os.File); ok {
		// A read from a FIFO or terminal blocks until data comes; closing
		// the file on SIGINT or SIGTERM ends it, so the ingest stops.
		stop := context.AfterFunc(ctx, func() { f.Close() })
		defer stop()
	}
	br := bufio.NewReaderSize(&progressReader{r: r, in: in}, store.HeadBytes+4096)
	head, err := br.Peek(store.HeadBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return ingest.Result{}, botsweep.Errorf(botsweep.EINVALID, "%s: reading: %v", inp.path, unwrapPathErr(err))
	}
	if err := in.w.BeginFile(inp.path, head, in.strict); err != nil {
		return ingest.Result{}, err
	}
	var shown []ingest.Reject
	opts := ingest.Options{
		Format:     in.format,
		Shares:     in.shares,
		Name:       inp.path,
		Now:        in.e.now,
		Workers:    in.workers,
		MaxRejects: in.maxRejects,
		Jetstream:  &in.jetstream,
		OnReject: func(rj ingest.Reject) error {
			if in.strict {
				return &strictStop{rj}
			}
			if len(shown) < shownRejects {
				shown = append(shown, rj)
			}
			if in.rejects != nil {
				in.rejects.Write([]string{rj.File, strconv.Itoa(rj.Line), rj.Reason})
			}
			return in.w.Reject(int64(rj.Line), rj.Reason)
		},
	}
	res, err := ingest.Decode(ctx, br, opts, countingSink{in.w, &in.records, in.onPost})
	if err != nil && ctx.Err() != nil {
		err = ctx.Err() // the read failed because the input was closed on a signal
	}
	if err == nil && in.maxRejects >= 0 && res.Rejected > int64(in.maxRejects) {
		// Rejects past --max-rejects are counted, not stored one by one.
		err = in.w.RejectsBeyond(res.Rejected - int64(in.maxRejects))
	}
	keep := err == nil || !in.strict
	if eerr := in.w.EndFile(keep); eerr != nil && err == nil {
		err = eerr
	}
	in.clearBar()
	if err == nil || !in.strict && (res.Records > 0 || res.Rejected > 0) {
		fmt.Fprintf(in.e.stderr, "%s: %s, %d records, %d rejected\n", inp.path, res.Format, res.Records, res.Rejected)
		if res.Repaired > 0 {
			fmt.Fprintf(in.e.stderr, "  %d records kept with invalid UTF-8 text replaced by U+FFFD\n", res.Repaired)
		}
		if in.maxRejects >= 0 && res.Rejected > int64(in.maxRejects) {
			fmt.Fprintf(in.e.stderr, "  rejects after the first %d are counted, not listed (--max-rejects)\n", in.maxRejects)
		}
		for _, rj := range shown {
			fmt.Fprintf(in.e.stderr, "  %s\n", rj)
		}
		if n := res.Rejected - int64(len(shown)); n > 0 {
			fmt.Fprintf(in.e.stderr, "  ... and %d more rejects%s\n", n, map[bool]string{true: "", false: " (--rejects FILE lists them all)"}[in.rejects != nil])
		}
	}
	return res, err
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// progressReader counts bytes read and drives the progress bar.
type progressReader struct {
	r  io.Reader
	in *ingester
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 && p.in.bar != nil {
		total := p.in.bytes.Add(int64(n))
		recs := p.in.records.Load()
		rate := 0.0
		if el := p.in.e.now().Sub(p.in.start).Seconds(); el > 0 {
			rate = float64(recs) / el
		}
		p.in.bar.Describe(fmt.Sprintf("%d records (%.0f/s)", recs, rate))
		p.in.bar.Set64(total)
	}
	return n, err
}
