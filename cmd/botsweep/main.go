// Command botsweep finds coordinated networks of fake and automated
// accounts, sweeps them, recounts follower impact and writes disclosure
// archives. Run `botsweep demo` for the whole pipeline on a simulated world.
//
// This package only wires: each subcommand lives in its own file and
// registers itself in commands from an init function.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/botsweep/botsweep"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// env is what a command may touch of the outside world. Tests build their
// own to run Main in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	now    botsweep.Clock
	// stderrTTY is true when stderr is a terminal (progress bars go there).
	stderrTTY bool
	getenv    func(string) string
	// db is the team database (--db, BOTSWEEP_DB): a PostgreSQL URL for the
	// moderation log, networks and tokens; "" keeps them in the store.
	db string
}

// commands are the subcommand constructors; each subcommand's file appends
// its own in an init function.
var commands []func(*env) *cobra.Command

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	setMemoryLimit(os.Getenv)
	e := &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		now:       time.Now,
		stderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		getenv:    os.Getenv,
	}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// exitError carries a specific exit status out of a command.
type exitError struct {
	status int
	err    error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// run executes the CLI with args and returns the exit status: 0 on success,
// 1 when the command failed, 2 on a usage error.
func run(ctx context.Context, e *env, args []string) int {
	if e.now == nil {
		e.now = time.Now
	}
	if e.getenv == nil {
		e.getenv = func(string) string { return "" }
	}
	if e.stdin == nil {
		e.stdin = eofReader{}
	}
	root := newRootCmd(e)
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "botsweep: %v\nRun 'botsweep --help' for usage.\n", ue.err)
		return 2
	}
	status := 1
	var xe *exitError
	if errors.As(err, &xe) {
		status = xe.status
	}
	fmt.Fprintf(e.stderr, "botsweep: %s\n", describe(err))
	return status
}

// describe renders an error for a person: the message of a coded error, or
// the error's own text for anything else (never a stack trace).
func describe(err error) string {
	var be *botsweep.Error
	if errors.As(err, &be) {
		return be.Message
	}
	return err.Error()
}

type usageError struct{ err error }

func (u *usageError) Error() string { return u.err.Error() }

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "botsweep",
		Short: "Find, sweep and disclose coordinated networks of fake accounts",
		Long: `botsweep finds coordinated networks of fake and automated accounts, takes
them down with their associated accounts, recounts what every remaining
account lost in followers, and publishes a disclosure archive.

Start with 'botsweep demo': it simulates the 2019 case, detects, sweeps,
reports and serves the dashboard.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err} })
	root.PersistentFlags().StringVar(&e.db, "db", e.getenv("BOTSWEEP_DB"),
		"team database for the moderation log, networks and API tokens (postgres://...; default: the store; env BOTSWEEP_DB)")
	for _, mk := range commands {
		root.AddCommand(mk(e))
	}
	return root
}

// ctxOf returns the command's context, or Background.
func ctxOf(c *cobra.Command) context.Context {
	if ctx := c.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
