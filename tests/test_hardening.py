"""Failures a script can read: bounded inputs, exit 2 with one line, 130 on Ctrl-C, atomic outputs."""

from __future__ import annotations

import io
import json
import os
import random
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lineage import Document, InputError, compare
from lineage.cli import main
from lineage.errors import OutputError
from lineage.files import read_bounded, write_atomic
from lineage.render.text import compare_report

REPO = Path(__file__).resolve().parents[1]


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def _run(args: list[str], memory: int | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "lineage.cli", *args], cwd=REPO, capture_output=True, text=True,
        timeout=timeout, preexec_fn=limit,
    )


# Inputs are read with a bound, whatever they are.

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_within_a_memory_limit(samples: dict[str, Path]) -> None:
    res = _run(["compare", "/dev/zero", str(samples["002"])], memory=768 * 2**20, timeout=60)
    assert res.returncode == 2, res.stderr
    assert _lines(res.stderr) == ["lineage: error: /dev/zero: input is too large (the limit is 50,000,000 bytes)"]


def test_devices_fifos_proc_files_and_stdin_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="too large"):
        Document.from_path("/dev/zero", max_bytes=1000)
    status = Path("/proc/self/status")
    if status.exists():  # reports size 0, holds text
        assert "Pid" in Document.from_path(status).text
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with open(fifo, "wb") as fh:
                for _ in range(100):
                    fh.write(b"word " * 200)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    with pytest.raises(InputError, match="pipe.txt: input is too large"):
        Document.from_path(fifo, max_bytes=10_000)
    writer.join(timeout=10)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"some words " * 1000)))
    with pytest.raises(InputError, match="<stdin>: input is too large"):
        read_bounded("-", 100)


# Exit status 2 and one line for every failure.

def test_unexpected_exception_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, samples: dict[str, Path]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr("lineage.comparison.compare", broken)
    args = ["compare", str(samples["001"]), str(samples["002"])]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2
    assert _lines(res.stderr) == ["lineage: internal error: RuntimeError: something broke"]
    res = CliRunner().invoke(main, ["--debug", *args])
    assert res.exit_code == 2
    assert "Traceback" in res.stderr and res.stderr.rstrip().endswith("lineage: internal error: RuntimeError: something broke")


def test_keyboard_interrupt_is_exit_130_and_one_line(monkeypatch: pytest.MonkeyPatch, samples: dict[str, Path]) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("lineage.comparison.compare", interrupted)
    res = CliRunner().invoke(main, ["compare", str(samples["001"]), str(samples["002"])])
    assert res.exit_code == 130
    assert _lines(res.stderr) == ["lineage: interrupted"]


def _corpus(tmp_path: Path, n: int = 300) -> Path:
    """``n`` documents made from the samples with a tenth of their words substituted."""
    rng = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "samples").glob("0*.txt"))]
    subs = "global network policy people growth market leaders digital forum world".split()
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(n):
        words = texts[i % len(texts)].split(" ")
        for _ in range(len(words) // 10):
            words[rng.randrange(len(words))] = rng.choice(subs)
        (folder / f"doc{i:03d}.txt").write_text(" ".join(words), encoding="utf-8")
    return folder


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to see the worker processes")
def test_ctrl_c_during_graph_exits_130_without_worker_output(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "lineage.cli", "graph", "-j", "2", "-o", str(tmp_path / "g.json"), str(corpus)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # A shell's background job (as CI may run this) ignores SIGINT, and a child would inherit that.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert len(_children(proc.pid)) >= 2, "the workers never started"
    time.sleep(1.0)  # mid-work: the workers are preparing documents or comparing pairs
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert _lines(err) == ["lineage: interrupted"], err
    assert not (tmp_path / "g.json").exists()
    assert not list(tmp_path.glob(".g.json.*"))


def test_interrupt_raised_inside_exec_code_still_exits_130(tmp_path: Path, samples: dict[str, Path]) -> None:
    # Imports that run exec'd code (scipy's, under datasketch's LSH) can take a Ctrl-C; CPython then
    # marks it unhandled, and `python -m` would end by the signal instead of the status the CLI chose.
    (tmp_path / "interrupted.py").write_text(
        "import lineage.graph\n"
        "def build_graph(*args, **kwargs):\n"
        "    exec('raise KeyboardInterrupt')\n"
        "lineage.graph.build_graph = build_graph\n"
        "from lineage.cli import main\n"
        "main(prog_name='lineage')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "interrupted", "graph", str(samples["001"]), str(samples["002"])],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))},
    )
    assert proc.returncode == 130, proc.stderr
    assert _lines(proc.stderr) == ["lineage: interrupted"]


# Outputs are written whole or not at all.

def test_output_under_a_file_is_exit_2_before_the_work(tmp_path: Path, samples: dict[str, Path]) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a directory")
    res = CliRunner().invoke(main, ["graph", "-o", str(afile / "out.json"), str(samples["001"]), str(samples["002"])])
    assert res.exit_code == 2
    assert _lines(res.stderr) == [f"lineage: error: {afile / 'out.json'}: directory {afile} is not a directory"]


def test_unwritable_output_directory_is_exit_2(tmp_path: Path, samples: dict[str, Path]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: permissions do not stop writes (the file-under-file test covers it)")
        res = CliRunner().invoke(main, ["graph", "-o", str(locked / "g.json"), str(samples["001"]), str(samples["002"])])
        assert res.exit_code == 2
        assert _lines(res.stderr) == [f"lineage: error: {locked / 'g.json'}: cannot write (permission denied on {locked})"]
    finally:
        locked.chmod(0o700)


def test_a_failed_write_leaves_the_earlier_file_and_no_temporary(tmp_path: Path) -> None:
    dest = tmp_path / "g.json"
    dest.write_text("earlier")

    def half(path: Path) -> None:
        path.write_text("half of it")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="g.json: cannot write \\(No space left on device\\)"):
        write_atomic(dest, half)
    assert dest.read_text() == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]
    write_atomic(dest, lambda p: p.write_text("new"))
    assert dest.read_text() == "new" and [p.name for p in tmp_path.iterdir()] == ["g.json"]


# Text: invalid bytes, lone surrogates, dates.

def test_a_stray_byte_keeps_utf8_and_warns(tmp_path: Path, samples: dict[str, Path]) -> None:
    text = samples["002"].read_text(encoding="utf-8").replace("'", "\u2019")
    data = text.encode("utf-8").replace(b"Internet", b"Intern\xffet", 1)
    f = tmp_path / "stray.txt"
    f.write_bytes(data)
    doc = Document.from_path(f)
    assert doc.encoding == "utf-8" and "\u2019" in doc.text and "\u00e2\u20ac" not in doc.text
    assert doc.text.count("\ufffd") == 1 and "Intern\ufffdet" in doc.text
    assert doc.extra["decode_warning"] == "1 invalid UTF-8 byte(s) replaced"
    res = CliRunner().invoke(main, ["compare", str(samples["001"]), str(f)])
    assert res.exit_code == 0
    assert _lines(res.stderr) == [f"lineage: warning: {f}: 1 invalid UTF-8 byte(s) replaced"]


def test_legacy_files_are_still_cp1252(tmp_path: Path) -> None:
    one = tmp_path / "pound.txt"
    one.write_bytes(b"Chelsea paid a transfer fee of \xa315.8m for the striker last summer, the club said.")
    many = tmp_path / "quotes.txt"
    many.write_bytes("\u201cIt didn\u2019t work\u201d, he said \u2013 again. ".encode("cp1252") * 50)
    assert Document.from_path(one).text.startswith("Chelsea") and "\u00a315.8m" in Document.from_path(one).text
    assert Document.from_path(one).encoding == "cp1252" and not Document.from_path(one).extra
    assert Document.from_path(many).encoding == "cp1252" and "didn\u2019t" in Document.from_path(many).text


def test_lone_surrogates_give_encodable_report_and_json() -> None:
    base = ("The minister said on Monday that the new policy would cut emissions by a third. "
            "Critics said the plan was too slow and too expensive for households. ")
    r = compare("abc \ud800 def " + base * 3, base * 3 + " \udfff")
    compare_report(r).encode("utf-8")
    json.dumps(r.to_dict(), ensure_ascii=False).encode("utf-8")
    assert "\ufffd" in r.a.document.text
    assert Document(id="x\udc80", text="t").id == "x\ufffd"


def test_document_date_types() -> None:
    import datetime

    assert Document(id="x", text="t", date="2015-12-19").date == "2015-12-19"
    assert Document(id="x", text="t", date=datetime.date(2015, 12, 19)).date == "2015-12-19"  # type: ignore[arg-type]
    stamp = datetime.datetime(2015, 12, 19, 9, 13)
    assert Document(id="x", text="t", date=stamp).date == "2015-12-19T09:13"  # type: ignore[arg-type]
    with pytest.raises(InputError, match="date must be a date string"):
        Document(id="x", text="t", date=20151219)  # type: ignore[arg-type]
