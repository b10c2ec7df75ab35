// snprintf for the WebAssembly module, without floating point.
//
// Nothing in the module formats a floating-point number with printf: nlohmann/json prints doubles
// with its own Grisu2 (detail::to_chars) and calls snprintf only for "\\u%04x" and "<U+%.4X>";
// src/records formats years and months ("%04d-%02d"). LLVM already turns sprintf/printf/fprintf
// with such formats into musl's integer-only variants (siprintf, ...), but not snprintf, so one
// snprintf call linked musl's whole vfprintf: fmt_fp and the long-double runtime it needs.
// Defining snprintf here (the linker then never pulls musl's snprintf.o) routes every call to
// Emscripten's integer-only vsniprintf. A %f/%g/%e/%a conversion would print nothing useful: do
// not add one (tests/native runs natively with the real snprintf; the Node tests cover the JSON
// and search paths through this one).
#include <cstdarg>
#include <cstddef>

extern "C" {

int vsniprintf(char* s, std::size_t n, const char* fmt, va_list ap);

int snprintf(char* s, std::size_t n, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int r = vsniprintf(s, n, fmt, ap);
  va_end(ap);
  return r;
}

}  // extern "C"
