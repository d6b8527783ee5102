package users

import (
	"fmt"
	"io"
	"text/tabwriter"

	gossh "golang.org/x/crypto/ssh"
)

// WriteList prints users for `warroom user list`: a header, then one line
// per key (NAME LEVEL TYPE FINGERPRINT COMMENT), so that grep for a name
// or a fingerprint finds the whole story on one line.
func WriteList(w io.Writer, users []User) error {
	if len(users) == 0 {
		_, err := fmt.Fprintln(w, "no users: the server runs in open mode (any key, as a responder, on loopback unless --allow-open)")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tLEVEL\tTYPE\tFINGERPRINT\tCOMMENT")
	for _, u := range users {
		for i, k := range u.Keys {
			comment := ""
			if i < len(u.KeyComments) {
				comment = u.KeyComments[i]
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.Level, k.Type(), gossh.FingerprintSHA256(k), comment)
		}
	}
	return tw.Flush()
}
