#include <doctest/doctest.h>

#include <imsdp/aiml/model/verify.hpp>
#include <string>

#include "unit/aiml/model/model_files.hpp"

using namespace imsdp;
using namespace imsdp::aiml::model;
using imsdp::test::as_bytes;

namespace {

std::string const payload = "0123456789abcdefghijklmnopqrstuvwxyz";

artifact artifact_of(std::string const& bytes) {
  artifact a;
  a.uri = "model.bin";
  a.size = bytes.size();
  a.digest = {digest_algorithm::sha_256, *hex_digest(digest_algorithm::sha_256, as_bytes(bytes))};
  return a;
}

std::span<std::byte const> part(std::string const& s, std::size_t from, std::size_t n) {
  return as_bytes(s).subspan(from, n);
}

}  // namespace

TEST_SUITE("aiml/model/verify") {
  TEST_CASE("known SHA-256 digests") {
    CHECK(*hex_digest(digest_algorithm::sha_256, {}) ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(*hex_digest(digest_algorithm::sha_256, as_bytes(std::string("abc"))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex_digest(digest_algorithm::sha_512, {})->size() == 128);
  }

  TEST_CASE("streaming verification chunk by chunk") {
    auto const a = artifact_of(payload);
    auto v = artifact_verifier::create(a.size, a.digest);
    REQUIRE(v);
    for (std::size_t i = 0; i < payload.size(); i += 5)
      REQUIRE(v->update(part(payload, i, std::min<std::size_t>(5, payload.size() - i))));
    CHECK(v->finish());
  }

  TEST_CASE("size and digest mismatches") {
    auto const a = artifact_of(payload);
    auto longer = artifact_verifier::create(a.size - 1, a.digest);
    auto const r = longer->update(as_bytes(payload));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::model_size_mismatch);
    CHECK(r.error().where.offset == payload.size() - 1);

    auto shorter = artifact_verifier::create(a.size, a.digest);
    REQUIRE(shorter->update(part(payload, 0, 10)));
    CHECK(shorter->finish().error().code == errc::model_size_mismatch);

    auto changed = payload;
    changed[3] = 'X';
    auto other = artifact_verifier::create(a.size, a.digest);
    REQUIRE(other->update(as_bytes(changed)));
    CHECK(other->finish().error().code == errc::model_digest_mismatch);
    CHECK_FALSE(artifact_verifier::create(1, {digest_algorithm::sha_256, "abc"}));
  }

  TEST_CASE("ranged delivery in any order, with agreeing retransmissions") {
    auto const a = artifact_of(payload);
    auto rx = artifact_receiver::create(a);
    REQUIRE(rx);
    REQUIRE(rx->receive(20, part(payload, 20, 16)));
    REQUIRE(rx->receive(5, part(payload, 5, 10)));
    CHECK(rx->missing() == std::vector<byte_range>{{0, 5}, {15, 20}});
    CHECK(rx->finish().error().code == errc::delivery_incomplete);
    REQUIRE(rx->receive(10, part(payload, 10, 12)));  // overlaps both sides, same bytes
    REQUIRE(rx->receive(0, part(payload, 0, 6)));
    CHECK(rx->complete());
    CHECK(rx->received_bytes() == payload.size());
    CHECK(rx->bytes().empty());
    REQUIRE(rx->finish());
    CHECK(rx->verified());
    CHECK(rx->bytes().size() == payload.size());
    CHECK(rx->receive(0, part(payload, 0, 1)).error().code == errc::delivery_finished);
  }

  TEST_CASE("disagreeing overlaps, out-of-range chunks, too many ranges") {
    auto const a = artifact_of(payload);
    auto rx = artifact_receiver::create(a);
    REQUIRE(rx->receive(0, part(payload, 0, 10)));
    std::string changed = payload.substr(5, 10);
    changed[2] = '!';
    auto const conflict = rx->receive(5, as_bytes(changed));
    REQUIRE_FALSE(conflict);
    CHECK(conflict.error().code == errc::delivery_conflict);
    CHECK(conflict.error().where.offset == 7);
    CHECK(rx->received_bytes() == 10);  // unchanged
    CHECK(rx->receive(30, part(payload, 0, 10)).error().code == errc::delivery_out_of_range);
    CHECK(rx->receive(UINT64_MAX, part(payload, 0, 2)).error().code == errc::delivery_out_of_range);

    limits few;
    few.max_ranges = 2;
    auto small = artifact_receiver::create(a, few);
    REQUIRE(small->receive(0, part(payload, 0, 1)));
    REQUIRE(small->receive(4, part(payload, 4, 1)));
    CHECK(small->receive(8, part(payload, 8, 1)).error().code == errc::limit_exceeded);
    REQUIRE(small->receive(1, part(payload, 1, 3)));  // joins the two
    CHECK(small->receive(8, part(payload, 8, 1)));
  }

  TEST_CASE("a corrupted artifact is complete but not verified") {
    auto a = artifact_of(payload);
    a.digest.value[0] = a.digest.value[0] == '0' ? '1' : '0';
    auto rx = artifact_receiver::create(a);
    REQUIRE(rx->receive(0, as_bytes(payload)));
    CHECK(rx->finish().error().code == errc::model_digest_mismatch);
    CHECK_FALSE(rx->verified());
  }

  TEST_CASE("the declared size is checked before the buffer is allocated") {
    artifact a = artifact_of(payload);
    a.size = std::uint64_t{1} << 62;
    CHECK(artifact_receiver::create(a).error().code == errc::limit_exceeded);
    a.size = payload.size();
    a.encoding = encoding{"zstd", 4, {digest_algorithm::sha_256, std::string(64, '0')}};
    auto rx = artifact_receiver::create(a);
    REQUIRE(rx);
    CHECK(rx->size() == 4);  // the encoded bytes travel
  }

  TEST_CASE("adaptive delivery: a base, then an update of it") {
    descriptor base;
    base.model_id = "urn:3gpp:aiml:model:example:asr";
    base.version = "1.0";
    base.artifacts.push_back(artifact_of(payload));
    descriptor update = base;
    update.version = "1.1";
    update.artifacts[0].role = artifact_role::update;
    update.artifacts[0].update_of = "1.0";

    model_versions versions;
    CHECK(versions.add(update).error().code == errc::delivery_base_missing);
    REQUIRE(versions.add(base));
    CHECK(versions.add(base).error().code == errc::model_duplicate);
    REQUIRE(versions.add(update));
    CHECK_FALSE(versions.current());
    CHECK(versions.mark_verified("1.1", 0).error().code == errc::delivery_base_missing);
    REQUIRE(versions.mark_verified("1.0", 0));
    CHECK(versions.current() == "1.0");
    REQUIRE(versions.mark_verified("1.1", 0));
    CHECK(versions.current() == "1.1");
    CHECK(versions.chain("1.1") == std::vector<std::string>{"1.0", "1.1"});
    CHECK(versions.mark_verified("2.0", 0).error().code == errc::not_found);
    descriptor other = base;
    other.model_id = "urn:3gpp:aiml:model:example:other";
    other.version = "9";
    CHECK(versions.add(other).error().code == errc::invalid_argument);
  }
}
