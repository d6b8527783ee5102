package model

import (
	"strings"
	"testing"
)

func TestValidateUserNameAcceptsDocumentedAlphabet(t *testing.T) {
	for _, name := range []string{"a", "alice", "a.b_c-d", "0ps", strings.Repeat("z", MaxUserNameLength)} {
		if err := ValidateUserName(name); err != nil {
			t.Errorf("ValidateUserName(%q) = %v", name, err)
		}
	}
	for _, name := range []string{"", ".alice", "_a", "al ice", "alicé", "Alice", SystemActor, strings.Repeat("z", MaxUserNameLength+1)} {
		if err := ValidateUserName(name); err == nil {
			t.Errorf("ValidateUserName(%q) accepted it", name)
		}
	}
}
