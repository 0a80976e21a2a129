package httpapitest

import (
	"context"
	"net"
	"testing"
)

// Server is what ServeLocal runs: httpapi.Server's Serve.
type Server interface {
	Serve(ctx context.Context, ln net.Listener) error
}

// ServeLocal serves s on a free loopback port and returns its address
// (host:port) and stop, which cancels the server, waits for Serve to return
// and returns Serve's error.
func ServeLocal(t testing.TB, s Server) (addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	return ln.Addr().String(), func() error {
		cancel()
		return <-done
	}
}
