// check_artifact_file (inspect.hpp): a model file checked where it lies, never loaded.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "aiml/model/check.hpp"

namespace imsdp::aiml::model {
namespace {

// A read-only private mapping of a whole file, unmapped on destruction.
class mapped_file {
 public:
  static result<mapped_file> open(char const* path) {
    int const fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return failure(path, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      int const why = S_ISREG(st.st_mode) ? errno : EINVAL;
      ::close(fd);
      return failure(path, why);
    }
    mapped_file m;
    m.size_ = static_cast<std::size_t>(st.st_size);
    if (m.size_ != 0) {
      void* p = ::mmap(nullptr, m.size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        int const why = errno;
        ::close(fd);
        return failure(path, why);
      }
      m.data_ = static_cast<std::byte*>(p);
    }
    ::close(fd);
    return m;
  }

  mapped_file(mapped_file&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  mapped_file& operator=(mapped_file&&) = delete;
  mapped_file(mapped_file const&) = delete;
  mapped_file& operator=(mapped_file const&) = delete;
  ~mapped_file() {
    if (data_ != nullptr) ::munmap(data_, size_);
  }

  [[nodiscard]] std::span<std::byte const> bytes() const noexcept { return {data_, size_}; }

 private:
  mapped_file() = default;
  static error failure(char const* path, int why) {
    error e;
    e.code = errc::io_error;
    e.detail = std::string(path) + ": " + std::strerror(why);
    return e;
  }

  std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

// Hashing in windows that are dropped from the mapping once hashed keeps at most one window
// of the file resident (the page cache keeps the pages; the process does not).
constexpr std::size_t window = std::size_t{8} << 20;

result<void> hash_in_windows(std::span<std::byte const> bytes, artifact_verifier& v) {
  ::madvise(const_cast<std::byte*>(bytes.data()), bytes.size(), MADV_SEQUENTIAL);
  for (std::size_t at = 0; at < bytes.size(); at += window) {
    auto const part = bytes.subspan(at, std::min(window, bytes.size() - at));
    if (auto r = v.update(part); !r) return r;
    ::madvise(const_cast<std::byte*>(part.data()), part.size(), MADV_DONTNEED);
  }
  return {};
}

}  // namespace

result<artifact> describe_weights(char const* path, std::string uri) {
  auto file = mapped_file::open(path);
  if (!file) return std::move(file).error();
  auto const bytes = file->bytes();
  artifact a;
  a.role = artifact_role::weights;
  a.uri = std::move(uri);
  a.size = bytes.size();
  // The verifier needs an expected value; any well-formed one gives the actual digest.
  a.digest.value = std::string(2 * digest_bytes(a.digest.alg), '0');
  auto v = artifact_verifier::create(a.size, a.digest);
  if (!v) return std::move(v).error();
  if (auto r = hash_in_windows(bytes, *v); !r) return r.error();
  auto const digest = v->finish_digest();
  if (!digest) return digest.error();
  a.digest.value = *digest;
  return a;
}

result<model_info> inspect_file(format_name format, char const* path, limits const& bounds) {
  auto file = mapped_file::open(path);
  if (!file) return std::move(file).error();
  auto mapped = bounds;
  mapped.max_model_bytes = std::numeric_limits<std::uint64_t>::max();
  return inspect(format, file->bytes(), mapped);
}

check_report check_artifact_file(descriptor const& d, std::size_t artifact_index, char const* path,
                                 limits const& bounds) {
  auto file = mapped_file::open(path);
  if (!file) {
    check_report report;
    report.mismatches.push_back(std::move(file).error());
    return report;
  }
  auto const bytes = file->bytes();
  auto const hash = [bytes](artifact_verifier& v) { return hash_in_windows(bytes, v); };
  // Nothing is allocated from the file's size, so max_model_bytes does not apply.
  auto mapped = bounds;
  mapped.max_model_bytes = std::numeric_limits<std::uint64_t>::max();
  return detail::check_artifact_with(d, artifact_index, bytes, mapped, hash);
}

}  // namespace imsdp::aiml::model
