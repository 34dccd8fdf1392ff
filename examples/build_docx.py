"""Write ``lomova-1994-session2.docx``, the Word example, from the text below.

Run ``.venv/bin/python examples/build_docx.py`` after editing; the .docx is committed so
that ``make run`` needs nothing but the reader. Everything here is invented.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx

OUT = Path(__file__).with_name("lomova-1994-session2.docx")
TITLE = "Interview with Vera Lomova, session 2: Karaganda"
METADATA = [
    ("Interviewee", "Vera Lomova"),
    ("Interviewer", "Daniel Hart"),
    ("Date", "14 March 1994"),
    ("Place", "Leeds, England"),
    ("Collection", "Exile and Return: Soviet Émigré Oral Histories"),
    ("Repository", "Northfield Oral History Centre"),
]
# (heading) or (timecode, speaker label, words)
BODY: list[tuple[str, ...]] = [
    ("Tape 2, side A",),
    ("00:00:03", "HART", "This is the second tape with Vera Lomova, the same day. You were telling me "
     "about the spring after your father's arrest."),
    ("00:00:12", "LOMOVA", "In March 1938 they came for my mother and me. Wives of traitors to the "
     "motherland were sent away, and children with them. We had one day. My mother spent the whole "
     "day on the piano."),
    ("00:00:31", "HART", "On the piano?"),
    ("00:00:33", "LOMOVA", "On saving it. She could not take it, of course. Our neighbour, Klavdia "
     "Zhukova, who had the room across the corridor, said she would keep it as her own. My mother "
     "gave her the key to the lid and a letter saying it was a gift, so no one could take it from her."),
    ("00:01:10", "LOMOVA", "I still have a copy of that letter. Zhukova kept the piano for eighteen "
     "years, through the blockade. She burned her furniture to keep warm, her books, even her doors, "
     "but not the Becker."),
    ("Tape 2, side B",),
    ("00:15:02", "HART", "Where were you sent?"),
    ("00:15:06", "LOMOVA", "To Kazakhstan, to a settlement outside Karaganda. Qaraghandy, they write "
     "it now. We lived in a dugout the first winter. My mother worked in the brick works and I went "
     "to school in a barrack where the teacher was also an exile, a historian from Kyiv."),
    ("00:16:20", "HART", "Did you know your father was close by?"),
    ("00:16:24", "LOMOVA", "Not for a long time. He was in the camp, in Karlag, perhaps forty "
     "kilometres from us. In 1946 a woman who had been released came to our door with a message from "
     "him, and a paper keyboard he had drawn, so that he could practise with his fingers on a table."),
]


def build(out: Path = OUT) -> Path:
    document = docx.Document()
    core = document.core_properties
    core.title = TITLE
    core.author = ""  # not the tool's default "python-docx"
    core.created = core.modified = datetime(1994, 3, 14, 12, 0, tzinfo=UTC)
    table = document.add_table(rows=0, cols=2)
    for key, value in METADATA:
        row = table.add_row().cells
        row[0].text, row[1].text = key, value
    document.add_heading(TITLE, level=1)
    for item in BODY:
        if len(item) == 1:
            document.add_heading(item[0], level=2)
            continue
        clock, label, words = item
        paragraph = document.add_paragraph(f"[{clock}] ")
        paragraph.add_run(f"{label}:").bold = True
        paragraph.add_run(f" {words}")
    document.save(str(out))
    return out


if __name__ == "__main__":
    print(build())
