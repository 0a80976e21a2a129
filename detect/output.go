package detect

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/botsweep/botsweep"
)

// AccountsHeader is the header of accounts.csv.
var AccountsHeader = []string{"account_id", "screen_name", "network_id", "role", "score"}

// WriteNetworksJSON writes the networks as an indented JSON array (an empty
// array when there are none).
func WriteNetworksJSON(w io.Writer, nets []botsweep.Network) error {
	if nets == nil {
		nets = []botsweep.Network{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(nets)
}

// CoordinatedHeader is the header of coordinated.csv.
var CoordinatedHeader = []string{"account_id", "group_id", "significance"}

// Enforceable reports whether a network is an enforcement candidate: judged
// inauthentic, or stored before verdicts existed (empty verdict).
func Enforceable(n *botsweep.Network) bool {
	return n.Verdict == botsweep.VerdictInauthentic || n.Verdict == ""
}

// WriteAccountsCSV writes one row per enforcement candidate (member of an
// inauthentic network) with the header
// account_id,screen_name,network_id,role,score, networks in rank order and
// members in their network's order (core first). Coordinated-only groups
// are not listed (see WriteCoordinatedCSV).
func WriteAccountsCSV(w io.Writer, nets []botsweep.Network) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(AccountsHeader); err != nil {
		return err
	}
	for i := range nets {
		n := &nets[i]
		if !Enforceable(n) {
			continue
		}
		for _, m := range n.Members {
			if err := cw.Write([]string{m.AccountID, m.ScreenName, n.ID, string(m.Role), strconv.FormatFloat(m.Score, 'f', 3, 64)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteCoordinatedCSV writes one row per member of a coordinated-only group
// (coordinated beyond chance, not judged inauthentic) with the header
// account_id,group_id,significance: the group's network id and its
// coordination significance (-log10 likelihood ratio against the null
// model, see docs/DETECTION.md).
func WriteCoordinatedCSV(w io.Writer, nets []botsweep.Network) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CoordinatedHeader); err != nil {
		return err
	}
	for i := range nets {
		n := &nets[i]
		if Enforceable(n) {
			continue
		}
		sig := 0.0
		if n.Evidence.Coordination != nil {
			sig = n.Evidence.Coordination.Significance
		}
		for _, m := range n.Members {
			if err := cw.Write([]string{m.AccountID, n.ID, strconv.FormatFloat(sig, 'f', 3, 64)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
