// Package memo keeps a screen part's last rendering with the inputs it
// came from, so that a part is drawn again only when its data, size or
// styles changed: most frames redraw one part of many.
package memo

// Memo is the last rendering of one part and its key.
type Memo[K comparable] struct {
	key   K
	out   string
	valid bool
}

// Get returns the rendering for key, calling render only when key differs
// from the last one.
func (c *Memo[K]) Get(key K, render func() string) string {
	if !c.valid || c.key != key {
		c.key, c.out, c.valid = key, render(), true
	}
	return c.out
}
