package command

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
)

// entryJSON is the --json form of a timeline entry, one per line. It is a
// contract with scripts: add fields, never rename or remove one.
type entryJSON struct {
	Seq      uint64    `json:"seq"`
	Incident string    `json:"incident"`
	Entry    int       `json:"entry"` // its number on the timeline, as pin takes it
	Pinned   bool      `json:"pinned"`
	Time     time.Time `json:"time"`
	Actor    string    `json:"actor"`
	Kind     string    `json:"kind"`
	Text     string    `json:"text"`
}

// continuationIndent starts the second and later lines of a multi-line
// entry, so that every line that starts with a date is a new entry.
const continuationIndent = "    "

// runTimeline prints an incident's timeline and, with --follow, the
// entries committed after it until the client goes away.
func runTimeline(inv *invocation, rest string) error {
	fs := newFlags("timeline")
	asJSON := fs.Bool("json", false, "print one JSON object per entry, one per line")
	follow := fs.Bool("follow", false, "keep printing new entries until interrupted")
	args, err := parseFlags(fs, fields(rest))
	if err != nil {
		return err
	}
	switch {
	case len(args) == 0:
		return usagef("missing the incident id")
	case len(args) > 1:
		return usagef("timeline takes one incident id, not %d arguments", len(args))
	}
	// Subscribe before taking the snapshot, so that nothing committed in
	// between is missed.
	var sub model.Subscription
	if *follow {
		sub = inv.store.Subscribe(inv.ctx)
		defer sub.Close()
	}
	st := inv.store.Snapshot()
	inc, ok := st.Incident(args[0])
	if !ok {
		return model.Errorf(model.CodeNotFound, "no incident %s", model.Sanitize(strings.TrimSpace(args[0]), false))
	}
	p := entryPrinter{inv: inv, incident: inc.ID, asJSON: *asJSON}
	if err := p.print(inc, 0); err != nil {
		return err
	}
	if !*follow {
		return nil
	}
	return p.follow(sub, st.Seq)
}

// follow prints the incident's entries newer than seen as updates arrive.
// It reads them from each update's state rather than from its events, so
// that a resync (events dropped because this client lagged) needs no
// special case: whatever the state holds past seen is printed, once.
func (p entryPrinter) follow(sub model.Subscription, seen uint64) error {
	for {
		if err := p.inv.out.Flush(); err != nil {
			return err
		}
		u, err := sub.Next(p.inv.ctx)
		if err != nil {
			if p.inv.ctx.Err() != nil {
				// The client went away, which ends following; the server
				// going away is a failure worth reconnecting after.
				if cause := context.Cause(p.inv.ctx); model.ErrorCode(cause) == model.CodeUnavailable {
					return cause
				}
				return nil
			}
			return model.WrapError(model.CodeUnavailable, err, "stopped following %s: the server ended the stream", p.incident)
		}
		if u.State == nil || u.State.Seq <= seen {
			continue // presence only, nothing new on any timeline
		}
		inc, ok := u.State.Incident(p.incident)
		if !ok {
			return model.Errorf(model.CodeInternal, "%s vanished from the store", p.incident)
		}
		timeline := inc.Timeline
		first := sort.Search(len(timeline), func(i int) bool { return timeline[i].Seq > seen })
		if err := p.print(inc, first); err != nil {
			return err
		}
		seen = u.State.Seq
	}
}

// entryPrinter writes timeline entries as text or JSON lines.
type entryPrinter struct {
	inv      *invocation
	incident string
	asJSON   bool
}

// print prints inc's timeline from its entry at index from.
func (p entryPrinter) print(inc *model.Incident, from int) error {
	for i, e := range inc.Timeline[from:] {
		// Actor names are not sanitised by the model (they come from the
		// users file or, in open mode, the SSH user name).
		actor := model.Sanitize(e.Actor, false)
		var err error
		if p.asJSON {
			err = writeJSON(p.inv, entryJSON{
				Seq: e.Seq, Incident: p.incident, Entry: from + i + 1, Pinned: inc.Pinned[e.Seq],
				Time: e.Time.UTC(), Actor: actor, Kind: string(e.Kind), Text: e.Text,
			})
		} else {
			_, err = fmt.Fprintf(p.inv.out, "%s  %s  %s  %s\n", formatTime(e.Time), actor, e.Kind, indentContinuation(e.Text))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func indentContinuation(text string) string {
	if !strings.Contains(text, "\n") {
		return text
	}
	lines := strings.Split(text, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = continuationIndent + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
