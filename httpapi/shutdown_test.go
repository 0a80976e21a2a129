package httpapi_test

import (
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/botsweep/botsweep/httpapi"
	"github.com/botsweep/botsweep/httpapi/httpapitest"
)

// TestServeWaitsForHijackedStreams: the labeler's event stream hijacks its
// connection, which http.Server.Shutdown neither cancels nor waits for.
// Serve must cancel it and return only once it has returned, or the caller
// closes the store under a handler still reading it.
func TestServeWaitsForHijackedStreams(t *testing.T) {
	var inside atomic.Bool
	started := make(chan struct{})
	stream := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		inside.Store(true)
		close(started)
		<-r.Context().Done() // as subscribeLabels: runs until cancelled
		time.Sleep(50 * time.Millisecond)
		inside.Store(false)
	})
	opts, _ := fixtureOptions(100)
	opts.Labeler = stream
	s, err := httpapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	addr, stop := httpapitest.ServeLocal(t, s)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /xrpc/com.atproto.label.subscribeLabels HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	<-started
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if inside.Load() {
		t.Error("Serve returned while a hijacked stream was still running")
	}
}
