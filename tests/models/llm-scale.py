#!/usr/bin/env python3
"""Model checks at LLM scale (issue 25), through the imsdp program as a user runs it.

- A 5 GiB GGUF and a 5 GiB safetensors checkpoint (sparse files) pass `imsdp model check`
  against their descriptors with the peak resident memory of the process under the limit
  (64 MiB; 512 MiB under ASan, whose quarantine keeps freed blocks), so the file is never
  loaded whole.
- The GGUF check with one digest digit changed fails at /artifacts/0/digest/value.
- An ONNX graph with 2.5 GiB of external data: `imsdp model describe` adds the data file as
  a weights artifact, and `imsdp model check` verifies both files within the same limit.
- A safetensors header of 16 MiB with 240 000 entries is inspected within the same limit
  (the header is read member by member, not as one JSON DOM).

Usage: llm-scale.py IMSDP WORKDIR [RSS_LIMIT_MIB]
"""
import hashlib
import json
import os
import resource
import struct
import subprocess
import sys

imsdp, work = sys.argv[1], sys.argv[2]
limit_mib = int(sys.argv[3]) if len(sys.argv) > 3 else 64
os.makedirs(work, exist_ok=True)
GIB = 1 << 30
failures = []


def sparse(path, head, size):
    """A file of `size` bytes: `head`, then a hole of zeros."""
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
    return h.hexdigest()


def run(*args):
    """Runs imsdp in a child; returns (exit code, standard output and error, peak RSS of
    that child in MiB). The standard output alone is left in WORKDIR/stdout.txt."""
    out, err = os.path.join(work, "stdout.txt"), os.path.join(work, "stderr.txt")
    pid = os.fork()
    if pid == 0:
        os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 1)
        os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
        os.execv(imsdp, [imsdp, *args])
    _, status, usage = os.wait4(pid, 0)
    text = ""
    for name in (out, err):
        with open(name, encoding="utf-8", errors="replace") as f:
            text += f.read()
    return os.waitstatus_to_exitcode(status), text, usage.ru_maxrss / 1024


def descriptor(fmt, name, path, extra_format):
    return {
        "descriptorVersion": "1.0",
        "modelId": "urn:example:model:" + name,
        "version": "1",
        "format": {"name": fmt, **extra_format},
        "artifacts": [{"role": "full", "uri": os.path.basename(path),
                       "size": os.path.getsize(path),
                       "digest": {"alg": "sha-256", "value": sha256(path)}}],
        "inputs": [],
        "outputs": [{"name": "logits", "dtype": "float32", "shape": [1]}],
    }


def check(name, fmt, path, extra_format, mutate):
    d = descriptor(fmt, name, path, extra_format)
    desc = os.path.join(work, name + ".json")
    with open(desc, "w") as f:
        json.dump(d, f)
    code, out, rss = run("model", "check", desc, path)
    print(f"{name}: {os.path.getsize(path)} bytes, exit {code}, peak RSS {rss:.1f} MiB")
    if code != 0 or "sha-256 verified" not in out:
        failures.append(f"{name}: model check failed:\n{out}")
    if rss > limit_mib:
        failures.append(f"{name}: peak RSS {rss:.1f} MiB over {limit_mib} MiB")
    if not mutate:
        return
    # One digit of the digest changed: a mismatch, never "verified".
    value = d["artifacts"][0]["digest"]["value"]
    d["artifacts"][0]["digest"]["value"] = ("0" if value[0] != "0" else "1") + value[1:]
    with open(desc, "w") as f:
        json.dump(d, f)
    code, out, _ = run("model", "check", desc, path)
    if code != 1 or "at /artifacts/0/digest/value" not in out or "sha-256 verified" in out:
        failures.append(f"{name}: a changed digest was not a mismatch:\n{out}")


def gguf_string(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


# GGUF v3: one F16 tensor of 5 GiB at offset 0 of the data section (alignment 32).
elements = 5 * GIB // 2
head = b"GGUF" + struct.pack("<IQQ", 3, 1, 1)
head += gguf_string("general.architecture") + struct.pack("<I", 8) + gguf_string("llama")
head += gguf_string("token_embd.weight") + struct.pack("<IQQIQ", 2, 4096, elements // 4096, 1, 0)
head += b"\0" * (-len(head) % 32)
path = os.path.join(work, "big.gguf")
sparse(path, head, len(head) + elements * 2)
check("gguf-5gib", "gguf", path, {"ggufVersion": 3}, mutate=True)
os.remove(path)

# safetensors: one BF16 tensor of 5 GiB.
header = json.dumps({"__metadata__": {"format": "pt"},
                     "lm_head.weight": {"dtype": "BF16", "shape": [elements // 4096, 4096],
                                        "data_offsets": [0, elements * 2]}}).encode()
path = os.path.join(work, "big.safetensors")
sparse(path, struct.pack("<Q", len(header)) + header, 8 + len(header) + elements * 2)
check("safetensors-5gib", "safetensors", path, {}, mutate=False)
os.remove(path)

# ONNX over 2 GB keeps its initializers in external data: a 2.5 GiB model.onnx.data next
# to the graph. describe adds it as a weights artifact; check verifies both files.
def varint(v):
    out = b""
    while v >= 0x80:
        out += bytes([v & 0x7F | 0x80])
        v >>= 7
    return out + bytes([v])


def pb_int(number, v):
    return varint(number << 3) + varint(v)


def pb_bytes(number, b):
    b = b.encode() if isinstance(b, str) else b
    return varint(number << 3 | 2) + varint(len(b)) + b


def value_info(name):  # float32 [1, 4096]
    dims = pb_bytes(1, pb_int(1, 1)) + pb_bytes(1, pb_int(1, 4096))
    return pb_bytes(1, name) + pb_bytes(2, pb_bytes(1, pb_int(1, 1) + pb_bytes(2, dims)))


data_bytes = 5 * GIB // 2
initializer = pb_int(1, data_bytes // 4) + pb_int(2, 1) + pb_bytes(8, "embed.weight")
for key, value in (("location", "model.onnx.data"), ("offset", "0"), ("length", str(data_bytes))):
    initializer += pb_bytes(13, pb_bytes(1, key) + pb_bytes(2, value))
initializer += pb_int(14, 1)
graph = pb_bytes(1, pb_bytes(1, "x") + pb_bytes(2, "y") + pb_bytes(4, "Identity"))
graph += pb_bytes(2, "g") + pb_bytes(5, initializer)
graph += pb_bytes(11, value_info("x")) + pb_bytes(12, value_info("y"))
onnx_path = os.path.join(work, "model.onnx")
with open(onnx_path, "wb") as f:
    f.write(pb_int(1, 8) + pb_bytes(7, graph) + pb_bytes(8, pb_bytes(1, "") + pb_int(2, 17)))
data_path = os.path.join(work, "model.onnx.data")
sparse(data_path, b"", data_bytes)
code, out, rss = run("model", "describe", onnx_path)
print(f"onnx external data: describe exit {code}, peak RSS {rss:.1f} MiB")
with open(os.path.join(work, "stdout.txt")) as f:
    described = json.load(f) if code == 0 else {"artifacts": []}
artifacts = described["artifacts"]
if len(artifacts) != 2 or artifacts[1].get("role") != "weights" or \
        artifacts[1].get("digest", {}).get("value") != sha256(data_path):
    failures.append(f"onnx external data: describe did not add the data file:\n{out}")
with open(os.path.join(work, "external.json"), "w") as f:
    json.dump(described, f)
code, out, rss = run("model", "check", os.path.join(work, "external.json"), onnx_path, data_path)
print(f"onnx external data: check exit {code}, peak RSS {rss:.1f} MiB")
if code != 0 or "external data model.onnx.data is artifact 1 verified" not in out or \
        out.count("sha-256 verified") != 2:
    failures.append(f"onnx external data: check failed:\n{out}")
if rss > limit_mib:
    failures.append(f"onnx external data: peak RSS {rss:.1f} MiB over {limit_mib} MiB")
os.remove(data_path)

# A 16 MiB safetensors header of 240 000 entries (issue 25 defect 5), written in pieces so
# that this process stays small: a forked child starts with the parent's resident pages.
count = 240000
path = os.path.join(work, "wide.safetensors")
with open(path, "wb") as f:
    f.write(struct.pack("<Q", 0))
    f.write(b"{")
    for i in range(count):
        f.write(b"," if i else b"")
        f.write(f'"t{i:06d}":{{"dtype":"F32","shape":[1],"data_offsets":[{4 * i},{4 * i + 4}]}}'
                .encode())
    f.write(b"}")
    header_length = f.tell() - 8
    f.write(b"\0" * (4 * count))
    f.seek(0)
    f.write(struct.pack("<Q", header_length))
code, out, rss = run("model", "inspect", path)
print(f"wide header: {header_length} bytes, exit {code}, peak RSS {rss:.1f} MiB")
if code != 0 or "tensors 240000" not in out:
    failures.append(f"wide header: inspect failed:\n{out}")
if rss > limit_mib:
    failures.append(f"wide header: peak RSS {rss:.1f} MiB over {limit_mib} MiB")
os.remove(path)

for f in failures:
    print("FAIL " + f)
sys.exit(1 if failures else 0)
