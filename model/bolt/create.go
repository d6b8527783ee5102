package bolt

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom/warroom/model"
)

// createIfMissing makes a new, empty journal at path. It is built under a
// temporary name and linked into place, so a crash never leaves a
// half-made file at path: that is what lets Open treat an empty or
// headerless file as damaged rather than as new, and so never start afresh
// over a journal that was cut short.
func createIfMissing(path string) error {
	_, err := os.Stat(path)
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return model.WrapError(model.CodeUnavailable, err, "cannot open journal %s", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".new-*")
	if err != nil {
		return model.WrapError(model.CodeUnavailable, err, "cannot create journal %s", path)
	}
	name := tmp.Name()
	defer os.Remove(name)
	if err := errors.Join(tmp.Close(), initJournal(name)); err != nil {
		return model.WrapError(model.CodeUnavailable, err, "cannot create journal %s", path)
	}
	// Link, unlike rename, never replaces a journal that another process
	// created meanwhile; that one wins and is opened (and locked) as usual.
	if err := os.Link(name, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return model.WrapError(model.CodeUnavailable, err, "cannot create journal %s", path)
	}
	if err := syncDir(dir); err != nil {
		return model.WrapError(model.CodeUnavailable, err, "cannot create journal %s", path)
	}
	return nil
}

// initJournal writes bbolt's header and the events bucket into the empty
// file at name; bbolt fsyncs both before Update returns.
func initJournal(name string) error {
	db, err := bolt.Open(name, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte(eventsBucket))
		return err
	})
	return errors.Join(err, db.Close())
}

// syncDir makes a new directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
