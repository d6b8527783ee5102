package prompt

import "charm.land/bubbles/v2/key"

// KeyMap is the prompt's own bindings, with their help text, so the room's
// help screen can list them. Editing keys (arrows, ctrl+w, home…) are the
// text input's and are not listed.
type KeyMap struct {
	Complete     key.Binding // complete the last word, then cycle forward
	CompleteBack key.Binding // cycle backward
	HistoryPrev  key.Binding
	HistoryNext  key.Binding
	Submit       key.Binding
}

// DefaultKeyMap returns a fresh set of bindings: each session owns its own.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Complete:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete a /command")),
		CompleteBack: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous completion")),
		HistoryPrev:  key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous line sent")),
		HistoryNext:  key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next line sent")),
		Submit:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "send")),
	}
}

// ShortHelp is the bindings worth a place on the one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Submit, k.Complete, k.HistoryPrev}
}

// FullHelp is every binding, grouped for the help screen.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Submit, k.Complete, k.CompleteBack},
		{k.HistoryPrev, k.HistoryNext},
	}
}
