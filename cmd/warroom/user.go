package main

import (
	"fmt"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server"
	"github.com/warroom/warroom/server/users"
)

type userCmd struct {
	Add  userAddCmd  `cmd:"" help:"Add a user, or add keys to and change the level of an existing one."`
	List userListCmd `cmd:"" help:"List users, their levels and key fingerprints."`
}

type userAddCmd struct {
	dataFlag
	Name  string `arg:"" help:"User name (lowercase letters, digits, '.', '_' or '-')."`
	Key   string `required:"" placeholder:"FILE|LINE" help:"A public key file (id_ed25519.pub, authorized_keys) or one authorized_keys line."`
	Level string `default:"responder" enum:"admin,responder,observer" help:"Access level: admin, responder or observer."`
}

func (c *userAddCmd) Run() error {
	level, err := model.ParseLevel(c.Level)
	if err != nil {
		return err
	}
	keys, err := readKeyArg(c.Key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.Data, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	path := usersPath(c.Data)
	if err := users.Add(path, c.Name, level, keys); err != nil {
		return err
	}
	fmt.Printf("%s: level %s, in %s; a running server picks this up by itself.\n", c.Name, level, path)
	return nil
}

// readKeyArg takes --key as an authorized_keys line when it parses as one,
// and as a file otherwise, so both `--key ~/.ssh/id_ed25519.pub` and
// `--key "ssh-ed25519 AAAA… bob@laptop"` work. (Trying the file first
// would fail on a long RSA line as a file name, echoing the key.)
func readKeyArg(arg string) ([]byte, error) {
	if _, _, _, _, err := gossh.ParseAuthorizedKey([]byte(arg)); err == nil {
		return []byte(arg), nil
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return nil, fmt.Errorf("--key is neither a public key line nor a readable key file: %w", err)
	}
	return b, nil
}

type userListCmd struct {
	dataFlag
}

func (c *userListCmd) Run() error {
	list, err := users.Load(usersPath(c.Data))
	if err != nil {
		return err
	}
	return users.WriteList(os.Stdout, list)
}

func usersPath(dataDir string) string { return filepath.Join(dataDir, server.UsersFile) }
