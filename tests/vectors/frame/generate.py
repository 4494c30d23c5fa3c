#!/usr/bin/env python3
"""Writes tests/vectors/frame/*.json: annotated hex vectors for AIDF v1, one or more per
validation rule of research/model-and-tensor.md 7.5 (frames) and 7.1 (fragments).

This is a second, independent encoder of the format (Python, field by field), so the
vectors check the C++ code rather than echo it. Run it after changing a case:
    python3 tests/vectors/frame/generate.py
Each hex line is "bytes | field = value"; "00*48" means 48 zero bytes.
"""
import json
import pathlib
import struct

HERE = pathlib.Path(__file__).parent

HEADER = [  # research 7.2
    ("magic", "4s"), ("ver_major", "B"), ("ver_minor", "B"), ("header_size", "H"),
    ("frame_len", "I"), ("flags", "I"), ("frame_seq", "I"), ("config_id", "H"),
    ("partition_id", "H"), ("tensor_count", "H"), ("tlv_size", "H"), ("stream_ref", "H"),
    ("reserved0", "H"), ("rtp_ts", "I"), ("rtp_duration", "I"), ("capture_ntp", "Q"),
    ("payload_offset", "I"), ("reserved1", "I"), ("crc32c", "I"), ("reserved2", "I"),
]
DESCRIPTOR = [  # research 7.3
    ("tensor_id", "H"), ("dtype", "B"), ("rank", "B"), ("codec", "B"), ("quant", "B"),
    ("quant_axis", "B"), ("role", "B"), ("ref_index", "H"), ("block_size", "H"),
    ("reserved", "I"), ("dims", "8I"), ("scale", "I"), ("zero_point", "i"), ("offset", "I"),
    ("stored_len", "I"), ("decoded_len", "Q"), ("reserved_tail", "Q"),
]
DTYPE_BITS = {1: 32, 2: 8, 3: 8, 4: 16, 5: 16, 6: 32, 7: 64, 9: 8, 10: 16, 11: 64, 12: 32,
              13: 64, 16: 16, 17: 8, 18: 8, 19: 8, 20: 8, 21: 4, 22: 4, 23: 4, 24: 8, 25: 2,
              26: 2}


def f32(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def hexs(b):
    return " ".join(f"{x:02X}" for x in b)


def compact(b):
    """Hex of b, runs of 4+ zero bytes as 00*N."""
    if len(b) >= 4 and not any(b):
        return f"00*{len(b)}"
    return hexs(b)


def align(v, a):
    return (v + a - 1) // a * a


class Frame:
    """A frame built like the encoder does; any field may be overridden afterwards."""

    def __init__(self, tensors=None, tlvs=(), tail=b"", **header):
        self.tensors = tensors if tensors is not None else [tensor()]
        self.tlvs = [dict(t) for t in tlvs]
        self.tail = tail
        self.header = header
        self.padding_patch = {}  # offset -> byte, applied to padding areas
        self.trailing = b""
        self.patches = {}  # absolute byte offset -> byte, applied before the CRC
        self.post_patches = {}  # applied after the CRC
        self.truncate = None
        self.fix_crc = False

    def build(self):
        h = dict(magic=b"\x89AID", ver_major=1, ver_minor=0, header_size=64 + len(self.tail),
                 frame_len=0, flags=0, frame_seq=1, config_id=0, partition_id=0,
                 tensor_count=len(self.tensors), tlv_size=0, stream_ref=0xFFFF, reserved0=0,
                 rtp_ts=0, rtp_duration=0, capture_ntp=0, payload_offset=0, reserved1=0,
                 crc32c=0, reserved2=0)
        tlv_size = sum(align(4 + len(t["value"]), 8) for t in self.tlvs)
        h["tlv_size"] = tlv_size
        desc_end = h["header_size"] + tlv_size + 80 * len(self.tensors)
        h["payload_offset"] = align(desc_end, 64)
        end = h["payload_offset"]
        descs = []
        for t in self.tensors:
            d = dict(t["desc"])
            off = t.get("place", align(end, 64))
            d.setdefault("offset", off)
            d.setdefault("stored_len", len(t["payload"]))
            d.setdefault("decoded_len", len(t["payload"]))
            descs.append(d)
            end = off + len(t["payload"])
        h["frame_len"] = end + len(self.trailing)
        natural_payload_offset = h["payload_offset"]
        h.update(self.header)
        self.h, self.descs = h, descs
        lines = []
        for name, fmt in HEADER:
            v = h[name]
            b = struct.pack("<" + fmt, v)
            shown = v.decode("latin1").encode("unicode_escape").decode() if isinstance(v, bytes) else v
            lines.append((b, f"{name} = {shown}"))
        if self.tail:
            lines.append((self.tail, "header tail (a later minor version)"))
        for t in self.tlvs:
            value = t["value"]
            length = t.get("length", len(value))
            lines.append((struct.pack("<HH", t["type"], length),
                          f"tlv type = 0x{t['type']:04X}, length = {length}"))
            if value:
                lines.append((value, f"tlv value {value!r}"))
            pad = t.get("padding", bytes(align(4 + len(value), 8) - 4 - len(value)))
            if pad:
                lines.append((pad, "tlv padding"))
        for i, d in enumerate(descs):
            for name, fmt in DESCRIPTOR:
                if name == "dims":
                    dims = list(d.get("dims", [])) + [0] * (8 - len(d.get("dims", [])))
                    lines.append((struct.pack("<8I", *dims), f"[{i}] dims = {dims[:max(d.get('rank', 0), 1)]}"))
                    continue
                default = {"ref_index": 0xFFFF}.get(name, 0)
                v = d.get(name, default)
                lines.append((struct.pack("<" + fmt, v), f"[{i}] {name} = {v}"))
        pos = sum(len(b) for b, _ in lines)
        pad = natural_payload_offset - pos
        if pad > 0:
            lines.append((bytes(pad), "padding to payload_offset"))
        pos = max(pos, natural_payload_offset)
        for i, (t, d) in enumerate(zip(self.tensors, descs)):
            gap = t.get("place", align(pos, 64)) - pos
            if gap > 0:
                lines.append((bytes(gap), "padding to the tensor"))
                pos += gap
            if t["payload"]:
                lines.append((t["payload"], f"[{i}] payload"))
                pos += len(t["payload"])
        if self.trailing:
            lines.append((self.trailing, "bytes after the last tensor"))
        data = bytearray(b"".join(b for b, _ in lines))
        for off, val in self.patches.items():
            data[off] = val
        if self.fix_crc:
            data[56:60] = b"\0\0\0\0"
            data[56:60] = struct.pack("<I", crc32c(bytes(data)))
        for off, val in self.post_patches.items():
            data[off] = val
        if self.truncate is not None:
            data = data[: self.truncate]
        self.data = bytes(data)
        # Re-split into the annotated lines (patches keep their line's note).
        out, pos = [], 0
        for b, note in lines:
            chunk = bytes(data[pos:pos + len(b)])
            pos += len(b)
            if not chunk:
                break
            out.append(f"{compact(chunk)} | {note}")
        return out


def tensor(payload=b"\x01\x02\x03\x04", place=None, **desc):
    d = dict(tensor_id=0, dtype=2, rank=1, dims=[len(payload)])
    d.update(desc)
    t = {"desc": d, "payload": payload}
    if place is not None:
        t["place"] = place
    return t


def y(id_, frame, why, expect=None, limits=None):
    c = {"id": id_, "why": why, "hex": frame.build()}
    if expect is not None:
        c["expect"] = expect
    if limits:
        c["limits"] = limits
    return c


def n(id_, frame, why, code, offset, rule, limits=None):
    c = {"id": id_, "why": why, "hex": frame.build(),
         "error": {"code": code, "offset": offset, "rule": rule}}
    if limits:
        c["limits"] = limits
    return c


def frame_cases():
    cases = ["Rule 1: the fixed header (research 7.5 rule 1)."]
    cases.append(y("y_minimal", Frame(), "one uint8 tensor of 4 bytes, no TLVs",
                   {"header": {"headerSize": 64, "frameLen": 196, "payloadOffset": 192},
                    "tensors": [{"dtype": "uint8", "shape": [4], "offset": 192, "storedLen": 4}]}))
    f = Frame(); f.truncate = 63
    cases.append(n("n_shorter_than_header", f, "63 bytes", "frame_truncated", 63, "frame header"))
    f = Frame(); f.patches[0] = 0x88
    cases.append(n("n_bad_magic", f, "first magic byte 0x88", "bad_magic", 0, "magic"))
    cases.append(n("n_version_2", Frame(ver_major=2), "major version 2", "unsupported_version", 4, "ver_major"))
    cases.append(y("y_minor_version_5", Frame(ver_minor=5), "minor versions are additive",
                   {"header": {"versionMinor": 5}}))
    f = Frame(); f.truncate = 195
    cases.append(n("n_frame_len_beyond_bytes", f, "frame_len 196, 195 bytes given",
                   "frame_truncated", 195, "frame_len"))
    cases.append(n("n_frame_len_short", Frame(frame_len=192), "frame_len 192 but 196 bytes",
                   "frame_length_mismatch", 8, "frame_len"))
    cases.append(n("n_frame_len_over_limit", Frame(), "limit of 100 bytes", "limit_exceeded", 8,
                   "frame_len", {"maxFrameLen": 100}))
    cases.append(n("n_header_size_56", Frame(header_size=56), "below 64", "bad_header_size", 6, "header_size"))
    cases.append(n("n_header_size_68", Frame(header_size=68), "not a multiple of 8", "bad_header_size", 6, "header_size"))
    cases.append(n("n_header_size_264", Frame(header_size=264), "over 256", "bad_header_size", 6, "header_size"))
    cases.append(y("y_header_tail", Frame(tail=bytes(range(1, 9))), "header_size 72: unknown tail skipped",
                   {"header": {"headerSize": 72}, "headerTail": "0102030405060708"}))
    cases.append(n("n_unknown_critical_flag", Frame(flags=4), "flag bit 2 is critical and unknown",
                   "unknown_critical_flag", 12, "flags"))
    cases.append(y("y_unknown_advisory_flag", Frame(flags=0x00110002), "bits 16-31 are advisory",
                   {"header": {"flagNames": ["independent", "last-of-task"]}}))
    cases.append(n("n_reserved0", Frame(reserved0=1), "reserved0 set", "reserved_not_zero", 30, "reserved0"))
    cases.append(n("n_reserved1", Frame(reserved1=1), "reserved1 set", "reserved_not_zero", 52, "reserved1"))
    cases.append(n("n_reserved2", Frame(reserved2=1), "reserved2 set", "reserved_not_zero", 60, "reserved2"))
    cases.append(n("n_crc_without_flag", Frame(crc32c=0x1234), "crc32c set, flag clear",
                   "reserved_not_zero", 56, "crc32c"))

    cases.append("Rule 2: CRC-32C over the frame with the crc32c field zero.")
    f = Frame(flags=1); f.fix_crc = True
    cases.append(y("y_crc", f, "flag set, CRC correct", {"header": {"flagNames": ["crc32c"]}}))
    f = Frame(flags=1); f.fix_crc = True; f.post_patches[195] = 0x05
    cases.append(n("n_crc_mismatch", f, "last payload byte changed after the CRC", "crc_mismatch", 56, "crc32c"))

    cases.append("Rule 3: counts, sizes, the areas before the payload.")
    cases.append(n("n_tensor_count_0", Frame(tensor_count=0), "no tensors", "bad_tensor_count", 24, "tensor_count"))
    two = [tensor(), tensor(tensor_id=1)]
    cases.append(n("n_tensor_count_over_limit", Frame(tensors=two), "two tensors, limit 1",
                   "limit_exceeded", 24, "tensor_count", {"maxTensors": 1}))
    cases.append(n("n_tlv_size_4", Frame(tlv_size=4), "not a multiple of 8", "bad_tlv_area", 26, "tlv_size"))
    cases.append(n("n_tlv_size_over_4096", Frame(tlv_size=4104), "over 4096", "limit_exceeded", 26, "tlv_size"))
    cases.append(n("n_descriptors_past_end", Frame(tensor_count=3), "3 descriptors end at 304 > 196",
                   "bad_layout", 24, "tensor_count"))
    cases.append(n("n_payload_offset_misaligned", Frame(payload_offset=200), "not a multiple of 64",
                   "bad_layout", 48, "payload_offset"))
    cases.append(n("n_payload_offset_in_descriptors", Frame(payload_offset=128), "before desc_end 144",
                   "bad_layout", 48, "payload_offset"))
    cases.append(n("n_payload_offset_past_end", Frame(payload_offset=256), "past frame_len",
                   "bad_layout", 48, "payload_offset"))
    f = Frame(tensors=[tensor(place=256)], payload_offset=256)
    cases.append(n("n_payload_offset_hole", f, "a 64-byte hole after the descriptors",
                   "bad_layout", 48, "payload_offset"))
    f = Frame(); f.patches[150] = 1
    cases.append(n("n_descriptor_padding", f, "a non-zero byte in the padding", "nonzero_padding", 144,
                   "descriptor padding"))

    cases.append("Rule 4: the TLV walk.")
    mid = {"type": 1, "value": b"v0"}
    cases.append(y("y_tlv_media_mid", Frame(tlvs=[mid]), "MEDIA_MID v0",
                   {"tlvs": [{"type": 1, "name": "media-mid", "value": "v0", "offset": 64}]}))
    cases.append(y("y_tlvs_unknown_and_private", Frame(tlvs=[{"type": 0x0100, "value": b"abc"},
                                                             {"type": 0x4001, "value": b""}]),
                   "unknown non-critical and private types are kept and ignored",
                   {"tlvs": [{"type": 256, "length": 3}, {"type": 16385, "length": 0}]}))
    cases.append(n("n_tlv_past_end", Frame(tlvs=[dict(mid, length=10)]), "length 10 in an 8-byte area",
                   "tlv_truncated", 66, "tlv.length"))
    cases.append(n("n_tlv_huge_length", Frame(tlvs=[dict(mid, length=0xFFFF)]), "length 65535",
                   "tlv_truncated", 66, "tlv.length"))
    cases.append(n("n_tlv_unknown_critical", Frame(tlvs=[{"type": 0x8100, "value": b"x"}]),
                   "critical type 0x8100", "unknown_critical_tlv", 64, "tlv.type"))
    cases.append(n("n_tlv_duplicate_mid", Frame(tlvs=[mid, mid]), "MEDIA_MID twice", "duplicate_tlv", 72,
                   "tlv.type"))
    cases.append(n("n_tlv_mid_too_long", Frame(tlvs=[{"type": 1, "value": b"m" * 33}]), "33 bytes",
                   "bad_tlv_value", 66, "tlv.length"))
    cases.append(n("n_tlv_mid_not_token", Frame(tlvs=[{"type": 1, "value": b"v 0"}]), "a space in the mid",
                   "bad_tlv_value", 69, "media-mid"))
    cases.append(n("n_tlv_ssrc_size", Frame(tlvs=[{"type": 2, "value": b"abc"}]), "SSRC of 3 bytes",
                   "bad_tlv_value", 66, "tlv.length"))
    cases.append(n("n_tlv_padding", Frame(tlvs=[dict(mid, padding=b"\0\1")]), "non-zero padding",
                   "nonzero_padding", 70, "tlv padding"))

    cases.append("Rule 5: descriptors (the only descriptor is at 64).")
    def one(**kw):
        return Frame(tensors=[tensor(**kw)])
    cases.append(n("n_descriptor_reserved", one(reserved=1), "reserved at 12", "reserved_not_zero", 76, "reserved"))
    cases.append(n("n_descriptor_reserved_tail", one(reserved_tail=1), "reserved at 72", "reserved_not_zero",
                   136, "reserved"))
    for code, name in ((0, "undefined"), (8, "string"), (14, "complex64"), (27, "unassigned")):
        cases.append(n(f"n_dtype_{name}", one(dtype=code), f"dtype {code}", "bad_dtype", 66, "dtype"))
    cases.append(n("n_rank_9", one(rank=9), "rank over 8", "bad_rank", 67, "rank"))
    cases.append(n("n_dim_zero", one(dims=[0]), "a zero dimension", "bad_dims", 80, "dims"))
    cases.append(n("n_dim_beyond_rank", one(dims=[4, 1]), "dims[1] set with rank 1", "bad_dims", 84, "dims"))
    cases.append(n("n_dims_overflow", one(rank=3, dims=[0xFFFFFFFF] * 3), "product overflows u64",
                   "size_overflow", 88, "dims"))
    cases.append(n("n_elements_over_limit", one(rank=2, dims=[65536, 65536]), "2^32 elements > 2^26",
                   "limit_exceeded", 80, "dims"))
    cases.append(n("n_bits_overflow", one(dtype=11, rank=2, dims=[0x80000000, 0x80000000]),
                   "2^62 float64 elements: bits overflow", "size_overflow", 80, "dims",
                   {"maxElements": 1 << 63}))
    cases.append(n("n_decoded_len", one(decoded_len=5), "decoded_len 5 for 4 uint8", "length_mismatch",
                   128, "decoded_len"))
    cases.append(n("n_decoded_len_huge", one(decoded_len=(1 << 64) - 1), "a huge declared length",
                   "length_mismatch", 128, "decoded_len"))
    cases.append(n("n_stored_len_raw", one(stored_len=3), "raw with stored 3, decoded 4", "length_mismatch",
                   124, "stored_len"))
    cases.append(y("y_int4_packed", Frame(tensors=[tensor(b"\x21\x43\x05", dtype=22, dims=[5])]),
                   "5 int4 elements in 3 bytes", {"tensors": [{"dtype": "int4", "decodedLen": 3}]}))
    cases.append(n("n_int4_padding_bits", Frame(tensors=[tensor(b"\x21\x43\x65", dtype=22, dims=[5])]),
                   "5 int4 elements: the high nibble of the last byte is padding", "nonzero_padding",
                   194, "sub-byte padding"))
    cases.append(n("n_codec_unassigned", one(codec=5), "codec 5", "bad_codec", 68, "codec"))
    cases.append(y("y_codec_private", Frame(tensors=[tensor(b"\x07\x08\x09", dims=[4], codec=200,
                                                            decoded_len=4)]),
                   "private codec 200: stored 3, decoded 4", {"tensors": [{"codec": "private"}]}))
    cases.append(n("n_decoded_over_limit", Frame(tensors=[tensor(b"\x28\xb5\x2f\xfd", dims=[1 << 20],
                                                                 codec=1, decoded_len=1 << 20)]),
                   "zstd declaring 1 MiB, limit 1000", "limit_exceeded", 128, "decoded_len",
                   {"maxDecoded": 1000}))
    cases.append(n("n_compressed_empty", Frame(tensors=[tensor(b"", codec=1, dims=[4], decoded_len=4)]),
                   "zstd with no stored bytes", "length_mismatch", 124, "stored_len"))
    cases.append(y("y_per_tensor_uint8", one(quant=1, scale=f32(0.5), zero_point=3), "uint8 scale 0.5 zp 3",
                   {"tensors": [{"quantization": {"scheme": "per-tensor", "scale": 0.5, "zeroPoint": 3}}]}))
    cases.append(n("n_quant_float", Frame(tensors=[tensor(b"\0\0\x80\x3f", dtype=1, dims=[1], quant=1,
                                                          scale=f32(1.0))]),
                   "float32 cannot be affine-quantized", "bad_quantization", 69, "quant"))
    cases.append(n("n_quant_scheme_4", one(quant=4), "quant 4", "bad_quantization", 69, "quant"))
    cases.append(n("n_scale_zero", one(quant=1, scale=0), "scale 0", "bad_quantization", 112, "scale"))
    cases.append(n("n_scale_nan", one(quant=1, scale=0x7FC00000), "scale NaN", "bad_quantization", 112, "scale"))
    cases.append(n("n_zero_point_range", one(quant=1, scale=f32(1.0), zero_point=256), "uint8 zp 256",
                   "bad_quantization", 116, "zero_point"))
    cases.append(n("n_axis_without_per_axis", one(quant_axis=1), "quant_axis set, quant none",
                   "bad_quantization", 70, "quant_axis"))
    cases.append(n("n_scale_without_quant", one(scale=f32(1.0)), "scale set, quant none", "bad_quantization",
                   112, "scale"))
    cases.append(n("n_block_size_without_block", one(block_size=32), "block_size with quant none",
                   "bad_quantization", 74, "block_size"))
    cases.append(n("n_role_3", one(role=3), "role 3", "bad_companion", 71, "role"))
    cases.append(n("n_data_with_ref", one(ref_index=0), "a data tensor with ref_index 0", "bad_companion",
                   72, "ref_index"))

    cases.append("Rule 5: placement (aligned, inside, ordered, no holes).")
    cases.append(n("n_offset_misaligned", one(offset=200), "offset 200", "bad_offset", 120, "offset"))
    cases.append(n("n_offset_outside", one(offset=0x40000000), "offset 1 GiB in a 196-byte frame",
                   "bad_offset", 120, "offset"))
    cases.append(n("n_offset_wraps_u32", one(offset=0xFFFFFFC0, stored_len=0x80, decoded_len=0x80, dims=[0x80]),
                   "offset + stored_len wraps in 32 bits", "bad_offset", 120, "offset"))
    f = Frame(tensors=[tensor(offset=128)])
    cases.append(n("n_offset_before_payload", f, "offset 128 < payload_offset 192", "bad_offset", 120, "offset"))
    f = Frame(tensors=[tensor(), tensor(tensor_id=1, offset=256)])
    cases.append(n("n_tensors_overlap", f, "both tensors at 256", "overlapping_tensors", 200, "offset"))
    f = Frame(tensors=[tensor(), tensor(tensor_id=1, place=384)])
    cases.append(n("n_tensor_gap", f, "a 64-byte hole before the second tensor", "gap_between_tensors", 200,
                   "offset"))
    f = Frame(); f.trailing = b"\0\0\0\0"
    cases.append(n("n_trailing_bytes", f, "4 bytes after the last tensor", "gap_between_tensors", 196,
                   "frame_len"))
    f = Frame(tensors=[tensor(), tensor(tensor_id=1)]); f.patches[264] = 9
    cases.append(n("n_tensor_padding", f, "non-zero padding between tensors", "nonzero_padding", 260,
                   "tensor padding"))
    f = Frame(tensors=[tensor(), tensor()])
    cases.append(n("n_duplicate_tensor_id", f, "tensor_id 0 twice", "duplicate_tensor_id", 144, "tensor_id"))

    cases.append("Rules 5-6: per-axis quantization and its companion tensors.")
    def per_axis(scale_dims=(2,), zp=True, scale_dtype=1, ref=0):
        data = tensor(b"\x01\x02\x03\x04\x05\x06", dtype=3, rank=2, dims=[2, 3], quant=2, quant_axis=0)
        count = scale_dims[0]
        scales = tensor(struct.pack(f"<{count}f", *([0.5] * count)), tensor_id=1, dtype=scale_dtype, dims=list(scale_dims),
                        role=1, ref_index=ref)
        ts = [data, scales]
        if zp:
            ts.append(tensor(struct.pack("<2i", 1, -1), tensor_id=2, dtype=6, dims=[2], role=2, ref_index=0))
        return Frame(tensors=ts)
    cases.append(y("y_per_axis", per_axis(), "int8 2x3 along axis 0, scales and zero points",
                   {"tensors": [{"quantization": {"scheme": "per-axis", "axis": 0}},
                                {"role": "scale", "refIndex": 0}, {"role": "zero-point", "refIndex": 0}]}))
    cases.append(y("y_per_axis_symmetric", per_axis(zp=False), "no zero points: all 0"))
    f = Frame(tensors=[tensor(b"\x01\x02\x03\x04\x05\x06", dtype=3, rank=2, dims=[2, 3], quant=2)])
    cases.append(n("n_per_axis_without_scales", f, "no scale tensor", "bad_companion", 64, "role"))
    cases.append(n("n_scales_wrong_count", per_axis(scale_dims=(3,)), "3 scales for 2 channels",
                   "bad_companion", 160, "dims"))
    cases.append(n("n_scales_wrong_dtype", per_axis(scale_dtype=6), "int32 scales", "bad_companion", 146,
                   "dtype"))
    cases.append(n("n_companion_of_companion", per_axis(ref=2),
                   "scales point at the zero-point tensor: the data tensor has none",
                   "bad_companion", 64, "role"))
    return cases


def fragment(index, count, seq, frame_len, chunk, magic=0xAF, ver=1, reserved=0):
    head = struct.pack("<BBHHHII", magic, ver, index, count, reserved, seq, frame_len)
    parity = ver & 0x10
    return [f"{hexs(head[:2])} | magic, version" + (", parity" if parity else ""),
            f"{hexs(head[2:4])} | " + (f"group {index}" if parity else f"frag_index = {index}"),
            f"{hexs(head[4:6])} | frag_count = {count}",
            f"{hexs(head[6:8])} | " + (f"parity_group = {reserved}" if parity else "reserved"),
            f"{hexs(head[8:12])} | frame_seq = {seq}", f"{hexs(head[12:16])} | frame_len = {frame_len}",
            f"{compact(chunk)} | chunk of {len(chunk)} bytes"]


def fragment_cases():
    frame = Frame()
    frame.build()
    data = frame.data
    n_ = len(data)  # 196
    def cut(size, seq=7):
        count = (n_ + size - 1) // size
        return [fragment(i, count, seq, n_, data[i * size:(i + 1) * size]) for i in range(count)]
    three = cut(80)
    cases = ["The fragment layer (research 7.1): messages are fed in order to one reassembler;",
             "the frame of y_minimal (196 bytes) is the payload."]
    cases.append({"id": "y_single", "why": "one message holds the frame", "messages": cut(196),
                  "expect": {"completed": 1}})
    cases.append({"id": "y_three_in_order", "why": "80 + 80 + 36 bytes", "messages": three,
                  "expect": {"completed": 1, "statuses": ["incomplete", "incomplete", "complete"]}})
    cases.append({"id": "y_reordered_duplicated", "why": "last first, a duplicate, then a late copy",
                  "messages": [three[2], three[0], three[0], three[1], three[1]],
                  "expect": {"completed": 1,
                             "statuses": ["incomplete", "incomplete", "duplicate", "complete", "stale"]}})
    cases.append({"id": "y_loss", "why": "the middle fragment never comes", "messages": [three[0], three[2]],
                  "expect": {"completed": 0, "statuses": ["incomplete", "incomplete"]}})
    def bad(id_, why, msg, code, offset, rule, before=(), limits=None):
        c = {"id": id_, "why": why, "messages": list(before) + [msg],
             "error": {"code": code, "offset": offset, "rule": rule, "message": len(before)}}
        if limits:
            c["limits"] = limits
        return c
    f0 = data[:80]
    cases.append(bad("n_short", "15 bytes", ["AF 01 00 00 01 00 00 00 07 00 00 00 C4 00 00 | 15 bytes"],
                     "frame_truncated", 15, "fragment header"))
    cases.append(bad("n_magic", "0x7B ('{')", fragment(0, 1, 7, 196, data, magic=0x7B), "bad_magic", 0, "magic"))
    cases.append(bad("n_version", "layer version 2", fragment(0, 1, 7, 196, data, ver=2),
                     "unsupported_version", 1, "ver_flags"))
    cases.append(bad("n_reserved_bits", "bit 5 set", fragment(0, 1, 7, 196, data, ver=0x21),
                     "reserved_not_zero", 1, "ver_flags"))
    cases.append(bad("n_reserved_field", "reserved set", fragment(0, 1, 7, 196, data, reserved=1),
                     "reserved_not_zero", 6, "reserved"))
    cases.append(bad("n_frame_len_63", "below a frame header", fragment(0, 1, 7, 63, data[:63]),
                     "bad_fragment", 12, "frame_len"))
    cases.append(bad("n_frame_len_over_limit", "17 MiB", fragment(0, 300, 7, 17 << 20, f0),
                     "limit_exceeded", 12, "frame_len"))
    cases.append(bad("n_count_zero", "frag_count 0", fragment(0, 0, 7, 196, f0), "bad_fragment", 4, "frag_count"))
    cases.append(bad("n_count_over_limit", "2000 fragments, limit 1024", fragment(0, 2000, 7, 196, f0),
                     "limit_exceeded", 4, "frag_count"))
    cases.append(bad("n_index_past_count", "index 3 of 3", fragment(3, 3, 7, 196, f0), "bad_fragment", 2,
                     "frag_index"))
    cases.append(bad("n_empty_chunk", "no chunk", fragment(0, 3, 7, 196, b""), "frame_truncated", 16, "chunk"))
    cases.append(bad("n_single_short", "count 1 but 80 of 196 bytes", fragment(0, 1, 7, 196, f0),
                     "inconsistent_fragment", 16, "chunk"))
    cases.append(bad("n_count_inconsistent", "the second says 4 fragments", fragment(1, 4, 7, 196, data[80:160]),
                     "inconsistent_fragment", 4, "frag_count", before=[three[0]]))
    cases.append(bad("n_count_not_ceil", "80-byte chunks need 3 fragments, not 5", fragment(0, 5, 7, 196, f0),
                     "inconsistent_fragment", 4, "frag_count"))
    cases.append(bad("n_chunk_size_changes", "a non-last chunk of 79 after one of 80",
                     fragment(1, 3, 7, 196, data[80:159]), "inconsistent_fragment", 16, "chunk",
                     before=[three[0]]))
    cases.append(bad("n_last_does_not_divide", "last of 35 bytes: 161 is not 2 chunks",
                     fragment(2, 3, 7, 196, data[160:195]), "inconsistent_fragment", 16, "chunk"))
    # Parity (docs/aidf.md "Parity"): ver_flags bit 4; the chunk is the XOR of a group's data
    # chunks, each zero-padded to the group's first; frag_index is the group, the reserved
    # field the group size.
    def xor(*chunks):
        out = bytearray(len(chunks[0]))
        for c in chunks:
            for k, b in enumerate(c):
                out[k] ^= b
        return bytes(out)
    c0, c1, c2 = data[:80], data[80:160], data[160:]
    all3 = fragment(0, 3, 7, n_, xor(c0, c1, c2), ver=0x11, reserved=3)
    cases.append({"id": "y_parity_rebuilds", "why": "the middle chunk is lost; the parity of all three rebuilds it",
                  "messages": [three[0], three[2], all3],
                  "expect": {"completed": 1, "recovered": 1,
                             "statuses": ["incomplete", "incomplete", "complete"]}})
    cases.append({"id": "y_parity_first", "why": "parity before any data chunk; the last chunk is rebuilt",
                  "messages": [all3, three[0], three[1]],
                  "expect": {"completed": 1, "recovered": 1,
                             "statuses": ["incomplete", "incomplete", "complete"]}})
    pairs = [fragment(0, 3, 7, n_, xor(c0, c1), ver=0x11, reserved=2),
             fragment(1, 3, 7, n_, c2, ver=0x11, reserved=2)]
    cases.append({"id": "y_parity_groups_of_two", "why": "groups {0,1} and {2}: one loss in each is rebuilt",
                  "messages": [pairs[1], three[0], pairs[0]],
                  "expect": {"completed": 1, "recovered": 2,
                             "statuses": ["incomplete", "incomplete", "complete"]}})
    cases.append({"id": "y_parity_two_lost", "why": "two chunks of one group lost: not enough",
                  "messages": [three[0], all3],
                  "expect": {"completed": 0, "recovered": 0, "statuses": ["incomplete", "incomplete"]}})
    cases.append({"id": "y_parity_after_whole", "why": "every chunk came: the parity is stale",
                  "messages": three + [all3],
                  "expect": {"completed": 1, "recovered": 0,
                             "statuses": ["incomplete", "incomplete", "complete", "stale"]}})
    cases.append(bad("n_parity_group_zero", "the parity bit with group size 0",
                     fragment(0, 3, 7, n_, c0, ver=0x11, reserved=0), "bad_fragment", 6, "parity_group"))
    cases.append(bad("n_parity_group_over_count", "groups of 4 in a frame of 3",
                     fragment(0, 3, 7, n_, c0, ver=0x11, reserved=4), "bad_fragment", 6, "parity_group"))
    cases.append(bad("n_parity_single", "parity for a frame of one fragment",
                     fragment(0, 1, 7, n_, data, ver=0x11, reserved=1), "bad_fragment", 6, "parity_group"))
    cases.append(bad("n_parity_index_past_groups", "group 2 of groups of 2 in 3 chunks",
                     fragment(2, 3, 7, n_, c2, ver=0x11, reserved=2), "bad_fragment", 2, "frag_index"))
    cases.append(bad("n_parity_group_changes", "groups of 2, then a parity of groups of 3",
                     all3, "inconsistent_fragment", 6, "parity_group", before=[pairs[0]]))
    cases.append(bad("n_parity_foreign", "rebuilding the short last chunk leaves non-zero padding",
                     fragment(0, 3, 7, n_, bytes(80 * [0x55]), ver=0x11, reserved=3),
                     "inconsistent_fragment", 16, "parity", before=[three[0], three[1]]))
    return cases


START, END, RESET = 1, 2, 4  # SEQUENCE_STEP flags (docs/aidf.md, Stateful sequences)


def step_tlv(seq_id, epoch, position, length=1, flags=0, reserved=0):
    return {"type": 0x8003,
            "value": struct.pack("<IIQIHH", seq_id, epoch, position, length, flags, reserved)}


def step_frame(seq_id, epoch, position, length=1, flags=0, frame_seq=1):
    return Frame(tlvs=[step_tlv(seq_id, epoch, position, length, flags)], frame_seq=frame_seq).build()


def sequence_cases():
    cases = ["The SEQUENCE_STEP TLV (type 0x8003, critical, 24 bytes at frame offset 68).",
             "Its fields: u32 sequence_id, u32 epoch, u64 position, u32 length, u16 flags",
             "(1 start, 2 end, 4 reset), u16 reserved."]
    cases.append(y("y_step", Frame(tlvs=[step_tlv(7, 2, 40, 3, RESET | END)]), "a reset that ends the sequence",
                   {"tlvs": [{"name": "sequence-step", "critical": True,
                              "value": {"sequenceId": 7, "epoch": 2, "position": 40, "length": 3,
                                        "flags": ["end", "reset"]}}]}))
    cases.append(y("y_step_start_independent", Frame(tlvs=[step_tlv(1, 0, 0, 5, START)], flags=2),
                   "a start needs no earlier state, so it may be independent"))
    cases.append(n("n_step_id_0", Frame(tlvs=[step_tlv(0, 0, 0, 1, START)]), "sequence_id 0",
                   "bad_tlv_value", 68, "sequence-step.sequence_id"))
    cases.append(n("n_step_length_0", Frame(tlvs=[step_tlv(1, 0, 4, 0)]), "a step covers at least one position",
                   "bad_tlv_value", 84, "sequence-step.length"))
    cases.append(n("n_step_past_2p64", Frame(tlvs=[step_tlv(1, 0, 2**64 - 2, 2)]), "position + length > 2^64",
                   "bad_tlv_value", 76, "sequence-step.position"))
    cases.append(n("n_step_unknown_flag", Frame(tlvs=[step_tlv(1, 0, 4, 1, 8)]), "flag bit 3",
                   "bad_tlv_value", 88, "sequence-step.flags"))
    cases.append(n("n_step_start_and_reset", Frame(tlvs=[step_tlv(1, 0, 0, 1, START | RESET)]),
                   "a start is already a fresh state", "bad_tlv_value", 88, "sequence-step.flags"))
    cases.append(n("n_step_start_not_at_0", Frame(tlvs=[step_tlv(1, 0, 3, 1, START)]), "a start at position 3",
                   "bad_tlv_value", 76, "sequence-step.position"))
    cases.append(n("n_step_reserved", Frame(tlvs=[step_tlv(1, 0, 3, 1, 0, reserved=1)]), "reserved set",
                   "reserved_not_zero", 90, "sequence-step.reserved"))
    cases.append(n("n_step_independent", Frame(tlvs=[step_tlv(1, 0, 3)], flags=2),
                   "a step after the start depends on the state", "bad_tlv_value", 88,
                   "sequence-step.independent"))
    cases.append(n("n_step_size", Frame(tlvs=[{"type": 0x8003, "value": bytes(16)}]), "16 bytes",
                   "bad_tlv_value", 66, "tlv.length"))
    cases.append(n("n_step_twice", Frame(tlvs=[step_tlv(1, 0, 3), step_tlv(1, 0, 3)]), "two steps in a frame",
                   "duplicate_tlv", 96, "tlv.type"))

    cases += ["Step streams: each frame's step is offered to one sequence_tracker in order; a",
              "step is applied only when it continues the state (docs/aidf.md). Every refusal",
              "is a verdict with its reason, never a silent apply."]
    def steps(id_, why, frames, verdicts):
        return {"id": id_, "why": why, "steps": frames, "expect": {"verdicts": verdicts}}
    s = step_frame
    cases.append(steps("y_steps_in_order", "a prefill of 5 positions, two decoding steps, the end",
                       [s(7, 0, 0, 5, START), s(7, 0, 5), s(7, 0, 6), s(7, 0, 7, 1, END)],
                       ["apply", "apply", "apply", "apply"]))
    cases.append(steps("y_steps_lost", "step 6 is lost: 7 is a gap, not applied",
                       [s(7, 0, 0, 5, START), s(7, 0, 5), s(7, 0, 7)], ["apply", "apply", "gap"]))
    cases.append(steps("y_steps_replayed", "step 5 again, and the start again",
                       [s(7, 0, 0, 5, START), s(7, 0, 5), s(7, 0, 5), s(7, 0, 0, 5, START)],
                       ["apply", "apply", "replayed", "replayed"]))
    cases.append(steps("y_steps_reordered", "6 before 5: a gap; 5 then applies, and 6 must come again",
                       [s(7, 0, 0, 5, START), s(7, 0, 6), s(7, 0, 5), s(7, 0, 6)],
                       ["apply", "gap", "apply", "apply"]))
    cases.append(steps("y_steps_resume", "after a gap at 6 the sender resumes at 6 in epoch 1; "
                       "late steps of epoch 0 are stale",
                       [s(7, 0, 0, 6, START), s(7, 0, 7), s(7, 1, 6, 1, RESET), s(7, 0, 8), s(7, 1, 7)],
                       ["apply", "gap", "apply", "stale-epoch", "apply"]))
    cases.append(steps("y_steps_rollback", "a reset to 3 rolls back positions 3 to 5",
                       [s(7, 0, 0, 6, START), s(7, 1, 3, 1, RESET), s(7, 1, 4)],
                       ["apply", "apply", "apply"]))
    cases.append(steps("y_steps_reset_lost", "epoch 1 begins without its reset: a gap",
                       [s(7, 0, 0, 6, START), s(7, 1, 7)], ["apply", "gap"]))
    cases.append(steps("y_steps_reset_beyond", "a reset to a position the receiver never had",
                       [s(7, 0, 0, 6, START), s(7, 1, 8, 1, RESET)], ["apply", "gap"]))
    cases.append(steps("y_steps_no_start", "the start is lost: unknown until a start arrives",
                       [s(7, 0, 5), s(7, 1, 0, 6, START), s(7, 1, 6)], ["unknown-sequence", "apply", "apply"]))
    cases.append(steps("y_steps_after_end", "a step after the end, and a replayed start",
                       [s(7, 0, 0, 1, START | END), s(7, 0, 1), s(7, 0, 0, 1, START), s(7, 1, 0, 1, START)],
                       ["apply", "ended", "ended", "apply"]))
    cases.append(steps("y_steps_two_sequences", "two sequences interleaved keep their own state",
                       [s(7, 0, 0, 2, START), s(8, 0, 0, 1, START), s(8, 0, 1), s(7, 0, 2), s(8, 0, 1)],
                       ["apply", "apply", "apply", "apply", "replayed"]))
    return cases


def batch_tlv(items, count=None, reserved=0):
    """items: (item_id, capture_ntp, length[, reserved])"""
    head = struct.pack("<HHI", len(items) if count is None else count, reserved, 0)
    body = b"".join(struct.pack("<QQII", i[0], i[1], i[2], i[3] if len(i) > 3 else 0) for i in items)
    return {"type": 0x8004, "value": head + body}


def request_tlv(ref):
    return {"type": 0x0007, "value": struct.pack("<Q", ref)}


def batch_cases():
    cases = ["REQUEST_REF (0x0007, u64, not 0) and BATCH (0x8004, critical): u16 item_count,",
             "u16 + u32 reserved, then per item u64 item_id, u64 capture_ntp, u32 length, u32",
             "reserved; the data tensors' dims[0] is the sum of the lengths (docs/aidf.md).",
             "The default tensor is 4 bytes of dtype 2, dims [4]."]
    ntp = 0xE8F4A3B280000000
    two = batch_tlv([(501, ntp, 1), (502, 0, 3)])
    cases.append(y("y_batch", Frame(tlvs=[two]), "two items of 1 and 3 rows"))
    cases.append(y("y_request_ref", Frame(tlvs=[request_tlv(7001), two]),
                   "a request id and its batch"))
    cases.append(y("y_batch_companion", Frame(
        tlvs=[batch_tlv([(1, 0, 2), (2, 0, 2)])],
        tensors=[tensor(quant=2, quant_axis=1, dims=[4, 1], rank=2),
                 tensor(payload=struct.pack("<f", 0.5), tensor_id=1, dtype=1, dims=[1],
                        role=1, ref_index=0)]),
        "a per-axis tensor batched; its scale companion is not"))
    cases.append(n("n_batch_rows", Frame(tlvs=[batch_tlv([(1, 0, 1), (2, 0, 2)])]),
                   "3 rows in the items, 4 in the tensor", "bad_tlv_value", 128 + 16, "batch.rows"))
    cases.append(n("n_batch_count", Frame(tlvs=[batch_tlv([(1, 0, 1), (2, 0, 3)], count=3)]),
                   "item_count 3 with 2 items", "bad_tlv_value", 68, "batch.item_count"))
    cases.append(n("n_batch_length_zero", Frame(tlvs=[batch_tlv([(1, 0, 0), (2, 0, 4)])]),
                   "an item of no rows", "bad_tlv_value", 68 + 8 + 16, "batch.length"))
    cases.append(n("n_batch_duplicate_id", Frame(tlvs=[batch_tlv([(5, 0, 1), (5, 0, 3)])]),
                   "item 5 twice", "bad_tlv_value", 68 + 8 + 24, "batch.item_id"))
    cases.append(n("n_batch_reserved", Frame(tlvs=[batch_tlv([(1, 0, 4)], reserved=1)]),
                   "the head's reserved u16 set", "reserved_not_zero", 70, "batch.reserved"))
    cases.append(n("n_batch_item_reserved", Frame(tlvs=[batch_tlv([(1, 0, 4, 9)])]),
                   "an item's reserved u32 set", "reserved_not_zero", 68 + 8 + 20, "batch.reserved"))
    cases.append(n("n_batch_size", Frame(tlvs=[{"type": 0x8004, "value": bytes(20)}]),
                   "20 bytes: no room for an item", "bad_tlv_value", 66, "tlv.length"))
    cases.append(n("n_batch_limit", Frame(tlvs=[batch_tlv([(1, 0, 2), (2, 0, 2)])]),
                   "two items, one allowed", "limit_exceeded", 68, "batch.item_count",
                   limits={"maxBatchItems": 1}))
    cases.append(n("n_request_ref_zero", Frame(tlvs=[request_tlv(0)]), "request id 0",
                   "bad_tlv_value", 68, "request-ref"))
    cases.append(n("n_request_ref_size", Frame(tlvs=[{"type": 0x0007, "value": bytes(4)}]),
                   "4 bytes", "bad_tlv_value", 66, "tlv.length"))
    return cases


def write(name, target, description, cases):
    doc = {"target": target, "description": description, "cases": cases}
    (HERE / name).write_text(json.dumps(doc, indent=1) + "\n")


write("frames.json", "frame",
      "AIDF v1 frames: research/model-and-tensor.md 7.5, one case or more per rule "
      "(generated by generate.py)", frame_cases())
write("fragments.json", "frame",
      "AIDF v1 fragment layer: research/model-and-tensor.md 7.1 (generated by generate.py)",
      fragment_cases())
write("sequences.json", "frame",
      "AIDF stateful sequences: the SEQUENCE_STEP TLV and the receiver's step rules "
      "(docs/aidf.md; generated by generate.py)", sequence_cases())
write("batches.json", "frame",
      "AIDF batches and request ids: the REQUEST_REF and BATCH TLVs (docs/aidf.md; generated "
      "by generate.py)", batch_cases())
