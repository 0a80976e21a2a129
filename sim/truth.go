package sim

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/botsweep/botsweep"
)

// The labels of the ground truth. They are stable: eval and tests refer to
// them by these strings.
const (
	// LabelOrganic is an ordinary account.
	LabelOrganic = "organic"
	// LabelProminent is a prominent account (politicians, the CEO, news
	// outlets, TheGlobus, the fandom's idol, the campaign's owner).
	LabelProminent = "prominent"
	// LabelNetwork is a member of the retweet network amplifying TheGlobus.
	LabelNetwork = "retweet-network"
	// LabelAssociated is tied to the retweet network only by infrastructure:
	// creation batch, handle pattern, a profile domain nobody else uses,
	// follows inside the network; little or no co-retweeting.
	LabelAssociated = "retweet-network-associated"
	// LabelFarm is a fake follower: never posts, follows a package of
	// prominent accounts.
	LabelFarm = "follower-farm"
	// LabelLinkSpam is a member of a ring posting near-duplicate texts with
	// URLs in synchronized waves.
	LabelLinkSpam = "link-spam"
	// LabelCamouflage is a member of a network mixing organic-looking
	// activity with lockstep amplification of one account.
	LabelCamouflage = "camouflage"
	// LabelFandom is an organic fan retweeting an idol within seconds.
	LabelFandom = "fandom"
	// LabelViral is an organic account that retweeted breaking news within
	// minutes.
	LabelViral = "viral-news"
	// LabelCampaign is an organisation posting for the sanctioned campaign.
	LabelCampaign = "campaign"
	// LabelSuperfan is a human superfan of TheGlobus: follows it and
	// retweets about a third of its posts within minutes when awake.
	LabelSuperfan = "superfan"
	// LabelActivist is a human activist in a retweet room: retweets the
	// room's leads and joins follow trains.
	LabelActivist = "activist"
	// LabelLiveEvent is a person live-posting an event with its hashtag
	// and retweeting the stars who post during it.
	LabelLiveEvent = "live-event"
	// LabelNewsJunkie is a person who retweets much of the news, fast,
	// when awake.
	LabelNewsJunkie = "news-junkie"
	// LabelAged is an aged or purchased account amplifying TheGlobus for
	// the retweet network's operation: no creation burst, organic clients
	// and profiles, human-like jittered delays, partial coverage.
	LabelAged = "retweet-network-aged"
	// LabelCrowd is an ordinary account of a share-table world retweeting
	// popular posts with human delays.
	LabelCrowd = "crowd"
	// LabelCrowdBotnet is a bot of a share-table world retweeting one
	// source within minutes.
	LabelCrowdBotnet = "crowd-botnet"
)

// Kinds of ground-truth rows.
const (
	KindBot     = "bot"
	KindOrganic = "organic"
)

// Labels returns every label of the full worlds in a fixed order: the
// original ten (organic kinds first), then those the random family added.
// The index of a label in this list never changes.
func Labels() []string {
	return []string{LabelOrganic, LabelProminent, LabelFandom, LabelViral, LabelCampaign,
		LabelNetwork, LabelAssociated, LabelFarm, LabelLinkSpam, LabelCamouflage,
		LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie, LabelAged}
}

// KindOf returns the kind of a label: "bot" or "organic".
func KindOf(label string) string {
	switch label {
	case LabelNetwork, LabelAssociated, LabelFarm, LabelLinkSpam, LabelCamouflage, LabelAged, LabelCrowdBotnet:
		return KindBot
	}
	return KindOrganic
}

// HardNegatives returns the organic labels built to look coordinated:
// authentic humans who co-act.
func HardNegatives() []string {
	return []string{LabelFandom, LabelViral, LabelCampaign, LabelSuperfan, LabelActivist, LabelLiveEvent, LabelNewsJunkie, LabelCrowd}
}

// Truth is the ground truth of a world: one row per account.
type Truth struct {
	Rows []TruthRow
}

// TruthRow is the truth about one account.
type TruthRow struct {
	AccountID  string
	ScreenName string
	Label      string
	Kind       string // KindBot or KindOrganic
}

// truthHeader is the header of truth.csv.
var truthHeader = []string{"account_id", "screen_name", "label", "kind"}

// ByLabel returns the rows with a label.
func (t *Truth) ByLabel(label string) []TruthRow {
	var out []TruthRow
	for _, r := range t.Rows {
		if r.Label == label {
			out = append(out, r)
		}
	}
	return out
}

// Index returns the rows keyed by account id.
func (t *Truth) Index() map[string]TruthRow {
	m := make(map[string]TruthRow, len(t.Rows))
	for _, r := range t.Rows {
		m[r.AccountID] = r
	}
	return m
}

// WriteTruth writes rows as truth.csv.
func WriteTruth(w io.Writer, rows []TruthRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(truthHeader); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write([]string{r.AccountID, r.ScreenName, r.Label, r.Kind}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadTruth reads a truth.csv file.
func ReadTruth(path string) (*Truth, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "truth: %w", err)
	}
	defer f.Close()
	t, err := ParseTruth(bufio.NewReader(f))
	if err != nil {
		return nil, botsweep.Errorf(botsweep.EINVALID, "truth %s: %s", path, botsweep.ErrorMessage(err))
	}
	return t, nil
}

// ParseTruth parses truth.csv content. Every row needs an account id, a
// label and a kind of "bot" or "organic"; an id may appear only once.
func ParseTruth(r io.Reader) (*Truth, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, botsweep.Errorf(botsweep.EINVALID, "empty file, want header %s", strings.Join(truthHeader, ","))
		}
		return nil, botsweep.Errorf(botsweep.EINVALID, "%w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, h := range []string{"account_id", "label", "kind"} {
		if _, ok := col[h]; !ok {
			return nil, botsweep.Errorf(botsweep.EINVALID, "header lacks %q, want %s", h, strings.Join(truthHeader, ","))
		}
	}
	sn, hasSN := col["screen_name"]
	t := &Truth{}
	seen := map[string]bool{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, botsweep.Errorf(botsweep.EINVALID, "line %d: %w", line, err)
		}
		row := TruthRow{AccountID: rec[col["account_id"]], Label: rec[col["label"]], Kind: rec[col["kind"]]}
		if hasSN {
			row.ScreenName = rec[sn]
		}
		if row.AccountID == "" || row.Label == "" {
			return nil, botsweep.Errorf(botsweep.EINVALID, "line %d: empty account_id or label", line)
		}
		if row.Kind != KindBot && row.Kind != KindOrganic {
			return nil, botsweep.Errorf(botsweep.EINVALID, "line %d: kind %q is neither bot nor organic", line, row.Kind)
		}
		if seen[row.AccountID] {
			return nil, botsweep.Errorf(botsweep.EINVALID, "line %d: account %s appears twice", line, row.AccountID)
		}
		seen[row.AccountID] = true
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}
