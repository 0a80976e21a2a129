package ingest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/internal/testutil"
)

// decodeFile decodes one file into a fresh Dataset, failing on an error.
func decodeFile(t *testing.T, path string, opts Options) (*botsweep.Dataset, Result, []Reject) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rejects []Reject
	opts.Name = filepath.Base(path)
	opts.OnReject = func(r Reject) error { rejects = append(rejects, r); return nil }
	ds := &botsweep.Dataset{}
	res, err := Decode(context.Background(), f, opts, ds)
	if err != nil {
		t.Fatalf("Decode(%s): %v", path, err)
	}
	return ds, res, rejects
}

func TestRealProfiles(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sub      string
		accounts int
	}{
		{"cresci-rtbust-2019", "cresci-rtbust-2019", 485},
		{"botwiki-2019", "botwiki-2019", 698},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := testutil.SharedData(t, tc.sub)
			ds, res, rejects := decodeFile(t, filepath.Join(dir, "profiles.jsonl"), Options{})
			if res.Format != FormatTwitterV1 {
				t.Errorf("format = %s, want %s", res.Format, FormatTwitterV1)
			}
			if len(rejects) != 0 {
				t.Errorf("%d rejects, first %v", len(rejects), rejects[0])
			}
			if len(ds.Accounts) != tc.accounts || res.Records != int64(tc.accounts) {
				t.Errorf("accounts = %d, records = %d, want %d", len(ds.Accounts), res.Records, tc.accounts)
			}
			for _, a := range ds.Accounts {
				if a.ID == "" || a.ScreenName == "" || a.CreatedAt.IsZero() || a.LastSeen.IsZero() {
					t.Fatalf("incomplete account %+v", a)
				}
			}
		})
	}
}

func TestRealShares(t *testing.T) {
	dir := testutil.SharedData(t, "coortweet-russian")
	ds, res, rejects := decodeFile(t, filepath.Join(dir, "russian_coord_tweets.csv"), Options{})
	if res.Format != FormatShares || len(rejects) != 0 {
		t.Fatalf("format %s, rejects %v", res.Format, rejects)
	}
	accounts, objects, ids := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range ds.Posts {
		if p.Kind != botsweep.KindRetweet || p.CreatedAt.IsZero() {
			t.Fatalf("bad post %+v", p)
		}
		accounts[p.AccountID] = true
		objects[p.RetweetOf] = true
		ids[p.ID] = true
	}
	if len(ds.Posts) != 35125 || len(accounts) != 9509 || len(objects) != 7285 {
		t.Errorf("retweets %d, accounts %d, retweeted %d; want 35125, 9509, 7285", len(ds.Posts), len(accounts), len(objects))
	}
	// One row is an exact repeat: its id dedupes, every other share is its own.
	if len(ids) != 35124 {
		t.Errorf("%d distinct share ids, want 35124", len(ids))
	}
}

func TestRealRetweetPairs(t *testing.T) {
	dir := testutil.SharedData(t, "voterfraud2020")
	files, _ := filepath.Glob(filepath.Join(dir, "retweets", "*.csv"))
	if len(files) == 0 {
		t.Skip("no voterfraud2020 retweet files")
	}
	var rows int64
	accounts, tweets := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		ds, res, rejects := decodeFile(t, f, Options{})
		if res.Format != FormatRetweetPairs || len(rejects) != 0 {
			t.Fatalf("%s: format %s, rejects %v", f, res.Format, rejects)
		}
		rows += res.Records
		for _, p := range ds.Posts {
			accounts[p.AccountID] = true
			tweets[p.RetweetOf] = true
		}
	}
	if rows != 423238 || len(accounts) != 186555 || len(tweets) != 25267 {
		t.Errorf("rows %d, accounts %d, tweets %d; want 423238, 186555, 25267", rows, len(accounts), len(tweets))
	}
}

func TestRealVoterFraudUsersUnknown(t *testing.T) {
	dir := testutil.SharedData(t, "voterfraud2020")
	f, err := os.Open(filepath.Join(dir, "users", "users-5.csv"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	_, err = Decode(context.Background(), f, Options{Name: "users-5.csv"}, &botsweep.Dataset{})
	if botsweep.ErrorCode(err) != botsweep.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	t.Log(err)
}
