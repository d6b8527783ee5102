package memo

import "testing"

func TestGetRendersOnlyWhenTheKeyChanges(t *testing.T) {
	var m Memo[int]
	calls := 0
	render := func() string { calls++; return "drawn" }
	for _, key := range []int{1, 1, 2, 2, 1} {
		if got := m.Get(key, render); got != "drawn" {
			t.Fatalf("Get = %q", got)
		}
	}
	if calls != 3 {
		t.Errorf("rendered %d times for keys 1 1 2 2 1, want 3", calls)
	}
}
