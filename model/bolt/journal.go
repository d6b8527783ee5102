// Package bolt keeps the journal of events in one bbolt file.
//
// One bucket, events, maps the big-endian sequence number to the event as
// model.EncodeEvent writes it, linked by Append to the event before it
// (model.LinkStored). Event ids are checked for duplicates in
// memory, among the most recent events (see idWindow), as a replicated
// log's duplicate window does: a second on-disk index cost a sixth of the
// commit rate. The file is locked while it is open: one server process per
// file.
package bolt

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/warroom/warroom/model"
)

// eventsBucket holds the events; see the package comment.
const eventsBucket = "events"

// lockTimeout is how long Open waits for another process to let go of the
// file before it says the journal is in use.
const lockTimeout = time.Second

// Journal is a model.Journal in a bbolt file. It is safe for concurrent use.
type Journal struct {
	path string
	db   *bolt.DB

	// appendMu makes each Append's duplicate check, commit and update of
	// recent one step.
	appendMu sync.Mutex
	recent   *idWindow

	mu       sync.Mutex
	appended chan struct{} // closed and replaced after every commit, to wake followers

	closed    chan struct{}
	closeOnce sync.Once
	closeErr  error
}

var (
	_ model.Journal   = (*Journal)(nil)
	_ model.RawReader = (*Journal)(nil)
)

// Open opens the journal file at path, creating it when it does not exist,
// and checks its structure and every key in it, so that a damaged file is
// a clear error now rather than a failure while serving. A file that
// another process (or another Open) holds is refused after about a second.
func Open(path string) (*Journal, error) {
	if err := createIfMissing(path); err != nil {
		return nil, err
	}
	j, err := open(path, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		return nil, err
	}
	if err := j.loadRecentIDs(); err != nil {
		return nil, errors.Join(err, j.db.Close())
	}
	return j, nil
}

// OpenReadOnly opens an existing journal only to read it, as verify does,
// with the checks of Open. It never creates or writes the file, and
// Append fails. Readers share the file; a running server does not, so
// its journal is refused as in use.
func OpenReadOnly(path string) (*Journal, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, model.WrapError(model.CodeNotFound, err, "cannot open journal %s", path)
	}
	return open(path, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
}

// open checks and opens the journal file at path with opts.
func open(path string, opts *bolt.Options) (*Journal, error) {
	if err := checkWhileLocked(path); err != nil {
		return nil, err
	}
	var db *bolt.DB
	err := guard(path, func() (err error) {
		db, err = bolt.Open(path, 0o600, opts)
		return err
	})
	if err != nil {
		return nil, openError(path, err)
	}
	j := &Journal{path: path, db: db, recent: newIDWindow(dedupWindow), appended: make(chan struct{}), closed: make(chan struct{})}
	if err := j.validate(); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return j, nil
}

// checkWhileLocked runs checkHeader holding the file's lock as a reader.
// A running server holds it as the writer, so its file is reported in use
// rather than read in the middle of a commit and reported damaged. Opening
// read-only touches only the two meta pages, which checkHeader needs anyway.
func checkWhileLocked(path string) error {
	var reader *bolt.DB
	openErr := guard(path, func() (err error) {
		reader, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
		return err
	})
	if errors.Is(openErr, berrors.ErrTimeout) {
		return openError(path, openErr)
	}
	if openErr == nil {
		defer reader.Close()
	}
	// When bbolt could not open the file, checkHeader mostly says why more
	// precisely.
	if err := checkHeader(path); err != nil {
		return err
	}
	if openErr != nil {
		return openError(path, openErr)
	}
	return nil
}

func openError(path string, err error) error {
	var coded *model.Error
	switch {
	case errors.As(err, &coded):
		return err
	case errors.Is(err, berrors.ErrTimeout):
		return model.WrapError(model.CodeUnavailable, err, "journal %s is in use by another warroom process", path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return model.WrapError(model.CodeCorrupt, err, "journal %s is damaged or is not a warroom journal", path)
	}
	return model.WrapError(model.CodeUnavailable, err, "cannot open journal %s", path)
}

// Last returns the sequence number of the newest event, 0 when empty.
func (j *Journal) Last(ctx context.Context) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var last uint64
	err := j.view(func(tx *bolt.Tx) error {
		last = lastSeq(tx.Bucket([]byte(eventsBucket)))
		return nil
	})
	return last, err
}

// Close releases the file and its lock and ends every Follow. Calling it
// again returns what the first call returned.
func (j *Journal) Close() error {
	j.closeOnce.Do(func() {
		close(j.closed)
		j.closeErr = j.db.Close()
	})
	return j.closeErr
}

func (j *Journal) isClosed() bool {
	select {
	case <-j.closed:
		return true
	default:
		return false
	}
}

func (j *Journal) errClosed() error {
	return model.Errorf(model.CodeUnavailable, "journal %s is closed", j.path)
}

// view runs fn in a read transaction, guarded against damaged pages.
func (j *Journal) view(fn func(*bolt.Tx) error) error {
	if j.isClosed() {
		return j.errClosed()
	}
	err := guard(j.path, func() error { return j.db.View(fn) })
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return j.errClosed()
	}
	return err
}

// appendedSignal returns a channel that is closed by the next commit.
func (j *Journal) appendedSignal() <-chan struct{} {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.appended
}

func (j *Journal) signalAppended() {
	j.mu.Lock()
	defer j.mu.Unlock()
	close(j.appended)
	j.appended = make(chan struct{})
}

func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), seq)
}

func lastSeq(events *bolt.Bucket) uint64 {
	k, _ := events.Cursor().Last()
	return seqOf(k)
}

// seqOf reads a key as a sequence number; 0 for none.
func seqOf(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}
