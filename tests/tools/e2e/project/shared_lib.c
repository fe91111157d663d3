/* An instrumented shared library with a racy counter. */
static int lib_counter;

void lib_bump(void) {
  lib_counter++; /* the race: line 5 */
}

int lib_value(void) { return lib_counter; }
