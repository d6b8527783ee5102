package pager

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/webhook"
)

// resendWindow is how far back catch-up looks for pages and updates with
// no outcome recorded. A page a day old is history, not news: sending it
// after a long outage would wake people for nothing, while a crash and
// restart, however slow, is well inside a day.
const resendWindow = 24 * time.Hour

// announcement is one message to send, and the event it announces.
type announcement struct {
	seq uint64
	inc *model.Incident
	msg webhook.Message
}

// announce sends what event e, committed in st or before it, announces:
// a page for a declaration with a ladder or an escalation, an update for
// a stakeholder update. Other events announce nothing.
func (p *pager) announce(st *model.State, e *model.Event) {
	inc, ok := st.Incident(e.Incident)
	if !ok {
		p.log.Error("event names an incident missing from the state", "seq", e.Seq, "incident", e.Incident)
		return
	}
	var msg webhook.Message
	switch d := e.Data.(type) {
	case model.Declared:
		if d.Ladder == nil {
			return
		}
		if msg, ok = pageMessage(inc, e.Seq); !ok {
			p.log.Error("declaration paged nobody in the state", "seq", e.Seq, "incident", e.Incident)
			return
		}
	case model.Escalated:
		if msg, ok = pageMessage(inc, e.Seq); !ok {
			p.log.Error("escalation paged nobody in the state", "seq", e.Seq, "incident", e.Incident)
			return
		}
	case model.UpdatePosted:
		// From the payload, not from st: the status it was written under
		// may have changed by the time st was published.
		msg = updateMessage(inc, model.StakeholderUpdate{
			Seq: e.Seq, Time: e.Time, By: e.Actor, Text: d.Text, Status: d.Status, Severity: d.Severity,
		})
	default:
		return
	}
	p.sendAll(announcement{seq: e.Seq, inc: inc, msg: msg})
}

// recent lists, in commit order, the announcements of st made after
// cutoff: the pages of open incidents (a resolved incident needs nobody
// woken), and the stakeholder updates of every incident, since the last
// update often follows the resolve.
func recent(st *model.State, cutoff time.Time) []announcement {
	var list []announcement
	for _, inc := range st.Incidents() {
		if inc.UpdatedAt.Before(cutoff) {
			continue
		}
		if inc.Status.Open() && inc.Ladder != nil {
			for _, pg := range inc.Ladder.Pages {
				if !pg.At.Before(cutoff) {
					msg, _ := pageMessage(inc, pg.Seq)
					list = append(list, announcement{seq: pg.Seq, inc: inc, msg: msg})
				}
			}
		}
		// Updates are kept in commit order, each with the status it was
		// written under; the recent ones are last.
		for i := len(inc.Updates) - 1; i >= 0 && !inc.Updates[i].Time.Before(cutoff); i-- {
			u := inc.Updates[i]
			list = append(list, announcement{seq: u.Seq, inc: inc, msg: updateMessage(inc, u)})
		}
	}
	slices.SortFunc(list, func(a, b announcement) int { return cmp.Compare(a.seq, b.seq) })
	return list
}

// pageMessage is the page that event seq sent for inc; ok is false when
// the incident has no such page.
func pageMessage(inc *model.Incident, seq uint64) (webhook.Message, bool) {
	if inc.Ladder == nil {
		return webhook.Message{}, false
	}
	i := slices.IndexFunc(inc.Ladder.Pages, func(pg model.Page) bool { return pg.Seq == seq })
	if i < 0 {
		return webhook.Message{}, false
	}
	pg := inc.Ladder.Pages[i]
	by, why := pg.By, ""
	switch {
	case pg.Auto:
		by, why = "", fmt.Sprintf("level %d not acknowledged in time", pg.Level-1)
	case pg.Level == 1: // paged by the declaration, which the page does not name
		by = inc.DeclaredBy
	}
	return webhook.Message{
		Kind: webhook.KindPage, Incident: inc.ID, Title: inc.Title,
		Severity: inc.Severity.String(), Status: string(inc.Status), Service: inc.Service,
		Level: pg.Level, Users: pg.Users, Text: why, By: person(by),
		At: pg.At, Key: deliveryKey(inc.ID, pg.Seq, pg.At),
	}, true
}

// updateMessage is stakeholder update u of inc, with the status and
// severity it was written under.
func updateMessage(inc *model.Incident, u model.StakeholderUpdate) webhook.Message {
	return webhook.Message{
		Kind: webhook.KindUpdate, Incident: inc.ID, Title: inc.Title,
		Severity: u.Severity.String(), Status: string(u.Status), Service: inc.Service,
		Text: u.Text, By: person(u.By), At: u.Time, Key: deliveryKey(inc.ID, u.Seq, u.Time),
	}
}

// person is who acted, or "" when it was the server itself.
func person(actor string) string {
	if actor == model.SystemActor {
		return ""
	}
	return actor
}

// deliveryKey is a message's Idempotency-Key: the same whether it is sent
// live or again from the state after a restart, which keeps no event ids.
// The event's time sets apart the events of a journal started afresh,
// whose seqs begin again at 1.
func deliveryKey(incident string, seq uint64, at time.Time) string {
	return fmt.Sprintf("%s:%d:%d", incident, seq, at.UnixNano())
}

// keySeq is the seq a deliveryKey was made with.
func keySeq(key string) (uint64, bool) {
	parts := strings.Split(key, ":")
	if len(parts) != 3 {
		return 0, false
	}
	seq, err := strconv.ParseUint(parts[1], 10, 64)
	return seq, err == nil
}
