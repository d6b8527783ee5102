package bolt

import (
	"fmt"
	"runtime/debug"

	"github.com/warroom/warroom/model"
)

// guard runs fn, which reads bbolt's memory map, and turns a panic or a
// memory fault inside it into a CodeCorrupt error naming the file. bbolt
// trusts the page numbers and element counts it reads, so a damaged page
// sends it to addresses outside the map (a fault, which SetPanicOnFault
// makes recoverable for this goroutine) or into its own panics, whose text
// may quote bytes of the file. (A panic inside bolt.Open itself would leave
// the file mapped, and so locked, until the process exits: checkHeader rules
// out the ones known.)
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = model.WrapError(model.CodeCorrupt, fmt.Errorf("bbolt: %s", model.Sanitize(fmt.Sprint(r), false)), "journal %s is damaged", path)
		}
	}()
	return fn()
}
