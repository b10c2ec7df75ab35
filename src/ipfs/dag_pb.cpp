#include "ipfs/dag_pb.hpp"

#include "ipfs/varint.hpp"

namespace ehr::ipfs {
namespace {

Error bad(std::string message) { return Error{Errc::bad_dag_pb, "dag-pb: " + std::move(message)}; }

std::size_t link_body_size(const PbLink& link) {
  std::size_t n = 0;
  const std::size_t h = link.hash.encoded_size();
  n += 1 + varint_size(h) + h;
  if (link.name) n += 1 + varint_size(link.name->size()) + link.name->size();
  if (link.tsize) n += 1 + varint_size(*link.tsize);
  return n;
}

// A length-delimited field: its payload and the position after it.
struct Field {
  ByteView payload;
  std::size_t end = 0;
};

Result<Field> read_bytes_field(ByteView in, std::size_t pos) {
  auto len = read_pb_varint(in.subspan(pos), Errc::bad_dag_pb);
  if (!len) return len.error();
  pos += len.value().length;
  if (len.value().value > in.size() - pos) return bad("truncated field");
  const auto n = static_cast<std::size_t>(len.value().value);
  return Field{in.subspan(pos, n), pos + n};
}

Result<PbLink> decode_link(ByteView in) {
  PbLink link;
  bool have_hash = false;
  int last_field = 0;
  std::size_t pos = 0;
  while (pos < in.size()) {
    auto key = read_pb_varint(in.subspan(pos), Errc::bad_dag_pb);
    if (!key) return key.error();
    pos += key.value().length;
    const std::uint64_t field = key.value().value >> 3;
    const std::uint64_t wire = key.value().value & 7U;
    // Fields 1, 2, 3 at most once each, in that order.
    if (field < 1 || field > 3) return bad("PBLink: unknown field " + std::to_string(field));
    if (static_cast<int>(field) <= last_field) return bad("PBLink: fields repeated or out of order");
    last_field = static_cast<int>(field);
    if (field == 1 || field == 2) {
      if (wire != 2) return bad("PBLink: wrong wire type");
      auto f = read_bytes_field(in, pos);
      if (!f) return f.error();
      pos = f.value().end;
      if (field == 1) {
        auto cid = cid_from_bytes(f.value().payload);
        if (!cid) return cid.error();
        link.hash = cid.value();
        have_hash = true;
      } else {
        std::string name(reinterpret_cast<const char*>(f.value().payload.data()), f.value().payload.size());  // NOLINT
        if (!is_utf8(name)) return bad("PBLink: Name is not UTF-8");
        link.name = std::move(name);
      }
    } else {
      if (wire != 0) return bad("PBLink: wrong wire type for Tsize");
      auto v = read_pb_varint(in.subspan(pos), Errc::bad_dag_pb);
      if (!v) return v.error();
      pos += v.value().length;
      link.tsize = v.value().value;
    }
  }
  if (!have_hash) return bad("PBLink: missing Hash");
  return link;
}

}  // namespace

bool is_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      cp = c & 0x1fU;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      cp = c & 0x0fU;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      cp = c & 0x07U;
    } else {
      return false;
    }
    if (s.size() - i <= n) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0U) != 0x80U) return false;
      cp = (cp << 6) | (cc & 0x3fU);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::size_t dag_pb_size(const PbNode& node) {
  std::size_t n = 0;
  for (const auto& link : node.links) {
    const std::size_t l = link_body_size(link);
    n += 1 + varint_size(l) + l;
  }
  if (node.data) n += 1 + varint_size(node.data->size()) + node.data->size();
  return n;
}

void encode_dag_pb(const PbNode& node, Bytes& out) {
  out.reserve(out.size() + dag_pb_size(node));
  for (const auto& link : node.links) {
    out.push_back(0x12);  // field 2 (Links), wire type 2
    append_varint(out, link_body_size(link));
    out.push_back(0x0a);  // PBLink field 1 (Hash)
    append_varint(out, link.hash.encoded_size());
    link.hash.append_to(out);
    if (link.name) {
      out.push_back(0x12);  // PBLink field 2 (Name)
      append_varint(out, link.name->size());
      out.insert(out.end(), link.name->begin(), link.name->end());
    }
    if (link.tsize) {
      out.push_back(0x18);  // PBLink field 3 (Tsize), varint
      append_varint(out, *link.tsize);
    }
  }
  if (node.data) {
    out.push_back(0x0a);  // field 1 (Data), wire type 2
    append_varint(out, node.data->size());
    out.insert(out.end(), node.data->begin(), node.data->end());
  }
}

Result<PbNode> decode_dag_pb(ByteView block) {
  PbNode node;
  std::size_t pos = 0;
  while (pos < block.size()) {
    auto key = read_pb_varint(block.subspan(pos), Errc::bad_dag_pb);
    if (!key) return key.error();
    pos += key.value().length;
    const std::uint64_t field = key.value().value >> 3;
    const std::uint64_t wire = key.value().value & 7U;
    if (wire != 2) return bad("PBNode: wire type must be 2");
    if (field != 1 && field != 2) return bad("PBNode: unknown field " + std::to_string(field));
    if (node.data) return bad(field == 1 ? "PBNode: repeated Data" : "PBNode: Links after Data");
    auto f = read_bytes_field(block, pos);
    if (!f) return f.error();
    pos = f.value().end;
    if (field == 1) {
      node.data = f.value().payload;
    } else {
      auto link = decode_link(f.value().payload);
      if (!link) return link.error();
      node.links.push_back(std::move(link).value());
    }
  }
  return node;
}

}  // namespace ehr::ipfs
