#include "common/result.hpp"

namespace ehr {

std::string_view errc_name(Errc code) noexcept {
  switch (code) {
#define EHR_X(e, n, name, kind) \
  case Errc::e: return name;
    EHR_ERROR_CODES(EHR_X)
#undef EHR_X
  }
  return "ERR_UNKNOWN";
}

char errc_kind(Errc code) noexcept {
  switch (code) {
#define EHR_X(e, n, name, kind) \
  case Errc::e: return kind;
    EHR_ERROR_CODES(EHR_X)
#undef EHR_X
  }
  return 'E';
}

}  // namespace ehr
