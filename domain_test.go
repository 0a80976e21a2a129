package botsweep_test

import (
	"testing"

	"github.com/botsweep/botsweep"
)

func TestRegistrableDomain(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "https://example.com/a", "example.com"},
		{"www and subdomain", "http://www.news.bbc.co.uk/x?y", "bbc.co.uk"},
		{"bare host", "globus-news.info", "globus-news.info"},
		{"bare host with path", "bit.ly/abc", "bit.ly"},
		{"port", "http://Example.ORG:8080/", "example.org"},
		{"empty", "", ""},
		{"no dot", "http://localhost/", ""},
		{"garbage", "::::", ""},
		{"public suffix only", "co.uk", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := botsweep.RegistrableDomain(tt.in); got != tt.want {
				t.Errorf("RegistrableDomain(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestErrorCode(t *testing.T) {
	err := botsweep.Errorf(botsweep.ENOTFOUND, "network %q not found", "N1")
	if got := botsweep.ErrorCode(err); got != botsweep.ENOTFOUND {
		t.Errorf("code = %q", got)
	}
	if got := botsweep.ErrorMessage(err); got != `network "N1" not found` {
		t.Errorf("message = %q", got)
	}
	if botsweep.ErrorCode(nil) != "" {
		t.Error("nil error has a code")
	}
}
