package cmdline

import (
	"reflect"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

func TestParseReviewCommands(t *testing.T) {
	tests := []struct {
		line string
		want model.Command
	}{
		{"/review set summary Checkout failed  for 16 minutes.", model.SetReviewField{Incident: "INC-3", Field: "summary", Text: " Checkout failed  for 16 minutes."}},
		{"/review set RootCause no canary", model.SetReviewField{Incident: "INC-3", Field: "RootCause", Text: " no canary"}},
		{"/review set five-whys\n1. why\n2. why", model.SetReviewField{Incident: "INC-3", Field: "five-whys", Text: "\n1. why\n2. why"}},
		{"/Review Publish", model.PublishReview{Incident: "INC-3"}},
	}
	for _, tc := range tests {
		p, err := Parse(tc.line, room)
		if err != nil || !reflect.DeepEqual(p.Command, tc.want) {
			t.Errorf("%q: %#v, %v; want %#v", tc.line, p.Command, err, tc.want)
		}
	}
	for line, want := range map[string]string{
		"/review now":             "/review takes no arguments",
		"/review set":             "needs text",
		"/review set summary":     "needs text after the field",
		"/review set blame it":    `no review field "blame"`,
		"/review publish now":     "takes no arguments",
		"/review set \x1b[31mx y": "no review field",
	} {
		_, err := Parse(line, room)
		if msg := model.ErrorMessage(err); model.ErrorCode(err) != model.CodeInvalid || !strings.Contains(msg, want) || strings.ContainsRune(msg, 0x1b) {
			t.Errorf("%q: %q (%s), want it to say %q", line, msg, model.ErrorCode(err), want)
		}
	}
}

func TestParseSSHReviewCommands(t *testing.T) {
	for line, want := range map[string]model.Command{
		"review set INC-3 lessons keep the canary": model.SetReviewField{Incident: "INC-3", Field: "lessons", Text: " keep the canary"},
		"review INC-3 set lessons keep the canary": model.SetReviewField{Incident: "INC-3", Field: "lessons", Text: " keep the canary"},
		"review INC-3 publish":                     model.PublishReview{Incident: "INC-3"},
	} {
		p, err := ParseSSH(line, Context{Now: now})
		if err != nil || !reflect.DeepEqual(p.Command, want) {
			t.Errorf("%s: %#v, %v; want %#v", line, p.Command, err, want)
		}
	}
}
