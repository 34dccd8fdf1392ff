"""Symbolic links inside an ingested folder that lead out of it are skipped and listed."""

from __future__ import annotations

from archive.ingest import ingest


def test_links_out_of_the_folder_are_skipped_and_listed(tmp_path, store):
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "passwd.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (secret / "more.txt").write_text("Title: Elsewhere\n\nNot part of the donation.\n", encoding="utf-8")
    donated = tmp_path / "donated"
    (donated / "sub").mkdir(parents=True)
    (donated / "vera.txt").write_text("Title: Vera\n\nWe kept the piano tuned.\n", encoding="utf-8")
    (donated / "sub" / "brek.txt").write_text("Title: Brek\n\nMy father built boats.\n", encoding="utf-8")
    (donated / "notes.txt").symlink_to(secret / "passwd.txt")
    (donated / "elsewhere").symlink_to(secret, target_is_directory=True)
    (donated / "again.txt").symlink_to(donated / "sub" / "brek.txt")  # stays inside: allowed

    report = ingest(store, [donated], workers=1)
    assert report.failures == []
    assert sorted(report.links_skipped) == [str(donated / "elsewhere"), str(donated / "notes.txt")]
    assert report.to_dict()["links_skipped"] == report.links_skipped
    ids = {d.id for d in store.documents()}
    assert "notes" not in ids and "more" not in ids and "passwd" not in ids
    assert {"vera", "brek"} <= ids
    texts = " ".join(store.get(i).text for i in ids)
    assert "root:x:0" not in texts and "Not part of the donation" not in texts
