package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/model"
)

// maxNameLength bounds role and team names, like user names.
const maxNameLength = model.MaxUserNameLength

// roles reads the display order of roles. A built-in role, listed by its
// name, an alias or its title, keeps its title and aliases; any other name
// adds a custom role titled from its name ("customer-liaison" becomes
// "Customer Liaison") with the name as its one alias. Built-ins the list
// leaves out come first, in their usual order, then the listed roles in
// the order given.
func (d *decoder) roles(n *yaml.Node) []model.Role {
	items, ok := d.sequence(n, "roles")
	if !ok {
		return model.BuiltinRoles()
	}
	// known resolves names against the built-ins and the custom roles so far.
	known := &model.Rules{Roles: model.BuiltinRoles()}
	listedAt := map[string]int{} // canonical name → line listed
	var listed []model.Role
	for i, item := range items {
		path := index("roles", i)
		item = resolve(item)
		name, ok := d.text(item, path, "a role name")
		if !ok {
			continue
		}
		role, found := known.Role(name)
		if !found {
			if role, ok = d.customRole(item, path, name, known); !ok {
				continue
			}
			known.Roles = append(known.Roles, role)
		}
		if line, dup := listedAt[role.Name]; dup {
			if name == role.Name {
				d.fail(item, path, "%s is already listed at line %d", role.Name, line)
			} else {
				d.fail(item, path, "%s is %s, already listed at line %d", quote(name), role.Name, line)
			}
			continue
		}
		listedAt[role.Name] = item.Line
		listed = append(listed, role)
	}
	var roles []model.Role
	for _, r := range model.BuiltinRoles() {
		if _, ok := listedAt[r.Name]; !ok {
			roles = append(roles, r)
		}
	}
	return append(roles, listed...)
}

// customRole makes a role of a name that is no built-in. Its title must
// not be one another role already answers to, or /assign would be
// ambiguous.
func (d *decoder) customRole(n *yaml.Node, path, name string, known *model.Rules) (model.Role, bool) {
	if err := checkName("role", name); err != nil {
		d.fail(n, path, "%v", err)
		return model.Role{}, false
	}
	role := model.Role{Name: name, Title: titleOf(name), Aliases: []string{name}}
	if other, taken := known.Role(role.Title); taken {
		d.fail(n, path, "role %s would be titled %q, which is already %s", name, role.Title, other.Name)
		return model.Role{}, false
	}
	return role, true
}

// titleOf turns a role name into how it is shown: "customer-liaison"
// becomes "Customer Liaison".
func titleOf(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// checkName checks a role or team name: 1 to 32 lowercase letters, digits
// and hyphens, starting with a letter or digit, so it reads well after
// "team:" and in commands.
func checkName(what, s string) error {
	if isName(s) {
		return nil
	}
	hint := ""
	if fixed := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-"); isName(fixed) {
		hint = ", like " + fixed
	}
	return fmt.Errorf("%s name %s is not valid: use 1 to %d lowercase letters, digits and hyphens%s",
		what, quote(s), maxNameLength, hint)
}

func isName(s string) bool {
	if len(s) == 0 || len(s) > maxNameLength || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}
