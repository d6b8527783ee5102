package users

import (
	"bytes"
	"os"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
)

func TestAddCreatesDocumentedPrivateFile(t *testing.T) {
	k := newKey(t)
	path := usersPath(t)
	if err := Add(path, "alice", model.LevelAdmin, []byte(authorized(k, "alice@laptop")+"\n")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("users file mode = %v, want 0600", info.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(data), fileHeader) {
		t.Errorf("new users file does not start with the format header:\n%s", data)
	}
	if want := "alice admin " + authorized(k, "alice@laptop") + "\n"; !strings.HasSuffix(string(data), want) {
		t.Errorf("users file does not end with %q:\n%s", want, data)
	}
	users, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0].Name != "alice" || users[0].Level != model.LevelAdmin || !sameKey(users[0].Keys[0], k) {
		t.Errorf("Load after Add = %+v", users)
	}
}

func TestAddUpdatesLevelAndKeepsOtherLines(t *testing.T) {
	laptop, desktop, bobKey := newKey(t), newKey(t), newKey(t)
	path := usersPath(t)
	writeFile(t, path, "# hand written\n"+
		"alice responder "+authorized(laptop, "laptop")+"\n"+
		"\n# bob is on leave\n"+
		"bob   observer   "+authorized(bobKey, "bob")+"\n")

	if err := Add(path, "alice", model.LevelAdmin, []byte(authorized(desktop, "desktop"))); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	want := "# hand written\n" +
		"alice admin " + authorized(laptop, "laptop") + "\n" +
		"alice admin " + authorized(desktop, "desktop") + "\n" +
		"\n# bob is on leave\n" +
		"bob   observer   " + authorized(bobKey, "bob") + "\n"
	if string(data) != want {
		t.Errorf("users file after Add:\n%s\nwant:\n%s", data, want)
	}
}

func TestAddTwiceDoesNotDuplicateKeys(t *testing.T) {
	k, second := newKey(t), newKey(t)
	path := usersPath(t)
	text := []byte(authorized(k, "a") + "\n# and\n" + authorized(second, "b") + "\n" + authorized(k, "again") + "\n")
	for range 2 {
		if err := Add(path, "alice", model.LevelResponder, text); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(path)
	if n := bytes.Count(data, []byte("\nalice ")); n != 2 {
		t.Errorf("alice has %d lines, want one per distinct key (2):\n%s", n, data)
	}
	users, err := Load(path)
	if err != nil || len(users) != 1 || len(users[0].Keys) != 2 {
		t.Fatalf("Load = %+v, %v; want alice with 2 keys", users, err)
	}
}

func TestAddRejectsBadInput(t *testing.T) {
	bobKey := newKey(t)
	k := authorized(newKey(t), "")
	tests := []struct {
		name  string
		user  string
		level model.Level
		keys  string
		want  string
	}{
		{"upper-case name", "Alice", model.LevelAdmin, k, "try alice"},
		{"empty name", "", model.LevelAdmin, k, `user name "" is not valid`},
		{"name with space", "al ice", model.LevelAdmin, k, "is not valid"},
		{"no level", "alice", 0, k, "is not admin, responder or observer"},
		{"empty key text", "alice", model.LevelAdmin, "\n# nothing\n", "no public key found"},
		{"garbage second line", "alice", model.LevelAdmin, k + "\nhello world\n", "key line 2: not a public key"},
		{"private key", "alice", model.LevelAdmin, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1r\n", "key line 1: this is a private key"},
		{"options", "alice", model.LevelAdmin, `command="sh" ` + k, "key options"},
		{"bob's key", "alice", model.LevelAdmin, authorized(bobKey, ""), "already belongs to bob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := usersPath(t)
			before := "bob observer " + authorized(bobKey, "") + "\n"
			writeFile(t, path, before)
			err := Add(path, tt.user, tt.level, []byte(tt.keys))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Add = %v, want an error containing %q", err, tt.want)
			}
			if data, _ := os.ReadFile(path); string(data) != before {
				t.Errorf("a refused Add changed the file:\n%s", data)
			}
		})
	}
}

func TestAddLeavesBrokenFileAlone(t *testing.T) {
	path := usersPath(t)
	broken := "alice admin not-a-key\n"
	writeFile(t, path, broken)
	err := Add(path, "bob", model.LevelObserver, []byte(authorized(newKey(t), "")))
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("Add over a broken file = %v, want the broken line reported", err)
	}
	if data, _ := os.ReadFile(path); string(data) != broken {
		t.Errorf("Add changed a broken file:\n%s", data)
	}
}

func TestAddSanitisesKeyComments(t *testing.T) {
	k := newKey(t)
	path := usersPath(t)
	if err := Add(path, "alice", model.LevelAdmin, []byte(authorized(k, "evil\x1b[2J\rcomment"))); err != nil {
		t.Fatal(err)
	}
	users, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := users[0].KeyComments[0]; got != "evilcomment" {
		t.Errorf("comment = %q, want the escape sequence and carriage return removed", got)
	}
}

func TestWriteListShowsOneLinePerKey(t *testing.T) {
	a1, a2, b := newKey(t), newKey(t), newKey(t)
	users := []User{
		{Name: "alice", Level: model.LevelAdmin, Keys: []gossh.PublicKey{a1, a2}, KeyComments: []string{"laptop", ""}},
		{Name: "bob", Level: model.LevelObserver, Keys: []gossh.PublicKey{b}},
	}
	var out bytes.Buffer
	if err := WriteList(&out, users); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	want := [][]string{
		{"NAME", "LEVEL", "TYPE", "FINGERPRINT", "COMMENT"},
		{"alice", "admin", "ssh-ed25519", gossh.FingerprintSHA256(a1), "laptop"},
		{"alice", "admin", "ssh-ed25519", gossh.FingerprintSHA256(a2)},
		{"bob", "observer", "ssh-ed25519", gossh.FingerprintSHA256(b)},
	}
	if len(lines) != len(want) {
		t.Fatalf("list has %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if got := strings.Fields(lines[i]); strings.Join(got, " ") != strings.Join(w, " ") {
			t.Errorf("line %d = %q, want fields %q", i, lines[i], w)
		}
	}
}

func TestWriteListWithoutUsersSaysOpenMode(t *testing.T) {
	var out bytes.Buffer
	if err := WriteList(&out, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "open mode") {
		t.Errorf("empty list = %q, want it to say the server runs in open mode", out.String())
	}
}
