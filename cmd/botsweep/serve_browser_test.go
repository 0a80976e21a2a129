package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/botsweep/botsweep/httpapi/httpapitest"
	"github.com/chromedp/chromedp"
)

// pageProblems is evaluated on every page: text a person should never see
// and charts drawn as bare axes.
const pageProblems = `(() => {
  const p = [];
  const t = document.body.innerText;
  for (const bad of ["[object ", "undefined", "NaN"]) if (t.includes(bad)) p.push("page shows " + JSON.stringify(bad));
  document.querySelectorAll(".chart").forEach((c) => {
    if (!c.querySelector("canvas") && !c.querySelector(".no-data")) p.push("chart #" + c.id + " has neither a drawing nor a no-data note");
  });
  return p.join("; ");
})()`

// TestDashboardPages runs the real demo (simulate, ingest, detect, sweep
// one network), serves its store with `botsweep serve` and, in headless
// chromium, reads every page as a person would: the queue, the waiting
// Globus network (graph, charts, evidence), the sweep flow from preview to
// a page updated without a reload, the swept follower farm, @TheGlobus's
// account with the networks that amplify it, the follower impact with "Was
// it even?", and the campaigns. Numbers on screen are compared with the
// API's. Screenshots go to $BOTSWEEP_SCREENS (docs/screens in the README)
// when set, else to the artifact directory.
func TestDashboardPages(t *testing.T) {
	if testing.Short() {
		t.Skip("short: skipping the pipeline + browser test")
	}
	ctx := httpapitest.Browser(t) // skips early without chromium
	dir := t.TempDir()
	if status, out, stderr := cli(t, "", "demo", "--no-serve", "--dir", dir); status != 0 {
		t.Fatalf("demo: %d\n%s\n%s", status, tail(out, 30), stderr)
	}
	storeDir := filepath.Join(dir, "store")
	_, out, _ := cli(t, "", "token", "create", "--store", storeDir, "--role", "admin", "--name", "lead")
	token := strings.TrimSpace(out)
	base, _ := startServe(t, storeDir)
	apiGet := func(path string, v any) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %s", path, res.Status)
		}
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var list struct {
		Networks []struct {
			ID           string `json:"id"`
			Size         int    `json:"size"`
			Swept        bool   `json:"swept"`
			TopAmplified string `json:"top_amplified"`
			Summary      string `json:"summary"`
		} `json:"networks"`
	}
	apiGet("/api/networks", &list)
	var waiting, swept, sweptSummary string
	waitingSize := 0
	for _, n := range list.Networks {
		if !n.Swept && n.TopAmplified == "TheGlobus" && waiting == "" {
			waiting, waitingSize = n.ID, n.Size
		}
		if n.Swept && swept == "" {
			swept, sweptSummary = n.ID, n.Summary
		}
	}
	if waiting == "" || swept == "" {
		t.Fatalf("the demo should leave the Globus network open and sweep another: %+v", list.Networks)
	}

	shots := os.Getenv("BOTSWEEP_SCREENS")
	if shots == "" {
		shots = httpapitest.ArtifactDir(t)
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	var polled bool
	poll := func(expr string) chromedp.Action[chromedp.Void] {
		return httpapitest.Into(&polled, chromedp.Poll[bool](expr))
	}
	text := func(sel string, dst *string) chromedp.Action[chromedp.Void] {
		return httpapitest.Into(dst, chromedp.Text(css(sel)))
	}
	type seen struct{ page, text, problems string }
	var pages []*seen
	// look records what a person sees on the page now, and its problems.
	look := func(name string) chromedp.Action[chromedp.Void] {
		p := &seen{page: name}
		pages = append(pages, p)
		return chromedp.Steps(
			httpapitest.Into(&p.text, chromedp.Evaluate[string](`document.body.innerText`)),
			httpapitest.Into(&p.problems, chromedp.Evaluate[string](pageProblems)),
			httpapitest.Screenshot(shots, name+".png"),
		)
	}
	var (
		openBadge, sweptBadge, members, sweepsBefore, graphNodes, graphNote, legend, creationAxis, found      string
		preview, result, sweepsAfter, suspendedAfter, graphSuspended, total, farmEdges, farmLegend, farmDelay string
		amplifiedBy, lost, findings, changes, farmPreview                                                     string
		farmConfirm                                                                                           bool
	)
	err := chromedp.Do(ctx,
		httpapitest.SignIn(base, token),
		text(`tr.net-row[data-id="`+waiting+`"] td:last-child`, &openBadge),
		text(`tr.net-row[data-id="`+swept+`"] td:last-child`, &sweptBadge),
		look("queue"),

		chromedp.Click(css(`tr.net-row[data-id="`+waiting+`"] a.net-link`)),
		chromedp.WaitVisible(css(`body[data-ready="/network/`+waiting+`"]`)),
		chromedp.WaitVisible(css(`#graph[data-nodes]`)),
		chromedp.WaitVisible(css(`#creation-chart canvas`)),
		text(`.stats div:nth-child(2) b`, &members),
		text(`#sweep-count`, &sweepsBefore),
		httpapitest.Attr(`#graph`, "data-nodes", &graphNodes),
		httpapitest.Attr(`#creation-chart`, "data-axis", &creationAxis),
		text(`#graph-note`, &graphNote),
		text(`#graph-legend`, &legend),
		chromedp.SendKeys(css(`#graph-search`), "TheGlobus"),
		chromedp.Click(css(`.graph-tools button[type=submit]`)),
		chromedp.Click(css(`#zoom-in`)),
		text(`#graph-search-result`, &found),
		look("network"),

		chromedp.Click(css(`#sweep-button`)),
		chromedp.WaitVisible(css(`#sweep-preview`)),
		text(`#preview-count`, &preview),
		look("sweep-preview"),
		chromedp.Click(css(`#confirm-sweep`)),
		chromedp.WaitVisible(css(`#sweep-result`)),
		text(`#sweep-result h3`, &result),
		// No reload: the counters, the sweep list and the graph colours follow.
		poll(`document.getElementById("sweep-count").textContent === "1" && document.getElementById("network-state").textContent === "swept"`),
		text(`#suspended-count`, &suspendedAfter),
		text(`#sweep-count`, &sweepsAfter),
		httpapitest.Attr(`#graph`, "data-suspended", &graphSuspended),
		poll(`document.getElementById("sweep-total").textContent === "2 sweeps"`),
		text(`#sweep-total`, &total),
		look("sweep-done"),

		chromedp.Navigate(base+"/#/network/"+swept),
		chromedp.WaitVisible(css(`body[data-ready="/network/`+swept+`"]`)),
		chromedp.WaitVisible(css(`#graph[data-nodes]`)),
		httpapitest.Attr(`#graph`, "data-edges", &farmEdges),
		text(`#graph-legend`, &farmLegend),
		chromedp.WaitVisible(css(`#delay-chart canvas, #delay-chart .no-data`)),
		httpapitest.Into(&farmDelay, chromedp.Evaluate[string](`(e => e.getAttribute("aria-label") || e.innerText)(document.getElementById("delay-chart"))`)),
		chromedp.Click(css(`#sweep-button`)),
		chromedp.WaitVisible(css(`#sweep-preview`)),
		text(`#sweep-preview`, &farmPreview),
		httpapitest.Into(&farmConfirm, chromedp.Evaluate[bool](`!!document.getElementById("confirm-sweep")`)),
		look("network-swept"),

		chromedp.Navigate(base+"/#/account/TheGlobus"),
		chromedp.WaitVisible(css(`body[data-ready="/account/TheGlobus"]`)),
		text(`#amplified-by`, &amplifiedBy),
		look("account"),

		chromedp.Navigate(base+"/#/impact/TheGlobus"),
		chromedp.WaitVisible(css(`body[data-ready="/impact/TheGlobus"]`)),
		chromedp.WaitVisible(css(`#report-chart canvas`)),
		text(`#impact-lost`, &lost),
		text(`#findings`, &findings),
		text(`#account-impact`, &changes),
		look("impact"),

		chromedp.Navigate(base+"/#/campaigns"),
		chromedp.WaitVisible(css(`body[data-ready="/campaigns"]`)),
		look("campaigns"),
	)
	if err != nil {
		t.Fatalf("browser: %v (screenshots in %s)", err, shots)
	}
	t.Logf("screenshots in %s", shots)

	for _, p := range pages {
		if p.problems != "" {
			t.Errorf("%s page: %s", p.page, p.problems)
		}
	}
	var detail struct {
		Size      int      `json:"size"`
		Suspended []string `json:"suspended"`
	}
	apiGet("/api/networks/"+waiting, &detail)
	var acct struct {
		AmplifiedBy []struct {
			ID    string  `json:"id"`
			Share float64 `json:"share"`
		} `json:"amplified_by"`
	}
	apiGet("/api/accounts/TheGlobus", &acct)
	var imp struct {
		Lost    int64 `json:"lost"`
		BySweep []struct {
			SweepID string `json:"sweep_id"`
		} `json:"by_sweep"`
	}
	apiGet("/api/accounts/TheGlobus/impact", &imp)
	var rep struct {
		Findings []string `json:"findings"`
	}
	apiGet("/api/impact/report", &rep)

	atoi := func(s string) int { n, _ := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), ",", "")); return n }
	contains := func(name, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %.600q does not show %q", name, got, w)
			}
		}
	}
	contains("queue status of the Globus network", openBadge, "open")
	contains("queue status of the demo's sweep", sweptBadge, "swept")
	contains("queue", pages[0].text, "Review queue", waiting, swept, "@TheGlobus")
	if atoi(members) != waitingSize || atoi(members) != detail.Size {
		t.Errorf("network page shows %s members, the API %d", members, detail.Size)
	}
	if sweepsBefore != "0" {
		t.Errorf("the waiting network shows %s sweeps before any", sweepsBefore)
	}
	if n := atoi(graphNodes); n < waitingSize/2 {
		t.Errorf("graph draws %d nodes of a %d-member network", n, waitingSize)
	}
	if creationAxis != "time" {
		t.Errorf("creation dates drawn on a %q axis, want time", creationAxis)
	}
	contains("graph note", graphNote, "members drawn")
	if waitingSize >= 150 {
		contains("graph note of a large network", graphNote, "readable core", "strongest ties")
	}
	contains("graph legend", legend, "core", "suspended", "co-retweet", "follow-set")
	contains("graph search", found, "Found @TheGlobus", "amplified")
	contains("network page", pages[1].text, "Amplified accounts", "@TheGlobus", "Not swept yet")

	contains("sweep result", result, "done")
	if n := atoi(preview); n == 0 || n != len(detail.Suspended) || atoi(suspendedAfter) != n {
		t.Errorf("preview said %s would be suspended; the page then shows %s suspended; the API %d", preview, suspendedAfter, len(detail.Suspended))
	}
	if sweepsAfter != "1" || total != "2 sweeps" {
		t.Errorf("after the sweep the page shows %s sweeps of the network and %q in all, want 1 and 2 sweeps", sweepsAfter, total)
	}
	if n := atoi(graphSuspended); n == 0 {
		t.Errorf("graph shows %q suspended nodes after the sweep", graphSuspended)
	}
	contains("sweep-done page", pages[3].text, "sweep-2")

	if atoi(farmEdges) == 0 {
		t.Errorf("the swept network's graph draws no ties")
	}
	if strings.Contains(pages[4].text, "unconnected") {
		t.Errorf("swept network page: %q", pages[4].text)
	}
	if !strings.Contains(farmDelay, "no retweets in this network") && !strings.Contains(farmDelay, "Retweet delay") {
		t.Errorf("swept network's delay chart: %q", farmDelay)
	}
	contains("sweep preview of a swept network", farmPreview, "already suspended")
	if farmConfirm {
		t.Errorf("a network with every member suspended offers a confirm button")
	}
	if strings.Contains(sweptSummary, "follow-set") && strings.Contains(farmLegend, "(follow-set): none") {
		t.Errorf("a network tied mainly by follow-set draws no follow-set ties: %q", farmLegend)
	}

	if len(acct.AmplifiedBy) == 0 {
		t.Fatalf("API: no network amplifies TheGlobus")
	}
	for _, a := range acct.AmplifiedBy {
		contains("@TheGlobus amplified by", amplifiedBy, a.ID, fmt.Sprintf("%.1f%%", 100*a.Share))
	}
	if strings.Contains(pages[5].text, "not listed in any network") || strings.Contains(pages[5].text, "Not listed in any network") {
		t.Errorf("account page still says it is in no network:\n%s", pages[5].text)
	}

	if int64(atoi(lost)) != imp.Lost || imp.Lost == 0 {
		t.Errorf("impact page: TheGlobus lost %s, the API %d", lost, imp.Lost)
	}
	contains("impact page", pages[6].text, "Was it even?")
	for _, f := range rep.Findings {
		contains("Was it even?", findings, f)
	}
	if len(rep.Findings) == 0 {
		t.Errorf("the report has no findings after two sweeps")
	}
	for _, s := range imp.BySweep {
		contains("changes between sweeps", changes, s.SweepID)
	}
	contains("campaigns page", pages[7].text, "Sanctioned campaigns", "#TakeBackDay", "💊")
}
