package users

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
)

func TestLoadMissingFileMeansNoUsers(t *testing.T) {
	users, err := Load(usersPath(t))
	if err != nil || len(users) != 0 {
		t.Fatalf("Load of a missing file = %v, %v; want no users and no error", users, err)
	}
}

func TestLoadReadsUsersInFileOrder(t *testing.T) {
	laptop, desktop, bobKey := newKey(t), newKey(t), newKey(t)
	path := usersPath(t)
	writeFile(t, path, "# on call this week\n\n"+
		"alice admin "+authorized(laptop, "alice@laptop")+"\r\n"+
		"  bob\tobserver  "+authorized(bobKey, "")+"\n"+
		"# alice again\n"+
		"alice ADMIN "+authorized(desktop, "alice@desktop two words")+"\n"+
		"alice admin "+authorized(laptop, "same key twice")+"\n")

	users, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 {
		t.Fatalf("got %d users, want 2: %+v", len(users), users)
	}
	alice, bob := users[0], users[1]
	if alice.Name != "alice" || alice.Level != model.LevelAdmin || bob.Name != "bob" || bob.Level != model.LevelObserver {
		t.Errorf("users = %s %s, %s %s; want alice admin, bob observer", alice.Name, alice.Level, bob.Name, bob.Level)
	}
	if len(alice.Keys) != 2 || !sameKey(alice.Keys[0], laptop) || !sameKey(alice.Keys[1], desktop) {
		t.Errorf("alice has %d keys; want her laptop then desktop key, each once", len(alice.Keys))
	}
	if got := strings.Join(alice.KeyComments, "|"); got != "alice@laptop|alice@desktop two words" {
		t.Errorf("alice's key comments = %q", got)
	}
	if len(bob.Keys) != 1 || !sameKey(bob.Keys[0], bobKey) || bob.KeyComments[0] != "" {
		t.Errorf("bob's keys = %v %q; want his one key without comment", bob.Keys, bob.KeyComments)
	}
}

func TestLoadRejectsBadLinesNamingFileAndLine(t *testing.T) {
	k, other := newKey(t), newKey(t)
	key := authorized(k, "c")
	tests := []struct {
		name string
		line string // written as line 3, after a comment and a valid line
		want string
	}{
		{"upper-case name", "Carol admin " + key, `user name "Carol" is not valid`},
		{"lower-case hint", "Carol admin " + key, "try carol"},
		{"name too long", strings.Repeat("x", 33) + " admin " + key, "is not valid"},
		{"name starting with dash", "-x admin " + key, `"-x" is not valid`},
		{"name with slash", "a/b admin " + key, `"a/b" is not valid`},
		{"escape in name", "a\x1b[31m admin " + key, `"a\x1b[31m" is not valid`},
		{"name alone", "carol", "missing the level and the key"},
		{"unknown level", "carol root " + key, `unknown access level "root"`},
		{"missing key", "carol admin", "missing the public key"},
		{"bad base64", "carol admin ssh-ed25519 AAAA!!!! c", "not a public key"},
		{"type mismatch", "carol admin ssh-rsa " + strings.Fields(key)[1], "not a public key"},
		{"key options", `carol admin from="10.0.0.0/8" ` + key, `key options (from="10.0.0.0/8") are not supported`},
		{"private key", "carol admin -----BEGIN OPENSSH PRIVATE KEY-----", "this is a private key"},
		{"certificate", "carol admin " + certificateLine(t, k), "this is an SSH certificate"},
		{"level differs from earlier line", "alice observer " + key, "alice is observer here but admin on line 2"},
		{"key of another user", "carol admin " + authorized(other, ""), "already belongs to alice on line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := usersPath(t)
			writeFile(t, path, "# team\nalice admin "+authorized(other, "")+"\n"+tt.line+"\n")
			_, err := Load(path)
			if err == nil {
				t.Fatal("Load accepted the file")
			}
			for _, want := range []string{"users file " + path + " line 3: ", tt.want} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func sameKey(a, b gossh.PublicKey) bool { return string(a.Marshal()) == string(b.Marshal()) }

// certificateLine returns an authorized_keys line holding a user
// certificate for key.
func certificateLine(t *testing.T, key gossh.PublicKey) string {
	t.Helper()
	_, caPriv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := gossh.NewSignerFromKey(caPriv)
	if err != nil {
		t.Fatal(err)
	}
	cert := &gossh.Certificate{Key: key, CertType: gossh.UserCert, ValidPrincipals: []string{"carol"}, ValidBefore: gossh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	return authorized(cert, "cert")
}
