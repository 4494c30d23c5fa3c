// Building a session description without string pasting.
//
// Lines are written in call order with CRLF, each value rendered by the same canonical
// serializers the library uses; build() parses the result, so a builder can only produce
// what the parser accepts (RFC 8866 line order is checked there).
//
//   auto doc = sdp::builder()
//                  .origin({"-", 42, 1, "IN", "IP4", "192.0.2.1"})
//                  .session_name("-")
//                  .timing({0, 0})
//                  .media({"audio", 49170, {}, "RTP/AVP", "0"})
//                  .attribute(sdp::rtpmap{0, "PCMU", 8000, {}})
//                  .build();
#pragma once

#include <cstddef>
#include <imsdp/detail/append.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace imsdp::sdp {

class builder {
 public:
  builder() : text_("v=0\r\n") {}

  builder& origin(sdp::origin const& v) { return line('o', v); }
  builder& session_name(std::string_view v) { return text_line('s', v); }
  builder& information(std::string_view v) { return text_line('i', v); }
  builder& uri(std::string_view v) { return text_line('u', v); }
  builder& email(std::string_view v) { return text_line('e', v); }
  builder& phone(std::string_view v) { return text_line('p', v); }
  builder& connection(sdp::connection const& v) { return line('c', v); }
  builder& bandwidth(sdp::bandwidth const& v) { return line('b', v); }
  builder& timing(sdp::timing const& v) { return line('t', v); }
  /// Starts a media description; later lines belong to it.
  builder& media(media_field const& v) { return line('m', v); }

  /// An attribute given as text ("a=name" or "a=name:value").
  builder& attribute(std::string_view name, std::optional<std::string_view> value = std::nullopt) {
    imsdp::detail::text_writer out(text_);
    out += "a=";
    out += name;
    if (value) {
      out += ':';
      out += *value;
    }
    out += "\r\n";
    out.flush();
    return *this;
  }

  /// A typed attribute.
  template <typed_attribute T>
  builder& attribute(T const& value) {
    imsdp::detail::text_writer out(text_);
    out += "a=";
    out += attribute_name(value);
    if constexpr (!is_flag_attribute<T>) {
      out += ':';
      append_value(out, value);
    }
    out += "\r\n";
    out.flush();
    return *this;
  }

  /// Room for `bytes` of text, so that a builder whose size the caller can tell (an answer
  /// is about the size of its offer) grows its text once.
  builder& reserve(std::size_t bytes) {
    text_.reserve(bytes);
    return *this;
  }

  /// The text written so far.
  [[nodiscard]] std::string const& text() const noexcept { return text_; }

  /// Parses the text (strict by default) into a session description; its edits keep to
  /// options.limits.
  [[nodiscard]] result<session_description> build(parse_options const& options = {}) const {
    return parse(text_, options);
  }

 private:
  // Each line is gathered in a text_writer and reaches the string in one append: a line
  // is five or more short pieces, and an append per piece cost more than its bytes.
  template <class T>
  builder& line(char type, T const& value) {
    imsdp::detail::text_writer out(text_);
    out += type;
    out += '=';
    append_value(out, value);
    out += "\r\n";
    out.flush();
    return *this;
  }
  builder& text_line(char type, std::string_view value) {
    imsdp::detail::text_writer out(text_);
    out += type;
    out += '=';
    out += value;
    out += "\r\n";
    out.flush();
    return *this;
  }

  std::string text_;
};

}  // namespace imsdp::sdp
