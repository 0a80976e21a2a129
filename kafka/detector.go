package kafka

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/detect"
)

// Alert says a network is new, or grew, since the previous detection run.
type Alert struct {
	Kind      string    `json:"kind"` // "new" or "grown"
	NetworkID string    `json:"network_id"`
	Size      int       `json:"size"`
	PrevSize  int       `json:"prev_size,omitempty"`
	Score     float64   `json:"score"`
	Summary   string    `json:"summary"`
	EventTime time.Time `json:"event_time"` // latest event time when it was flagged
}

// String renders the alert as one log line.
func (a Alert) String() string {
	if a.Kind == "grown" {
		return fmt.Sprintf("ALERT network %s grew from %d to %d accounts (score %.2f) at %s: %s",
			a.NetworkID, a.PrevSize, a.Size, a.Score, a.EventTime.Format(time.RFC3339), a.Summary)
	}
	return fmt.Sprintf("ALERT new network %s of %d accounts (score %.2f) at %s: %s",
		a.NetworkID, a.Size, a.Score, a.EventTime.Format(time.RFC3339), a.Summary)
}

// StreamDetectOptions are the detection options the stream uses over its
// window: a pair of accounts is tied from its first co-share inside the
// window (MinPairItems 1), so a network is flagged at its first burst
// rather than after it has repeated; network scoring still has to find it
// coordinated. Batch detection keeps the stricter default (2 items).
//
// Stage 1 has no volume bar (detect.Options): the null-model test
// (MinSignificance, MinLift) has to reject chance, and an alert is triage
// for an analyst, never a sweep: enforcement comes from batch detection
// with the calibrated defaults.
func StreamDetectOptions() detect.Options {
	return detect.Options{MinPairItems: 1}
}

// DetectFunc runs detection over a source; the stream passes detect.Run.
type DetectFunc func(ctx context.Context, src botsweep.Source) ([]botsweep.Network, error)

// Detector reruns detection over a Window and raises alerts for networks
// that are new or have grown since the previous run.
type Detector struct {
	// Window is what detection runs over.
	Window *Window
	// Detect runs detection. Required.
	Detect DetectFunc
	// Every is the event time between runs: a run happens when the
	// window's latest event is at least Every after the previous run's.
	// Default 10m.
	Every time.Duration
	// Grow is the relative growth that counts as grown. Default 0.1.
	Grow float64
	// OnAlert receives each alert. Optional.
	OnAlert func(Alert)
	// Webhook, when set, receives each alert as a JSON POST.
	Webhook string
	// OnWebhookError receives a failed webhook delivery; the stream goes
	// on (an alert is also a log line). Default: ignore.
	OnWebhookError func(Alert, error)
	// Client posts to the webhook. Default: a client with a 10 s timeout.
	Client *http.Client
	// OnRun, when set, receives each run's networks.
	OnRun func(latest time.Time, networks []botsweep.Network)

	lastRun time.Time
	prev    map[string][]string // network id -> sorted member ids
}

// MaybeRun runs detection when enough event time has passed since the last
// run. It returns the alerts raised (nil when it did not run).
func (d *Detector) MaybeRun(ctx context.Context) ([]Alert, error) {
	every := d.Every
	if every <= 0 {
		every = 10 * time.Minute
	}
	latest := d.Window.Latest()
	if latest.IsZero() || (!d.lastRun.IsZero() && latest.Sub(d.lastRun) < every) {
		return nil, nil
	}
	return d.Run(ctx)
}

// Run runs detection now over the window.
func (d *Detector) Run(ctx context.Context) ([]Alert, error) {
	latest := d.Window.Latest()
	d.lastRun = latest
	nets, err := d.Detect(ctx, d.Window.Snapshot())
	if err != nil {
		return nil, err
	}
	if d.OnRun != nil {
		d.OnRun(latest, nets)
	}
	alerts := d.diff(nets, latest)
	for _, a := range alerts {
		if d.OnAlert != nil {
			d.OnAlert(a)
		}
		if d.Webhook != "" {
			if err := d.post(ctx, a); err != nil && d.OnWebhookError != nil {
				d.OnWebhookError(a, err)
			}
		}
	}
	return alerts, nil
}

// diff compares this run's networks with the previous run's by member
// overlap: a network that shares under half its members with every
// previous one is new; one whose best match was smaller by Grow is grown.
func (d *Detector) diff(nets []botsweep.Network, latest time.Time) []Alert {
	grow := d.Grow
	if grow <= 0 {
		grow = 0.1
	}
	// Index the previous members once.
	owner := make(map[string][]string) // account -> previous networks holding it
	for id, members := range d.prev {
		for _, m := range members {
			owner[m] = append(owner[m], id)
		}
	}
	var alerts []Alert
	next := make(map[string][]string, len(nets))
	for i := range nets {
		n := &nets[i]
		members := make([]string, len(n.Members))
		for j, m := range n.Members {
			members[j] = m.AccountID
		}
		sort.Strings(members)
		next[n.ID] = members
		overlap := make(map[string]int)
		for _, m := range members {
			for _, id := range owner[m] {
				overlap[id]++
			}
		}
		best, bestN := "", 0
		for id, k := range overlap {
			if k > bestN || (k == bestN && id < best) {
				best, bestN = id, k
			}
		}
		a := Alert{NetworkID: n.ID, Size: len(members), Score: n.Score, Summary: n.Summary, EventTime: latest}
		switch {
		case best == "" || float64(bestN) < 0.5*float64(len(members)):
			a.Kind = "new"
			alerts = append(alerts, a)
		case float64(len(members)) >= (1+grow)*float64(len(d.prev[best])):
			a.Kind, a.PrevSize = "grown", len(d.prev[best])
			alerts = append(alerts, a)
		}
	}
	d.prev = next
	return alerts
}

func (d *Detector) post(ctx context.Context, a Alert) error {
	body, err := json.Marshal(a)
	if err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "encode alert: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Webhook, bytes.NewReader(body))
	if err != nil {
		return botsweep.Errorf(botsweep.EINVALID, "webhook %q: %w", d.Webhook, err)
	}
	req.Header.Set("Content-Type", "application/json")
	cl := d.Client
	if cl == nil {
		cl = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := cl.Do(req)
	if err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode/100 != 2 {
		return botsweep.Errorf(botsweep.EINTERNAL, "webhook answered %s", resp.Status)
	}
	return nil
}
