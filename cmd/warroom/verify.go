package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/bolt"
)

type verifyCmd struct {
	dataFlag
}

// Run checks the journal of a stopped server; a running one holds the file,
// and answers the SSH command verify instead.
func (c *verifyCmd) Run() error { return c.verify(os.Stdout) }

// verify prints "intact: N events, head sha256:…", or fails with "broken at
// event S: reason".
func (c *verifyCmd) verify(out io.Writer) (err error) {
	j, err := bolt.OpenReadOnly(filepath.Join(c.Data, journalFile))
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, j.Close()) }()
	res, err := model.Verify(context.Background(), j)
	if err != nil {
		return err
	}
	if err := res.Err(); err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, res.Summary())
	return err
}
