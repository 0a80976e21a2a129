package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/httpapi/httpapitest"
	"github.com/chromedp/chromedp"
)

func css(s string) chromedp.CSS { return chromedp.CSS(s) }

// TestBrowserSweepFlow signs in as an analyst on the demo world, opens the
// top network, previews a sweep's impact, runs it and sees the follower
// impact, keeping a screenshot of each step.
func TestBrowserSweepFlow(t *testing.T) {
	f := newFixture(t, 0)
	ctx := httpapitest.Browser(t)
	dir := httpapitest.ArtifactDir(t)
	var rows, preview, result, lost, renderer, nodes, campaign, status string
	err := chromedp.Do(ctx,
		httpapitest.SignIn(f.srv.URL, analyst),
		httpapitest.Into(&rows, chromedp.Evaluate[string](`String(document.querySelectorAll("tr.net-row").length)`)),
		httpapitest.Screenshot(dir, "1-queue.png"),

		chromedp.Click(css(`tr.net-row[data-id="N1"] a.net-link`)),
		chromedp.WaitVisible(css(`body[data-ready="/network/N1"]`)),
		chromedp.WaitVisible(css(`#graph[data-nodes]`)),
		httpapitest.Attr(`#graph`, "data-renderer", &renderer),
		httpapitest.Attr(`#graph`, "data-nodes", &nodes),
		chromedp.WaitVisible(css(`#creation-chart canvas`)),
		chromedp.WaitVisible(css(`#delay-chart canvas`)),
		httpapitest.Screenshot(dir, "2-network.png"),

		chromedp.Click(css(`#sweep-button`)),
		chromedp.WaitVisible(css(`#sweep-preview`)),
		httpapitest.Into(&preview, chromedp.Text(css(`#preview-count`))),
		httpapitest.Screenshot(dir, "3-sweep-preview.png"),

		chromedp.Click(css(`#confirm-sweep`)),
		chromedp.WaitVisible(css(`#sweep-result`)),
		httpapitest.Into(&result, chromedp.Text(css(`#sweep-result h3`))),
		httpapitest.Screenshot(dir, "4-sweep-done.png"),

		chromedp.Navigate(f.srv.URL+"/#/impact/TheGlobus"),
		chromedp.WaitVisible(css(`body[data-ready="/impact/TheGlobus"]`)),
		chromedp.WaitVisible(css(`#report-chart canvas`)),
		httpapitest.Into(&lost, chromedp.Text(css(`#impact-lost`))),
		httpapitest.Screenshot(dir, "5-impact.png"),

		chromedp.Navigate(f.srv.URL+"/#/account/globus_fan0"),
		chromedp.WaitVisible(css(`body[data-ready="/account/globus_fan0"]`)),
		httpapitest.Into(&status, chromedp.Text(css(`#account-status`))),
		httpapitest.Screenshot(dir, "6-account.png"),

		chromedp.Navigate(f.srv.URL+"/#/campaigns"),
		chromedp.WaitVisible(css(`body[data-ready="/campaigns"]`)),
		httpapitest.Into(&campaign, chromedp.Text(css(`.campaign h2`))),
		httpapitest.Screenshot(dir, "7-campaigns.png"),
	)
	if err != nil {
		t.Fatalf("browser: %v (screenshots in %s)", err, dir)
	}
	t.Logf("screenshots in %s; graph drawn with %s", dir, renderer)
	checks := []struct{ name, got, want string }{
		{"queue rows", rows, "2"},
		{"graph nodes", nodes, "214"}, // 210 members, 2 amplified, 1 domain, 1 followed by most members
		{"preview count", preview, "210"},
		{"sweep result", result, "Sweep S1 done"},
		{"TheGlobus lost", lost, "210"},
		{"member status", status, "suspended"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !strings.Contains(campaign, "💊") || !strings.Contains(campaign, "#TakeBackDay") {
		t.Errorf("campaign heading %q lacks the emoji beside the hashtag", campaign)
	}
	if len(f.world.Events()) != 210 || f.world.Events()[0].Actor != "alice" {
		t.Errorf("sweep through the browser logged %d events", len(f.world.Events()))
	}
}

// TestBrowserViewerCannotSweep: a viewer sees the impact preview but the
// confirm button is disabled, and a token that stops working sends the page
// back to sign-in.
func TestBrowserViewerCannotSweep(t *testing.T) {
	f := newFixture(t, 0)
	ctx := httpapitest.Browser(t)
	var disabled bool
	var loginShown bool
	err := chromedp.Do(ctx,
		httpapitest.SignIn(f.srv.URL, viewer),
		chromedp.Navigate(f.srv.URL+"/#/network/N2"),
		chromedp.WaitVisible(css(`body[data-ready="/network/N2"]`)),
		chromedp.Click(css(`#sweep-button`)),
		chromedp.WaitVisible(css(`#sweep-preview`)),
		httpapitest.Into(&disabled, chromedp.Evaluate[bool](`document.querySelector("#confirm-sweep").disabled`)),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](`localStorage.setItem("botsweep.token", "bsw_revoked"); location.reload(); true`)(ctx, t)
			return err
		}),
		chromedp.WaitVisible(css(`#token-input`)),
		httpapitest.Into(&loginShown, chromedp.Evaluate[bool](`!document.getElementById("login").hidden`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !disabled {
		t.Error("a viewer can press the confirm button")
	}
	if !loginShown {
		t.Error("an invalid token did not bring back the sign-in")
	}
	if n := len(f.world.Events()); n != 0 {
		t.Errorf("viewer session wrote %d events", n)
	}
}
