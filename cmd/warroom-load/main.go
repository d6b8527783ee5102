// Command warroom-load puts a running warroom server under load on
// loopback: it opens many interactive SSH sessions with PTYs, joins them
// all to one incident's room, has the first post notes and times how
// long every other screen takes to show each one. In follow mode the
// audience are `timeline INC --follow` sessions instead, and one PTY
// session posts. Stalled sessions (in the room, never reading) can be
// added to either.
//
//	go run ./cmd/warroom-load --addr 127.0.0.1:2222 --incident INC-1 --sessions 500 --rounds 20 --pid PID [--json]
//	go run ./cmd/warroom-load --mode follow --sessions 2000 --stalled 1 ...
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/alecthomas/kong"
	gossh "golang.org/x/crypto/ssh"
)

type cli struct {
	Addr     string        `default:"127.0.0.1:2222" help:"The server's SSH address; loopback only."`
	Incident string        `required:"" placeholder:"ID" help:"The incident whose room every session joins, e.g. INC-1."`
	Identity string        `type:"existingfile" placeholder:"FILE" help:"Private key (unencrypted) to log in with; without it a fresh key is made, for a server in open mode."`
	User     string        `default:"load" help:"SSH user name prefix: session i logs in as PREFIX-00i, which names it in open mode."`
	Mode     string        `default:"tui" enum:"tui,follow" help:"tui: every session is a TUI in the room and the first posts; follow: the sessions run 'timeline INC --follow' and one more, a TUI (PREFIX-000), posts."`
	Sessions int           `default:"10" help:"Sessions to open (2 to 2000, or 1 to 2000 watchers in follow mode)."`
	Stalled  int           `default:"0" help:"Extra TUI sessions (0 to 100) that join the room and then never read their output; the report says whether the server disconnected them."`
	Rounds   int           `default:"5" help:"Notes to post (1 to 1000)."`
	Interval time.Duration `default:"500ms" help:"Time between notes."`
	Idle     time.Duration `default:"5s" help:"How long to measure the idle cost once every session is in the room."`
	Timeout  time.Duration `default:"30s" help:"Limit on each session's join and on each note reaching every screen."`
	Deadline time.Duration `default:"10m" help:"Limit on the whole run."`
	Dialers  int           `default:"32" help:"Handshakes in flight at once."`
	Width    int           `default:"120" help:"PTY width."`
	Height   int           `default:"40" help:"PTY height."`
	PID      int           `name:"pid" help:"The server's process id, to report its memory and CPU."`
	JSON     bool          `name:"json" help:"Print the report as a JSON object instead of a table."`
}

func main() {
	var c cli
	kong.Parse(&c,
		kong.Name("warroom-load"),
		kong.Description("Load a warroom server on loopback with interactive sessions and report fan-out latency, bytes, memory and CPU."),
		kong.UsageOnError(),
	)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := c.run(ctx, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "warroom-load:", err)
		stop()
		os.Exit(1)
	}
}

// run carries out the load and prints its report, even a partial one
// when the run failed part way, to out; progress hears what the run is
// doing, one line per phase.
func (c *cli) run(ctx context.Context, out, progress io.Writer) error {
	p, err := c.plan()
	if err != nil {
		return err
	}
	p.progress = progress
	ctx, cancel := context.WithTimeout(ctx, c.Deadline)
	defer cancel()
	rep, runErr := run(ctx, p)
	if rep != nil {
		if err := c.print(out, rep); err != nil {
			return err
		}
	}
	if runErr != nil {
		return runErr
	}
	if n := len(rep.Failures); n > 0 {
		return fmt.Errorf("%d of %d sessions failed", n, p.sessions+p.stalled)
	}
	return nil
}

func (c *cli) print(out io.Writer, rep *report) error {
	if !c.JSON {
		return rep.writeTable(out)
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	return nil
}

func (c *cli) plan() (plan, error) {
	key, err := loadKey(c.Identity)
	if err != nil {
		return plan{}, err
	}
	p := plan{
		addr: c.Addr, incident: c.Incident, key: key, userPrefix: c.User,
		mode: c.Mode, sessions: c.Sessions, stalled: c.Stalled, rounds: c.Rounds, interval: c.Interval, idle: c.Idle,
		timeout: c.Timeout, dialers: c.Dialers, width: c.Width, height: c.Height,
	}
	if c.PID > 0 {
		p.server = &serverProcess{pid: c.PID}
	}
	return p, nil
}

// loadKey reads the private key at path, or makes a fresh one when path
// is empty (any key gets into a server in open mode).
func loadKey(path string) (gossh.Signer, error) {
	if path == "" {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("make a key: %w", err)
		}
		return gossh.NewSignerFromKey(priv)
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read identity %s: %w", path, err)
	}
	key, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		return nil, fmt.Errorf("parse identity %s (an encrypted key is not supported): %w", path, err)
	}
	return key, nil
}
