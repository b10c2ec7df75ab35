#include "records/fhir_datetime.hpp"

namespace ehr::records::fhir {
namespace {

struct Parsed {
  int year = 0, month = 0, day = 0;  // 0: absent
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  bool has_tz = false;
  int tz_minutes = 0;
};

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[at + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

// hh:mm:ss(.f+)? at `at`; returns the position after it or npos.
std::size_t parse_time(std::string_view s, std::size_t at, Parsed& p) {
  if (!digits(s, at, 2, p.hour) || at + 2 >= s.size() || s[at + 2] != ':' || !digits(s, at + 3, 2, p.minute) ||
      at + 5 >= s.size() || s[at + 5] != ':' || !digits(s, at + 6, 2, p.second)) {
    return std::string_view::npos;
  }
  if (p.hour > 23 || p.minute > 59 || p.second > 60) return std::string_view::npos;
  std::size_t pos = at + 8;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t f = pos + 1;
    while (f < s.size() && s[f] >= '0' && s[f] <= '9') ++f;
    if (f == pos + 1) return std::string_view::npos;
    pos = f;
  }
  return pos;
}

// The date-and-time grammar shared by date, dateTime and instant.
std::optional<Parsed> parse(std::string_view s) {
  Parsed p;
  if (!digits(s, 0, 4, p.year) || p.year == 0) return std::nullopt;  // FHIR: years 0001..9999
  std::size_t pos = 4;
  if (pos == s.size()) return p;
  if (s[pos] != '-' || !digits(s, pos + 1, 2, p.month) || p.month < 1 || p.month > 12) return std::nullopt;
  pos += 3;
  if (pos == s.size()) return p;
  if (s[pos] != '-' || !digits(s, pos + 1, 2, p.day) || p.day < 1 || p.day > days_in_month(p.year, p.month)) {
    return std::nullopt;
  }
  pos += 3;
  if (pos == s.size()) return p;
  if (s[pos] != 'T') return std::nullopt;
  pos = parse_time(s, pos + 1, p);
  if (pos == std::string_view::npos) return std::nullopt;
  p.has_time = true;
  // A time needs a zone: Z or +hh:mm / -hh:mm within -14:00..+14:00.
  if (pos == s.size()) return std::nullopt;
  if (s[pos] == 'Z') {
    p.has_tz = true;
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int h = 0, m = 0;
    if (!digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, m)) {
      return std::nullopt;
    }
    if (m > 59 || h > 14 || (h == 14 && m != 0)) return std::nullopt;
    p.has_tz = true;
    p.tz_minutes = (s[pos] == '-' ? -1 : 1) * (h * 60 + m);
    pos += 6;
  }
  if (pos != s.size()) return std::nullopt;
  return p;
}

// Days since 1970-01-01 (proleptic Gregorian).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

bool valid_date_value(std::string_view text, DateKind kind) noexcept {
  if (kind == DateKind::time) {
    Parsed p;
    return parse_time(text, 0, p) == text.size();
  }
  const auto p = parse(text);
  if (!p) return false;
  switch (kind) {
    case DateKind::date: return !p->has_time;
    case DateKind::date_time: return true;
    case DateKind::instant: return p->has_time && p->day != 0;
    case DateKind::time: break;
  }
  return false;
}

std::optional<std::pair<std::int64_t, std::int64_t>> date_interval(std::string_view text) noexcept {
  const auto p = parse(text);
  if (!p) return std::nullopt;
  constexpr std::int64_t kDay = 86400;
  constexpr std::int64_t kSlack = 14 * 3600;
  if (p->has_time) {
    const std::int64_t t = days_from_civil(p->year, p->month, p->day) * kDay + p->hour * 3600 + p->minute * 60 +
                           p->second - p->tz_minutes * 60;
    return std::make_pair(t, t + 1);
  }
  std::int64_t lo, hi;
  if (p->month == 0) {
    lo = days_from_civil(p->year, 1, 1) * kDay;
    hi = days_from_civil(p->year + 1, 1, 1) * kDay;
  } else if (p->day == 0) {
    lo = days_from_civil(p->year, p->month, 1) * kDay;
    hi = lo + days_in_month(p->year, p->month) * kDay;
  } else {
    lo = days_from_civil(p->year, p->month, p->day) * kDay;
    hi = lo + kDay;
  }
  return std::make_pair(lo - kSlack, hi + kSlack);
}

std::optional<std::pair<int, int>> year_month(std::string_view text) noexcept {
  const auto p = parse(text);
  if (!p) return std::nullopt;
  return std::make_pair(p->year, p->month);
}

}  // namespace ehr::records::fhir
