"""Text files decode whatever encoding they were saved in, and non-text is refused by name."""

from __future__ import annotations

import codecs
import os

import pytest

from archive.errors import ReaderError
from archive.readers.encoding import decode, read_text

RUSSIAN = ("Вера Ломова родилась в Ленинграде в 1923 году. Её отец работал на Кировском заводе, "
           "а мать преподавала музыку в школе на Васильевском острове.\n")
FRENCH = ("Élise Durand est née à Besançon en 1931. « Ma mère était couturière », dit-elle ; "
          "elle se souvient de l'été où son père revint du front, fatigué mais déterminé.\n")
GERMAN = ("Jürgen Müller erzählt von der Straße, in der er aufwuchs: „Wir spielten jeden Tag "
          "draußen, bis es dunkel wurde.“ Später zog die Familie nach Köln.\n")


@pytest.mark.parametrize("data", [
    RUSSIAN.encode("utf-8"),
    codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"),
    RUSSIAN.encode("utf-16"),  # with BOM, native order
    codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be"),
    (RUSSIAN * 5).encode("cp1251"),
    RUSSIAN.encode("utf-16-le"),  # no BOM
    ("Vera Lomova: " + RUSSIAN).encode("utf-16-be"),
])
def test_russian_in_every_encoding(data):
    assert decode(data).rstrip("\n").endswith(RUSSIAN.strip().rsplit(" ", 1)[1])
    assert "Ленинграде" in decode(data)


@pytest.mark.parametrize("text", [FRENCH, GERMAN, FRENCH + GERMAN])
def test_windows_1252(text):
    assert decode((text * 3).encode("cp1252")) == text * 3


def test_central_european_text_keeps_windows_1250():
    czech = "Příliš žluťoučký kůň úpěl ďábelské ódy. Řekl, že se vrátí zítra ráno do Brna.\n" * 3
    assert decode(czech.encode("cp1250")) == czech


def test_utf16_latin_text_without_bom():
    text = "HART: Where were you born?\nLOMOVA: In Leningrad.\n"
    assert decode(text.encode("utf-16-le")) == text


def test_line_endings_become_newlines():
    assert decode(b"one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_empty_file_names_the_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    with pytest.raises(ReaderError, match="empty.txt.*empty"):
        read_text(path)


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 40,
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    os.urandom(4096),
])
def test_binary_data_is_refused(tmp_path, data):
    path = tmp_path / "photo.txt"
    path.write_bytes(data)
    with pytest.raises(ReaderError, match="photo.txt"):
        read_text(path)


def test_short_windows_1251_file_reads_as_cyrillic(fixtures):
    from archive.ingest import read_file

    [doc] = read_file(fixtures / "encoding" / "lomova-cp1251.txt")[0]
    assert doc.metadata.interviewee == ["Вера Ломова"] and doc.kind == "transcript"
    assert [p.speaker for p in doc.passages if p.kind == "turn"] == ["Даниил Харт", "Вера Ломова"]


def test_utf8_with_a_bad_byte_stays_utf8_and_says_so(fixtures, store):
    from archive.ingest import ingest

    report = ingest(store, [fixtures / "encoding" / "damaged-utf8.txt"], workers=1)
    [doc] = store.documents()
    text = store.get(doc.id).text
    assert "Bechstein — the “good” one?" in text and "café" in text and "Markovi\ufffd" in text
    assert [w.message for w in report.warnings] == [
        f"{doc.id}: 1 byte(s) that are not UTF-8 replaced by U+FFFD; the rest read as UTF-8"]
