package disclosure

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
)

// UserColumns are the columns of the users file, exactly as the platform's
// information-operations archives have them.
var UserColumns = []string{
	"userid", "user_display_name", "user_screen_name", "user_reported_location",
	"user_profile_description", "user_profile_url", "follower_count",
	"following_count", "account_creation_date", "account_language",
}

// TweetColumns are the columns of the tweets file, exactly as the
// platform's information-operations archives have them.
var TweetColumns = []string{
	"tweetid", "userid", "user_display_name", "user_screen_name",
	"user_reported_location", "user_profile_description", "user_profile_url",
	"follower_count", "following_count", "account_creation_date",
	"account_language", "tweet_language", "tweet_text", "tweet_time",
	"tweet_client_name", "in_reply_to_userid", "in_reply_to_tweetid",
	"quoted_tweet_tweetid", "is_retweet", "retweet_userid", "retweet_tweetid",
	"latitude", "longitude", "quote_count", "reply_count", "like_count",
	"retweet_count", "hashtags", "urls", "user_mentions", "poll_choices",
}

// DefaultHashBelow is the follower count below which an account's
// identifying fields are hashed.
const DefaultHashBelow = 5000

// The time layouts of the archive, as the platform wrote them.
const (
	TweetTimeLayout    = "2006-01-02 15:04"
	CreationDateLayout = "2006-01-02"
)

// Options configure Write.
type Options struct {
	// Key is the release key for the HMAC of hashed accounts. Required:
	// there is no default key.
	Key []byte
	// Policy is recorded in the README; Select applies it. Default
	// PolicyStateBacked.
	Policy Policy
	// Release names the release and prefixes its files:
	// <Release>_users_csv_hashed.csv and so on. Default
	// "botsweep_<YYYY>_<MM>" from Now.
	Release string
	// HashBelow: accounts with fewer followers than this are hashed.
	// Default DefaultHashBelow (5,000).
	HashBelow int64
	// Now is the release time (README and zip entry times). Default
	// time.Now.
	Now botsweep.Clock
	// LogHead, when set, is the moderation log's head at release: the
	// README and the manifest publish it, so anyone can later check that
	// the platform's log still extends the chain the suspensions were
	// released from. Optional.
	LogHead *LogHead
}

// LogHead anchors a hash-chained moderation log: its last event's
// sequence number and hash.
type LogHead struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// Manifest describes a written release.
type Manifest struct {
	Release  string    `json:"release"`
	Policy   Policy    `json:"policy"`
	Created  time.Time `json:"created"`
	Networks []string  `json:"networks"`
	Users    int       `json:"users"`
	Tweets   int       `json:"tweets"`
	Hashed   int       `json:"hashed_users"` // released accounts whose identifiers are hashed
	First    time.Time `json:"first_tweet,omitempty"`
	Last     time.Time `json:"last_tweet,omitempty"`
	Files    []File    `json:"files"`
	LogHead  *LogHead  `json:"moderation_log_head,omitempty"`
}

// File is one file of a release with its SHA-256.
type File struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// UsersFile and TweetsFile return the CSV file names of a release.
func UsersFile(release string) string { return release + "_users_csv_hashed.csv" }

// TweetsFile returns the tweets CSV file name of a release.
func TweetsFile(release string) string { return release + "_tweets_csv_hashed.csv" }

// identity is how an account appears in the release.
type identity struct {
	id, screen, name string // as written: raw, or the stand-in for all three
	hashed           bool
	acc              *botsweep.Account // nil when the store has no profile
}

// Write writes the release of the selected networks (see Select) to dir:
// the users and tweets CSVs, a zip of each and README.md. The released
// accounts are the networks' members that enf says are suspended now; the
// tweets are all their posts in src. It returns ECONFLICT when no member is
// suspended and EINVALID when the key is empty.
func Write(ctx context.Context, dir string, src botsweep.Source, nets []botsweep.Network, enf *Enforcement, opts Options) (*Manifest, error) {
	if len(opts.Key) == 0 {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no release key: a non-empty key is required to hash accounts (there is no default key)")
	}
	if opts.Policy == "" {
		opts.Policy = PolicyStateBacked
	}
	if opts.HashBelow <= 0 {
		opts.HashBelow = DefaultHashBelow
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	now := opts.Now().UTC()
	if opts.Release == "" {
		opts.Release = "botsweep_" + now.Format("2006_01")
	}
	if strings.ContainsAny(opts.Release, `/\`) || strings.TrimSpace(opts.Release) == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "release name %q must be a plain file-name prefix", opts.Release)
	}
	h := NewHasher(opts.Key)

	// The released accounts, by network.
	released := make(map[string]bool)
	var order []string
	perNet := make([]int, len(nets))
	for i := range nets {
		for _, m := range nets[i].Members {
			if !enf.Suspended(m.AccountID) {
				continue
			}
			perNet[i]++
			if !released[m.AccountID] {
				released[m.AccountID] = true
				order = append(order, m.AccountID)
			}
		}
	}
	if len(order) == 0 {
		ids := make([]string, len(nets))
		for i := range nets {
			ids[i] = nets[i].ID
		}
		return nil, botsweep.Errorf(botsweep.ECONFLICT, "nothing to release: no member of network %s is suspended now (all reinstated?)", strings.Join(ids, ", "))
	}

	// Their posts.
	var posts []botsweep.Post
	if err := src.EachPost(ctx, func(p *botsweep.Post) error {
		if !released[p.AccountID] {
			return nil
		}
		c := *p
		c.Hashtags = append([]string(nil), p.Hashtags...)
		c.URLs = append([]string(nil), p.URLs...)
		c.Domains = nil
		c.Mentions = append([]botsweep.Mention(nil), p.Mentions...)
		posts = append(posts, c)
		return nil
	}); err != nil {
		return nil, wrap(err, "read posts")
	}
	// Every account of the store decides its own identity: hashed below
	// the threshold or when its follower count is unknown, whatever else
	// the release holds.
	res := newResolver(h)
	accounts := make(map[string]*botsweep.Account)
	if err := src.EachAccount(ctx, func(a *botsweep.Account) error {
		res.add(a.ID, a.ScreenName, a.Name, a.Followers, true, opts.HashBelow)
		if released[a.ID] {
			c := *a
			accounts[a.ID] = &c
		}
		return nil
	}); err != nil {
		return nil, wrap(err, "read accounts")
	}
	for i := range nets {
		for _, mem := range nets[i].Members {
			res.addMember(mem.AccountID, mem.ScreenName)
		}
	}
	res.finish()
	ids := make(map[string]*identity)
	identify := func(id string) *identity {
		if v, ok := ids[id]; ok {
			return v
		}
		a := accounts[id]
		v := &identity{acc: a, hashed: res.hashed(id)}
		if v.hashed {
			s := h.ID(id)
			v.id, v.screen, v.name = s, s, s
		} else {
			v.id, v.screen, v.name = id, a.ScreenName, res.text(a.Name)
		}
		ids[id] = v
		return v
	}

	// Users: every released account, ordered by the id written.
	users := make([]*identity, 0, len(order))
	hashed := 0
	for _, id := range order {
		v := identify(id)
		if v.hashed {
			hashed++
		}
		users = append(users, v)
	}
	sort.Slice(users, func(i, j int) bool { return users[i].id < users[j].id })
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, botsweep.Errorf(botsweep.EINTERNAL, "create %s: %w", dir, err)
	}
	m := &Manifest{Release: opts.Release, Policy: opts.Policy, Created: now, Users: len(users), Hashed: hashed, LogHead: opts.LogHead}
	for _, n := range nets {
		m.Networks = append(m.Networks, n.ID)
	}
	// The user columns of each account, scrubbed once.
	fields := make(map[*identity][]string)
	profile := func(v *identity) []string {
		f, ok := fields[v]
		if !ok {
			f = userFields(v, res)
			fields[v] = f
		}
		return f
	}
	if err := writeCSV(dir, UsersFile(opts.Release), now, m, func(w *csv.Writer) error {
		if err := w.Write(UserColumns); err != nil {
			return err
		}
		for _, v := range users {
			if err := w.Write(profile(v)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}

	// Tweets: every post of the released accounts, by time then id.
	sort.Slice(posts, func(i, j int) bool {
		if !posts[i].CreatedAt.Equal(posts[j].CreatedAt) {
			return posts[i].CreatedAt.Before(posts[j].CreatedAt)
		}
		if len(posts[i].ID) != len(posts[j].ID) {
			return len(posts[i].ID) < len(posts[j].ID)
		}
		return posts[i].ID < posts[j].ID
	})
	if err := writeCSV(dir, TweetsFile(opts.Release), now, m, func(w *csv.Writer) error {
		if err := w.Write(TweetColumns); err != nil {
			return err
		}
		for i := range posts {
			p := &posts[i]
			if i > 0 && p.ID == posts[i-1].ID {
				continue // the same post stored twice
			}
			m.Tweets++
			if m.First.IsZero() || p.CreatedAt.Before(m.First) {
				m.First = p.CreatedAt.UTC()
			}
			if p.CreatedAt.After(m.Last) {
				m.Last = p.CreatedAt.UTC()
			}
			if err := w.Write(tweetFields(p, profile(identify(p.AccountID)), res)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	readme := renderREADME(m, nets, perNet, opts.HashBelow, res)
	if err := writeFile(filepath.Join(dir, "README.md"), []byte(readme)); err != nil {
		return nil, err
	}
	return m, nil
}

func wrap(err error, what string) error {
	if botsweep.ErrorCode(err) != botsweep.EINTERNAL {
		return err
	}
	return botsweep.Errorf(botsweep.EINTERNAL, "%s: %w", what, err)
}

// writeFile writes data to path through a temporary file and a rename, so a
// crash never leaves half a file under the final name.
func writeFile(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", path, err)
	}
	return nil
}

// writeCSV streams a CSV file into dir through fill, then its zip, each
// through a temporary file and a rename, and records both in m.
func writeCSV(dir, name string, at time.Time, m *Manifest, fill func(*csv.Writer) error) error {
	path := filepath.Join(dir, name)
	f, err := writeStream(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := fill(cw); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return err
	}
	m.Files = append(m.Files, f)
	zname := strings.TrimSuffix(name, ".csv") + ".zip"
	z, err := writeStream(filepath.Join(dir, zname), func(w io.Writer) error {
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		zw := zip.NewWriter(w)
		// A fixed time makes the same release byte-for-byte the same.
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at})
		if err != nil {
			return err
		}
		if _, err := io.Copy(fw, in); err != nil {
			return err
		}
		return zw.Close()
	})
	if err != nil {
		return err
	}
	m.Files = append(m.Files, z)
	return nil
}

// writeStream writes path through fill, via a temporary file and a rename
// so a crash never leaves half a file under the final name, and returns
// its size and SHA-256.
func writeStream(path string, fill func(io.Writer) error) (File, error) {
	tmp := path + ".tmp"
	fh, err := os.Create(tmp)
	if err != nil {
		return File{}, botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", path, err)
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(fh, h), 1<<20)
	cw := &countingWriter{w: bw}
	err = fill(cw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return File{}, botsweep.Errorf(botsweep.EINTERNAL, "write %s: %w", path, err)
	}
	return File{Name: filepath.Base(path), Bytes: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func count(n int64) string { return strconv.FormatInt(n, 10) }

// userFields are the ten user columns of v, its free text rebuilt by res.
func userFields(v *identity, res *resolver) []string {
	f := []string{v.id, v.name, v.screen, "", "", "", "0", "0", "", ""}
	if a := v.acc; a != nil {
		f[3] = res.text(a.Location)
		f[4] = res.text(a.Description)
		f[5] = res.text(a.URL)
		f[6] = count(a.Followers)
		f[7] = count(a.Friends)
		if !a.CreatedAt.IsZero() {
			f[8] = a.CreatedAt.UTC().Format(CreationDateLayout)
		}
		f[9] = a.Lang
	}
	return f
}

// tweetFields are the tweet columns of p after the author's user columns u.
func tweetFields(p *botsweep.Post, u []string, res *resolver) []string {
	lat, lon := "absent", "absent"
	if p.HasGeo {
		lat = strconv.FormatFloat(p.Latitude, 'f', -1, 64)
		lon = strconv.FormatFloat(p.Longitude, 'f', -1, 64)
	}
	isRT := "False"
	var rtUser, rtTweet string
	if p.Kind == botsweep.KindRetweet {
		isRT, rtUser, rtTweet = "True", res.account(p.RetweetOfAccount), p.RetweetOf
	}
	var tags, urls, mentions []string
	for _, t := range p.Hashtags {
		tags = append(tags, res.text(t))
	}
	for _, s := range p.URLs {
		urls = append(urls, res.text(s))
	}
	for _, m := range p.Mentions {
		switch {
		case m.ID != "":
			mentions = append(mentions, res.account(m.ID))
		case m.ScreenName != "":
			mentions = append(mentions, res.handle(strings.TrimPrefix(m.ScreenName, "@")))
		}
	}
	var replyUser, replyTweet string
	if p.Kind != botsweep.KindRetweet {
		replyUser, replyTweet = res.account(p.ReplyToAccount), p.ReplyTo
	}
	return []string{
		p.ID, u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		p.Lang, res.text(p.Text), p.CreatedAt.UTC().Format(TweetTimeLayout), res.text(p.Client),
		replyUser, replyTweet, p.Quotes, isRT, rtUser, rtTweet, lat, lon,
		count(p.QuoteCount), count(p.ReplyCount), count(p.LikeCount), count(p.RetweetCount),
		listCell(tags), listCell(urls), listCell(mentions), "",
	}
}

// listCell writes a list the way the platform's archives do, "[a, b]",
// quoting the items ("['a', 'b']") when one holds a comma, quote or bracket.
func listCell(items []string) string {
	if len(items) == 0 {
		return "[]"
	}
	quote := false
	for _, s := range items {
		if strings.ContainsAny(s, ",'\"[]\\") {
			quote = true
		}
	}
	if !quote {
		return "[" + strings.Join(items, ", ") + "]"
	}
	q := make([]string, len(items))
	for i, s := range items {
		s = strings.ReplaceAll(s, `\`, `\\`)
		q[i] = "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// renderREADME describes the release for the people who receive it.
// Every value that can name an account is written through res as it is
// placed: account ids and handles by their identity, detection's and
// attribution's phrases token by token. Nothing is substituted afterwards.
func renderREADME(m *Manifest, nets []botsweep.Network, perNet []int, hashBelow int64, res *resolver) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Information-operations release %s\n\n", m.Release)
	fmt.Fprintf(&b, "Written by botsweep on %s.\n\n", m.Created.Format("2006-01-02 15:04 MST"))
	b.WriteString("## Contents\n\n")
	fmt.Fprintf(&b, "- %d accounts (%d of them hashed), %d tweets.\n", m.Users, m.Hashed, m.Tweets)
	if m.Tweets > 0 {
		fmt.Fprintf(&b, "- Tweets from %s to %s (UTC).\n", m.First.Format(TweetTimeLayout), m.Last.Format(TweetTimeLayout))
	} else {
		b.WriteString("- No tweets.\n")
	}
	b.WriteString("\n| file | bytes | sha256 |\n|---|---|---|\n")
	for _, f := range m.Files {
		fmt.Fprintf(&b, "| %s | %d | %s |\n", f.Name, f.Bytes, f.SHA256)
	}
	b.WriteString("\nEach zip holds the CSV of the same name. Columns are those of the platform's information-operations archives; ")
	fmt.Fprintf(&b, "`tweet_time` is UTC to the minute (%s), `account_creation_date` a UTC date, `latitude`/`longitude` are `absent` without geo, lists are written `[a, b]`.\n\n", TweetTimeLayout)
	b.WriteString("## Release policy\n\n")
	fmt.Fprintf(&b, "Policy applied: %s\n", m.Policy.Describe())
	b.WriteString("A network is released only after a sweep has suspended it; only its members that are suspended at the time of release are included, with all their tweets.\n\n")
	if h := m.LogHead; h != nil {
		b.WriteString("## Moderation log\n\n")
		fmt.Fprintf(&b, "The suspensions behind this release are events of a hash-chained moderation log. At release its last event was number %d, with hash `%s`. ", h.Seq, h.Hash)
		b.WriteString("Each event's hash covers the one before it, so a later log that still holds this event with this hash has not altered, removed or reordered anything up to the release (`botsweep audit verify` checks the chain).\n\n")
	}
	b.WriteString("## Networks\n\n")
	for i, n := range nets {
		fmt.Fprintf(&b, "### Network %s\n\n", n.ID)
		fmt.Fprintf(&b, "- Detected members: %d; released (suspended) accounts: %d.\n", len(n.Members), perNet[i])
		writeDetection(&b, &n, res)
		fmt.Fprintf(&b, "- Attribution as established: %s\n", res.text(oneLine(attributionStatement(&n))))
		for _, c := range n.Attribution {
			fmt.Fprintf(&b, "- Candidate: operation %q, %s confidence, state backed: %v. %s\n", c.Operation, c.Confidence, c.StateBacked, res.text(oneLine(c.Summary)))
			for _, l := range c.Chain {
				fmt.Fprintf(&b, "  - %s → %s → %s\n", res.text(oneLine(l.From)), oneLine(l.Relation), res.text(oneLine(l.To)))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("## Hashing\n\n")
	fmt.Fprintf(&b, "Accounts with fewer than %d followers (or whose follower count is unknown) are not identified: their user id, screen name and display name are all replaced by one stand-in, ", hashBelow)
	b.WriteString("the base64 (standard alphabet, padded) of HMAC-SHA256 of the account's platform id under this release's secret key. ")
	b.WriteString("The same stand-in replaces the account wherever it appears: in both files, in `retweet_userid`, `in_reply_to_userid` and `user_mentions`, and in free text (`tweet_text` such as `RT @handle:`, descriptions, URLs, this README), which is rebuilt token by token: `@handle` mentions, the name in platform profile URLs (`twitter.com/handle`), a handle written as a word when it holds a digit or an underscore, the account id as a standalone number (never inside a date, decimal or amount) and a display name of two or more words. Other words, and the hosts of other URLs, are kept as written, so the same text reads the same in every release. ")
	b.WriteString("An account mentioned only by handle whose account is unknown is replaced by the HMAC of `@` and its lowercased handle. ")
	b.WriteString("The key is not published; stand-ins from different releases (different keys) cannot be linked.\n")
	return b.String()
}

// writeDetection describes what detection found from the network's
// structured evidence (never its free-text summary, which names accounts
// by handle): roles, the strongest ties, the accounts it amplifies and
// those its core follows, each account written by its identity.
func writeDetection(b *strings.Builder, n *botsweep.Network, res *resolver) {
	core := 0
	for _, mem := range n.Members {
		if mem.Role == botsweep.RoleCore {
			core++
		}
	}
	fmt.Fprintf(b, "- Detection: %d core and %d associated members", core, len(n.Members)-core)
	if n.Verdict != "" {
		fmt.Fprintf(b, ", verdict %s", n.Verdict)
	}
	fmt.Fprintf(b, ", score %.2f.\n", n.Score)
	if len(n.Evidence.Signals) > 0 {
		var parts []string
		for _, sg := range n.Evidence.Signals {
			parts = append(parts, fmt.Sprintf("%s (%.0f%% of the weight, %d ties)", res.text(sg.Layer), 100*sg.Weight, sg.Edges))
		}
		fmt.Fprintf(b, "- Tied by: %s.\n", strings.Join(parts, ", "))
	}
	if len(n.Amplified) > 0 {
		var parts []string
		for i, a := range n.Amplified {
			if i == 5 {
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%.0f%% of the members' retweets)", accountRef(a.AccountID, a.ScreenName, res), 100*a.Share))
		}
		fmt.Fprintf(b, "- Amplifies: %s.\n", strings.Join(parts, ", "))
	}
	if len(n.Evidence.Followed) > 0 {
		var parts []string
		for i, f := range n.Evidence.Followed {
			if i == 5 {
				break
			}
			ref := res.account(f.Name)
			if strings.HasPrefix(f.Name, "@") {
				ref = "@" + res.handle(f.Name[1:])
			}
			parts = append(parts, fmt.Sprintf("%s (%d of %d core members)", ref, f.Count, core))
		}
		fmt.Fprintf(b, "- Followed by the core: %s.\n", strings.Join(parts, ", "))
	}
}

// accountRef names an account in prose: @handle when it stays identified,
// else its stand-in.
func accountRef(id, screen string, res *resolver) string {
	if id == "" {
		if screen == "" {
			return "an unknown account"
		}
		return "@" + res.handle(strings.TrimPrefix(screen, "@"))
	}
	if res.hashed(id) {
		return res.account(id)
	}
	if screen != "" {
		return "@" + strings.TrimPrefix(screen, "@")
	}
	return id
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
