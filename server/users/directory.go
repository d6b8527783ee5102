package users

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
)

// reloadDelay lets a burst of writes to the users file (an editor saving,
// a rename over it) settle before the file is read again.
const reloadDelay = 100 * time.Millisecond

// Directory is the live view of the users file that the server consults
// on every login. It is safe for concurrent use: each reload builds a new
// index and swaps it in whole, so a lookup never sees half a reload.
type Directory struct {
	path   string
	logger *slog.Logger
	byKey  atomic.Pointer[keyIndex]
}

// keyIndex maps the wire form of a public key to who logs in with it, and
// each user's name to their level, and lists the names, sorted. It is
// never modified once published.
type keyIndex struct {
	byKey  map[string]model.Actor
	byName map[string]model.Level
	names  []string
}

// Watch loads the users file at path and keeps the Directory up to date
// as the file changes, until ctx is done. The file must be valid now; a
// later edit that breaks it is logged and the previous users stay in
// force. An edit that removes every user is refused in the same way: going
// from some users to none would switch a running server to open mode,
// which admits anyone, and that should take a deliberate restart.
//
// It watches the directory rather than the file because editors and Add
// replace the file by renaming a new one over it.
func Watch(ctx context.Context, path string, logger *slog.Logger) (*Directory, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch users file %s: %w", path, err)
	}
	// Watch before the first load so that a change made in between is
	// not missed.
	if err := w.Add(filepath.Dir(path)); err != nil {
		_ = w.Close() // the Add error is the one to report
		return nil, fmt.Errorf("watch users file %s: %w", path, err)
	}
	users, err := Load(path)
	if err != nil {
		_ = w.Close()
		return nil, err
	}
	d := &Directory{path: path, logger: logger}
	d.byKey.Store(indexUsers(users))
	go d.follow(ctx, w)
	return d, nil
}

// Lookup returns who logs in with key.
func (d *Directory) Lookup(key gossh.PublicKey) (model.Actor, bool) {
	a, ok := d.byKey.Load().byKey[string(key.Marshal())]
	return a, ok
}

// Empty reports whether no users are configured, in which case the server
// runs in open mode.
func (d *Directory) Empty() bool { return len(d.byKey.Load().byKey) == 0 }

// LevelOf returns the access level of the user called name, which says
// whether they can be given a role, paged or made an action's owner. In
// open mode anyone may connect under any name as a responder, so every
// valid name is one.
func (d *Directory) LevelOf(name string) (model.Level, bool) {
	idx := d.byKey.Load()
	if len(idx.byKey) == 0 {
		return model.LevelResponder, model.ValidateUserName(name) == nil
	}
	level, ok := idx.byName[name]
	return level, ok
}

// Names lists the users, sorted (none in open mode). The slice is shared:
// do not modify it.
func (d *Directory) Names() []string { return d.byKey.Load().names }

var _ model.Directory = (*Directory)(nil)

func indexUsers(users []User) *keyIndex {
	idx := &keyIndex{byKey: map[string]model.Actor{}, byName: map[string]model.Level{}}
	for _, u := range users {
		for _, k := range u.Keys {
			idx.byKey[string(k.Marshal())] = model.Actor{Name: u.Name, Level: u.Level}
		}
		idx.byName[u.Name] = u.Level
	}
	idx.names = slices.Sorted(maps.Keys(idx.byName))
	return idx
}

func (d *Directory) follow(ctx context.Context, w *fsnotify.Watcher) {
	defer w.Close()
	name := filepath.Base(d.path)
	settle := time.NewTimer(reloadDelay)
	settle.Stop()
	defer settle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if filepath.Base(ev.Name) == name {
				settle.Reset(reloadDelay)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			d.logger.Warn("watching the users file", "path", d.path, "err", err)
			settle.Reset(reloadDelay) // events may have been lost: read the file again
		case <-settle.C:
			d.reload()
		}
	}
}

func (d *Directory) reload() {
	users, err := Load(d.path)
	if err != nil {
		d.logger.Error("users file not reloaded; the previous users stay in force", "path", d.path, "err", err)
		return
	}
	next := indexUsers(users)
	if len(next.byKey) == 0 && !d.Empty() {
		d.logger.Error("users file has no users any more; the previous users stay in force (restart the server to run in open mode)", "path", d.path)
		return
	}
	d.byKey.Store(next)
	d.logger.Info("users file reloaded", "path", d.path, "users", len(users), "keys", len(next.byKey))
}
