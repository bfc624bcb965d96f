#!/usr/bin/env python3
"""Writes the mutation corpus: damaged and crafted PDF and DOCX files that a
batch must survive (issue 16), deterministically, from samples/ and from
scratch.

usage: scripts/make-mutation-corpus.py OUT_DIR [--small]

Every file is a function of the samples and fixed seeds, so two runs write the
same bytes. Standard library only. The CLI test
`issue_16_mutation_corpus_costs_one_record_per_file` runs the batch over it with
a memory cap; `--small` leaves out the 100k-row Word table.

Kinds (file name prefixes):
  bomb-*        Flate streams that inflate far past any real stream (content,
                object stream, font, xref stream), a predictor row size that
                overflows, /W [1 99999999 1], 200k /Contents references,
                deep nesting, a page tree that loops, a lost page
  trunc-*       samples cut at fixed fractions
  flip-*        samples with bytes overwritten at seeded positions
  docx-*        Word bombs (declared and lying sizes), deep tables, a
                100k-row table, truncated and flipped samples
  junk-*        an HTML page, an xlsx, an empty file, random bytes named .pdf
"""
import io
import os
import random
import struct
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "samples")
MIB = 1024 * 1024


def deflate_zeros(n, fill=b" "):
    """zlib data that inflates to n bytes of `fill` (built in 1 MiB steps)."""
    c = zlib.compressobj(9)
    chunk = fill * MIB
    out = []
    left = n
    while left > 0:
        step = min(left, MIB)
        out.append(c.compress(chunk[:step]))
        left -= step
    out.append(c.flush())
    return b"".join(out)


def classic_pdf(objects, root=1, extra_trailer=b""):
    """A PDF with a classic xref table; objects[i] is the body of object i+1."""
    pdf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        pdf += b"%010d 00000 n \n" % off
    pdf += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, extra_trailer, xref)
    return bytes(pdf)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 700 Td (Revenue 1,234.50) Tj ET"


def one_page(content_obj, resources=b"<< /Font << /F1 5 0 R >> >>"):
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources "
        + resources + b" >>",
        content_obj,
        FONT,
    ]


def crafted():
    """Hand-made hostile PDFs: (name, bytes)."""
    out = []
    bomb = deflate_zeros(600 * MIB)
    out.append(("bomb-content-600mib.pdf",
                classic_pdf(one_page(stream(bomb, b"/Filter /FlateDecode ")))))
    # Two pages sharing nothing, each under the per-stream limit.
    mid = deflate_zeros(200 * MIB)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(mid, b"/Filter /FlateDecode "),
        FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(mid, b"/Filter /FlateDecode "),
    ]
    out.append(("bomb-content-2x200mib.pdf", classic_pdf(objs)))
    # A font program that inflates to 600 MiB.
    objs = one_page(stream(TEXT))
    objs[4] = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 "
               b"/Widths [] /FontDescriptor 6 0 R >>")
    objs.append(b"<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontFile2 7 0 R >>")
    objs.append(stream(bomb, b"/Filter /FlateDecode "))
    out.append(("bomb-font-600mib.pdf", classic_pdf(objs)))
    # An object stream that inflates to 600 MiB (its objects never end).
    objs = one_page(stream(TEXT))
    objs.append(stream(bomb, b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode "))
    out.append(("bomb-objstm-600mib.pdf", classic_pdf(objs)))
    # PNG predictor whose row size overflows: /Columns 2^36.
    data = zlib.compress(b"\x00" * 64)
    for name, parms in [
        ("bomb-predictor-columns.pdf", b"<< /Predictor 12 /Columns 68719476736 >>"),
        ("bomb-predictor-colors.pdf",
         b"<< /Predictor 12 /Colors 4096 /BitsPerComponent 16 /Columns 1099511627776 >>"),
    ]:
        content = stream(data, b"/Filter /FlateDecode /DecodeParms " + parms + b" ")
        out.append((name, classic_pdf(one_page(content))))
    # An xref stream with a huge predictor and one with /W [1 99999999 1].
    for name, extra in [
        ("bomb-xref-predictor.pdf",
         b"/DecodeParms << /Predictor 12 /Columns 68719476736 >> "),
        ("bomb-xref-w.pdf", b""),
    ]:
        out.append((name, xref_stream_pdf(extra, name.endswith("-w.pdf"))))
    # 200,000 references to one content stream.
    objs = one_page(stream(TEXT))
    objs[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ["
               + b"4 0 R " * 200_000 + b"] /Resources << /Font << /F1 5 0 R >> >> >>")
    out.append(("bomb-contents-200k.pdf", classic_pdf(objs)))
    # Deep nesting: arrays 100,000 deep in a page dictionary; a form XObject
    # that draws itself.
    objs = one_page(stream(TEXT))
    objs[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> /Deep " + b"[" * 100_000
               + b"]" * 100_000 + b" >>")
    out.append(("bomb-deep-arrays.pdf", classic_pdf(objs)))
    objs = one_page(stream(b"/X1 Do " + TEXT),
                    b"<< /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>")
    objs.append(stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                       b"/Resources << /XObject << /X1 6 0 R >> >> "))
    out.append(("bomb-form-recursion.pdf", classic_pdf(objs)))
    # A page tree whose kid is its own parent.
    objs = one_page(stream(TEXT))
    objs[1] = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>"
    out.append(("bomb-tree-loop.pdf", classic_pdf(objs)))
    # Three pages, the second one's object lost (its xref entry points nowhere).
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R 7 0 R] /Count 3 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(TEXT),
        FONT,
        b"null",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
    ]
    out.append(("bomb-lost-page.pdf", classic_pdf(objs)))
    return out


def xref_stream_pdf(decode_parms, huge_w):
    """One page, its objects listed by an xref stream."""
    objs = one_page(stream(TEXT))
    pdf = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objs):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref_at = len(pdf)
    rows = b"".join(struct.pack(">BIB", 1, off, 0) for off in offsets)
    rows = struct.pack(">BIB", 0, 0, 255) + rows
    w = b"[1 99999999 1]" if huge_w else b"[1 4 1]"
    data = zlib.compress(rows)
    n = len(objs) + 1
    pdf += b"%d 0 obj\n" % n + stream(
        data, b"/Type /XRef /Size %d /W %s /Root 1 0 R /Filter /FlateDecode %s" % (
            n + 1, w, decode_parms)) + b"\nendobj\n"
    pdf += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(pdf)


def sample_files(ext):
    names = sorted(n for n in os.listdir(SAMPLES) if n.endswith(ext))
    return [(n, open(os.path.join(SAMPLES, n), "rb").read()) for n in names]


def damaged(ext, flips_per_file, seed):
    out = []
    rng = random.Random(seed)
    for name, data in sample_files(ext):
        stem = name[: -len(ext)]
        for frac in (0.1, 0.3, 0.5, 0.7, 0.9):
            out.append(("trunc-%s-%02d%s" % (stem, int(frac * 100), ext), data[: int(len(data) * frac)]))
        out.append(("trunc-%s-tail%s" % (stem, ext), data[:-100]))
        for k in range(flips_per_file):
            b = bytearray(data)
            for _ in range(8):
                b[rng.randrange(len(b))] = rng.randrange(256)
            out.append(("flip-%s-%d%s" % (stem, k, ext), bytes(b)))
    return out


CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
      b'</Types>')
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def entry(name):
    """A zip entry with a fixed date, so that the bytes do not depend on the clock."""
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def docx(document_xml):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(entry("[Content_Types].xml"), CT)
        z.writestr(entry("word/document.xml"), document_xml)
    return buf.getvalue()


def docx_streamed(chunks):
    """A docx whose document.xml is written in pieces (large parts)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(entry("[Content_Types].xml"), CT)
        with z.open(entry("word/document.xml"), "w", force_zip64=True) as f:
            for c in chunks:
                f.write(c)
    return buf.getvalue()


def word_crafted(small):
    out = []
    head = b'<?xml version="1.0"?><w:document ' + W + b"><w:body>"
    tail = b"</w:body></w:document>"
    # 600 MiB of text in one run (the reader's cap is 128 MiB).
    def bomb_chunks(n):
        yield head + b"<w:p><w:r><w:t>"
        chunk = b"a" * MIB
        for _ in range(n):
            yield chunk
        yield b"</w:t></w:r></w:p>" + tail
    out.append(("docx-bomb-600mib.docx", docx_streamed(bomb_chunks(600))))
    # Tables nested 200 deep.
    xml = head + b"<w:tbl><w:tr><w:tc>" * 200 + b"<w:p/>" + b"</w:tc></w:tr></w:tbl>" * 200 + tail
    out.append(("docx-nested-tables.docx", docx(xml)))
    # Elements nested 100,000 deep.
    xml = head + b"<w:p>" + b"<w:r>" * 100_000 + b"</w:r>" * 100_000 + b"</w:p>" + tail
    out.append(("docx-deep-elements.docx", docx(xml)))
    # A span of 2^31 columns.
    xml = (head + b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2147483647"/></w:tcPr><w:p/>'
           b"</w:tc></w:tr></w:tbl>" + tail)
    out.append(("docx-huge-span.docx", docx(xml)))
    if not small:
        # 100,000 rows of text without figures (header detection's worst case).
        def rows():
            yield head + b"<w:tbl>"
            for i in range(100_000):
                yield (b"<w:tr><w:tc><w:p><w:r><w:t>\xe9\xa1\xb9\xe7\x9b\xae%d</w:t></w:r></w:p></w:tc>"
                       b"<w:tc><w:p><w:r><w:t>\xe8\xaf\xb4\xe6\x98\x8e</w:t></w:r></w:p></w:tc></w:tr>" % i)
            yield b"</w:tbl>" + tail
        out.append(("docx-table-100k-rows.docx", docx_streamed(rows())))
    return out


def junk():
    rng = random.Random(16)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(entry("xl/workbook.xml"), b"<workbook/>")
    return [
        ("junk-page.pdf", b"<!DOCTYPE html><html><head><title>404</title></head></html>\n"),
        ("junk-book.pdf", buf.getvalue()),
        ("junk-empty.pdf", b""),
        ("junk-random.pdf", bytes(rng.randrange(256) for _ in range(4096))),
        ("junk-header-only.pdf", b"%PDF-1.7\n"),
    ]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    small = "--small" in sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    files = crafted() + damaged(".pdf", 6, 1601) + damaged(".docx", 3, 1602) + word_crafted(small) + junk()
    names = set()
    for name, data in files:
        assert name not in names, name
        names.add(name)
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
    print("%d files in %s" % (len(files), out_dir))


if __name__ == "__main__":
    main()
