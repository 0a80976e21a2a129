package httpapi

import (
	"context"
	"math"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes registers every endpoint. Everything but /healthz and the static
// dashboard needs a valid token.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	metricsHandler := promhttp.HandlerFor(s.opts.Registry, promhttp.HandlerOpts{})
	m.Handle("GET /metrics", s.require(RoleViewer, func(w http.ResponseWriter, r *http.Request) error {
		metricsHandler.ServeHTTP(w, r)
		return nil
	}))
	m.Handle("GET /openapi.json", s.require(RoleViewer, s.handleOpenAPI))
	m.Handle("GET /api/whoami", s.require(RoleViewer, s.handleWhoami))
	m.Handle("GET /api/networks", s.require(RoleViewer, s.handleNetworks))
	m.Handle("GET /api/networks/{id}", s.require(RoleViewer, s.handleNetwork))
	m.Handle("GET /api/networks/{id}/graph", s.require(RoleViewer, s.handleGraph))
	m.Handle("GET /api/accounts/{id}", s.require(RoleViewer, s.handleAccount))
	m.Handle("GET /api/accounts/{id}/impact", s.require(RoleViewer, s.handleAccountImpact))
	m.Handle("GET /api/impact/report", s.require(RoleViewer, s.handleReport))
	m.Handle("GET /api/sweeps", s.require(RoleViewer, s.handleSweeps))
	m.Handle("POST /api/sweeps", s.require(RoleViewer, s.handleSweep)) // role checked inside: dry runs are open to viewers
	m.Handle("GET /api/appeals", s.require(RoleViewer, s.handleAppeals))
	m.Handle("POST /api/appeals", s.require(RoleAnalyst, s.handleFileAppeal))
	m.Handle("POST /api/appeals/{account}/resolve", s.require(RoleAnalyst, s.handleResolveAppeal))
	m.Handle("GET /api/campaigns", s.require(RoleViewer, s.handleCampaigns))
	m.Handle("GET /api/archive", s.require(RoleAnalyst, s.handleArchive))
	m.Handle("GET /api/tokens", s.require(RoleAdmin, s.handleTokens))
	m.Handle("POST /api/tokens", s.require(RoleAdmin, s.handleCreateToken))
	m.Handle("DELETE /api/tokens/{name}", s.require(RoleAdmin, s.handleRevokeToken))
	// Any other /api path: authenticate first, then 404, so nothing leaks
	// which paths exist to a caller without a token.
	m.Handle("/api/", s.require(RoleViewer, func(w http.ResponseWriter, r *http.Request) error {
		return botsweep.Errorf(botsweep.ENOTFOUND, "no endpoint %s %s", r.Method, r.URL.Path)
	}))
	if s.opts.Dashboard != nil {
		m.Handle("/", noFraming(s.opts.Dashboard))
	}
}

func (s *Server) handleWhoami(w http.ResponseWriter, r *http.Request) error {
	p, _ := PrincipalFrom(r.Context())
	writeJSON(w, http.StatusOK, map[string]string{"name": p.Name, "role": p.Role.String()})
	return nil
}

// NetworkSummary is a network as the ranked queue lists it.
type NetworkSummary struct {
	ID           string    `json:"id"`
	Rank         int       `json:"rank"`
	Score        float64   `json:"score"`
	Size         int       `json:"size"`
	Core         int       `json:"core"`
	Associated   int       `json:"associated"`
	Summary      string    `json:"summary"`
	StateBacked  bool      `json:"state_backed"`
	TopAmplified string    `json:"top_amplified,omitempty"` // screen name most retweeted
	Attribution  string    `json:"attribution,omitempty"`   // strongest candidate's operation
	Confidence   string    `json:"confidence,omitempty"`    // and its tier
	Swept        bool      `json:"swept"`                   // named by at least one sweep
	DetectedAt   time.Time `json:"detected_at"`
}

// NetworkList is the body of GET /api/networks.
type NetworkList struct {
	Total    int              `json:"total"` // networks matching the filter
	Networks []NetworkSummary `json:"networks"`
}

func summarize(n *botsweep.Network) NetworkSummary {
	ns := NetworkSummary{ID: n.ID, Rank: n.Rank, Score: n.Score, Size: n.Size, Summary: n.Summary,
		StateBacked: n.StateBacked, DetectedAt: n.DetectedAt}
	for _, m := range n.Members {
		if m.Role == botsweep.RoleAssociated {
			ns.Associated++
		} else {
			ns.Core++
		}
	}
	if len(n.Amplified) > 0 {
		ns.TopAmplified = n.Amplified[0].ScreenName
	}
	if len(n.Attribution) > 0 {
		best := n.Attribution[0]
		for _, a := range n.Attribution[1:] {
			if tierRank(a.Confidence) > tierRank(best.Confidence) {
				best = a
			}
		}
		ns.Attribution, ns.Confidence = best.Operation, string(best.Confidence)
	}
	return ns
}

func tierRank(c botsweep.Confidence) int {
	switch c {
	case botsweep.ConfidenceHigh:
		return 3
	case botsweep.ConfidenceMedium:
		return 2
	case botsweep.ConfidenceLow:
		return 1
	}
	return 0
}

func queryFloat(r *http.Request, name string) (float64, bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false, botsweep.Errorf(botsweep.EINVALID, "query %s=%q is not a finite number", name, v)
	}
	return f, true, nil
}

func queryInt(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, botsweep.Errorf(botsweep.EINVALID, "query %s=%q is not a non-negative integer", name, v)
	}
	return n, nil
}

func (s *Server) sweptNetworks(r *http.Request) (map[string]bool, error) {
	swept := map[string]bool{}
	if s.opts.Moderation == nil {
		return swept, nil
	}
	sweeps, err := s.opts.Moderation.Sweeps(r.Context())
	if err != nil {
		return nil, err
	}
	for _, sw := range sweeps {
		for _, id := range sw.Networks {
			swept[id] = true
		}
	}
	return swept, nil
}

func (s *Server) handleNetworks(w http.ResponseWriter, r *http.Request) error {
	minScore, hasMin, err := queryFloat(r, "min_score")
	if err != nil {
		return err
	}
	minSize, err := queryInt(r, "min_size", 0)
	if err != nil {
		return err
	}
	maxSize, err := queryInt(r, "max_size", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return err
	}
	offset, err := queryInt(r, "offset", 0)
	if err != nil {
		return err
	}
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	sb := r.URL.Query().Get("state_backed")
	if sb != "" && sb != "true" && sb != "false" {
		return botsweep.Errorf(botsweep.EINVALID, "query state_backed=%q: want true or false", sb)
	}
	nets, _, err := s.networks(r.Context())
	if err != nil {
		return err
	}
	swept, err := s.sweptNetworks(r)
	if err != nil {
		return err
	}
	out := NetworkList{Networks: []NetworkSummary{}}
	for i := range nets {
		n := &nets[i]
		if hasMin && n.Score < minScore || n.Size < minSize || maxSize > 0 && n.Size > maxSize {
			continue
		}
		if sb != "" && strconv.FormatBool(n.StateBacked) != sb {
			continue
		}
		if q != "" && !networkMatches(n, q) {
			continue
		}
		out.Total++
		if out.Total <= offset || len(out.Networks) >= limit {
			continue
		}
		ns := summarize(n)
		ns.Swept = swept[n.ID]
		out.Networks = append(out.Networks, ns)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// networkMatches reports whether q (lowercase) occurs in the network's id,
// summary, amplified accounts, domains, hashtags, attribution or member
// screen names.
func networkMatches(n *botsweep.Network, q string) bool {
	has := func(s string) bool { return strings.Contains(strings.ToLower(s), q) }
	if has(n.ID) || has(n.Summary) {
		return true
	}
	for _, a := range n.Amplified {
		if has(a.ScreenName) || a.AccountID == q {
			return true
		}
	}
	for _, d := range n.Evidence.Domains {
		if has(d.Name) {
			return true
		}
	}
	for _, h := range n.Evidence.Hashtags {
		if has(h.Name) {
			return true
		}
	}
	for _, a := range n.Attribution {
		if has(a.Operation) || has(a.Attribution) {
			return true
		}
	}
	for _, m := range n.Members {
		if has(m.ScreenName) || m.AccountID == q {
			return true
		}
	}
	return false
}

// NetworkDetail is the body of GET /api/networks/{id}: the network with its
// evidence and attribution, and which of its members are suspended now.
type NetworkDetail struct {
	botsweep.Network
	Suspended []string         `json:"suspended"` // member ids suspended now
	Sweeps    []botsweep.Sweep `json:"sweeps"`    // sweeps that named this network
}

func (s *Server) handleNetwork(w http.ResponseWriter, r *http.Request) error {
	n, err := s.network(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := NetworkDetail{Network: *n, Suspended: []string{}, Sweeps: []botsweep.Sweep{}}
	if mod := s.opts.Moderation; mod != nil {
		for _, m := range n.Members {
			st, err := mod.Status(r.Context(), m.AccountID)
			if err != nil {
				return err
			}
			if st == botsweep.StatusSuspended {
				d.Suspended = append(d.Suspended, m.AccountID)
			}
		}
		sweeps, err := mod.Sweeps(r.Context())
		if err != nil {
			return err
		}
		for _, sw := range sweeps {
			for _, id := range sw.Networks {
				if id == n.ID {
					d.Sweeps = append(d.Sweeps, sw)
					break
				}
			}
		}
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// AccountNetwork is a network an account is listed in.
type AccountNetwork struct {
	ID      string        `json:"id"`
	Rank    int           `json:"rank"`
	Score   float64       `json:"score"`
	Role    botsweep.Role `json:"role"`
	Tie     float64       `json:"tie"` // the member's tie to the network
	Reasons []string      `json:"reasons"`
}

// AccountDetail is the body of GET /api/accounts/{id}.
type AccountDetail struct {
	Account  *botsweep.Account `json:"account"`
	BotScore *float64          `json:"bot_score"` // null when unscored
	// BotScoreSource says where BotScore comes from: "network" (scored with
	// its behaviour when detection listed it), "profile" (the account model
	// on the stored profile alone), or empty when unscored.
	BotScoreSource string              `json:"bot_score_source,omitempty"`
	Status         botsweep.Status     `json:"status"`
	History        []botsweep.ModEvent `json:"history"`
	Networks       []AccountNetwork    `json:"networks"`
	// AmplifiedBy lists the networks whose members retweet this account,
	// with its share of each network's retweets, highest share first.
	AmplifiedBy []AmplifyingNetwork `json:"amplified_by"`
}

// AmplifyingNetwork is a network that amplifies an account.
type AmplifyingNetwork struct {
	ID       string  `json:"id"`
	Rank     int     `json:"rank"`
	Score    float64 `json:"score"`
	Size     int     `json:"size"`
	Retweets int     `json:"retweets"` // members' retweets of the account
	Share    float64 `json:"share"`    // of all the members' retweets
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	key := r.PathValue("id")
	acct, err := s.lookupAccount(r, key)
	if err != nil {
		return err
	}
	d := AccountDetail{Account: acct, Status: botsweep.StatusActive, History: []botsweep.ModEvent{}, Networks: []AccountNetwork{}, AmplifiedBy: []AmplifyingNetwork{}}
	nets, _, err := s.networks(ctx)
	if err != nil {
		return err
	}
	for i := range nets {
		for _, a := range nets[i].Amplified {
			if a.AccountID == acct.ID {
				d.AmplifiedBy = append(d.AmplifiedBy, AmplifyingNetwork{ID: nets[i].ID, Rank: nets[i].Rank, Score: nets[i].Score,
					Size: nets[i].Size, Retweets: a.Retweets, Share: a.Share})
			}
		}
		for _, m := range nets[i].Members {
			if m.AccountID != acct.ID {
				continue
			}
			d.Networks = append(d.Networks, AccountNetwork{ID: nets[i].ID, Rank: nets[i].Rank, Score: nets[i].Score,
				Role: m.Role, Tie: m.Score, Reasons: m.Reasons})
			if d.BotScore == nil && m.BotScore != nil {
				v := *m.BotScore
				d.BotScore = &v
			}
		}
	}
	sort.SliceStable(d.AmplifiedBy, func(i, j int) bool { return d.AmplifiedBy[i].Share > d.AmplifiedBy[j].Share })
	if d.BotScore != nil {
		d.BotScoreSource = "network"
	} else if s.opts.Scores != nil {
		v, ok, err := s.opts.Scores.BotScore(ctx, acct.ID)
		if err != nil {
			return err
		}
		if ok {
			d.BotScore, d.BotScoreSource = &v, "profile"
		}
	}
	if mod := s.opts.Moderation; mod != nil {
		if d.Status, err = mod.Status(ctx, acct.ID); err != nil {
			return err
		}
		hist, err := mod.History(ctx, acct.ID)
		if err != nil {
			return err
		}
		if hist != nil {
			d.History = hist
		}
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// lookupAccount finds an account by id or screen name: in the account
// backend, else among network members and amplified accounts.
func (s *Server) lookupAccount(r *http.Request, key string) (*botsweep.Account, error) {
	key = strings.TrimPrefix(strings.TrimSpace(key), "@")
	if key == "" {
		return nil, botsweep.Errorf(botsweep.EINVALID, "no account given")
	}
	if s.opts.Accounts != nil {
		a, err := s.opts.Accounts.Account(r.Context(), key)
		if err == nil {
			return a, nil
		}
		if botsweep.ErrorCode(err) != botsweep.ENOTFOUND {
			return nil, err
		}
	}
	nets, _, err := s.networks(r.Context())
	if err != nil {
		return nil, err
	}
	for i := range nets {
		for _, m := range nets[i].Members {
			if m.AccountID == key || strings.EqualFold(m.ScreenName, key) {
				return &botsweep.Account{ID: m.AccountID, ScreenName: m.ScreenName}, nil
			}
		}
		for _, a := range nets[i].Amplified {
			if a.AccountID == key || strings.EqualFold(a.ScreenName, key) {
				return &botsweep.Account{ID: a.AccountID, ScreenName: a.ScreenName}, nil
			}
		}
	}
	return nil, botsweep.Errorf(botsweep.ENOTFOUND, "account %q not found", key)
}

func (s *Server) handleAccountImpact(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Impact == nil {
		return notConfigured("follower impact")
	}
	acct, err := s.lookupAccount(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := s.impactJSON(r.Context(), "account\x00"+acct.ID, func(ctx context.Context) (any, error) {
		return s.opts.Impact.AccountImpact(ctx, acct.ID)
	})
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusOK, b)
	return nil
}

func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Impact == nil {
		return notConfigured("follower impact")
	}
	b, err := s.impactJSON(r.Context(), "report", s.opts.Impact.Report)
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusOK, b)
	return nil
}

func (s *Server) handleSweeps(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Moderation == nil {
		return notConfigured("moderation")
	}
	sweeps, err := s.opts.Moderation.Sweeps(r.Context())
	if err != nil {
		return err
	}
	if sweeps == nil {
		sweeps = []botsweep.Sweep{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"sweeps": sweeps})
	return nil
}

func (s *Server) handleSweep(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Moderation == nil {
		return notConfigured("moderation")
	}
	var req SweepRequest
	if err := s.decode(w, r, &req); err != nil {
		return err
	}
	if !req.DryRun {
		if err := need(r, RoleAnalyst, "run a sweep"); err != nil {
			return err
		}
	}
	if req.Override {
		if err := need(r, RoleAdmin, "override the circuit breaker"); err != nil {
			return err
		}
	}
	if !req.All && len(req.Networks) == 0 {
		return botsweep.Errorf(botsweep.EINVALID, "a sweep needs networks (\"networks\": [ids]) or \"all\": true")
	}
	if req.All && len(req.Networks) > 0 {
		return botsweep.Errorf(botsweep.EINVALID, "give either networks or all, not both")
	}
	if req.Reason == "" {
		req.Reason = botsweep.ReasonPlatformManipulation
	}
	for _, id := range req.Networks {
		if _, err := s.network(r.Context(), id); err != nil {
			return err
		}
	}
	p, _ := PrincipalFrom(r.Context())
	req.Actor = p.Name
	res, err := s.opts.Moderation.Sweep(r.Context(), req)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if res.DryRun {
		status = http.StatusOK
	}
	writeJSON(w, status, res)
	return nil
}

func (s *Server) handleAppeals(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Moderation == nil {
		return notConfigured("moderation")
	}
	appeals, err := s.opts.Moderation.Appeals(r.Context())
	if err != nil {
		return err
	}
	if appeals == nil {
		appeals = []Appeal{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"appeals": appeals})
	return nil
}

func (s *Server) handleFileAppeal(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Moderation == nil {
		return notConfigured("moderation")
	}
	var req AppealRequest
	if err := s.decode(w, r, &req); err != nil {
		return err
	}
	acct, err := s.lookupAccount(r, req.Account)
	if err != nil {
		return err
	}
	p, _ := PrincipalFrom(r.Context())
	req.Account, req.Actor = acct.ID, p.Name
	ev, err := s.opts.Moderation.FileAppeal(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ev)
	return nil
}

func (s *Server) handleResolveAppeal(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Moderation == nil {
		return notConfigured("moderation")
	}
	var req ResolveRequest
	if err := s.decode(w, r, &req); err != nil {
		return err
	}
	if req.Outcome != "upheld" && req.Outcome != "reinstated" {
		return botsweep.Errorf(botsweep.EINVALID, "outcome %q: want upheld or reinstated", req.Outcome)
	}
	acct, err := s.lookupAccount(r, r.PathValue("account"))
	if err != nil {
		return err
	}
	p, _ := PrincipalFrom(r.Context())
	req.Account, req.Actor = acct.ID, p.Name
	ev, err := s.opts.Moderation.ResolveAppeal(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ev)
	return nil
}

// CampaignView is a sanctioned campaign as the API lists it.
type CampaignView struct {
	botsweep.Campaign
	Active bool `json:"active"` // the server's clock is inside its window
}

func (s *Server) handleCampaigns(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Campaigns == nil {
		return notConfigured("campaigns")
	}
	now := s.opts.Now()
	out := []CampaignView{}
	err := s.opts.Campaigns.EachCampaign(r.Context(), func(c *botsweep.Campaign) error {
		out = append(out, CampaignView{Campaign: *c, Active: c.Covers(now)})
		return nil
	})
	if err != nil {
		return err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Starts.Before(out[j].Starts) })
	writeJSON(w, http.StatusOK, map[string]any{"campaigns": out})
	return nil
}

func (s *Server) handleArchive(w http.ResponseWriter, r *http.Request) error {
	if s.opts.Archive == nil {
		return notConfigured("archive download (start serve with --archive-key-file)")
	}
	req := ArchiveRequest{Networks: r.URL.Query()["network"], Policy: r.URL.Query().Get("policy")}
	if len(req.Networks) == 0 {
		return botsweep.Errorf(botsweep.EINVALID, "name the networks to archive: ?network=ID (repeatable)")
	}
	if req.Policy == "" {
		req.Policy = "state-backed"
	}
	if req.Policy != "state-backed" && req.Policy != "any-swept" {
		return botsweep.Errorf(botsweep.EINVALID, "policy %q: want state-backed or any-swept", req.Policy)
	}
	for _, id := range req.Networks {
		if _, err := s.network(r.Context(), id); err != nil {
			return err
		}
	}
	// Write to a temporary file first, so a refusal or failure half-way is
	// an error response rather than a truncated 200.
	f, err := os.CreateTemp("", "botsweep-archive-*.zip")
	if err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := s.opts.Archive.WriteArchive(r.Context(), f, req); err != nil {
		return err
	}
	if _, err := f.Seek(0, 0); err != nil {
		return botsweep.Errorf(botsweep.EINTERNAL, "archive: %w", err)
	}
	name := "botsweep-archive-" + strings.Join(req.Networks, "-") + ".zip"
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+sanitizeFilename(name)+`"`)
	http.ServeContent(w, r, name, time.Time{}, f)
	return nil
}

func sanitizeFilename(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

// TokenView is a token as admins list it: never its secret.
type TokenView struct {
	Name    string    `json:"name"`
	Role    string    `json:"role"`
	Created time.Time `json:"created"`
}

func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) error {
	toks, err := s.opts.Tokens.Tokens(r.Context())
	if err != nil {
		return err
	}
	out := []TokenView{}
	for _, t := range toks {
		out = append(out, TokenView{Name: t.Name, Role: t.Role, Created: t.Created})
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
	return nil
}

// CreateTokenRequest is the body of POST /api/tokens.
type CreateTokenRequest struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// CreatedToken is the answer to POST /api/tokens; the secret is shown once.
type CreatedToken struct {
	TokenView
	Token string `json:"token"`
}

func (s *Server) handleCreateToken(w http.ResponseWriter, r *http.Request) error {
	var req CreateTokenRequest
	if err := s.decode(w, r, &req); err != nil {
		return err
	}
	role, err := ParseRole(req.Role)
	if err != nil {
		return err
	}
	secret, tok, err := s.opts.Tokens.CreateToken(r.Context(), req.Name, role.String())
	if err != nil {
		return err
	}
	if err := s.logAdmin(r, "token:"+tok.Name, "issued API token "+tok.Name+" with role "+tok.Role); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, CreatedToken{TokenView: TokenView{Name: tok.Name, Role: tok.Role, Created: tok.Created}, Token: secret})
	return nil
}

func (s *Server) handleRevokeToken(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	if err := s.opts.Tokens.RevokeToken(r.Context(), name); err != nil {
		return err
	}
	if err := s.logAdmin(r, "token:"+name, "revoked API token "+name); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"revoked": name})
	return nil
}

// logAdmin records an administrative action in the moderation log.
func (s *Server) logAdmin(r *http.Request, subject, note string) error {
	if s.opts.Moderation == nil {
		return nil
	}
	p, _ := PrincipalFrom(r.Context())
	return s.opts.Moderation.Comment(r.Context(), p.Name, subject, note)
}
