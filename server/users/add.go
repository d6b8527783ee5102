package users

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
)

// Add gives user name the level and every public key in
// authorizedKeysText: the contents of a .pub file, or one or more
// authorized_keys lines. Re-adding an existing user sets their level on all
// their lines and adds the keys they do not have yet. The file is replaced
// atomically (a reader sees the old or the new file, never half of one),
// with mode 0600; every other line, comments included, is kept as written.
// A users file that does not parse is left alone: fix it first.
func Add(path, name string, level model.Level, authorizedKeysText []byte) error {
	if err := model.ValidateUserName(name); err != nil {
		return err
	}
	if !validLevel(level) {
		return model.Errorf(model.CodeInvalid, "access level %s is not admin, responder or observer", level)
	}
	keys, err := parseKeyText(authorizedKeysText)
	if err != nil {
		return err
	}
	f, err := readFile(path)
	if err != nil {
		return err
	}
	if len(f.lines) == 0 {
		for _, text := range strings.Split(strings.TrimSuffix(fileHeader, "\n"), "\n") {
			f.lines = append(f.lines, line{text: text})
		}
	}
	if err := f.grantKeys(name, level, keys); err != nil {
		return err
	}
	return writeAtomic(path, f.bytes())
}

// parseKeyText reads every key in an authorized_keys-style text, skipping
// blank lines and comments. Unlike gossh.ParseAuthorizedKey it refuses a
// line it cannot read instead of skipping it, so that a mangled paste is
// noticed.
func parseKeyText(text []byte) ([]*grant, error) {
	var keys []*grant
	for i, l := range strings.Split(string(text), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' {
			continue
		}
		g, err := parseKey(l)
		if err != nil {
			return nil, fmt.Errorf("key line %d: %w", i+1, err)
		}
		keys = append(keys, g)
	}
	if len(keys) == 0 {
		return nil, model.Errorf(model.CodeInvalid, "no public key found (want KEY-TYPE BASE64-KEY [COMMENT], as in id_ed25519.pub)")
	}
	return keys, nil
}

// grantKeys sets name's level on their existing lines and adds lines for
// the keys they do not have yet, just after their last line (at the end
// for a new user). A key that belongs to someone else is refused.
func (f *file) grantKeys(name string, level model.Level, keys []*grant) error {
	owner := map[string]string{} // key bytes → user name
	last := -1
	for i := range f.lines {
		g := f.lines[i].grant
		if g == nil {
			continue
		}
		owner[string(g.key.Marshal())] = g.name
		if g.name == name {
			g.level = level
			f.lines[i].text = g.format()
			last = i
		}
	}
	var added []line
	for _, k := range keys {
		id := string(k.key.Marshal())
		switch o := owner[id]; o {
		case name:
			continue
		case "":
		default:
			return model.Errorf(model.CodeInvalid, "key %s already belongs to %s; a key can belong to one user only", gossh.FingerprintSHA256(k.key), o)
		}
		owner[id] = name
		g := &grant{name: name, level: level, key: k.key, comment: k.comment, keyText: authorizedKeyText(k.key, k.comment)}
		added = append(added, line{text: g.format(), grant: g})
	}
	if last < 0 {
		f.lines = append(f.lines, added...)
	} else {
		f.lines = slices.Insert(f.lines, last+1, added...)
	}
	return nil
}

// authorizedKeyText writes a key in the canonical authorized_keys form.
// The comment is already sanitised, so it cannot break the line.
func authorizedKeyText(key gossh.PublicKey, comment string) string {
	text := strings.TrimSuffix(string(gossh.MarshalAuthorizedKey(key)), "\n")
	if comment != "" {
		text += " " + comment
	}
	return text
}

func (f *file) bytes() []byte {
	var b strings.Builder
	for _, l := range f.lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// writeAtomic replaces path with data: a temporary file in the same
// directory is written and fsynced, then renamed over path, and the
// directory is fsynced so that the rename survives a crash.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create users file directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write users file: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close() // may already be closed; the write error is the one to report
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("write users file: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write users file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write users file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write users file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace users file: %w", err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync users file directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync users file directory %s: %w", dir, err)
	}
	return nil
}
