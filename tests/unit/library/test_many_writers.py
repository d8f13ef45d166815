"""Many writers, no lost write: four processes write to one library at once for about
`SECONDS` seconds (two imports of a few hundred files each, one writing highlights and notes
as the window does, one marking articles read and bookmarked), then every write that
returned is looked for. Each worker counts what it attempted, what returned, and every
`LibraryBusy` (the only error allowed: ideally none); anything else, or a traceback, fails.
The figures are printed (run with `-s` to see them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from reader.library import Library

REPO = Path(__file__).resolve().parents[3]
SECONDS = float(os.environ.get("READER_STRESS_SECONDS", "20"))
FILES_PER_IMPORT = 250

WORKER = textwrap.dedent(
    """
    import json, random, sys, time
    from pathlib import Path
    from reader.library import Library, LibraryBusy

    role, path, until = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    out = {"role": role, "attempted": 0, "returned": 0, "busy": 0}
    rng = random.Random(role)
    with Library.open(path, backups=False) as lib:
        if role.startswith("import"):
            out["attempted"] = 1
            try:
                report = lib.import_paths([Path(sys.argv[4])])
                out["returned"] = 1
                out["added"] = report.added_ids
                out["failed"] = [[f.path, f.reason] for f in report.failed]
            except LibraryBusy as exc:
                out["busy"] += 1
                out["busy_message"] = str(exc)
        elif role == "annotate":
            out["saved"] = []
            while time.time() < until:
                article = rng.randint(1, 4)
                text = f"note {out['attempted']} by {role}"
                out["attempted"] += 1
                try:
                    if out["attempted"] % 2:
                        info = lib.add_highlight(article, 0, 12, "yellow", text)
                    else:
                        info = lib.add_article_note(article, text)
                    out["saved"].append([info.id, text])
                    out["returned"] += 1
                except LibraryBusy as exc:
                    out["busy"] += 1
                    out["busy_message"] = str(exc)
        elif role == "mark":
            out["final"] = {}
            while time.time() < until:
                article = rng.randint(1, 4)
                read, starred = rng.random() < 0.5, rng.random() < 0.5
                out["attempted"] += 1
                try:
                    lib.set_read([article], read)
                    lib.set_bookmarked([article], starred)
                    out["final"][str(article)] = [read, starred]
                    out["returned"] += 1
                except LibraryBusy as exc:
                    out["busy"] += 1
                    out["busy_message"] = str(exc)
                    out["final"].pop(str(article), None)  # unknown now: not checked
    print(json.dumps(out))
    """
)


def _files(folder: Path, tag: str) -> Path:
    folder.mkdir()
    for i in range(FILES_PER_IMPORT):
        words = " ".join(f"{tag}{i}w{j}" for j in range(250))
        (folder / f"{tag}{i:03d}.txt").write_text(f"{tag.upper()} story {i}\n\n{words}.\n")
    return folder


def test_every_write_that_returned_is_there_and_none_failed_but_busy(tmp_path: Path) -> None:
    import time

    path = tmp_path / "library.db"
    Library.open(path, backups=False).close()
    script = tmp_path / "worker.py"  # a file, so the importer's worker processes can start
    script.write_text(WORKER)
    until = time.time() + SECONDS
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    jobs = {
        "import-a": [str(_files(tmp_path / "a", "alpha"))],
        "import-b": [str(_files(tmp_path / "b", "beta"))],
        "annotate": [],
        "mark": [],
    }
    procs = {
        role: subprocess.Popen(
            [sys.executable, str(script), role, str(path), str(until), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for role, extra in jobs.items()
    }
    results = {}
    for role, proc in procs.items():
        out, err = proc.communicate(timeout=SECONDS + 120)
        assert proc.returncode == 0, f"{role} failed:\n{err}"
        assert "Traceback" not in err, f"{role}:\n{err}"
        results[role] = json.loads(out.splitlines()[-1])

    with Library.open(path, backups=False) as lib:
        found = {info.id: info.note for info in lib.all_annotations()}
        saved = results["annotate"]["saved"]
        missing_notes = [i for i, text in saved if found.get(i) != text]
        imported = [i for role in ("import-a", "import-b") for i in results[role].get("added", [])]
        present = set(lib.rows(imported)) if imported else set()
        marks = {a: [lib.article(int(a)).read, lib.article(int(a)).bookmarked]
                 for a in results["mark"]["final"]}  # fmt: skip

    busy = sum(r["busy"] for r in results.values())
    attempted = sum(r["attempted"] for r in results.values())
    returned = sum(r["returned"] for r in results.values())
    print(
        f"\nmany writers for {SECONDS:g} s: {attempted} writes attempted, {returned} returned, "
        f"{len(saved)} notes and highlights saved and {len(saved) - len(missing_notes)} found, "
        f"{len(imported)} articles imported and {len(present)} found, "
        f"{results['mark']['returned']} mark pairs; LibraryBusy: {busy}"
    )
    for role in ("import-a", "import-b"):
        assert results[role].get("failed") == [], results[role]
    assert busy == 0 or all(
        "nothing of this was saved" in r.get("busy_message", "nothing of this was saved")
        for r in results.values()
    )
    assert missing_notes == []
    assert len(imported) == 2 * FILES_PER_IMPORT - sum(r["busy"] for r in (
        results["import-a"], results["import-b"])) * FILES_PER_IMPORT  # fmt: skip
    assert present == set(imported)
    assert marks == results["mark"]["final"]
    assert results["annotate"]["returned"] > 50 and results["mark"]["returned"] > 50
