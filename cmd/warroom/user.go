package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/warroom/warroom/model"
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
	fmt.Printf("%s is now a %s in %s; a running server picks this up by itself.\n", c.Name, level, path)
	return nil
}

// readKeyArg takes --key as a file when one exists at that path, and as an
// authorized_keys line otherwise, so both `--key ~/.ssh/id_ed25519.pub`
// and `--key "ssh-ed25519 AAAA… bob@laptop"` work.
func readKeyArg(arg string) ([]byte, error) {
	b, err := os.ReadFile(arg)
	switch {
	case err == nil:
		return b, nil
	case os.IsNotExist(err):
		return []byte(arg), nil
	default:
		return nil, fmt.Errorf("read key file: %w", err)
	}
}

type userListCmd struct {
	dataFlag
}

func (c *userListCmd) Run() error {
	list, err := users.Load(usersPath(c.Data))
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Printf("no users in %s: the server runs in open mode (any key, as a responder)\n", usersPath(c.Data))
		return nil
	}
	return users.WriteList(os.Stdout, list)
}

func usersPath(dataDir string) string { return filepath.Join(dataDir, "users") }
