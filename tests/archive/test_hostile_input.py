"""Hostile files: zip bombs, XML entity tricks, very large files, markup and path tricks.

Each is answered by a clear ``ReaderError`` naming the file, or ingested safely, and the rest of a
batch is never lost. Memory is measured in a child process (its peak RSS) so that one test's
allocations do not hide another's. ``ORAL_ARCHIVE_BIG_MB`` sets the size of the large-file test
(default 4 MB in ``make test``; the issue's 100 MB+ with ``ORAL_ARCHIVE_BIG_MB=105``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from archive import readers
from archive.errors import NotFound, ReaderError
from archive.ingest import ingest

BIG_MB = int(os.environ.get("ORAL_ARCHIVE_BIG_MB", "4"))
CHUNK = b"\0" * (8 << 20)
BOMB_MB = 256  # inflated size; about 250 KB packed


def _child(code: str, timeout: float = 300) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line; peak RSS (MB) is added."""
    wrapper = textwrap.dedent("""
        import json, resource, sys
        def peak_mb():
            # VmHWM belongs to this process image alone; ru_maxrss can carry over the peak of
            # the (large) pytest process that spawned us, across exec.
            try:
                with open("/proc/self/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            return int(line.split()[1]) / 1024
            except OSError:
                pass
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out = {}
        exec(sys.stdin.read(), {"out": out})
        out["peak_mb"] = peak_mb()
        print(json.dumps(out))
    """)
    proc = subprocess.run([sys.executable, "-c", wrapper], input=textwrap.dedent(code), capture_output=True,
                          text=True, timeout=timeout, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _read_in_child(path: Path) -> dict:
    return _child(f"""
        from pathlib import Path
        from archive import readers
        from archive.errors import ReaderError
        try:
            docs = readers.read(Path({str(path)!r}))
            out["documents"] = len(docs)
        except ReaderError as exc:
            out["error"] = str(exc)
    """)


def _minimal_docx(z: zipfile.ZipFile, rels: str = "") -> None:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
               'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
               'package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Default Extension="png" ContentType="image/png"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels",
               '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
               '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr("word/_rels/document.xml.rels",
               '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               f'relationships">{rels}</Relationships>')


def _bomb_member(z: zipfile.ZipFile, name: str, megabytes: int, head: bytes = b"") -> None:
    with z.open(name, "w", force_zip64=True) as f:
        f.write(head)
        for _ in range(megabytes // 8):
            f.write(CHUNK)


@pytest.mark.parametrize("member", ["word/document.xml", "word/media/image1.png"])
def test_docx_zip_bomb_is_refused_with_a_clear_error(tmp_path, member):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        image_rel = ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/image" Target="media/image1.png"/>')
        _minimal_docx(z, rels=image_rel if member.endswith(".png") else "")
        if member.endswith(".png"):
            z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                       'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello</w:t>'
                       '</w:r></w:p></w:body></w:document>')
            _bomb_member(z, member, BOMB_MB)
        else:
            _bomb_member(z, member, BOMB_MB, head=b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>')
    assert path.stat().st_size < 5_000_000
    result = _read_in_child(path)
    assert "error" in result, f"a {BOMB_MB} MB zip bomb was read: {result}"
    assert "bomb.docx" in result["error"]
    assert result["peak_mb"] < 250, f"refusing the bomb took {result['peak_mb']:.0f} MB"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ROOT><record><title>&lol9;</title><transcript>Q: hi</transcript></record></ROOT>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<ROOT><record><title>&xxe;</title><transcript>Q: &xxe;</transcript></record></ROOT>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">
<ROOT><record><title>t</title><transcript>Q: hi</transcript></record></ROOT>
"""


@pytest.mark.parametrize("name,xml", [("laughs.xml", BILLION_LAUGHS), ("xxe.xml", EXTERNAL_ENTITY),
                                      ("dtd.xml", EXTERNAL_DTD)])
def test_ohms_entity_tricks_are_refused(tmp_path, name, xml):
    path = tmp_path / name
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(ReaderError) as info:
        readers.read(path)
    message = str(info.value)
    assert name in message and ("DTD" in message or "entit" in message)
    assert "root:" not in message


def test_ohms_reader_uses_defusedxml():
    source = (Path(readers.__file__).parent / "ohms.py").read_text(encoding="utf-8")
    assert "defusedxml" in source


def test_docx_with_entities_inside_is_refused(tmp_path):
    path = tmp_path / "entities.docx"
    with zipfile.ZipFile(path, "w") as z:
        _minimal_docx(z)
        z.writestr("word/document.xml", EXTERNAL_ENTITY)
    with pytest.raises(ReaderError, match="entities.docx"):
        readers.read(path)


def test_large_text_file_ingests_in_bounded_memory(tmp_path):
    """A BIG_MB transcript is ingested whole (or refused clearly), with peak memory a small multiple."""
    path = tmp_path / "huge.txt"
    line = (b"Q: Where did the river go that spring, and who kept the mill running?\n\n"
            b"A: We kept the piano tuned through the winter and sold the cart in spring; nobody in the "
            b"village believed the river would rise so fast that year.\n\n")
    with path.open("wb") as f:
        for _ in range(BIG_MB * 1_000_000 // len(line) + 1):
            f.write(line)
    size_mb = path.stat().st_size / 1e6
    result = _child(f"""
        import time
        from archive.ingest import ingest
        from archive.store import Store
        store = Store({str(tmp_path / 'archive')!r})
        t = time.perf_counter()
        report = ingest(store, [{str(path)!r}], workers=1)
        out["seconds"] = time.perf_counter() - t
        out["failures"] = [f.message for f in report.failures]
        out["passages"] = report.passages
        out["integrity"] = store.integrity_ok()
    """, timeout=600)
    print(f"\n{size_mb:.0f} MB text: {result['seconds']:.1f} s, peak RSS {result['peak_mb']:.0f} MB, "
          f"{result['passages']} passages")
    if result["failures"]:
        assert "huge.txt" in result["failures"][0] and "MB" in result["failures"][0]
    else:
        assert result["passages"] >= BIG_MB * 1_000_000 // len(line) * 2
    assert result["integrity"]
    # Measured: 105 MB of short Q/A turns (963k passages) peaked at 1.2 GB, about 11.7x the file;
    # the bound catches anything worse than linear, not a few percent.
    assert result["peak_mb"] < 150 + 12 * size_mb, f"{result['peak_mb']:.0f} MB for a {size_mb:.0f} MB file"


def test_markup_and_script_in_transcripts_are_kept_verbatim_as_text(tmp_path):
    """The archive keeps what was said, angle brackets and all; escaping is the pages' job."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "xss.txt").write_text(
        "Title: <script>alert('title')</script>\n\n"
        "Q: What did the sign say?\n\nA: It said <b>STOP</b> and <img src=x onerror=alert(1)>.\n",
        encoding="utf-8")
    (src / "xss.meta.json").write_text(json.dumps({"place": "<script>alert('place')</script>"}))
    from archive.store import Store

    store = Store(tmp_path / "archive")
    report = ingest(store, [src], workers=1)
    assert not report.failures
    doc = store.get(store.documents()[0].id)
    assert "<img src=x onerror=alert(1)>" in doc.text
    assert doc.metadata.place == "<script>alert('place')</script>"
    store.close()


def test_bad_files_do_not_cost_the_rest_of_the_batch(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-good.txt").write_text("Q: One?\n\nA: Two.\n", encoding="utf-8")
    (src / "b-laughs.xml").write_text(BILLION_LAUGHS, encoding="utf-8")
    (src / "c-binary.txt").write_bytes(os.urandom(4096))
    (src / "d-good.txt").write_text("Q: Three?\n\nA: Four.\n", encoding="utf-8")
    from archive.store import Store

    store = Store(tmp_path / "archive")
    report = ingest(store, [src], workers=1)
    assert {Path(f.path).name for f in report.failures} == {"b-laughs.xml", "c-binary.txt"}
    assert sorted(d.id for d in store.documents()) == ["a-good", "d-good"]
    store.close()


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "..", "/etc/passwd", "a/../../b", "%2e%2e%2f",
                                    "x\x00y", "a'; DROP TABLE documents; --"])
def test_path_traversal_ids_are_not_found(tmp_path, doc_id):
    from click.testing import CliRunner

    from webapp.cli import main

    result = CliRunner().invoke(main, ["--archive", str(tmp_path / "a"), "show", doc_id])
    assert result.exit_code == 2 and "not found" in result.output
    from archive.store import Store

    with Store(tmp_path / "a") as store:
        assert store.get(doc_id) is None and store.integrity_ok()
        assert store.count() == (0, 0)
    with pytest.raises(NotFound):
        raise NotFound(f"document {doc_id!r}")


def test_file_names_cannot_make_ids_that_escape(tmp_path):
    src = tmp_path / "src"
    (src / "..x").mkdir(parents=True)
    weird = src / "..x" / "x..%2f..%2fetc%2fpasswd ..txt"
    weird.write_text("Q: hi?\n\nA: hello.\n", encoding="utf-8")
    from archive.store import Store

    store = Store(tmp_path / "archive")
    ingest(store, [weird], workers=1)
    [doc] = store.documents()
    assert "/" not in doc.id and ".." not in doc.id and "%" not in doc.id
    store.close()


def test_an_access_line_closes_the_document_even_in_an_odd_header(tmp_path):
    path = tmp_path / "odd-header.txt"
    path.write_text("Title: Talk 9\nInterviewee: Person 9\nAccess: restricted\n\n"
                    "Q: Hello?\n\nA: Hi.\n\nQ: More?\n\nA: No.\n", encoding="utf-8")
    from archive.store import Store

    store = Store(tmp_path / "archive")
    ingest(store, [path], workers=1)
    assert [d.access for d in store.documents()] == ["restricted"]
    store.close()
