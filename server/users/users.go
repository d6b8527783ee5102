// Package users maps SSH public keys to warroom users.
//
// Users live in a plain text file in the data directory, readable and
// editable by hand like authorized_keys:
//
//	# NAME LEVEL KEY-TYPE BASE64-KEY [COMMENT]
//	alice admin ssh-ed25519 AAAAC3Nza... alice@laptop
//	alice admin ssh-ed25519 AAAAC3Nza... alice@desktop
//	bob observer ssh-rsa AAAA...
//
// NAME is 1 to 32 characters of a-z, 0-9, '.', '_' and '-', starting with
// a letter or a digit. Names are lowercase so that "Alice" and "alice"
// cannot be two people on one timeline. LEVEL is admin, responder or
// observer. The rest of the line is a public key as authorized_keys writes
// it (the contents of id_ed25519.pub); key options such as from="..." are
// refused rather than silently ignored, and so are certificates. A user
// with several keys has one line per key, all with the same level. One key
// belongs to one user only. Blank lines and lines starting with '#' are
// ignored.
//
// Load reads the file, Add changes it atomically, and Watch keeps a live
// Directory that the SSH server consults on every login.
package users

import (
	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
)

// User is one person who may connect, with every key they log in with.
type User struct {
	Name  string
	Level model.Level
	Keys  []gossh.PublicKey
	// KeyComments[i] is the comment written after Keys[i] ("" when none),
	// sanitised so that it is safe to print.
	KeyComments []string
}

// fileHeader is written at the top of a users file that Add creates, so
// that whoever opens it in an editor knows the format.
const fileHeader = `# warroom users: who may connect, one SSH public key per line.
#
# NAME LEVEL KEY-TYPE BASE64-KEY [COMMENT]
#
# NAME is 1 to 32 characters of a-z, 0-9, '.', '_' and '-', starting with a
# letter or a digit. LEVEL is admin, responder or observer. The rest of the
# line is a public key as in authorized_keys (the contents of id_ed25519.pub),
# without options. Give a user several keys with one line per key; a key
# belongs to one user only. Blank lines and lines starting with # are ignored.
# A running server reloads this file when it changes.
`

// validLevel reports whether l is one of the levels a users file can name.
func validLevel(l model.Level) bool {
	return l >= model.LevelObserver && l <= model.LevelAdmin
}
