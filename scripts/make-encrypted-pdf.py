#!/usr/bin/env python3
"""Writes a tiny PDF encrypted with a non-empty user password (RC4 40-bit, R2).

usage: scripts/make-encrypted-pdf.py OUT.pdf [USER_PASSWORD]

The CLI tests use it (crates/yusuan-cli/tests/data/encrypted-user-password.pdf, user
password "secret", owner password "owner") to check that a file which cannot be opened
with the empty password becomes an error record. Standard library only: the algorithms
are those of ISO 32000-1, 7.6.3.3 (algorithms 2, 3 and 4).
"""
import hashlib
import sys

PAD = bytes.fromhex(
    "28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def padded(pw):
    return (pw + PAD)[:32]


def main(out, user=b"secret", owner=b"owner"):
    file_id = hashlib.md5(b"yusuan encrypted test file").digest()
    perms = -4  # all permissions, as a signed 32-bit integer
    o = rc4(hashlib.md5(padded(owner)).digest()[:5], padded(user))
    key = hashlib.md5(padded(user) + o + perms.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    u = rc4(key, PAD)

    def obj_key(num):
        return hashlib.md5(key + num.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]

    content = b"BT /F1 18 Tf 72 720 Td (Secret budget) Tj ET"
    enc_content = rc4(obj_key(4), content)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(enc_content) + enc_content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + o.hex().encode() + b"> /U <" + u.hex().encode()
        + b"> /P %d >>" % perms,
    ]
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        data += b"%010d 00000 n \n" % off
    data += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
             % (len(objs) + 1, file_id.hex().encode(), file_id.hex().encode(), xref))
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], *(a.encode() for a in sys.argv[2:3]))
