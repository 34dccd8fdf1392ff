

def test_pieces_of_a_long_turn_take_the_time_of_their_own_cue():
    from archive.model import Document, Passage, Source
    from archive.tagging.passages import split_long

    sentences = [f"Sentence number {n} has exactly seven words." for n in range(40)]
    text = " ".join(sentences)
    doc = Document(id="d", title="t", text=text, source=Source("d.vtt", "vtt"),
                   passages=[Passage(0, len(text), "turn", "A", time=10.0)])
    # a cue starts at sentence 20, another inside sentence 30
    doc.timeline = [(0, 10.0), (text.index("Sentence number 20"), 50.0),
                    (text.index("number 30"), 70.0)]
    split_long(doc, max_words=70)
    got = [(doc.text[p.start:p.end].split()[2], p.time) for p in doc.passages]
    assert got == [("0", 10.0), ("10", 10.0), ("20", 50.0), ("30", 50.0)]
