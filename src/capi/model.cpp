// The C API of model checks (imsdp.h; docs/aiml-model.md): a whole file against its
// descriptor, and a streaming size and digest check.
#include <imsdp/aiml/model/descriptor.hpp>
#include <imsdp/aiml/model/inspect.hpp>
#include <imsdp/aiml/model/verify.hpp>

#include "capi/common.hpp"

using namespace imsdp;
namespace model = imsdp::aiml::model;
using namespace imsdp::capi;

struct imsdp_digest {
  model::artifact_verifier verifier;
};

namespace {

// Reads the descriptor, runs `check` and writes its report: a line per fact verified, not
// checked or mismatched; the first mismatch is the error.
template <class Check>
int check_with(char const* descriptor_json, std::size_t json_length, std::size_t artifact,
               char** report, std::size_t* report_length, imsdp_error* err, Check const& check) {
  if (descriptor_json == nullptr) return fail(err, errc::invalid_argument, "descriptor");
  auto const d = model::read_descriptor(std::string_view(descriptor_json, json_length));
  if (!d) return fail(err, d.error());
  if (artifact >= d->artifacts.size()) return fail(err, errc::invalid_argument, "artifact");
  model::check_report const r = check(*d);
  if (report != nullptr) {
    std::string text;
    for (auto const& line : r.verified)
      text += line + " verified\n";
    for (auto const& line : r.not_checked)
      text += line + " not checked\n";
    for (auto const& e : r.mismatches)
      text += "error: " + (e.path.empty() ? std::string() : e.path + ": ") + e.message() + "\n";
    if (int const s = capi::give(text, report, report_length, err); s != IMSDP_OK) return s;
  }
  return r.ok() ? IMSDP_OK : fail(err, r.mismatches.front());
}

}  // namespace

extern "C" {

int imsdp_model_check(char const* descriptor_json, std::size_t json_length, std::size_t artifact,
                      void const* bytes, std::size_t size, char** report,
                      std::size_t* report_length, imsdp_error* err) {
  return guarded(err, [&] {
    if (bytes == nullptr && size != 0) return fail(err, errc::invalid_argument, "model");
    return check_with(descriptor_json, json_length, artifact, report, report_length, err,
                      [&](model::descriptor const& d) {
                        return model::check_artifact(
                            d, artifact,
                            std::span<std::byte const>(static_cast<std::byte const*>(bytes), size));
                      });
  });
}

int imsdp_model_check_file(char const* descriptor_json, std::size_t json_length,
                           std::size_t artifact, char const* path, char** report,
                           std::size_t* report_length, imsdp_error* err) {
  return guarded(err, [&] {
    if (path == nullptr) return fail(err, errc::invalid_argument, "path");
    return check_with(
        descriptor_json, json_length, artifact, report, report_length, err,
        [&](model::descriptor const& d) { return model::check_artifact_file(d, artifact, path); });
  });
}

int imsdp_digest_new(std::uint64_t size, char const* algorithm, char const* expected_hex,
                     imsdp_digest** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (algorithm == nullptr || expected_hex == nullptr || out == nullptr)
      return fail(err, errc::invalid_argument, "digest");
    model::digest expected;
    std::string_view const name(algorithm);
    if (name == "sha-256") {
      expected.alg = model::digest_algorithm::sha_256;
    } else if (name == "sha-384") {
      expected.alg = model::digest_algorithm::sha_384;
    } else if (name == "sha-512") {
      expected.alg = model::digest_algorithm::sha_512;
    } else {
      return fail(err, errc::unsupported, "algorithm");
    }
    expected.value = expected_hex;
    auto v = model::artifact_verifier::create(size, expected);
    if (!v) return fail(err, v.error());
    *out = new imsdp_digest{std::move(*v)};
    return IMSDP_OK;
  });
}

int imsdp_digest_update(imsdp_digest* d, void const* chunk, std::size_t size, imsdp_error* err) {
  return guarded(err, [&] {
    if (d == nullptr || (chunk == nullptr && size != 0))
      return fail(err, errc::invalid_argument, "chunk");
    auto const r =
        d->verifier.update(std::span<std::byte const>(static_cast<std::byte const*>(chunk), size));
    return r ? IMSDP_OK : fail(err, r.error());
  });
}

int imsdp_digest_finish(imsdp_digest* d, imsdp_error* err) {
  return guarded(err, [&] {
    if (d == nullptr) return fail(err, errc::invalid_argument, "digest");
    auto const r = d->verifier.finish();
    return r ? IMSDP_OK : fail(err, r.error());
  });
}

void imsdp_digest_free(imsdp_digest* d) {
  delete d;
}

}  // extern "C"
