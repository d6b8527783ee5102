package command

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/model"
)

// runVerify walks the journal's hash chain (model.Verify) and prints that
// it is intact with its head digest, and with INC that incident's newest
// event and its digest; a broken chain is an error naming the first broken
// link, so the command fails.
func runVerify(inv *invocation, rest string) error {
	args, err := parseFlags(newFlags("verify"), fields(rest))
	if err != nil {
		return err
	}
	if len(args) > 1 {
		return usagef("verify takes at most one incident, not %q", args[1])
	}
	raw, ok := inv.store.(model.RawReader)
	if !ok {
		return model.Errorf(model.CodeUnavailable, "this server's store does not hand out its journal, so it cannot be verified")
	}
	var id string
	if len(args) == 1 {
		inc, ok := inv.store.Snapshot().Incident(args[0])
		if !ok {
			return model.Errorf(model.CodeNotFound, "no incident %s", model.Sanitize(strings.TrimSpace(args[0]), false))
		}
		id = inc.ID
	}
	res, err := model.Verify(inv.ctx, raw)
	if err != nil {
		return err
	}
	if err := res.Err(); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(inv.out, res.Summary()); err != nil || id == "" {
		return err
	}
	last := res.Latest[id]
	_, err = fmt.Fprintf(inv.out, "%s: last event %d, %s\n", id, last.Seq, last.Digest)
	return err
}
