package coord

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/botsweep/botsweep"
)

// ResultHeader is the header of result.csv, CooRTweet's detect_groups
// columns.
var ResultHeader = []string{"object_id", "account_id", "account_id_y", "content_id", "content_id_y", "time_delta"}

// GroupsHeader is the header of groups.csv.
var GroupsHeader = []string{"account_id", "group_id", "verdict"}

// Seconds renders a duration in seconds the way CooRTweet prints
// time_delta: an integer for whole seconds, a decimal fraction otherwise.
func Seconds(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

// WriteResultCSV writes the coordinated share pairs as CSV with
// ResultHeader, one row per pair, in the order of r.Pairs.
func WriteResultCSV(w io.Writer, r *Result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(ResultHeader); err != nil {
		return err
	}
	rec := make([]string, len(ResultHeader))
	for i := range r.Pairs {
		row := r.Row(i)
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5] = row.ObjectID, row.AccountID, row.AccountIDY, row.ContentID, row.ContentIDY, Seconds(row.TimeDelta)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteGroupsCSV writes the coordinated network's accounts as CSV with
// GroupsHeader, in the order of r.Groups; verdict gives each account's
// verdict.
func WriteGroupsCSV(w io.Writer, r *Result, verdict func(account string) botsweep.Verdict) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(GroupsHeader); err != nil {
		return err
	}
	for _, m := range r.Groups() {
		name := r.t.Account(m.Account)
		if err := cw.Write([]string{name, strconv.Itoa(m.Group), string(verdict(name))}); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
