package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/botsweep/botsweep"
)

// show network prints the attribution verdict and every link of the chain
// for the retweet network of simulated globus worlds, and "unknown" for
// the networks no chain ties to a prior operation.
func TestShowNetworkPrintsAttributionChain(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates, ingests and detects a world")
	}
	for _, seed := range []string{"2", "9"} {
		t.Run("seed "+seed, func(t *testing.T) {
			tmp := t.TempDir()
			world, st, det := filepath.Join(tmp, "w"), filepath.Join(tmp, "st"), filepath.Join(tmp, "det")
			mustCLI(t, "simulate", "--seed", seed, "--scale", "0.03", "--out", world)
			mustCLI(t, "ingest", "--store", st, world)
			mustCLI(t, "detect", "--store", st, "--out", det)
			raw, err := os.ReadFile(filepath.Join(det, "networks.json"))
			if err != nil {
				t.Fatal(err)
			}
			var nets []botsweep.Network
			if err := json.Unmarshal(raw, &nets); err != nil {
				var wrapped struct{ Networks []botsweep.Network }
				if err2 := json.Unmarshal(raw, &wrapped); err2 != nil {
					t.Fatalf("networks.json: %v", err)
				}
				nets = wrapped.Networks
			}
			backed := 0
			for _, n := range nets {
				// Every member carries its bot score from the embedded model.
				for _, m := range n.Members {
					if m.BotScore == nil || *m.BotScore < 0 || *m.BotScore > 1 {
						t.Fatalf("network %s member %s has bot score %v", n.ID, m.AccountID, m.BotScore)
					}
				}
				if _, ok := n.Evidence.Features["member_bot_score"]; !ok {
					t.Errorf("network %s lacks the member_bot_score feature", n.ID)
				}
				out := mustCLI(t, "show", "network", n.ID, "--store", st)
				if n.StateBacked {
					backed++
					for _, want := range []string{"Attribution: state-backed", "--registered by-->", "--also registered-->", "[high]"} {
						if !strings.Contains(out, want) {
							t.Errorf("show network %s lacks %q:\n%s", n.ID, want, out)
						}
					}
				} else if !strings.Contains(out, "Attribution: unknown") {
					t.Errorf("show network %s (not state backed) does not say unknown", n.ID)
				}
			}
			if backed != 1 {
				t.Errorf("%d networks state backed, want exactly the retweet network", backed)
			}
		})
	}
}
