"""WebVTT and SRT: cue times, voices and ``NAME:`` prefixes, a turn per run of a speaker, markup stripped."""

from __future__ import annotations

import pytest

from archive.errors import ReaderError
from archive.readers import captions
from tests.archive.readers.test_text import check_offsets


def turns(doc):
    check_offsets(doc)
    return [(p.label, p.time, doc.text[p.start:p.end]) for p in doc.passages]


def test_vtt_voices_markup_and_merged_cues(fixtures):
    [doc] = captions.read(fixtures / "captions" / "voices.vtt")
    assert doc.source.format == "webvtt" and doc.kind == "transcript"
    assert doc.title == "Ada Ross talks to Tomas Brek"
    assert doc.metadata.interviewee == ["Tomas Brek"] and doc.metadata.interviewer == ["Ada Ross"]
    assert doc.metadata.date == "2001-05-04" and doc.metadata.language == "en"
    assert turns(doc) == [
        ("Ada Ross", 1.0, "Tell me about the yard."),
        # two cues of one voice, one turn, the first cue's time; <i>, <c.place> and &amp; resolved
        ("Tomas Brek", 4.5, "My father built boats here, oak boats, before the war. "
                            "He used copper nails & tar from Sweden."),
        ("Ada Ross", 12.5, "Did you help?"),
        # a second voice inside one cue, then a cue without a voice: the same speaker goes on
        ("Tomas Brek", 12.5, "Only in summers. I swept the shavings."),
    ]
    assert all(p.kind == "turn" for p in doc.passages)


def test_srt_prefixes_and_roles(fixtures):
    [doc] = captions.read(fixtures / "captions" / "prefixes.srt")
    assert doc.source.format == "srt"
    assert turns(doc) == [
        ("Q", 1.0, "Where were you born?"),
        ("A", 4.0, "In Gdynia, in 1931, near the harbour. The cranes were the first thing I saw."),
        ("ROSS", 62.25, "And your mother?"),
        ("BREK", 65.5, "She mended nets."),
    ]
    assert [p.role for p in doc.passages[:2]] == ["interviewer", "interviewee"]


def test_unlabelled_cues_keep_each_cue_and_its_time(tmp_path):
    path = tmp_path / "lecture.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThe harbour was quiet.\n\n"
                    "00:00:02.100 --> 00:00:03.000\nThen the cranes came.\n\n"
                    "00:00:09.000 --> 00:00:10.000\nLater, the flood.\n", encoding="utf-8")
    [doc] = captions.read(path)
    assert turns(doc) == [(None, 1.0, "The harbour was quiet."), (None, 2.1, "Then the cranes came."),
                          (None, 9.0, "Later, the flood.")]
    assert [p.kind for p in doc.passages] == ["narration", "narration", "narration"]


def test_vtt_with_byte_order_mark_and_crlf(tmp_path):
    path = tmp_path / "bom.vtt"
    path.write_bytes("\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\n<v Ana>Olá, Gdynia\r\n".encode())
    [doc] = captions.read(path)
    assert turns(doc) == [("Ana", 1.0, "Olá, Gdynia")]


@pytest.mark.parametrize("name, content, problem", [
    ("nohead.vtt", "00:00:01.000 --> 00:00:02.000\nhello\n", "not valid WebVTT"),
    ("prose.srt", "Just some prose\nthat is not subtitles\nat all\n", "not valid SubRip"),
    ("badtime.srt", "1\n00:00:xx,000 --> 00:00:02,000\nhello\n", "no caption cues found"),
    ("nocues.vtt", "WEBVTT\n\nNOTE nothing here\n", "no caption cues found"),
    ("blank.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<i> </i>\n", "no caption text found"),
    ("empty.srt", "", "empty"),
])
def test_bad_captions_name_the_file(tmp_path, name, content, problem):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReaderError, match=f"{name}.*{problem}"):
        list(captions.read(path))


def test_real_captions_without_voices_keep_each_cues_time(fixtures):
    [doc] = captions.read(fixtures / "captions" / "simple.vtt")
    got = [(p.time, doc.text[p.start:p.end]) for p in doc.passages]
    assert got[:3] == [(0.0, "Hildy!"), (1.0, "How are you?"),
                       (1.5, "Tell me, is the lord of the universe in?")]
    assert all(p.kind == "narration" for p in doc.passages)
