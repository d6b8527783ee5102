package main

import (
	"fmt"
	"net"
	"strings"
)

// requireLoopback refuses any address but a loopback one: the tool opens
// up to thousands of sessions and must never be pointed at someone else's
// server by mistake.
func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: want host:port on loopback, e.g. 127.0.0.1:2222: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("address %q is not loopback: warroom-load only runs against 127.0.0.0/8, ::1 or localhost", addr)
}
