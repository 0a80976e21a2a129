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

// WriteAccountsCSV writes one row per flagged account with the header
// account_id,screen_name,network_id,role,score, networks in rank order and
// members in their network's order (core first).
func WriteAccountsCSV(w io.Writer, nets []botsweep.Network) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(AccountsHeader); err != nil {
		return err
	}
	for _, n := range nets {
		for _, m := range n.Members {
			if err := cw.Write([]string{m.AccountID, m.ScreenName, n.ID, string(m.Role), strconv.FormatFloat(m.Score, 'f', 3, 64)}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
