package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/httpapi/httpapitest"
	"github.com/botsweep/botsweep/sim"
	"github.com/chromedp/chromedp"
)

// TestDashboardOnDemoWorld runs the real pipeline on the demo world
// (simulate, ingest, detect), serves it with `botsweep serve`, and in
// headless chromium opens the top network, previews and runs a sweep, and
// sees the follower impact. Screenshots go to $BOTSWEEP_ARTIFACTS.
func TestDashboardOnDemoWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("short: skipping the pipeline + browser test")
	}
	ctx := httpapitest.Browser(t) // skips early without chromium
	dir := t.TempDir()
	worldDir, storeDir, detDir := filepath.Join(dir, "world"), filepath.Join(dir, "store"), filepath.Join(dir, "detected")
	cfg, err := sim.Default("globus")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Seed, cfg.Scale = 1, demoScale
	if _, err := sim.WriteWorld(context.Background(), cfg, worldDir); err != nil {
		t.Fatal(err)
	}
	args := []string{"ingest", "--store", storeDir}
	for _, f := range []string{sim.FileUsers, sim.FileTweets, sim.FileFollows, sim.FileOperations, sim.FileDomains, sim.FileCampaigns} {
		args = append(args, filepath.Join(worldDir, f))
	}
	for _, a := range [][]string{args, {"detect", "--store", storeDir, "--out", detDir}} {
		if status, _, stderr := cli(t, "", a...); status != 0 {
			t.Fatalf("%s: %d %s", a[0], status, stderr)
		}
	}
	_, out, _ := cli(t, "", "token", "create", "--store", storeDir, "--role", "admin", "--name", "lead")
	token := strings.TrimSpace(out)
	base, _ := startServe(t, storeDir)

	shots := httpapitest.ArtifactDir(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	var firstID, preview, result, lost, campaign, nodes string
	err = chromedp.Do(ctx,
		httpapitest.SignIn(base, token),
		httpapitest.Attr(`tr.net-row`, "data-id", &firstID),
		httpapitest.Screenshot(shots, "1-queue.png"),
		chromedp.Click(css(`tr.net-row a.net-link`)),
		chromedp.WaitVisible(css(`#graph[data-nodes]`)),
		httpapitest.Attr(`#graph`, "data-nodes", &nodes),
		chromedp.WaitVisible(css(`#creation-chart canvas`)),
		httpapitest.Screenshot(shots, "2-network.png"),
		chromedp.Click(css(`#sweep-button`)),
		chromedp.WaitVisible(css(`#sweep-preview`)),
		httpapitest.Into(&preview, chromedp.Text(css(`#preview-count`))),
		httpapitest.Screenshot(shots, "3-sweep-preview.png"),
		chromedp.Click(css(`#confirm-sweep`)),
		chromedp.WaitVisible(css(`#sweep-result`)),
		httpapitest.Into(&result, chromedp.Text(css(`#sweep-result h3`))),
		httpapitest.Screenshot(shots, "4-sweep-done.png"),
		chromedp.Navigate(base+"/#/impact/TheGlobus"),
		chromedp.WaitVisible(css(`body[data-ready="/impact/TheGlobus"]`)),
		chromedp.WaitVisible(css(`#report-chart canvas`)),
		httpapitest.Into(&lost, chromedp.Text(css(`#impact-lost`))),
		httpapitest.Screenshot(shots, "5-impact.png"),
		chromedp.Navigate(base+"/#/campaigns"),
		chromedp.WaitVisible(css(`body[data-ready="/campaigns"]`)),
		httpapitest.Into(&campaign, chromedp.Text(css(`#app`))),
		httpapitest.Screenshot(shots, "6-campaigns.png"),
	)
	if err != nil {
		t.Fatalf("browser: %v (screenshots in %s)", err, shots)
	}
	t.Logf("network %s (%s nodes): would suspend %s; %q; TheGlobus lost %s; screenshots in %s", firstID, nodes, preview, result, lost, shots)
	if n, _ := strconv.Atoi(strings.ReplaceAll(preview, ",", "")); n == 0 {
		t.Errorf("sweep preview suspends %q accounts", preview)
	}
	if !strings.HasSuffix(result, " done") {
		t.Errorf("sweep result %q", result)
	}
	if n, _ := strconv.Atoi(strings.ReplaceAll(lost, ",", "")); n == 0 {
		t.Errorf("TheGlobus lost %q followers after sweeping the top network", lost)
	}
	if !strings.Contains(campaign, "#TakeBackDay") {
		t.Errorf("campaigns page: %.200q", campaign)
	}
}
