#include "records/json_text.hpp"

#include <set>
#include <vector>

namespace ehr::records {

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

namespace {

struct Frame {
  bool array = false;
  std::size_t index = 0;  // array: elements begun
  std::string key;        // object: current key
  std::set<std::string> keys;
};

std::string path_of(const std::vector<Frame>& st) {
  std::string p = "$";
  for (std::size_t i = 0; i + 1 < st.size(); ++i) {
    if (st[i].array) p += "[" + std::to_string(st[i].index - 1) + "]";
    else p += "." + st[i].key;
  }
  return p;
}

}  // namespace

std::optional<std::string> duplicate_key_path(std::string_view s) {
  std::vector<Frame> st;
  bool expect_key = false;  // inside an object, before a key
  auto begin_value = [&]() {
    if (!st.empty() && st.back().array) ++st.back().index;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '{':
        begin_value();
        st.push_back(Frame{});
        expect_key = true;
        break;
      case '[':
        begin_value();
        st.push_back(Frame{true, 0, {}, {}});
        expect_key = false;
        break;
      case '}':
      case ']':
        if (!st.empty()) st.pop_back();  // unbalanced text (the caller's contract is valid JSON)
        expect_key = false;
        break;
      case ',': expect_key = !st.empty() && !st.back().array; break;
      case '"': {
        const std::size_t start = i + 1;
        for (++i; i < s.size() && s[i] != '"'; ++i) {
          if (s[i] == '\\') ++i;
        }
        const std::string text(s.substr(start, i - start));
        if (expect_key) {
          Frame& f = st.back();
          if (!f.keys.insert(text).second) return path_of(st) + "." + text;
          f.key = text;
          expect_key = false;
        } else {
          begin_value();
        }
        break;
      }
      case ':':
      case ' ':
      case '\t':
      case '\n':
      case '\r': break;
      default:  // a number, true, false or null: one value
        begin_value();
        while (i + 1 < s.size() && std::string_view(",]} \t\n\r").find(s[i + 1]) == std::string_view::npos) ++i;
        break;
    }
  }
  return std::nullopt;
}

}  // namespace ehr::records
