package store

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/botsweep/botsweep"
)

// viewOf is what a view says of a post, for comparing with the post.
type viewOf struct {
	kind                                 botsweep.PostKind
	author, retweetOf, retweetOfAccount  string
	client                               string
	number                               string // RetweetOfNumber, "-" when not a number
	createdAt                            time.Time
	hasRetweetOfAccount, plain, hasRtKey bool
}

func viewFields(v botsweep.PostView) viewOf {
	return viewOf{kind: v.Kind(), author: v.AuthorID(), retweetOf: v.RetweetOf(), retweetOfAccount: v.RetweetOfAccount(),
		client: string(v.Client()), number: viewNumber(v), createdAt: v.CreatedAt(), hasRetweetOfAccount: v.HasRetweetOfAccount(),
		plain: v.Plain(), hasRtKey: len(v.RetweetOfKey()) > 1}
}

func postFields(p *botsweep.Post) viewOf {
	plain := p.Text == "" && p.Lang == "" && p.ReplyTo == "" && p.ReplyToAccount == "" && p.Quotes == "" &&
		p.QuotesAccount == "" && len(p.Hashtags) == 0 && len(p.URLs) == 0 && len(p.Domains) == 0 &&
		len(p.Mentions) == 0 && !p.HasGeo
	return viewOf{kind: p.Kind, author: p.AccountID, retweetOf: p.RetweetOf, retweetOfAccount: p.RetweetOfAccount,
		client: p.Client, number: canonicalDecimal(p.RetweetOf), createdAt: p.CreatedAt, hasRetweetOfAccount: p.RetweetOfAccount != "", plain: plain,
		hasRtKey: p.RetweetOf != ""}
}

func viewNumber(v botsweep.PostView) string {
	if n, ok := v.RetweetOfNumber(); ok {
		return strconv.FormatUint(n, 10)
	}
	return "-"
}

// canonicalDecimal is id when it is a canonical decimal uint64, else "-".
func canonicalDecimal(id string) string {
	if n, err := strconv.ParseUint(id, 10, 64); err == nil && strconv.FormatUint(n, 10) == id {
		return id
	}
	return "-"
}

// TestPostViews: a view of every stored post says what the decoded post
// says, in EachPost's order; Author is one dense id per account; packed
// retweeted-post keys are equal exactly when the ids are.
func TestPostViews(t *testing.T) {
	at := time.Date(2024, 3, 1, 12, 0, 0, 5, time.UTC)
	posts := []botsweep.Post{
		{ID: "1", AccountID: "12345", Kind: botsweep.KindOriginal, CreatedAt: at, Text: "hello #a", Lang: "en",
			Client: "Twitter Web App", Hashtags: []string{"a"}, URLs: []string{"https://x.org/1"}, Domains: []string{"x.org"},
			Mentions: []botsweep.Mention{{ID: "9", ScreenName: "x"}}, HasGeo: true, Latitude: 1, Longitude: 2},
		{ID: "2", AccountID: "85d2d12251a735ce05255061f7f231e2", Kind: botsweep.KindRetweet, CreatedAt: at.Add(time.Minute),
			RetweetOf: "1", RetweetOfAccount: "12345", Client: "bot"},
		{ID: "3", AccountID: "u-weird id", Kind: botsweep.KindRetweet, CreatedAt: at.Add(2 * time.Minute), RetweetOf: "1"},
		{ID: "4", AccountID: "12345", Kind: botsweep.KindRetweet, CreatedAt: at.Add(3 * time.Minute), RetweetOf: "obj/α"},
		{ID: "5", AccountID: "u-weird id", Kind: botsweep.KindRetweet, CreatedAt: at, RetweetOf: "0ff", Text: "RT text"},
		{ID: "6", AccountID: "777", Kind: botsweep.KindRetweet, RetweetOf: "0ff", Hashtags: []string{"h"}},
		{ID: "7", AccountID: "777", Kind: botsweep.KindReply, CreatedAt: at, ReplyTo: "1"},
		{ID: "8", AccountID: "777", Kind: botsweep.KindQuote, CreatedAt: at, Quotes: "1", QuotesAccount: "12345"},
		{ID: "9", AccountID: "777", Kind: botsweep.KindRetweet, CreatedAt: at, RetweetOf: "0ff", HasGeo: true},
		{ID: "10", AccountID: "778", Kind: botsweep.KindRetweet, CreatedAt: at, RetweetOf: "0ff", Mentions: []botsweep.Mention{{ID: "1"}}},
		{ID: "11", AccountID: "778", Kind: botsweep.KindLike, CreatedAt: at, RetweetOf: "1"},
		{ID: "12", AccountID: "778", Kind: botsweep.KindRetweet, CreatedAt: at},
	}
	s := storeWithPosts(t, posts)
	ctx := context.Background()
	var want []botsweep.Post
	if err := s.EachPost(ctx, func(p *botsweep.Post) error { want = append(want, *p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(want) != len(posts) {
		t.Fatalf("EachPost gave %d posts, want %d", len(want), len(posts))
	}
	authorOf := map[uint32]string{}
	keyOf := map[string]string{}
	i := 0
	err := s.EachPostView(ctx, func(v botsweep.PostView) error {
		p := &want[i]
		i++
		if got, exp := viewFields(v), postFields(p); got != exp {
			t.Errorf("post %s: view %+v, want %+v", p.ID, got, exp)
		}
		var q botsweep.Post
		if err := v.Decode(&q); err != nil || q.ID != p.ID || q.Text != p.Text || len(q.Hashtags) != len(p.Hashtags) {
			t.Errorf("post %s: Decode gave %+v (%v)", p.ID, q, err)
		}
		if a, ok := authorOf[v.Author()]; ok && a != p.AccountID {
			t.Errorf("dense author %d is both %s and %s", v.Author(), a, p.AccountID)
		}
		authorOf[v.Author()] = p.AccountID
		if k := v.RetweetOfKey(); p.RetweetOf != "" {
			if id, ok := keyOf[string(k)]; ok && id != p.RetweetOf {
				t.Errorf("packed key %x is both %s and %s", k, id, p.RetweetOf)
			}
			keyOf[string(k)] = p.RetweetOf
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != len(want) {
		t.Errorf("EachPostView gave %d posts, EachPost %d", i, len(want))
	}
	if len(authorOf) != 5 {
		t.Errorf("%d dense authors, want 5", len(authorOf))
	}
	if len(keyOf) != 3 {
		t.Errorf("%d distinct retweeted keys, want 3 (1, obj/α, 0ff)", len(keyOf))
	}
	for _, tc := range []struct {
		name string
		kind botsweep.PostKind
		want int64
	}{{"retweets", botsweep.KindRetweet, 8}, {"likes", botsweep.KindLike, 1}, {"originals", botsweep.KindOriginal, 1}, {"unknown kind", 99, 0}} {
		if n, err := s.PostCount(ctx, tc.kind); err != nil || n != tc.want {
			t.Errorf("PostCount %s = %d (%v), want %d", tc.name, n, err, tc.want)
		}
	}
}

// FuzzPostView: any bytes either fail to parse or give a view that agrees
// with decodePost on the same record.
func FuzzPostView(f *testing.F) {
	f.Add(encodePost(nil, &botsweep.Post{ID: "1", AccountID: "ab", Kind: botsweep.KindRetweet, RetweetOf: "77",
		RetweetOfAccount: "x y", Client: "c", CreatedAt: time.Unix(5, 6)}, 3))
	f.Add(encodePost(nil, &botsweep.Post{ID: "1", AccountID: "ab", Kind: botsweep.KindQuote, Hashtags: []string{"x"},
		Mentions: []botsweep.Mention{{ID: "2", ScreenName: "y"}}, HasGeo: true, CreatedAt: time.Unix(5, 6)}, 3))
	f.Add([]byte{1, 1, 0, 0, 0, 0, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		var v postView
		if parsePostView(b, &v) != nil {
			return
		}
		var p botsweep.Post
		if err := decodePost(b, &p); err != nil {
			return // the view reads less of the record than decodePost
		}
		if got, exp := viewFields(&v), postFields(&p); got != exp {
			// A corrupt count may make decodePost skip a list that the
			// view reads: compare only what both read from one place.
			if got.kind != exp.kind || got.author != exp.author || got.retweetOf != exp.retweetOf ||
				got.retweetOfAccount != exp.retweetOfAccount || !got.createdAt.Equal(exp.createdAt) {
				t.Errorf("view %+v, post %+v", got, exp)
			}
		}
		if !bytes.Equal(v.rec, b) {
			t.Errorf("view holds another record")
		}
	})
}

// TestPostViewParts: the parts of the post range, read one after the
// other, give every post once in EachPostView's order, of about equal
// sizes, for any number of parts, on stores of one kind (a share table)
// and of every kind with ids interleaved.
func TestPostViewParts(t *testing.T) {
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	kinds := []botsweep.PostKind{botsweep.KindOriginal, botsweep.KindRetweet, botsweep.KindReply, botsweep.KindQuote, botsweep.KindLike}
	cases := []struct {
		name  string
		n     int
		kind  func(i int) botsweep.PostKind
		even  bool // parts within a few posts of n/parts
		parts []int
	}{
		{"share table", 3001, func(int) botsweep.PostKind { return botsweep.KindRetweet }, true, []int{1, 2, 3, 5, 8}},
		{"every kind interleaved", 2003, func(i int) botsweep.PostKind { return kinds[i*7%5] }, true, []int{2, 3, 4, 7}},
		{"mostly originals", 1500, func(i int) botsweep.PostKind { return kinds[min(i%11, 1)] }, false, []int{2, 6}},
		{"fewer posts than parts", 3, func(int) botsweep.PostKind { return botsweep.KindRetweet }, false, []int{2, 5}},
		{"no posts", 0, nil, false, []int{2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var posts []botsweep.Post
			for i := range tc.n {
				k := tc.kind(i)
				p := botsweep.Post{ID: fmt.Sprint(100000 + i), AccountID: fmt.Sprint(i % 97), Kind: k, CreatedAt: at.Add(time.Duration(i) * time.Second)}
				if k == botsweep.KindRetweet || k == botsweep.KindLike {
					p.RetweetOf = fmt.Sprint(i % 13)
				}
				posts = append(posts, p)
			}
			s := storeWithPosts(t, posts)
			ctx := context.Background()
			want := viewIDs(t, s.EachPostView)
			if len(want) != tc.n {
				t.Fatalf("EachPostView gave %d posts, want %d", len(want), tc.n)
			}
			for _, parts := range tc.parts {
				scans, err := s.PostViewParts(ctx, parts)
				if err != nil {
					t.Fatal(err)
				}
				if len(scans) < 1 || len(scans) > parts {
					t.Fatalf("%d parts asked, %d given", parts, len(scans))
				}
				if tc.n >= parts*10 && len(scans) != parts {
					t.Errorf("%d posts in %d parts: %d given", tc.n, parts, len(scans))
				}
				var got []string
				for i, scan := range scans {
					ids := viewIDs(t, scan)
					got = append(got, ids...)
					if size := len(ids); tc.even && (size < tc.n/parts-5 || size > tc.n/parts+5) {
						t.Errorf("%d parts: part %d has %d posts, want about %d", parts, i, size, tc.n/parts)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%d parts: %d posts read, not EachPostView's %d in its order", parts, len(got), len(want))
				}
			}
		})
	}
}

// storeWithPosts is a new store holding posts.
func storeWithPosts(t *testing.T, posts []botsweep.Post) *Store {
	t.Helper()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w, err := s.NewWriter(WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range posts {
		if err := w.Post(&posts[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return s
}

// viewIDs is the ids of the posts a scan gives, in its order.
func viewIDs(t *testing.T, scan botsweep.PostViewScan) []string {
	t.Helper()
	var ids []string
	if err := scan(context.Background(), func(v botsweep.PostView) error {
		var p botsweep.Post
		if err := v.Decode(&p); err != nil {
			return err
		}
		ids = append(ids, p.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ids
}
