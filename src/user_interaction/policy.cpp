// The operator policy's JSON reader (policy.hpp; schemas/user_interaction/policy.schema.json).
// A policy is configuration, so unlike messages its unknown members are errors.
#include <algorithm>
#include <imsdp/user_interaction/policy.hpp>

#include "user_interaction/reader.hpp"
#include "user_interaction/slots.hpp"

namespace imsdp::user_interaction {
namespace {

using namespace reading;

bucket_spec read_bucket(reader const& rd, object_view const& parent, std::string_view key,
                        bucket_spec fallback) {
  auto const* v = parent.get(key, false);
  if (v == nullptr) return fallback;
  object_view o(rd.sink(), *v, parent.member_path(key), {"rate", "per", "burst"});
  bucket_spec b;
  b.rate = o.unsigned_integer("rate", true, 0, 1'000'000'000).value_or(0);
  b.per = static_cast<std::uint32_t>(o.unsigned_integer("per", false, 1, 86400 * 7).value_or(1));
  b.burst =
      static_cast<std::uint32_t>(o.unsigned_integer("burst", true, 1, 1'000'000'000).value_or(1));
  return b;
}

category_policy read_category(reader const& rd, json const& v, std::string const& path,
                              category_policy c) {
  object_view o(
      rd.sink(), v, path,
      {"enabled", "default", "offersPerDay", "subscriber", "target", "retention", "ratingGroup"});
  c.enabled = o.boolean("enabled", false).value_or(c.enabled);
  if (auto const d = rd.text(o, "default", false, 3)) {
    if (*d != "in" && *d != "out")
      rd.sink().fail(errc::json_value_out_of_range, o.member_path("default"), "\"in\" or \"out\"");
    c.default_opt = *d == "in" ? opt::in : opt::out;
  }
  c.offers_per_day = static_cast<std::uint32_t>(
      o.unsigned_integer("offersPerDay", false, 0, 1000).value_or(c.offers_per_day));
  c.subscriber = read_bucket(rd, o, "subscriber", c.subscriber);
  c.target = read_bucket(rd, o, "target", c.target);
  c.retention = static_cast<std::uint32_t>(
      o.unsigned_integer("retention", false, 0, 10u * 365 * 86400).value_or(c.retention));
  c.rating_group = static_cast<std::uint32_t>(
      o.unsigned_integer("ratingGroup", false, 0, 4294967295u).value_or(c.rating_group));
  return c;
}

slot_spec read_slot(reader const& rd, json const& v, std::string const& path) {
  object_view o(rd.sink(), v, path, {"name", "type", "maxLength", "min", "max", "values"});
  slot_spec s;
  s.name = rd.id(o, "name", true).value_or("");
  s.type = rd.name(o, "type", true, slot_type_from).value_or(slot_type::text);
  if (!o.valid()) return s;
  auto const only = [&](std::string_view member, slot_type type) {
    if (s.type != type && o.has(member))
      rd.sink().fail(errc::json_unknown_member, o.member_path(member),
                     "only a " + std::string(to_string(type)) + " slot has it");
  };
  only("maxLength", slot_type::text);
  only("min", slot_type::integer);
  only("max", slot_type::integer);
  only("values", slot_type::choice);
  s.max_length = static_cast<std::uint32_t>(
      o.unsigned_integer("maxLength", false, 1, rd.bounds().max_slot_value).value_or(40));
  constexpr std::int64_t range = 999'999'999'999'999;  // 15 digits
  bool const integer = s.type == slot_type::integer;
  s.min = o.integer("min", integer, -range, range).value_or(0);
  s.max = o.integer("max", integer, -range, range).value_or(0);
  if (integer && s.max < s.min)
    rd.sink().fail(errc::json_value_out_of_range, o.member_path("max"), "below min");
  if (s.type == slot_type::choice) {
    s.values = rd.list<std::string>(
        o, "values", true, rd.bounds().max_options, [&](json const& e, std::string const& p) {
          return rd.text_value(e, p, rd.bounds().max_slot_value).value_or("");
        });
    rd.unique(s.values, o.member_path("values"), "", "value",
              [](std::string const& x) -> std::string const& { return x; });
  }
  return s;
}

// Every brace of a prompt opens or closes a placeholder of a declared slot, and every slot
// is shown by some prompt.
void check_placeholders(reader const& rd, interaction_template const& t, std::string const& path) {
  std::vector<bool> used(t.slots.size(), false);
  for (std::size_t i = 0; i < t.prompts.size() && rd.sink().ok(); ++i) {
    auto const& p = t.prompts[i];
    auto const base = pointer_append(path + "/prompts", i);
    for (auto const& [member, text] :
         {std::pair{"title", &p.title}, std::pair{"text", p.text ? &*p.text : nullptr}}) {
      if (text == nullptr) continue;
      bool declared = true;
      bool const ok = walk_placeholders(
          *text, [](std::string_view) {},
          [&](std::string_view name) {
            auto const s = std::find_if(t.slots.begin(), t.slots.end(),
                                        [&](slot_spec const& x) { return x.name == name; });
            declared = declared && s != t.slots.end();
            if (s != t.slots.end()) used[static_cast<std::size_t>(s - t.slots.begin())] = true;
          });
      if (!ok || !declared)
        rd.sink().fail(errc::json_value_out_of_range, base + "/" + member,
                       "a brace that is no \"{slot}\" of a declared slot");
    }
  }
  for (std::size_t i = 0; i < used.size() && rd.sink().ok(); ++i)
    if (!used[i])
      rd.sink().fail(errc::json_value_out_of_range, pointer_append(path + "/slots", i),
                     "a slot no prompt shows");
}

interaction_template read_template(reader const& rd, json const& v, std::string const& path) {
  object_view o(rd.sink(), v, path,
                {"ref", "category", "subjects", "prompts", "slots", "actions", "freeText",
                 "consent", "maxResponses", "ttl", "charging"});
  interaction_template t;
  t.ref = rd.text(o, "ref", true, 48).value_or("");
  if (o.valid() && !valid_template_ref(t.ref))
    rd.sink().fail(errc::json_value_out_of_range, o.member_path("ref"), "not <id>@<version>");
  t.cat = rd.name(o, "category", true, category_from).value_or(category::quality_feedback);
  t.subjects =
      rd.list<subject_type>(o, "subjects", true, 6, [&](json const& e, std::string const& p) {
        auto const s = rd.text_value(e, p, 16);
        auto const type = s ? subject_type_from(*s) : std::nullopt;
        if (s && !type) rd.sink().fail(errc::json_value_out_of_range, p, "unknown subject type");
        return type.value_or(subject_type::call);
      });
  t.prompts = rd.list<prompt>(o, "prompts", true, 16, [&](json const& e, std::string const& p) {
    return read_prompt(rd, e, p);
  });
  t.slots =
      rd.list<slot_spec>(o, "slots", false, rd.bounds().max_slots,
                         [&](json const& e, std::string const& p) { return read_slot(rd, e, p); });
  rd.unique(t.slots, o.member_path("slots"), "name", "slot name",
            [](slot_spec const& x) -> std::string const& { return x.name; });
  if (rd.sink().ok()) check_placeholders(rd, t, path);
  t.actions =
      rd.list<action>(o, "actions", true, rd.bounds().max_actions,
                      [&](json const& e, std::string const& p) { return read_action(rd, e, p); });
  t.free_text = o.boolean("freeText", false).value_or(false);
  if (auto const* c = o.get("consent", false)) {
    object_view co(rd.sink(), *c, o.member_path("consent"), {"purpose", "required"});
    t.consent_purpose = rd.id(co, "purpose", true);
    t.consent_required = co.boolean("required", false).value_or(false);
  }
  t.max_responses = static_cast<std::uint32_t>(
      o.unsigned_integer("maxResponses", false, 1, rd.bounds().max_responses).value_or(1));
  t.ttl = static_cast<std::uint32_t>(o.unsigned_integer("ttl", false, 1, 86400).value_or(300));
  if (auto const* c = o.get("charging", false)) {
    object_view co(rd.sink(), *c, o.member_path("charging"), {"class"});
    t.charging_class = rd.id(co, "class", true).value_or("free");
  }
  return t;
}

exposure_policy read_exposure(reader const& rd, json const& v) {
  object_view o(rd.sink(), v, "/exposure", {"k", "timeGranularity", "maxTtl", "purposes"});
  exposure_policy x;
  x.k = static_cast<std::uint32_t>(o.unsigned_integer("k", false, 2, 1000000).value_or(x.k));
  x.time_granularity = static_cast<std::uint32_t>(
      o.unsigned_integer("timeGranularity", false, 1, 86400 * 31).value_or(x.time_granularity));
  x.max_ttl = static_cast<std::uint32_t>(
      o.unsigned_integer("maxTtl", false, 1, 366u * 86400).value_or(x.max_ttl));
  auto const* purposes = o.get("purposes", false);
  if (purposes == nullptr || !rd.sink().ok()) return x;
  if (!purposes->is_object() || purposes->size() > rd.bounds().max_list) {
    rd.sink().fail(errc::json_type, "/exposure/purposes", "an object of at most 16 purposes");
    return x;
  }
  for (auto it = purposes->begin(); it != purposes->end() && rd.sink().ok(); ++it) {
    auto const path = pointer_append("/exposure/purposes", it.key());
    if (!valid_id(it.key())) rd.sink().fail(errc::json_value_out_of_range, path, "not an id");
    object_view po(rd.sink(), it.value(), path, {"fields", "audiences"});
    x.fields[it.key()] = rd.ids(po, "fields", true);
    x.audiences[it.key()] = rd.list<std::string>(
        po, "audiences", true, rd.bounds().max_list,
        [&](json const& e, std::string const& p) { return rd.text_value(e, p, 253).value_or(""); });
  }
  return x;
}

}  // namespace

interaction_template const* policy::find_template(std::string_view ref) const noexcept {
  for (auto const& t : templates)
    if (t.ref == ref) return &t;
  return nullptr;
}

result<policy> policy_from_json(std::string_view json_text, limits const& bounds) {
  auto doc = imsdp::detail::parse_strict(json_text, {256u << 10, 16});
  if (!doc) return doc.error();
  imsdp::detail::json_reader r;
  reader const rd(r, bounds);
  object_view o(r, *doc, "",
                {"homeNetwork", "predefinedOnly", "networkInitiatedOnly", "templates", "categories",
                 "global", "replayWindow", "bucketCapacity", "tokenCacheCapacity", "maxTtl",
                 "clockSkew", "exposure", "thirdParties", "allowedTransfers"});
  policy p;
  p.home_network = rd.text(o, "homeNetwork", true, 253).value_or("");
  p.predefined_only = o.boolean("predefinedOnly", false).value_or(true);
  p.network_initiated_only = o.boolean("networkInitiatedOnly", false).value_or(true);
  p.templates = rd.list<interaction_template>(
      o, "templates", false, 256,
      [&](json const& e, std::string const& path) { return read_template(rd, e, path); });
  rd.unique(p.templates, "/templates", "ref", "template",
            [](interaction_template const& t) -> std::string const& { return t.ref; });
  if (auto const* c = o.get("categories", false); c != nullptr && r.ok()) {
    if (!c->is_object()) r.fail(errc::json_type, "/categories", "an object");
    for (auto it = c->begin(); r.ok() && c->is_object() && it != c->end(); ++it) {
      auto const path = pointer_append("/categories", it.key());
      auto const cat = category_from(it.key());
      if (!cat) {
        r.fail(errc::json_value_out_of_range, path, "unknown category");
        break;
      }
      auto& slot = p.categories[static_cast<std::size_t>(*cat)];
      slot = read_category(rd, it.value(), path, slot);
    }
  }
  p.global = read_bucket(rd, o, "global", p.global);
  if (auto const* w = o.get("replayWindow", false)) {
    object_view wo(r, *w, "/replayWindow", {"capacity", "grace"});
    p.replay_capacity = static_cast<std::uint32_t>(
        wo.unsigned_integer("capacity", false, 16, 1u << 26).value_or(p.replay_capacity));
    p.replay_grace = static_cast<std::uint32_t>(
        wo.unsigned_integer("grace", false, 0, 86400).value_or(p.replay_grace));
  }
  p.bucket_capacity = static_cast<std::uint32_t>(
      o.unsigned_integer("bucketCapacity", false, 16, 1u << 26).value_or(p.bucket_capacity));
  p.token_cache_capacity =
      static_cast<std::uint32_t>(o.unsigned_integer("tokenCacheCapacity", false, 0, 1u << 20)
                                     .value_or(p.token_cache_capacity));
  p.max_ttl =
      static_cast<std::uint32_t>(o.unsigned_integer("maxTtl", false, 1, 86400).value_or(p.max_ttl));
  p.clock_skew = static_cast<std::uint32_t>(
      o.unsigned_integer("clockSkew", false, 0, 600).value_or(p.clock_skew));
  if (auto const* x = o.get("exposure", false)) p.exposure = read_exposure(rd, *x);
  p.third_parties = rd.list<third_party>(
      o, "thirdParties", false, 256, [&](json const& e, std::string const& path) {
        object_view to(r, e, path, {"id", "purposes", "templates", "proposals", "jurisdiction"});
        third_party tp;
        tp.id = rd.id(to, "id", true).value_or("");
        tp.purposes = rd.ids(to, "purposes", true);
        tp.templates = rd.list<std::string>(to, "templates", true, rd.bounds().max_list,
                                            [&](json const& t, std::string const& tpath) {
                                              auto ref = rd.text_value(t, tpath, 48).value_or("");
                                              if (r.ok() && !valid_template_ref(ref))
                                                r.fail(errc::json_value_out_of_range, tpath,
                                                       "not <id>@<version>");
                                              return ref;
                                            });
        tp.proposals = read_bucket(rd, to, "proposals", tp.proposals);
        tp.jurisdiction = rd.text(to, "jurisdiction", true, 2, 2).value_or("");
        return tp;
      });
  rd.unique(p.third_parties, "/thirdParties", "id", "third party",
            [](third_party const& t) -> std::string const& { return t.id; });
  p.allowed_transfers = rd.list<transfer>(
      o, "allowedTransfers", false, 64, [&](json const& e, std::string const& path) {
        object_view to(r, e, path, {"from", "to"});
        return transfer{rd.text(to, "from", true, 2, 2).value_or(""),
                        rd.text(to, "to", true, 2, 2).value_or("")};
      });
  if (!r.ok()) return r.take_error();
  return p;
}

}  // namespace imsdp::user_interaction
