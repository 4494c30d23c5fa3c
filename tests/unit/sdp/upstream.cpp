// The run over ../shared/vectors/upstream/ driven by its EXPECTATIONS.tsv (read in place,
// never copied). Skipped with a message when the folder is absent.
#include <doctest/doctest.h>

#include <filesystem>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <set>
#include <sstream>
#include <string>

#include "support/files.hpp"
#include "support/why.hpp"

using namespace imsdp;
namespace fs = std::filesystem;

namespace {

struct row {
  std::string path;
  std::string expectation;
};

std::vector<row> expectations() {
  std::vector<row> rows;
  std::istringstream in(test::read_file(test::upstream_dir() / "EXPECTATIONS.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto const tab = line.find('\t');
    if (tab == std::string::npos) continue;
    rows.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return rows;
}

bool have_upstream() {
  if (fs::exists(test::upstream_dir() / "EXPECTATIONS.tsv")) return true;
  MESSAGE("upstream vectors not found at " << test::upstream_dir() << ": skipped");
  return false;
}

// Reject files that only break rules the lenient profile exists to tolerate: they fail
// under strict, jsep and ims, and are accepted under lenient with warnings.
std::set<std::string> const lenient_accepts = {
    // z= before t= (field_order), as in gortc's own accept-lenient example.sdp
    "gortc-sdp/testdata/sdp_session_ex_err1.txt",
    "gortc-sdp/testdata/sdp_session_ex_err50.txt",
    // missing s= and missing o= (missing_session_name, missing_origin; DESIGN.md section 3)
    "gortc-sdp/testdata/sdp_session_ex_err8.txt",
    "gortc-sdp/testdata/sdp_session_ex_err9.txt",
};

void check_no_crash(std::string const& text) {
  for (auto const p : {profile::strict(), profile::jsep(), profile::ims(), profile::lenient()}) {
    auto const doc = sdp::parse(text, p);
    if (doc) {
      CHECK(sdp::serialize_exact(*doc) == text);
    } else {
      CHECK(doc.error().where.offset <= text.size());
    }
  }
}

}  // namespace

TEST_SUITE("sdp.upstream") {
  TEST_CASE("every file meets its EXPECTATIONS.tsv row") {
    if (!have_upstream()) return;
    auto const rows = expectations();
    REQUIRE(rows.size() > 300);
    std::size_t accepted = 0, rejected = 0, other = 0, canonical_strict = 0;
    for (auto const& r : rows) {
      CAPTURE(r.path);
      std::string const text = test::read_file(test::upstream_dir() / r.path);
      if (r.expectation == "accept-lenient") {
        auto const doc = sdp::parse(text, profile::lenient());
        REQUIRE_MESSAGE(doc, test::why(doc));
        CHECK(sdp::serialize_exact(*doc) == text);
        auto const canonical = sdp::serialize(*doc);
        auto const again = sdp::parse(canonical, profile::lenient());
        REQUIRE(again);
        CHECK(sdp::serialize(*again) == canonical);
        if (sdp::parse(canonical, profile::strict())) ++canonical_strict;
        ++accepted;
      } else if (r.expectation == "reject") {
        for (auto const p : {profile::strict(), profile::jsep(), profile::ims()}) {
          auto const doc = sdp::parse(text, p);
          REQUIRE_FALSE(doc);
          CHECK(doc.error().where.line >= 1);
          CHECK(doc.error().where.offset <= text.size());
        }
        auto const lenient = sdp::parse(text, profile::lenient());
        CHECK(lenient.has_value() == (lenient_accepts.count(r.path) == 1));
        ++rejected;
      } else {
        check_no_crash(text);
        ++other;
      }
    }
    MESSAGE(accepted << " accepted, " << rejected << " rejected, " << other
                     << " fragments/garbage without a crash; " << canonical_strict
                     << " canonical forms re-parse under strict");
    CHECK(accepted == 175);
    CHECK(rejected == 55);
  }

  TEST_CASE("the gortc fuzz corpus never crashes") {
    if (!have_upstream()) return;
    std::size_t count = 0;
    for (auto const& entry :
         fs::directory_iterator(test::upstream_dir() / "gortc-sdp/fuzz-corpus")) {
      check_no_crash(test::read_file(entry.path()));
      ++count;
    }
    CHECK(count > 200);
  }

  TEST_CASE("browser offers pass under jsep and their canonical form under strict") {
    if (!have_upstream()) return;
    for (auto const* path :
         {"ex_sdp/chromium_sdp.txt", "ex_sdp/firefox_sdp.txt",
          "ex_webrtc/chromium_audio_video_sdp.txt", "ex_webrtc/firefox_audio_video_sdp.txt",
          "webrtc-rs/safari_offer.sdp", "webrtc-rs/firefox_152_simulcast_offer.sdp",
          "medooze-sdp-cpp/chrome.sdp", "medooze-sdp-cpp/firefox.sdp", "sdp-transform/jsep.sdp"}) {
      CAPTURE(path);
      std::string const text = test::read_file(test::upstream_dir() / path);
      auto const doc = sdp::parse(text, profile::jsep());
      REQUIRE_MESSAGE(doc, test::why(doc));
      auto const canonical = sdp::serialize(*doc);
      auto const strict = sdp::parse(canonical, profile::strict());
      CHECK_MESSAGE(strict.has_value(), (strict ? std::string() : strict.error().message()));
    }
  }
}
