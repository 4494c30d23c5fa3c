// What the C API's files share: the handle types behind the opaque pointers of imsdp.h and
// the boundary rules of docs/c-api.md (errors filled, exceptions caught, strings malloc'd).
#pragma once

#include <imsdp.h>

#include <imsdp/error.hpp>
#include <imsdp/negotiation/capabilities.hpp>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/options.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <new>
#include <string>
#include <string_view>
#include <utility>

/// An SDP handle shares its immutable description, so a negotiator keeps it without a copy.
struct imsdp_sdp {
  imsdp::negotiation::description doc;
};

namespace imsdp::capi {

/// The SDES key source of a C host's callback; without one, OpenSSL's CSPRNG (RAND_bytes).
[[nodiscard]] negotiation::key_source key_source_of(imsdp_key_source source, void* context);

/// Fills `out` (when not null) from an error; returns its code.
int fail(imsdp_error* out, error const& e) noexcept;
/// An error of the general codes (invalid_argument, not_found, ...) with a rule name.
int fail(imsdp_error* out, errc code, std::string_view rule) noexcept;
/// Clears `out` to IMSDP_OK.
void clear(imsdp_error* out) noexcept;

/// Runs `body` (returning an int status) with every exception turned into a code.
template <class Body>
int guarded(imsdp_error* err, Body&& body) noexcept {
  try {
    clear(err);
    return body();
  } catch (std::bad_alloc const&) {
    return fail(err, errc::out_of_memory, "allocation");
  } catch (...) {
    return fail(err, errc::internal_error, "exception");
  }
}

/// A malloc'd NUL-terminated copy for the caller (imsdp_string_free): IMSDP_OK, or
/// out_of_memory.
int give(std::string_view s, char** out, std::size_t* length, imsdp_error* err) noexcept;

[[nodiscard]] inline imsdp_view view(std::string_view s) noexcept {
  return {s.data(), s.size()};
}

/// Parse options from the C struct (null: strict with default limits); invalid_argument for
/// an unknown profile.
int read_options(imsdp_parse_options const* in, parse_options& out, imsdp_error* err) noexcept;

}  // namespace imsdp::capi
