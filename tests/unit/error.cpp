#include <doctest/doctest.h>

#include <imsdp/error.hpp>
#include <imsdp/options.hpp>
#include <imsdp/result.hpp>
#include <system_error>

TEST_SUITE("error") {
  TEST_CASE("codes have stable names and map to std::error_code") {
    CHECK(imsdp::to_string(imsdp::errc::line_order) == "line_order");
    CHECK(imsdp::to_string(static_cast<imsdp::errc>(9999)) == "unknown");
    std::error_code const ec = imsdp::errc::syntax;
    CHECK(ec.category().name() == std::string("imsdp"));
    CHECK(ec.value() == 100);
    CHECK(ec.message() == "syntax error");
  }

  TEST_CASE("error messages name the rule and the detail") {
    imsdp::error e;
    e.code = imsdp::errc::syntax;
    e.rule = "rtpmap";
    e.detail = "expected '/'";
    CHECK(e.message() == "syntax error in 'rtpmap': expected '/'");
    e.path = "/inputs/0/dtype";
    CHECK(e.message() == "syntax error in 'rtpmap' at /inputs/0/dtype: expected '/'");
  }

  TEST_CASE("result holds a value or an error") {
    imsdp::result<int> ok = 3;
    REQUIRE(ok);
    CHECK(*ok == 3);
    imsdp::error e;
    e.code = imsdp::errc::limit_exceeded;
    imsdp::result<int> bad = e;
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == imsdp::errc::limit_exceeded);
    imsdp::result<void> done;
    CHECK(done);
  }

  TEST_CASE("profiles are sets of named tolerances") {
    using imsdp::tolerance;
    CHECK(imsdp::profile::strict().allows(tolerance::bare_lf));
    CHECK_FALSE(imsdp::profile::strict().allows(tolerance::blank_lines));
    CHECK(imsdp::profile::lenient().allows(tolerance::blank_lines));
    CHECK_FALSE(imsdp::profile::lenient().allows(tolerance::unknown_line_types));
    CHECK(imsdp::profile::jsep().allows(tolerance::legacy_sctp));
    CHECK(imsdp::profile::ims().allows(tolerance::value_leading_space));
    CHECK_FALSE(imsdp::profile::ims().allows(tolerance::dcmap_space_separator));
    for (auto const name : {"strict", "jsep", "ims", "lenient"})
      CHECK(imsdp::profile_from_string(name)->name == name);
    CHECK_FALSE(imsdp::profile_from_string("loose"));
    CHECK(imsdp::tolerance_from_string("field_order") == tolerance::field_order);
    CHECK(imsdp::to_string(tolerance::bare_cr) == "bare_cr");
  }
}
