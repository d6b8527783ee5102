// Command warroom runs the warroom SSH server and manages its users.
//
//	warroom                       serve with the defaults (127.0.0.1:2222, ./warroom-data)
//	warroom serve --ssh ADDR --data DIR
//	warroom user add NAME --key FILE --level responder --data DIR
//	warroom user list --data DIR
//	warroom verify --data DIR
package main

import (
	"fmt"
	"os"

	"github.com/alecthomas/kong"
)

type cli struct {
	Serve  serveCmd  `cmd:"" default:"withargs" help:"Run the SSH server (the default command)."`
	User   userCmd   `cmd:"" help:"Manage the users allowed to connect."`
	Verify verifyCmd `cmd:"" help:"Check the journal's hash chain: print its head digest, or the first broken link (exit 1)."`
}

// dataFlag is shared by every command that works on a data directory.
type dataFlag struct {
	Data string `default:"./warroom-data" placeholder:"DIR" help:"Data directory: journal, host key and users file."`
}

func main() {
	var c cli
	ctx := kong.Parse(&c,
		kong.Name("warroom"),
		kong.Description("An incident war room in the terminal, served over SSH."),
		kong.UsageOnError(),
	)
	if err := ctx.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "warroom:", err)
		os.Exit(1)
	}
}
