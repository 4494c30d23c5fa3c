// session_description: typed access, edits, parse entry points and serializers.
#include <algorithm>
#include <cstring>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <imsdp/sdp/session_description.hpp>

#include "sdp/line_parser.hpp"
#include "sdp/line_scanner.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::sdp {

// --- fields -------------------------------------------------------------------------

position field::position_of(std::string_view part) const noexcept {
  auto const column = static_cast<std::size_t>(part.data() - text.data());
  if (column > text.size()) return {offset, line, 1};
  return {offset + column, line, static_cast<std::uint32_t>(column + 1)};
}

// --- views --------------------------------------------------------------------------

std::span<field const> section_view::fields() const noexcept {
  return std::span<field const>(doc_->fields_).subspan(first_, last_ - first_);
}

typed_range<attribute> section_view::attributes() const {
  return all<attribute>();
}

std::vector<attribute const*> section_view::attributes_named(std::string_view name) const {
  std::vector<attribute const*> found;
  for (auto const& a : attributes())
    if (a.name == name) found.push_back(&a);
  return found;
}

bool section_view::has_attribute(std::string_view name) const {
  auto const lines = attributes();
  return std::any_of(lines.begin(), lines.end(),
                     [&](attribute const& a) { return a.name == name; });
}

std::optional<media_direction> section_view::direction() const {
  if (auto const* d = find<sdp::direction>()) return d->value;
  return std::nullopt;
}

media_field const& media_description::m() const noexcept {
  return *doc_->fields()[first_].get<media_field>();
}

sdp::connection const* media_description::effective_connection() const {
  if (auto const* c = find<sdp::connection>()) return c;
  return doc_->connection();
}

section_view session_description::session() const noexcept {
  return section(scope::session());
}

std::pair<std::size_t, std::size_t> session_description::section_bounds(
    sdp::scope where) const noexcept {
  if (where.is_session())
    return {0, media_starts_.empty() ? fields_.size() : media_starts_.front()};
  auto const i = where.media_index();
  std::size_t const first = media_starts_[i];
  std::size_t const last = i + 1 < media_starts_.size() ? media_starts_[i + 1] : fields_.size();
  return {first, last};
}

section_view session_description::section(sdp::scope where) const noexcept {
  auto const [first, last] = section_bounds(where);
  return section_view(*this, first, last, where);
}

media_description session_description::media(std::size_t index) const noexcept {
  auto const [first, last] = section_bounds(scope::media(index));
  return media_description(*this, first, last, scope::media(index));
}

namespace {
template <class T>
T const* first_of(std::span<field const> fields, char type) {
  for (auto const& f : fields)
    if (f.type == type) return f.get<T>();
  return nullptr;
}
}  // namespace

std::uint32_t session_description::version() const noexcept {
  auto const* v = first_of<sdp::version>(session().fields(), 'v');
  return v != nullptr ? v->value : 0;
}

sdp::origin const* session_description::origin() const noexcept {
  return first_of<sdp::origin>(session().fields(), 'o');
}

std::optional<std::string_view> session_description::session_name() const noexcept {
  if (auto const* t = first_of<text>(session().fields(), 's')) return t->value;
  return std::nullopt;
}

std::optional<std::string_view> session_description::information() const noexcept {
  if (auto const* t = first_of<text>(session().fields(), 'i')) return t->value;
  return std::nullopt;
}

std::optional<std::string_view> session_description::uri() const noexcept {
  if (auto const* t = first_of<text>(session().fields(), 'u')) return t->value;
  return std::nullopt;
}

std::vector<std::string_view> session_description::emails() const {
  std::vector<std::string_view> out;
  for (auto const& f : session().fields())
    if (f.type == 'e')
      if (auto const* t = f.get<text>()) out.push_back(t->value);
  return out;
}

std::vector<std::string_view> session_description::phones() const {
  std::vector<std::string_view> out;
  for (auto const& f : session().fields())
    if (f.type == 'p')
      if (auto const* t = f.get<text>()) out.push_back(t->value);
  return out;
}

sdp::connection const* session_description::connection() const noexcept {
  return first_of<sdp::connection>(session().fields(), 'c');
}

typed_range<attribute> session_description::attributes() const noexcept {
  return session().attributes();
}

// --- parsing ------------------------------------------------------------------------

class detail_parser {
 public:
  static result<session_description> parse(std::string_view text, parse_options const& options) {
    session_description doc;
    if (text.size() > options.limits.max_input_bytes) {
      // Checked before the copy, with the position the parser would give.
      error e = make_error(errc::limit_exceeded, "max_input_bytes");
      e.where = detail::position_at(text, options.limits.max_input_bytes);
      e.length = 1;
      return e;
    }
    doc.source_ = std::make_unique_for_overwrite<char[]>(text.size());
    if (!text.empty()) std::memcpy(doc.source_.get(), text.data(), text.size());
    doc.source_size_ = text.size();
    detail::parse_output out;
    parse_options single = options;
    single.collect_all_errors = false;
    detail::parse_text(doc.source(), single, out);
    if (out.failed) return std::move(out.first_error);
    doc.fields_ = std::move(out.fields);
    doc.media_starts_ = std::move(out.media_starts);
    doc.diagnostics_ = std::move(out.diagnostics);
    doc.profile_ = options.profile;
    doc.limits_ = options.limits;
    return doc;
  }
};

result<session_description> parse(std::string_view text, parse_options const& options) {
  return detail_parser::parse(text, options);
}

result<session_description> parse(std::string_view text, profile p) {
  parse_options options;
  options.profile = p;
  return parse(text, options);
}

std::vector<diagnostic> lint(std::string_view text, parse_options options) {
  options.collect_all_errors = true;
  detail::parse_output out;
  detail::parse_text(text, options, out);
  if (out.failed &&
      std::none_of(out.diagnostics.begin(), out.diagnostics.end(),
                   [](diagnostic const& d) { return d.severity == severity::error; })) {
    out.diagnostics.push_back(to_diagnostic(std::move(out.first_error)));
  }
  std::stable_sort(
      out.diagnostics.begin(), out.diagnostics.end(),
      [](diagnostic const& a, diagnostic const& b) { return a.where.offset < b.where.offset; });
  return std::move(out.diagnostics);
}

result<attribute> parse_attribute(std::string_view name, std::optional<std::string_view> value,
                                  parse_options const& options) {
  detail::value_context c(options.profile.tolerances, nullptr, 0);
  std::string_view const v = value ? *value : std::string_view{};
  c.at_line(v.data(), 0, 0);
  attribute a;
  a.name = name;
  a.value = v;
  a.has_value = value.has_value();
  if (!detail::parse_attribute(name, v, a.has_value, a.typed, c)) return c.take_failure();
  return a;
}

result<session_description> session_description::clone() const {
  parse_options options;
  options.profile = profile_;
  options.limits = limits_;
  // Room for what edits added to the text: the limit held when the text came in.
  auto const text = serialize_exact(*this);
  options.limits.max_input_bytes = std::max(limits_.max_input_bytes, text.size());
  auto copy = parse(text, options);
  if (copy) copy->limits_ = limits_;
  return copy;
}

// --- edits --------------------------------------------------------------------------

std::string_view session_description::default_eol() const noexcept {
  for (auto const& f : fields_)
    if (!f.eol.empty()) return f.eol;
  return "\r\n";
}

result<field> session_description::make_field(std::string&& line) {
  if (line.size() > limits_.max_line_length)
    return make_error(errc::limit_exceeded, "max_line_length");
  edited_.push_back(std::move(line));
  std::string const& text = edited_.back();
  detail::value_context c(profile::strict().tolerances, nullptr, 0);
  c.at_line(text.data(), 0, 0);
  field f;
  f.text = text;
  f.eol = default_eol();
  if (text.size() < 2 || text[1] != '=') {
    edited_.pop_back();
    return make_error(errc::invalid_line, "line");
  }
  f.type = text[0];
  bool ok;
  if (f.type == 'a') {
    auto const colon = text.find(':');
    attribute a;
    a.name = std::string_view(text).substr(
        2, colon == std::string::npos ? std::string::npos : colon - 2);
    a.has_value = colon != std::string::npos;
    a.value = a.has_value ? std::string_view(text).substr(colon + 1) : std::string_view{};
    ok = detail::parse_attribute(a.name, a.value, a.has_value, a.typed, c);
    f.value = a;
  } else {
    ok = detail::parse_line_value(f.type, text, f.value, c);
  }
  if (!ok) {
    edited_.pop_back();
    auto e = c.take_failure();
    if (e.code == errc::ok) e.code = errc::edit_conflict;
    return e;
  }
  return f;
}

void session_description::insert_field(std::size_t at, field&& f) {
  fields_.insert(fields_.begin() + static_cast<std::ptrdiff_t>(at), std::move(f));
  for (auto& start : media_starts_)
    if (start >= at) ++start;
  if (fields_[at].type == 'm') {
    auto const it = std::upper_bound(media_starts_.begin(), media_starts_.end(), at);
    media_starts_.insert(it, static_cast<std::uint32_t>(at));
  }
}

void session_description::erase_field(std::size_t at) {
  fields_.erase(fields_.begin() + static_cast<std::ptrdiff_t>(at));
  for (auto& start : media_starts_)
    if (start > at) --start;
}

namespace {

error no_such_media() {
  return make_error(errc::not_found, "media");
}

// "x=" and the canonical value of a line.
template <class T>
std::string render_line(char type, T const& value) {
  std::string line{type, '='};
  append_value(line, value);
  return line;
}

// The order of line types within a section, for inserting new lines (RFC 8866 s. 5);
// unknown types go last.
constexpr int unknown_rank = 100;
int insert_rank(char type, bool media) {
  int const rank = media ? detail::media_rank(type) : detail::session_rank(type);
  return rank < 0 ? unknown_rank : rank;
}
}  // namespace

result<void> session_description::replace_or_insert(sdp::scope where, char type, std::string&& line,
                                                    bool replace_first) {
  if (!has_section(where)) return no_such_media();
  auto made = make_field(std::move(line));
  if (!made) return std::move(made).error();
  auto const [first, last] = section_bounds(where);
  if (replace_first) {
    for (std::size_t i = first; i < last; ++i) {
      if (fields_[i].type == type) {
        fields_[i] = std::move(*made);
        return {};
      }
    }
  }
  // A new line: within the limits a parse of the result would meet.
  if (fields_.size() >= limits_.max_lines) return make_error(errc::limit_exceeded, "max_lines");
  if (type == 'a' && static_cast<std::size_t>(std::count_if(
                         fields_.begin() + static_cast<std::ptrdiff_t>(first),
                         fields_.begin() + static_cast<std::ptrdiff_t>(last),
                         [](field const& f) { return f.type == 'a'; })) >= limits_.max_attributes)
    return make_error(errc::limit_exceeded, "max_attributes");
  int const rank = insert_rank(type, !where.is_session());
  std::size_t at = last;
  for (std::size_t i = first; i < last; ++i) {
    if (fields_[i].type != 0 && insert_rank(fields_[i].type, !where.is_session()) > rank) {
      at = i;
      break;
    }
  }
  insert_field(at, std::move(*made));
  return {};
}

result<void> session_description::set_origin(sdp::origin const& value) {
  return replace_or_insert(scope::session(), 'o', render_line('o', value), true);
}

result<void> session_description::set_session_name(std::string_view value) {
  std::string line("s=");
  line += value;
  return replace_or_insert(scope::session(), 's', std::move(line), true);
}

result<void> session_description::set_connection(sdp::scope where, sdp::connection const& value) {
  return replace_or_insert(where, 'c', render_line('c', value), true);
}

result<void> session_description::set_media(std::size_t index, media_field const& value) {
  if (!has_section(scope::media(index))) return no_such_media();
  auto made = make_field(render_line('m', value));
  if (!made) return std::move(made).error();
  fields_[media_starts_[index]] = std::move(*made);
  return {};
}

result<void> session_description::set_bandwidth(sdp::scope where, bandwidth const& value) {
  if (!has_section(where)) return no_such_media();
  auto made = make_field(render_line('b', value));
  if (!made) return std::move(made).error();
  auto const [first, last] = section_bounds(where);
  for (std::size_t i = first; i < last; ++i) {
    if (auto const* b = fields_[i].get<bandwidth>(); b != nullptr && b->type == value.type) {
      fields_[i] = std::move(*made);
      return {};
    }
  }
  std::string again(made->text);
  return replace_or_insert(where, 'b', std::move(again), false);
}

std::size_t session_description::remove_bandwidths(sdp::scope where, std::string_view type) {
  return remove_fields_if(where, [type](field const& f) {
    auto const* b = f.get<bandwidth>();
    return b != nullptr && b->type == type;
  });
}

result<void> session_description::add_rendered(sdp::scope where, std::string&& line) {
  return replace_or_insert(where, 'a', std::move(line), false);
}

result<void> session_description::add_attribute(sdp::scope where, std::string_view name,
                                                std::optional<std::string_view> value) {
  std::string line("a=");
  line += name;
  if (value) {
    line += ':';
    line += *value;
  }
  return add_rendered(where, std::move(line));
}

result<void> session_description::set_rendered(sdp::scope where, std::string&& line,
                                               std::span<std::string_view const> names) {
  if (!has_section(where)) return no_such_media();
  auto const [first, last] = section_bounds(where);
  for (std::size_t i = first; i < last; ++i) {
    auto const* a = fields_[i].as_attribute();
    if (a == nullptr || std::find(names.begin(), names.end(), a->name) == names.end()) continue;
    auto made = make_field(std::move(line));
    if (!made) return std::move(made).error();
    fields_[i] = std::move(*made);
    return {};
  }
  return add_rendered(where, std::move(line));
}

std::size_t session_description::remove_attributes(sdp::scope where, std::string_view name) {
  return remove_attributes_if(where, [name](attribute const& a) { return a.name == name; });
}

std::size_t session_description::remove_fields_if_impl(sdp::scope where,
                                                       bool (*pred)(field const&, void const*),
                                                       void const* context) {
  if (!has_section(where)) return 0;
  auto [first, last] = section_bounds(where);
  std::size_t removed = 0;
  for (std::size_t i = first; i < last;) {
    if (fields_[i].type != 'm' && pred(fields_[i], context)) {
      erase_field(i);
      --last;
      ++removed;
    } else {
      ++i;
    }
  }
  return removed;
}

result<void> session_description::set_direction(sdp::scope where, media_direction value) {
  return set_attribute(where, sdp::direction{value});
}

result<std::size_t> session_description::add_media(media_field const& value) {
  if (media_starts_.size() >= limits_.max_media) {
    return make_error(errc::limit_exceeded, "max_media");
  }
  if (fields_.size() >= limits_.max_lines) return make_error(errc::limit_exceeded, "max_lines");
  auto made = make_field(render_line('m', value));
  if (!made) return std::move(made).error();
  insert_field(fields_.size(), std::move(*made));
  return media_starts_.size() - 1;
}

// --- serializers --------------------------------------------------------------------

bool session_description::verbatim() const noexcept {
  char const* at = source_.get();
  for (auto const& f : fields_) {
    // The last line may have no ending (an empty view, pointing nowhere).
    if (f.text.data() != at || (!f.eol.empty() && f.eol.data() != at + f.text.size())) return false;
    at += f.text.size() + f.eol.size();
  }
  return at == source_.get() + source_size_;
}

void serialize_exact(session_description const& doc, std::string& out) {
  if (doc.verbatim()) {  // one copy, not a piece per line
    out += doc.source();
    return;
  }
  std::size_t size = 0;
  for (auto const& f : doc.fields())
    size += f.text.size() + f.eol.size();
  out.reserve(out.size() + size);
  for (auto const& f : doc.fields()) {
    out += f.text;
    out += f.eol;
  }
}

std::string serialize_exact(session_description const& doc) {
  std::string out;
  serialize_exact(doc, out);
  return out;
}

namespace {

// One line in canonical form, without its line ending.
void write_line(imsdp::detail::text_writer& out, field const& f) {
  out += f.type;
  out += '=';
  std::visit(
      [&](auto const& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          out += f.text.substr(2);
        } else if constexpr (std::is_same_v<T, version>) {
          imsdp::detail::append_number(out, v.value);
        } else if constexpr (std::is_same_v<T, text>) {
          out += v.value;
          if (f.type == 's' && v.value.empty()) out += ' ';  // RFC 8866 section 5.3
        } else if constexpr (std::is_same_v<T, attribute>) {
          if (auto const* d = v.template get<direction>()) {
            out += to_string(d->value);
          } else {
            out += v.name;
            if (v.has_value) {
              out += ':';
              append_value(out, v);
            }
          }
        } else {
          append_value(out, v);
        }
      },
      f.value);
}

// True when the lines of a section are in the order the canonical form writes them:
// RFC 8866 ranks not decreasing (media m= i= c= b= k= a=; session v= ... a=), lines of
// unknown types last, each time description t= *r= *z= (section 9), and at session level
// the required s= and t= present (the canonical form supplies missing ones).
bool in_canonical_order(std::span<field const> fields, bool media) {
  // The ranks of a time description (session level only).
  constexpr int t = detail::session_rank('t');
  constexpr int r = detail::session_rank('r');
  constexpr int z = detail::session_rank('z');
  int previous = -1;
  bool name = false;
  bool time = false;
  for (auto const& f : fields) {
    if (f.type == 0) continue;
    int const rank = insert_rank(f.type, media);
    bool const ordered = media       ? rank >= previous
                         : rank == t ? previous <= z
                         : rank == r ? previous == t || previous == r
                         : rank == z ? previous >= t && previous <= z
                                     : rank >= previous;
    if (!ordered) return false;
    name = name || f.type == 's';
    time = time || f.type == 't';
    previous = rank;
  }
  return media || (name && time);
}

// Appends the lines of one section in RFC 8866 order, each re-rendered.
void serialize_section(imsdp::detail::text_writer& out, std::span<field const> fields, bool media) {
  if (in_canonical_order(fields, media)) {
    // The usual case: one pass.
    for (auto const& f : fields) {
      if (f.type == 0) continue;
      write_line(out, f);
      out += "\r\n";
    }
    return;
  }
  // Everything before the time descriptions (session) or the attributes (media).
  std::string_view const order = media ? detail::media_order.substr(0, detail::media_rank('a'))
                                       : detail::session_order.substr(0, detail::session_rank('t'));
  auto const emit_type = [&](char type) {
    bool any = false;
    for (auto const& f : fields)
      if (f.type == type) {
        write_line(out, f);
        out += "\r\n";
        any = true;
      }
    return any;
  };
  for (char type : order)
    if (!emit_type(type) && type == 's') out += "s= \r\n";  // RFC 8866 section 5.3
  if (!media) {
    // Each time description: t=, its r= lines, then its z= (RFC 8866 section 9); z= lines
    // found before any t= (tolerated order) join the first time description.
    bool any_time = false;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].type != 't') continue;
      write_line(out, fields[i]);
      out += "\r\n";
      std::size_t next = i + 1;
      while (next < fields.size() && fields[next].type != 't')
        ++next;
      for (char type : {'r', 'z'}) {
        for (std::size_t j = any_time ? i + 1 : 0; j < next; ++j) {
          if (fields[j].type == type && (j > i || type == 'z')) {
            write_line(out, fields[j]);
            out += "\r\n";
          }
        }
      }
      any_time = true;
    }
    if (!any_time) {
      out += "t=0 0\r\n";  // RFC 8866 section 5.9: an unbounded session
      emit_type('z');
    }
    emit_type('k');
  }
  emit_type('a');
  // Lines of unknown types (kept under a tolerance) close their section, in their order.
  for (auto const& f : fields)
    if (f.type != 0 && insert_rank(f.type, media) == unknown_rank) {
      out += f.text;
      out += "\r\n";
    }
}

}  // namespace

void append_line(std::string& out, field const& f) {
  imsdp::detail::text_writer writer(out);
  write_line(writer, f);
  writer.flush();
}

void serialize(session_description const& doc, std::string& out) {
  imsdp::detail::text_writer writer(out);
  serialize_section(writer, doc.session().fields(), false);
  for (std::size_t i = 0; i < doc.media_count(); ++i)
    serialize_section(writer, doc.media(i).fields(), true);
  writer.flush();
}

std::string serialize(session_description const& doc) {
  std::string out;
  // Canonical text is about as long as the parsed text: one allocation, not a dozen.
  out.reserve(doc.source().size() + doc.source().size() / 8 + 64);
  serialize(doc, out);
  return out;
}

}  // namespace imsdp::sdp
