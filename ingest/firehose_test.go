package ingest

import (
	"bytes"
	"context"
	"strings"
	"testing"

	comatproto "github.com/bluesky-social/indigo/api/atproto"
	"github.com/bluesky-social/indigo/atproto/atcrypto"
	"github.com/bluesky-social/indigo/atproto/atdata"
	"github.com/bluesky-social/indigo/atproto/repo"
	"github.com/bluesky-social/indigo/atproto/repo/mst"
	"github.com/bluesky-social/indigo/atproto/syntax"
	lexutil "github.com/bluesky-social/indigo/lex/util"
	"github.com/botsweep/botsweep"
	blocks "github.com/ipfs/go-block-format"
	"github.com/ipfs/go-cid"
	"github.com/ipfs/go-datastore"
	blockstore "github.com/ipfs/go-ipfs-blockstore"
	"github.com/ipld/go-car"
	carutil "github.com/ipld/go-car/util"
	cbg "github.com/whyrusleeping/cbor-gen"
)

// atRecord is one record of a test repository.
type atRecord struct {
	path string
	rec  map[string]any
}

// testRecords are jsGood's records of jsDID2 in record form.
func testRecords() []atRecord {
	subject := map[string]any{"uri": "at://" + jsDID + "/app.bsky.feed.post/3kaaaaaaaaa22", "cid": "bafyreie2uqdehol676yr6vw26zlu3kgxcsu5n5ab3bamqk4rc24vsjhjxq"}
	return []atRecord{
		{"app.bsky.actor.profile/self", map[string]any{"$type": "app.bsky.actor.profile", "displayName": "Bob", "createdAt": "2023-01-01T00:00:00Z"}},
		{"app.bsky.feed.like/3kddddddddd22", map[string]any{"$type": "app.bsky.feed.like", "subject": subject, "createdAt": "2023-11-14T22:13:23Z"}},
		{"app.bsky.feed.post/3kbbbbbbbbb22", map[string]any{"$type": "app.bsky.feed.post", "text": "re #go", "createdAt": "2023-11-14T22:13:21Z",
			"facets": []any{map[string]any{"index": map[string]any{"byteStart": int64(3), "byteEnd": int64(6)}, "features": []any{map[string]any{"$type": "app.bsky.richtext.facet#tag", "tag": "go"}}}}}},
		{"app.bsky.feed.repost/3kccccccccc22", map[string]any{"$type": "app.bsky.feed.repost", "subject": subject, "createdAt": "2023-11-14T22:13:22Z"}},
		{"app.bsky.graph.follow/3keeeeeeeee22", map[string]any{"$type": "app.bsky.graph.follow", "subject": jsDID, "createdAt": "2023-11-14T22:13:24Z"}},
	}
}

func block(t testing.TB, data []byte) blocks.Block {
	c, err := cid.Prefix{Version: 1, Codec: cid.DagCBOR, MhType: 0x12, MhLength: -1}.Sum(data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := blocks.NewBlockWithCid(data, c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// buildRepo makes a signed repository of recs and returns its CAR export,
// the records' blocks and the commit block.
func buildRepo(t testing.TB, did string, recs []atRecord) (carFile []byte, recBlocks []blocks.Block, commitBlock blocks.Block) {
	ctx := context.Background()
	bs := blockstore.NewBlockstore(datastore.NewMapDatastore())
	tree := mst.NewEmptyTree()
	for _, r := range recs {
		raw, err := atdata.MarshalCBOR(r.rec)
		if err != nil {
			t.Fatal(err)
		}
		b := block(t, raw)
		recBlocks = append(recBlocks, b)
		if err := bs.Put(ctx, b); err != nil {
			t.Fatal(err)
		}
		if _, err := tree.Insert([]byte(r.path), b.Cid()); err != nil {
			t.Fatal(err)
		}
	}
	root, err := tree.WriteDiffBlocks(ctx, bs)
	if err != nil {
		t.Fatal(err)
	}
	key, err := atcrypto.GeneratePrivateKeyK256()
	if err != nil {
		t.Fatal(err)
	}
	c := repo.Commit{DID: did, Version: 3, Data: *root, Rev: syntax.NewTID(1700000000000000, 1).String()}
	if err := c.Sign(key); err != nil {
		t.Fatal(err)
	}
	var cb bytes.Buffer
	if err := c.MarshalCBOR(&cb); err != nil {
		t.Fatal(err)
	}
	commitBlock = block(t, cb.Bytes())
	var out bytes.Buffer
	if err := car.WriteHeader(&car.CarHeader{Roots: []cid.Cid{commitBlock.Cid()}, Version: 1}, &out); err != nil {
		t.Fatal(err)
	}
	carutil.LdWrite(&out, commitBlock.Cid().Bytes(), commitBlock.RawData())
	keys, err := bs.AllKeysChan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k := range keys {
		b, err := bs.Get(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		// The blockstore keys by multihash: every block here is DAG-CBOR.
		carutil.LdWrite(&out, cid.NewCidV1(cid.DagCBOR, k.Hash()).Bytes(), b.RawData())
	}
	return out.Bytes(), recBlocks, commitBlock
}

// commitFrame is a subscribeRepos #commit frame creating recs.
func commitFrame(t testing.TB, did string, recs []atRecord, recBlocks []blocks.Block, commitBlock blocks.Block) []byte {
	var blk bytes.Buffer
	car.WriteHeader(&car.CarHeader{Roots: []cid.Cid{commitBlock.Cid()}, Version: 1}, &blk)
	carutil.LdWrite(&blk, commitBlock.Cid().Bytes(), commitBlock.RawData())
	msg := comatproto.SyncSubscribeRepos_Commit{Repo: did, Rev: syntax.NewTID(1700000000000000, 1).String(), Seq: 1,
		Time: "2023-11-14T22:13:30.000Z", Commit: lexutil.LexLink(commitBlock.Cid()), Blobs: []lexutil.LexLink{}}
	for i, r := range recs {
		carutil.LdWrite(&blk, recBlocks[i].Cid().Bytes(), recBlocks[i].RawData())
		l := lexutil.LexLink(recBlocks[i].Cid())
		msg.Ops = append(msg.Ops, &comatproto.SyncSubscribeRepos_RepoOp{Action: "create", Path: r.path, Cid: &l})
	}
	msg.Blocks = blk.Bytes()
	var out bytes.Buffer
	frameHeader(&out, 1, "#commit")
	if err := msg.MarshalCBOR(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func frameHeader(w *bytes.Buffer, op uint64, typ string) {
	cw := cbg.NewCborWriter(w)
	cw.WriteMajorTypeHeader(cbg.MajMap, 2)
	cw.WriteMajorTypeHeader(cbg.MajTextString, 2)
	cw.WriteString("op")
	cw.WriteMajorTypeHeader(cbg.MajUnsignedInt, op)
	cw.WriteMajorTypeHeader(cbg.MajTextString, 1)
	cw.WriteString("t")
	cw.WriteMajorTypeHeader(cbg.MajTextString, uint64(len(typ)))
	cw.WriteString(typ)
}

func identityFrame(t testing.TB, did, handle string) []byte {
	var out bytes.Buffer
	frameHeader(&out, 1, "#identity")
	id := comatproto.SyncSubscribeRepos_Identity{Did: did, Handle: &handle, Seq: 2, Time: "2023-11-14T22:13:00.000Z"}
	if err := id.MarshalCBOR(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// checkBob checks the records of testRecords as mapped.
func checkBob(t *testing.T, d *botsweep.Dataset, handle string) {
	t.Helper()
	if len(d.Accounts) != 1 || d.Accounts[0].ID != jsDID2 || d.Accounts[0].Name != "Bob" || d.Accounts[0].ScreenName != handle {
		t.Errorf("accounts %+v", d.Accounts)
	}
	kinds := map[botsweep.PostKind]int{}
	for _, p := range d.Posts {
		kinds[p.Kind]++
	}
	if kinds[botsweep.KindOriginal] != 1 || kinds[botsweep.KindRetweet] != 1 || kinds[botsweep.KindLike] != 1 {
		t.Errorf("post kinds %v", kinds)
	}
	if len(d.Follows) != 1 || d.Follows[0].Followee != jsDID {
		t.Errorf("follows %+v", d.Follows)
	}
}

func TestFirehoseAndCAR(t *testing.T) {
	recs := testRecords()
	carFile, recBlocks, commitBlock := buildRepo(t, jsDID2, recs)
	fire := append(identityFrame(t, jsDID2, "bob.bsky.social"), commitFrame(t, jsDID2, recs, recBlocks, commitBlock)...)
	for _, tc := range []struct {
		name   string
		in     []byte
		format Format
		handle string
	}{
		{"firehose", fire, FormatFirehose, "bob.bsky.social"},
		{"repo car", carFile, FormatRepoCAR, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d botsweep.Dataset
			var rejects []Reject
			res, err := Decode(context.Background(), bytes.NewReader(tc.in), Options{Name: "in", OnReject: func(r Reject) error { rejects = append(rejects, r); return nil }}, &d)
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != tc.format || len(rejects) != 0 {
				t.Fatalf("format %s, rejects %v", res.Format, rejects)
			}
			checkBob(t, &d, tc.handle)
		})
	}
	t.Run("truncated firehose keeps the frames before", func(t *testing.T) {
		var d botsweep.Dataset
		var rejects []Reject
		in := fire[:len(fire)-40]
		if _, err := Decode(context.Background(), bytes.NewReader(in), Options{Name: "cap.bin", OnReject: func(r Reject) error { rejects = append(rejects, r); return nil }}, &d); err != nil {
			t.Fatal(err)
		}
		if len(rejects) != 1 || rejects[0].Line != 2 || !strings.Contains(rejects[0].Reason, "#commit") {
			t.Errorf("rejects %v, want frame 2's #commit", rejects)
		}
		if len(d.Accounts) != 1 || d.Accounts[0].ScreenName != "bob.bsky.social" {
			t.Errorf("the identity frame before was lost: %+v", d.Accounts)
		}
	})
}

func FuzzFirehose(f *testing.F) {
	recs := testRecords()
	_, recBlocks, commitBlock := buildRepo(f, jsDID2, recs)
	f.Add(append(identityFrame(f, jsDID2, "bob.bsky.social"), commitFrame(f, jsDID2, recs, recBlocks, commitBlock)...))
	f.Add(identityFrame(f, jsDID2, "x.test"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzDecodeAT(t, b, FormatFirehose) })
}

func FuzzRepoCAR(f *testing.F) {
	carFile, _, _ := buildRepo(f, jsDID2, testRecords())
	f.Add(carFile)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzDecodeAT(t, b, FormatRepoCAR) })
}

// fuzzDecodeAT decodes b as a binary AT Protocol format: whatever it holds, no panic, and every
// post it yields has an at:// id.
func fuzzDecodeAT(t *testing.T, b []byte, format Format) {
	var d botsweep.Dataset
	Decode(context.Background(), bytes.NewReader(b), Options{Format: format}, &d)
	for _, p := range d.Posts {
		if !strings.HasPrefix(p.ID, "at://did:") {
			t.Fatalf("post %+v", p)
		}
	}
}
