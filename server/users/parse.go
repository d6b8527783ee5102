package users

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
)

// file is a users file as written, line by line, so that Add can rewrite
// it and keep every line and comment it does not change.
type file struct {
	lines []line
}

type line struct {
	text  string
	grant *grant // nil for blank and comment lines
}

// grant is one NAME LEVEL KEY line: one key that logs in as one user.
type grant struct {
	name    string
	level   model.Level
	key     gossh.PublicKey
	comment string // sanitised
	keyText string // KEY-TYPE BASE64-KEY [COMMENT] as written
}

func (g *grant) format() string {
	return g.name + " " + g.level.String() + " " + g.keyText
}

// Load reads the users file at path. A missing file means no users yet.
func Load(path string) ([]User, error) {
	f, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return f.users(), nil
}

func readFile(path string) (*file, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &file{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read users file: %w", err)
	}
	return parseFile(path, data)
}

// parseFile checks every line and the rules between lines: one level per
// user, one user per key. Errors name the file and the line.
func parseFile(path string, data []byte) (*file, error) {
	texts := strings.Split(string(data), "\n")
	if texts[len(texts)-1] == "" {
		texts = texts[:len(texts)-1]
	}
	f := &file{lines: make([]line, 0, len(texts))}
	userAt := map[string]numbered{} // user name → their first grant
	keyAt := map[string]numbered{}  // key bytes → its first grant
	for i, text := range texts {
		n := i + 1
		text = strings.TrimSuffix(text, "\r")
		l := line{text: text}
		if body := strings.TrimSpace(text); body != "" && body[0] != '#' {
			g, err := parseGrant(body)
			if err != nil {
				return nil, fmt.Errorf("users file %s line %d: %w", path, n, err)
			}
			if first, ok := userAt[g.name]; !ok {
				userAt[g.name] = numbered{g, n}
			} else if first.level != g.level {
				return nil, fmt.Errorf("users file %s line %d: %s is %s here but %s on line %d; give every line of a user the same level",
					path, n, g.name, g.level, first.level, first.line)
			}
			k := string(g.key.Marshal())
			if first, ok := keyAt[k]; !ok {
				keyAt[k] = numbered{g, n}
			} else if first.name != g.name {
				return nil, fmt.Errorf("users file %s line %d: key %s already belongs to %s on line %d; a key can belong to one user only",
					path, n, gossh.FingerprintSHA256(g.key), first.name, first.line)
			}
			l.grant = g
		}
		f.lines = append(f.lines, l)
	}
	return f, nil
}

type numbered struct {
	*grant
	line int
}

// parseGrant reads "NAME LEVEL KEY-TYPE BASE64-KEY [COMMENT]".
func parseGrant(text string) (*grant, error) {
	name, rest := nextField(text)
	levelText, keyText := nextField(rest)
	if err := model.ValidateUserName(name); err != nil {
		return nil, err
	}
	if levelText == "" {
		return nil, model.Errorf(model.CodeInvalid, "missing the level and the key after %s (want NAME LEVEL KEY-TYPE BASE64-KEY [COMMENT])", name)
	}
	level, err := model.ParseLevel(levelText)
	if err != nil {
		return nil, err
	}
	g, err := parseKey(keyText)
	if err != nil {
		return nil, err
	}
	g.name, g.level = name, level
	return g, nil
}

// nextField splits off the first space- or tab-separated field of s.
func nextField(s string) (field, rest string) {
	s = strings.TrimLeft(s, " \t")
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], strings.TrimLeft(s[i:], " \t")
	}
	return s, ""
}

// parseKey reads one public key in authorized_keys form. It refuses what
// would log in differently from what the line seems to say: key options
// (from="..." would not be enforced) and certificates (not looked up by
// their key).
func parseKey(text string) (*grant, error) {
	text = strings.TrimSpace(text)
	switch {
	case text == "":
		return nil, model.Errorf(model.CodeInvalid, "missing the public key (want KEY-TYPE BASE64-KEY [COMMENT])")
	case strings.Contains(text, "PRIVATE KEY"):
		return nil, model.Errorf(model.CodeInvalid, "this is a private key; give the public key instead (the .pub file)")
	}
	key, comment, options, _, err := gossh.ParseAuthorizedKey([]byte(text))
	if err != nil {
		// The parser wraps the interesting cause in "no key found".
		if cause := errors.Unwrap(err); cause != nil {
			err = cause
		}
		return nil, model.WrapError(model.CodeInvalid, err, "not a public key (want KEY-TYPE BASE64-KEY [COMMENT], as in id_ed25519.pub)")
	}
	if len(options) > 0 {
		return nil, model.Errorf(model.CodeInvalid, "key options (%s) are not supported; remove them", model.Sanitize(strings.Join(options, ","), false))
	}
	if _, ok := key.(*gossh.Certificate); ok {
		return nil, model.Errorf(model.CodeInvalid, "this is an SSH certificate; give the user's public key instead")
	}
	return &grant{key: key, comment: model.Sanitize(comment, false), keyText: text}, nil
}

// users lists the users of f in the order they first appear. A key that a
// user has on two lines counts once.
func (f *file) users() []User {
	var out []User
	index := map[string]int{}
	seen := map[string]bool{}
	for _, l := range f.lines {
		g := l.grant
		if g == nil || seen[string(g.key.Marshal())] {
			continue
		}
		seen[string(g.key.Marshal())] = true
		i, ok := index[g.name]
		if !ok {
			i = len(out)
			index[g.name] = i
			out = append(out, User{Name: g.name, Level: g.level})
		}
		out[i].Keys = append(out[i].Keys, g.key)
		out[i].KeyComments = append(out[i].KeyComments, g.comment)
	}
	return out
}
