package cmdline

import (
	"strconv"
	"strings"

	"github.com/warroom/warroom/model"
)

const whoIC = "the incident commander or an admin"

func commandTable() []Spec {
	text := func(name string) []Arg { return []Arg{{Name: name, Kind: ArgText}} }
	num := Arg{Name: "N", Kind: ArgNumber}
	role := Arg{Name: "ROLE", Kind: ArgRole}
	user := Arg{Name: "USER", Kind: ArgUser}
	return []Spec{
		{Name: "note", Args: text("TEXT"), Help: "post a note (plain text without a slash does the same)", SSH: true,
			build: func(c Context, _ []string, rest string) (model.Command, error) {
				return model.PostNote{Incident: c.Incident, Text: rest}, nil
			}},
		{Name: "sev", Args: []Arg{{Name: "N", Kind: ArgSeverity}}, Help: "set the severity, 1 (critical) to 4", Who: whoIC, SSH: true,
			build: func(c Context, f []string, _ string) (model.Command, error) {
				sev, err := model.ParseSeverity(f[0])
				return model.SetSeverity{Incident: c.Incident, Severity: sev}, err
			}},
		{Name: "status", Args: []Arg{{Name: "STATUS", Kind: ArgStatus}}, Help: "move to investigating, identified, monitoring or resolved (reopens a resolved one)", Who: whoIC, SSH: true,
			build: func(c Context, f []string, _ string) (model.Command, error) {
				st, err := model.ParseStatus(f[0])
				return model.SetStatus{Incident: c.Incident, Status: st}, err
			}},
		{Name: "resolve", Help: "resolve the incident", Who: whoIC, SSH: true,
			build: func(c Context, _ []string, _ string) (model.Command, error) {
				return model.SetStatus{Incident: c.Incident, Status: model.StatusResolved}, nil
			}},
		{Name: "assign", Args: []Arg{role, user}, Help: "give a role to someone", Who: whoIC, SSH: true,
			build: func(c Context, f []string, _ string) (model.Command, error) {
				return model.AssignRole{Incident: c.Incident, Role: f[0], User: f[1]}, nil
			}},
		{Name: "unassign", Args: []Arg{role}, Help: "leave a role vacant", Who: whoIC, SSH: true,
			build: func(c Context, f []string, _ string) (model.Command, error) {
				return model.UnassignRole{Incident: c.Incident, Role: f[0]}, nil
			}},
		{Name: "take", Args: []Arg{role}, Help: "take a vacant role", SSH: true,
			build: func(c Context, f []string, _ string) (model.Command, error) {
				return model.TakeRole{Incident: c.Incident, Role: f[0]}, nil
			}},
		{Name: "handover", Args: []Arg{user}, Help: "offer incident commander to someone; it is theirs when they /accept", Who: whoIC, SSH: true,
			build: func(c Context, f []string, _ string) (model.Command, error) {
				return model.OfferHandover{Incident: c.Incident, To: f[0]}, nil
			}},
		{Name: "accept", Help: "accept incident commander offered to you", SSH: true,
			build: func(c Context, _ []string, _ string) (model.Command, error) {
				return model.AnswerHandover{Incident: c.Incident, Accept: true}, nil
			}},
		{Name: "decline", Help: "decline incident commander offered to you", SSH: true,
			build: func(c Context, _ []string, _ string) (model.Command, error) {
				return model.AnswerHandover{Incident: c.Incident}, nil
			}},
		{Name: "escalate", Help: "page the next level of the escalation ladder now", SSH: true,
			build: func(c Context, _ []string, _ string) (model.Command, error) {
				return model.Escalate{Incident: c.Incident}, nil
			}},
		{Name: "ack", Help: "acknowledge the page you received", Who: "whoever was paged", SSH: true,
			build: func(c Context, _ []string, _ string) (model.Command, error) {
				return model.Acknowledge{Incident: c.Incident}, nil
			}},
		{Name: "action add", Args: []Arg{{Name: "TEXT [@owner] [due:DAY] [kind:follow-up]", Kind: ArgText}}, Help: "add an action item (DAY: 2026-12-01, +2d, +1w)", SSH: true,
			build: buildAddAction},
		{Name: "action done", Args: []Arg{num}, Help: "mark action item N done", SSH: true, build: actionState(model.ActionDone)},
		{Name: "action start", Args: []Arg{num}, Help: "mark action item N in progress", SSH: true, build: actionState(model.ActionDoing)},
		{Name: "action reopen", Args: []Arg{num}, Help: "mark action item N open again", SSH: true, build: actionState(model.ActionOpen)},
		{Name: "action assign", Args: []Arg{num, user}, Help: "give action item N an owner", SSH: true,
			build: func(c Context, f []string, _ string) (model.Command, error) {
				n, err := number(f[0], "action")
				return model.AssignAction{Incident: c.Incident, N: n, Owner: f[1]}, err
			}},
		{Name: "action due", Args: []Arg{num, {Name: "DAY|none", Kind: ArgDay}}, Help: "set or clear action item N's due day", SSH: true,
			build: func(c Context, f []string, _ string) (model.Command, error) {
				n, err := number(f[0], "action")
				if err != nil {
					return nil, err
				}
				var due model.Day
				if !strings.EqualFold(f[1], "none") {
					if due, err = model.ParseDay(f[1], c.Now); err != nil {
						return nil, err
					}
				}
				return model.SetActionDue{Incident: c.Incident, N: n, Due: due}, nil
			}},
		{Name: "update", Args: text("TEXT"), Help: "post a stakeholder update for the status page", Who: "the communications lead, the incident commander or an admin", SSH: true,
			build: func(c Context, _ []string, rest string) (model.Command, error) {
				return model.PostUpdate{Incident: c.Incident, Text: rest}, nil
			}},
		{Name: "pin", Args: []Arg{num}, Help: "pin timeline entry N as a key moment", SSH: true, build: pin(true)},
		{Name: "unpin", Args: []Arg{num}, Help: "unpin timeline entry N", SSH: true, build: pin(false)},
		{Name: "review set", Args: []Arg{{Name: "FIELD TEXT", Kind: ArgText}}, Help: "write a field of the post-incident review (summary, root-cause, lessons…)", SSH: true,
			build: buildReviewField},
		{Name: "review publish", Help: "freeze the post-incident review of a resolved incident", Who: whoIC, SSH: true,
			build: func(c Context, _ []string, _ string) (model.Command, error) {
				return model.PublishReview{Incident: c.Incident}, nil
			}},
		{Name: "review", Help: "show the post-incident review and replay the timeline", Local: true},
		{Name: "filter", Args: []Arg{{Name: "all|pinned|notes|changes", Kind: ArgFilter}}, Help: "show only some timeline entries", Local: true},
		{Name: "followups", Args: []Arg{{Name: "mine", Kind: ArgMine, Optional: true}}, Help: "list open follow-ups of every incident by due day", Local: true, SSH: true,
			build: func(_ Context, f []string, _ string) (model.Command, error) {
				if len(f) > 0 && !strings.EqualFold(f[0], "mine") {
					return nil, model.Errorf(model.CodeInvalid, "/followups takes only mine, not %q", model.Sanitize(f[0], false))
				}
				return nil, nil // a local command: the caller shows the list
			}},
		{Name: "theme", Args: []Arg{{Name: "NAME", Kind: ArgTheme}}, Help: "switch theme; remembered for you", Local: true},
		{Name: "help", Help: "show every command and key", Local: true},
	}
}

func actionState(st model.ActionState) func(Context, []string, string) (model.Command, error) {
	return func(c Context, f []string, _ string) (model.Command, error) {
		n, err := number(f[0], "action")
		return model.SetActionState{Incident: c.Incident, N: n, State: st}, err
	}
}

func pin(pinned bool) func(Context, []string, string) (model.Command, error) {
	return func(c Context, f []string, _ string) (model.Command, error) {
		n, err := number(f[0], "entry")
		return model.Pin{Incident: c.Incident, Entry: n, Pinned: pinned}, err
	}
}

func number(s, what string) (int, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(s, "#"))
	if err != nil || n < 1 {
		return 0, model.Errorf(model.CodeInvalid, "%q is not an %s number", model.Sanitize(s, false), what)
	}
	return n, nil
}

// buildReviewField reads the field's name, then its text: the rest of
// the line, line breaks kept.
func buildReviewField(c Context, _ []string, rest string) (model.Command, error) {
	rest = strings.TrimLeft(rest, " \t\n")
	end := strings.IndexAny(rest, " \t\n")
	if end < 0 {
		end = len(rest)
	}
	field, text := rest[:end], rest[end:]
	if _, err := model.ParseReviewField(field); err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, model.Errorf(model.CodeInvalid, "/review set needs text after the field: /review set FIELD TEXT")
	}
	return model.SetReviewField{Incident: c.Incident, Field: field, Text: text}, nil
}

// buildAddAction reads the title and, from the end of the line, any of
// @owner, due:DAY and kind:KIND. Only trailing words count, so a title may
// mention @someone without making them the owner.
func buildAddAction(c Context, _ []string, rest string) (model.Command, error) {
	cmd := model.AddAction{Incident: c.Incident}
	words := strings.Fields(rest)
	for len(words) > 1 {
		w := words[len(words)-1]
		var err error
		switch lower := strings.ToLower(w); {
		case strings.HasPrefix(w, "@") && cmd.Owner == "":
			cmd.Owner = w[1:]
		case strings.HasPrefix(lower, "due:") && cmd.Due.IsZero():
			cmd.Due, err = model.ParseDay(w[4:], c.Now)
		case strings.HasPrefix(lower, "kind:") && cmd.Kind == "":
			cmd.Kind, err = model.ParseActionKind(w[5:])
		default:
			cmd.Title = strings.Join(words, " ")
			return cmd, nil
		}
		if err != nil {
			return nil, err
		}
		words = words[:len(words)-1]
	}
	cmd.Title = strings.Join(words, " ")
	return cmd, nil
}
