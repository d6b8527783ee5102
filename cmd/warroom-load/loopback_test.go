package main

import (
	"strings"
	"testing"
)

func TestOnlyLoopbackAddressesAreAccepted(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:2222", "127.5.6.7:22", "[::1]:2222", "localhost:2222", "LOCALHOST:1"} {
		if err := requireLoopback(addr); err != nil {
			t.Errorf("requireLoopback(%q) = %v; want it accepted", addr, err)
		}
	}
	for _, addr := range []string{"10.0.0.1:2222", "0.0.0.0:2222", "[::]:2222", "example.com:22", "192.168.1.1:22", "127.0.0.1", ":2222"} {
		err := requireLoopback(addr)
		if err == nil {
			t.Errorf("requireLoopback(%q) accepted; want it refused", addr)
		}
	}
}

// The tool refuses a remote address before it dials anything.
func TestRunRefusesARemoteServer(t *testing.T) {
	c := &cli{Addr: "203.0.113.7:2222", Incident: "INC-1", User: "load", Mode: modeTUI, Sessions: 2, Rounds: 1, Timeout: 1, Deadline: 1, Dialers: 1}
	err := c.run(t.Context(), &strings.Builder{}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "is not loopback") {
		t.Fatalf("run = %v; want the address refused as not loopback", err)
	}
}
