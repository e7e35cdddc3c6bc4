#!/usr/bin/env python3
"""Writes the wire fuzz target's seeds (tests/fuzz/corpus/fuzz_wire): one well-formed message of
each kind, CBOR-encoded here by hand (no cbor module in Debian's minimal Python). The first
byte of a seed picks the message, as fuzz_wire.cpp reads it. Run again after the wire
format changes."""
import os
import struct

def head(major, n):
    if n < 24: return bytes([major << 5 | n])
    if n < 256: return bytes([major << 5 | 24, n])
    if n < 65536: return bytes([major << 5 | 25]) + struct.pack(">H", n)
    return bytes([major << 5 | 27]) + struct.pack(">Q", n)

def enc(v):
    if v is True: return b"\xf5"
    if v is False: return b"\xf4"
    if v is None: return b"\xf6"
    if isinstance(v, int): return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, float): return b"\xfb" + struct.pack(">d", v)
    if isinstance(v, str):
        b = v.encode(); return head(3, len(b)) + b
    if isinstance(v, list): return head(4, len(v)) + b"".join(enc(x) for x in v)
    if isinstance(v, dict): return head(5, len(v)) + b"".join(enc(k) + enc(x) for k, x in v.items())
    raise TypeError(v)

dev = "0190f0a0-0000-7000-8000-000000000001"
change = {"dev_seq": 3, "entity": "candidates", "row_id": "0190f0a0-0000-7000-8000-0000000000c1", "op": "update",
          "fields": {"first_name": "Ada", "skills": "[\"C++\",\"Qt\"]", "latitude": 51.5},
          "base_server_seq": 7, "correlation_id": "c-1", "prior": {"skills": "[\"C++\"]"}, "unseen": {"last_name": 6}}
seeds = {
    "push.cbor": (0, {"schema_version": 15, "device_id": dev, "changes": [change], "resync": True, "epoch": "e1"}),
    "push-response.cbor": (1, {"accepted": [3], "conflicts": [{"server_seq": 9, "entity": "candidates", "row_id": "r",
                                                                "field": "last_name", "value": "L", "lost_to": 8}],
                               "refused": [{"dev_seq": 4, "entity": "jobs", "row_id": "j", "reason": "permission",
                                            "message": "no"}], "server_seq": 9}),
    "pull.cbor": (2, {"epoch": "e1", "changes": [{"server_seq": 9, "device_id": dev, "dev_seq": 3, "entity": "candidates",
                                                    "row_id": "r", "op": "insert", "fields": {"a": 1, "b": None}}],
                      "next": 9, "more": False, "restart": True, "restored_seq": 4, "conflicts": [], "scope": "all",
                      "purge": ["candidates:r2"]}),
    "audit-push.cbor": (3, {"schema_version": 15, "device_id": dev, "entries": [
        {"id": "a1", "tenant_id": "t", "device_id": dev, "chain_seq": 1, "user_id": "u", "action": "candidate.create",
         "resource_type": "candidate", "resource_id": "r", "outcome": "ok", "diff": "{}", "correlation_id": "c",
         "created_at": "2026-12-06T08:00:00.000Z", "prev_hash": "00", "hash": "ab"}]}),
    "audit-push-response.cbor": (4, {"accepted": 1, "head": 1}),
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_wire")
os.makedirs(out, exist_ok=True)
for name, (kind, message) in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([kind]) + enc(message))
