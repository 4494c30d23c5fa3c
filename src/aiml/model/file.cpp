// check_artifact_file, inspect_file and describe_weights (inspect.hpp): a model file checked
// where it lies, never loaded whole.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "aiml/model/check.hpp"

namespace imsdp::aiml::model {
namespace {

error io_failure(char const* path, int why) {
  error e;
  e.code = errc::io_error;
  e.detail = std::string(path) + ": " + std::strerror(why);
  return e;
}

// A regular file opened read-only with a read-only mapping of it for the format readers,
// which touch only the structure they parse. The digest reads the file with pread instead
// (hash()), so hashing keeps one chunk resident and a file that shrinks meanwhile is a size
// mismatch rather than a SIGBUS. (A file cut while a reader walks its mapping still raises
// SIGBUS, as it does for every reader that maps model files.)
class model_file {
 public:
  static result<model_file> open(char const* path) {
    model_file f;
    f.fd_ = ::open(path, O_RDONLY | O_CLOEXEC);
    if (f.fd_ < 0) return io_failure(path, errno);
    struct stat st {};
    if (::fstat(f.fd_, &st) != 0) return io_failure(path, errno);
    if (!S_ISREG(st.st_mode)) return io_failure(path, EINVAL);
    f.size_ = static_cast<std::size_t>(st.st_size);
    if (f.size_ != 0) {
      void* p = ::mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, f.fd_, 0);
      if (p == MAP_FAILED) return io_failure(path, errno);
      f.data_ = static_cast<std::byte*>(p);
    }
    f.path_ = path;
    return f;
  }

  model_file(model_file&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)),
        data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        path_(other.path_) {}
  model_file& operator=(model_file&&) = delete;
  model_file(model_file const&) = delete;
  model_file& operator=(model_file const&) = delete;
  ~model_file() {
    if (data_ != nullptr) ::munmap(data_, size_);
    if (fd_ >= 0) ::close(fd_);
  }

  [[nodiscard]] std::span<std::byte const> bytes() const noexcept { return {data_, size_}; }

  // Feeds the file to `v` from its start to its end as it is now, 8 MiB a read.
  result<void> hash(artifact_verifier& v) const {
    constexpr std::size_t chunk = std::size_t{8} << 20;
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    std::vector<std::byte> buffer(chunk);
    for (off_t at = 0;;) {
      auto const n = ::pread(fd_, buffer.data(), chunk, at);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return io_failure(path_, errno);
      if (n == 0) return {};
      if (auto r = v.update(std::span(buffer).first(static_cast<std::size_t>(n))); !r) return r;
      at += n;
    }
  }

 private:
  model_file() = default;

  int fd_ = -1;
  std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  char const* path_ = "";
};

// Nothing is allocated from a mapped file's size, so max_model_bytes does not apply.
limits unbounded_size(limits bounds) {
  bounds.max_model_bytes = std::numeric_limits<std::uint64_t>::max();
  return bounds;
}

}  // namespace

result<artifact> describe_weights(char const* path, std::string uri) {
  auto file = model_file::open(path);
  if (!file) return std::move(file).error();
  artifact a;
  a.role = artifact_role::weights;
  a.uri = std::move(uri);
  a.size = file->bytes().size();
  // The verifier needs an expected value; any well-formed one gives the actual digest.
  a.digest.value = std::string(2 * digest_bytes(a.digest.alg), '0');
  auto v = artifact_verifier::create(a.size, a.digest);
  if (!v) return std::move(v).error();
  if (auto r = file->hash(*v); !r) return r.error();
  auto const digest = v->finish_digest();
  if (!digest) return digest.error();
  a.digest.value = *digest;
  return a;
}

result<model_info> inspect_file(format_name format, char const* path, limits const& bounds) {
  auto file = model_file::open(path);
  if (!file) return std::move(file).error();
  return inspect(format, file->bytes(), unbounded_size(bounds));
}

check_report check_artifact_file(descriptor const& d, std::size_t artifact_index, char const* path,
                                 limits const& bounds) {
  auto file = model_file::open(path);
  if (!file) {
    check_report report;
    report.mismatches.push_back(std::move(file).error());
    return report;
  }
  auto const hash = [&file](artifact_verifier& v) { return file->hash(v); };
  return detail::check_artifact_with(d, artifact_index, file->bytes(), unbounded_size(bounds),
                                     hash);
}

}  // namespace imsdp::aiml::model
