package panes

import "charm.land/bubbles/v2/key"

// Bindings are built per pane, so sessions never share them. Bindings that
// change an incident are disabled for those who may not write: they then
// neither match nor show in help.

func upBinding() key.Binding {
	return key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up"))
}

func downBinding() key.Binding {
	return key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down"))
}

// writeBinding is a binding that changes the incident.
func writeBinding(canWrite bool, keys []string, helpKey, desc string) key.Binding {
	b := key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	b.SetEnabled(canWrite)
	return b
}

type rolesKeys struct{ Up, Down, Take, Unassign key.Binding }

func defaultRolesKeys(canWrite bool) rolesKeys {
	return rolesKeys{
		Up:       upBinding(),
		Down:     downBinding(),
		Take:     writeBinding(canWrite, []string{"t"}, "t", "take role"),
		Unassign: writeBinding(canWrite, []string{"u"}, "u", "unassign role"),
	}
}

type ladderKeys struct{ Escalate, Acknowledge key.Binding }

func defaultLadderKeys(canWrite bool) ladderKeys {
	return ladderKeys{
		Escalate:    writeBinding(canWrite, []string{"e"}, "e", "escalate"),
		Acknowledge: writeBinding(canWrite, []string{"a"}, "a", "acknowledge page"),
	}
}

type actionsKeys struct{ Up, Down, Done, Doing, Own key.Binding }

func defaultActionsKeys(canWrite bool) actionsKeys {
	return actionsKeys{
		Up:    upBinding(),
		Down:  downBinding(),
		Done:  writeBinding(canWrite, []string{"x", "space"}, "x/space", "done/reopen"),
		Doing: writeBinding(canWrite, []string{"s"}, "s", "mark doing"),
		Own:   writeBinding(canWrite, []string{"o"}, "o", "take ownership"),
	}
}

type followupsKeys struct{ Up, Down, Open, Done, Mine key.Binding }

func defaultFollowupsKeys(canWrite bool) followupsKeys {
	return followupsKeys{
		Up:   upBinding(),
		Down: downBinding(),
		Open: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open incident")),
		Done: writeBinding(canWrite, []string{"x"}, "x", "mark done"),
		Mine: key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "mine/all")),
	}
}
