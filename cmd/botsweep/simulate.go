package main

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/botsweep/botsweep/sim"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() { commands = append(commands, newSimulateCmd) }

func newSimulateCmd(e *env) *cobra.Command {
	var (
		scenario, out, configFile, format string
		seed                              int64
		scale                             float64
	)
	c := &cobra.Command{
		Use:   "simulate --out DIR [--scenario NAME] [--seed N] [--scale X] [--format world|sharetable|jetstream] [--config FILE.json] [--PARAM VALUE...]",
		Short: "Write a simulated world with planted networks and its ground truth",
		Long: `simulate writes a synthetic world of a Twitter-like platform in the formats
botsweep ingests: tweets.jsonl and users.jsonl (Twitter API v1.1), follows.csv,
prior_operations.json, domains.csv, campaigns.json, plus truth.csv
(account_id,screen_name,label,kind) and scenario.json (the parameters used).

Scenarios: ` + strings.Join(sim.Scenarios(), ", ") + ` (default globus); random draws every
parameter from wide ranges for each seed and adds authentic coordinated humans
(superfans, activist rooms, live-event crowds, news junkies) and aged amplifiers.
--without LABELS leaves groups out (hold-out families; "bots" for no bots).
--format sharetable writes only shares.csv (object_id,account_id,content_id,
timestamp_share: the world's retweets) with truth.csv; the crowd scenario
(` + strings.Join(sim.ShareTableScenarios(), ", ") + `) is share-table only: ordinary accounts sharing popular posts
plus a botnet retweeting one source (--network 0 for none; scale 1 is 50,000 +
5,000 accounts, about 5M rows; default scale 0.02); crowd-random draws its
knobs per seed.

Every parameter of the scenario can be set with --config FILE.json (fields as
in scenario.json) and then with its own flag; times are RFC 3339, durations are
seconds. The same parameters and seed give byte-identical files. See
docs/SIMULATOR.md.

--format jetstream writes the same world as Bluesky Jetstream events,
jetstream.jsonl (every event in time order: DIDs, at:// URIs, TIDs), in place
of tweets.jsonl, users.jsonl and follows.csv, with truth.csv keyed by DID.
See docs/BLUESKY.md.`,
		Args: cobra.NoArgs,
	}
	f := c.Flags()
	f.StringVar(&scenario, "scenario", "globus", "scenario preset: "+strings.Join(append(sim.Scenarios(), sim.ShareTableScenarios()...), ", "))
	f.Int64Var(&seed, "seed", 1, "random seed")
	f.Float64Var(&scale, "scale", 1, "multiplies every group size; 1 is the 5,000-bot case")
	f.StringVar(&out, "out", "", "output directory (required)")
	f.StringVar(&configFile, "config", "", "JSON scenario file overriding the preset")
	f.StringVar(&format, "format", "world", "world (every Twitter API v1.1 file; v1 is the same), sharetable (shares.csv and truth.csv) or jetstream (Bluesky events)")
	params := addConfigFlags(f)
	c.RunE = func(c *cobra.Command, _ []string) error {
		if out == "" {
			return &usageError{fmt.Errorf("--out DIR is required")}
		}
		switch format {
		case "world", "v1", "sharetable", "jetstream":
		default:
			return &usageError{fmt.Errorf("--format %q: want world, sharetable or jetstream", format)}
		}
		cfg, err := simConfig(c, scenario, configFile, seed, params)
		if err != nil {
			return err
		}
		if f.Changed("seed") || configFile == "" {
			cfg.Seed = seed
		}
		if f.Changed("scale") || (configFile == "" && !slices.Contains(sim.ShareTableScenarios(), cfg.Scenario)) {
			cfg.Scale = scale
		}
		if format == "v1" {
			format = "world"
		}
		shareOnly := slices.Contains(sim.ShareTableScenarios(), cfg.Scenario)
		if shareOnly && format != "sharetable" {
			if f.Changed("format") {
				return &usageError{fmt.Errorf("scenario %s is a share table only: use --format sharetable", cfg.Scenario)}
			}
			format = "sharetable"
		}
		start := e.now()
		var truth *sim.Truth
		rows := -1
		switch format {
		case "sharetable":
			truth, rows, err = sim.WriteShareTable(ctxOf(c), cfg, out)
		case "world":
			truth, err = sim.WriteWorld(ctxOf(c), cfg, out)
		case "jetstream":
			truth, err = sim.WriteJetstream(ctxOf(c), cfg, out)
		default:
			return &usageError{fmt.Errorf("--format %q: want world, sharetable or jetstream", format)}
		}
		if err != nil {
			return err
		}
		counts := map[string]int{}
		for _, r := range truth.Rows {
			counts[r.Label]++
		}
		var parts []string
		for _, l := range append(sim.Labels(), sim.LabelCrowd, sim.LabelCrowdBotnet) {
			if counts[l] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", l, counts[l]))
			}
		}
		if rows >= 0 {
			parts = append(parts, fmt.Sprintf("%d share rows", rows))
		}
		fmt.Fprintf(e.stdout, "wrote %s world (seed %d, scale %g) to %s: %d accounts (%s) in %s\n",
			cfg.Scenario, cfg.Seed, cfg.Scale, out, len(truth.Rows), strings.Join(parts, ", "), e.now().Sub(start).Round(time.Millisecond))
		return nil
	}
	return c
}

// configFlag is a flag bound to one field of sim.Config.
type configFlag struct {
	name  string
	field int
}

// skipped are the Config fields with their own dedicated flags.
var skippedConfigFields = map[string]bool{"scenario": true, "seed": true, "scale": true}

// addConfigFlags adds one flag per field of sim.Config, named after its
// JSON name with dashes; values are parsed when the command runs.
func addConfigFlags(f *pflag.FlagSet) []configFlag {
	def, _ := sim.Default("globus")
	v := reflect.ValueOf(def)
	t := v.Type()
	var out []configFlag
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		if tag == "" || skippedConfigFields[tag] {
			continue
		}
		name := strings.ReplaceAll(tag, "_", "-")
		usage := "scenario parameter " + tag + " (default from the scenario: " + formatField(v.Field(i)) + ")"
		f.String(name, "", usage)
		out = append(out, configFlag{name: name, field: i})
	}
	return out
}

func formatField(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case time.Time:
		return x.Format(time.RFC3339)
	case []int:
		s := make([]string, len(x))
		for i, n := range x {
			s[i] = strconv.Itoa(n)
		}
		return strings.Join(s, ",")
	}
	return fmt.Sprint(v.Interface())
}

// simConfig builds the Config: the scenario's preset, then the config
// file, then every parameter flag given.
//
// The random scenario draws its preset from the seed.
func simConfig(c *cobra.Command, scenario, file string, seed int64, params []configFlag) (sim.Config, error) {
	var cfg sim.Config
	var err error
	if file != "" {
		cfg, err = sim.LoadConfig(file)
		if err == nil && c.Flags().Changed("scenario") && cfg.Scenario != scenario {
			return cfg, botsweep.Errorf(botsweep.EINVALID, "--scenario %s conflicts with scenario %q in %s", scenario, cfg.Scenario, file)
		}
	} else if scenario == "random" {
		cfg = sim.Random(seed)
	} else if scenario == "crowd-random" {
		cfg = sim.RandomCrowd(seed)
	} else {
		cfg, err = sim.Default(scenario)
	}
	if err != nil {
		return cfg, err
	}
	v := reflect.ValueOf(&cfg).Elem()
	for _, p := range params {
		if !c.Flags().Changed(p.name) {
			continue
		}
		raw, _ := c.Flags().GetString(p.name)
		if err := setField(v.Field(p.field), raw); err != nil {
			return cfg, &usageError{fmt.Errorf("--%s %q: %w", p.name, raw, err)}
		}
	}
	return cfg, nil
}

func setField(f reflect.Value, raw string) error {
	raw = strings.TrimSpace(raw)
	switch f.Interface().(type) {
	case time.Time:
		t, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			return fmt.Errorf("want an RFC 3339 time such as 2019-11-01T00:00:00Z")
		}
		f.Set(reflect.ValueOf(t))
		return nil
	case []int:
		var xs []int
		for _, s := range strings.Split(raw, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return fmt.Errorf("want comma-separated integers")
			}
			xs = append(xs, n)
		}
		f.Set(reflect.ValueOf(xs))
		return nil
	}
	switch f.Kind() {
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fmt.Errorf("want an integer")
		}
		f.SetInt(n)
	case reflect.Float64:
		x, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return fmt.Errorf("want a number")
		}
		f.SetFloat(x)
	case reflect.String:
		f.SetString(raw)
	default:
		return fmt.Errorf("unsupported parameter type %s", f.Type())
	}
	return nil
}
