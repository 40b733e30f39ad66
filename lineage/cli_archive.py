"""The archive's commands: ``lineage index add|remove|info|compact|rebuild`` and ``lineage check``.

Each parses its arguments, makes one library call (:class:`lineage.archive.Archive`)
and renders the result; errors are one line and exit status 2.
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import ExitStack
from typing import Any, Callable

import click

from .cli import (
    F,
    _emit,
    _warn_decoding,
    build_options,
    option_flags,
    scheme_options,
    spark_flags,
)
from .cli_exits import EXIT_NO_REUSE, EXIT_REUSE, _fail
from .errors import LineageError


def scheme_flags(func: F) -> F:
    """The options an archive is built with (recorded in it; it refuses others)."""
    for deco in reversed(scheme_options("Index")):
        func = deco(func)
    return func


def _add_progress(quiet: bool) -> Callable[[int], None] | None:
    """A one-line count of documents indexed, on a terminal's standard error; None when quiet or piped."""
    if quiet or not sys.stderr.isatty():
        return None
    start = time.perf_counter()

    def show(done: int) -> None:
        rate = done / max(time.perf_counter() - start, 1e-9)
        click.echo(f"\rindexed {done:,} documents ({rate:,.0f}/s)", err=True, nl=False)

    return show


def _progress_failed(exc: LineageError, quiet: bool) -> None:
    """End the progress line, if one was shown, and fail with the library's one-line message."""
    if not quiet and sys.stderr.isatty():
        click.echo("", err=True)
    _fail(str(exc))


def _progress_done(quiet: bool) -> None:
    """End the progress line, if one was shown."""
    if _add_progress(quiet):
        click.echo("", err=True)


@click.group()
def index() -> None:
    """Build and keep an archive that drafts are checked against (see 'lineage check').

    \b
    ARCHIVE is one SQLite file, created by the first 'add'.  It records the
    settings it was built with (--keep-boilerplate, --shingle-size,
    --num-perm, --seed) and refuses to be used with others, or with a
    lineage that reads documents differently: then run 'rebuild'.
    """


@index.command("add")
@click.argument("archive", metavar="ARCHIVE")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes reading documents (default: CPU count).")
@click.option("--batch-size", type=int, default=4000, show_default=True,
              help="Documents per transaction (a crash loses at most the batch being written).")
@click.option("--compact", is_flag=True,
              help="Then merge the postings into one run (after a large import: faster checks).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no summary.")
@spark_flags("spark: read the documents on Apache Spark (needs 'lineage[spark]' and Java); same archive.",
             "Spark partitions of each job's documents (with --engine spark).")
@scheme_flags
def index_add(archive: str, inputs: tuple[str, ...], jobs: int | None, batch_size: int, compact: bool,
              quiet: bool, engine: str, master: str | None, partitions: int | None, **flags: Any) -> None:
    """Add documents to ARCHIVE, or update those already there (idempotent).

    INPUT is a file, a directory (read recursively: .txt, .md, .html), a
    .jsonl or .jsonl.gz file of {"id", "text", "date"?, "title"?, "url"?,
    "source"?} records, or '-' for JSON Lines on standard input.  A document
    whose id is archived replaces it when its text differs (atomically), and
    is a no-op when it is the same.  Documents are written in batches, each
    one transaction: after a crash every committed batch is there.

    \b
    --engine spark reads the documents on Apache Spark (local mode by
    default, or the cluster --master names; --jobs is then not used) and
    makes the same archive; this machine still reads the inputs and writes.

    \b
    Exit status: 0 on success, 2 on trouble.
    """
    if engine != "spark" and (master or partitions):
        _fail("--master and --partitions need --engine spark")
    try:
        from .archive import Archive
        from .archive.inputs import iter_documents

        opts = build_options(**flags)
        with ExitStack() as stack:
            spark = None
            if engine == "spark":
                from .spark.session import running

                spark = stack.enter_context(running(master, partitions))  # first: a Spark failure leaves no file
            store = stack.enter_context(Archive(archive, opts))
            docs = iter_documents(inputs, opts.max_bytes)
            if spark is not None:
                from .spark import add_to_archive

                result = add_to_archive(store, docs, spark=spark, partitions=partitions, batch_size=batch_size,
                                        progress=_add_progress(quiet))
            else:
                result = store.add(docs, jobs=jobs or os.cpu_count() or 1, batch_size=batch_size,
                                   progress=_add_progress(quiet))
            if compact:
                store.compact()
            total = len(store)
    except LineageError as exc:
        _progress_failed(exc, quiet)
        return
    _progress_done(quiet)
    if not quiet:
        click.echo(f"{archive}: {result.added:,} added, {result.replaced:,} replaced, {result.updated:,} updated, "
                   f"{result.unchanged:,} unchanged in {result.seconds:.1f} s ({result.per_second:,.0f} documents/s); "
                   f"{total:,} documents archived")
    sys.exit(0)


@index.command("remove")
@click.argument("archive", metavar="ARCHIVE")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing.")
def index_remove(archive: str, ids: tuple[str, ...], quiet: bool) -> None:
    """Remove documents from ARCHIVE by id (in one transaction).

    \b
    Exit status: 0 when every ID was archived, 1 when some were not, 2 on trouble.
    """
    try:
        from .archive.archive import Archive, read_settings

        with Archive(archive, read_settings(archive), create=False) as store:
            removed = store.remove(ids)
    except LineageError as exc:
        _fail(str(exc))
        return
    missing = sorted(set(ids) - set(removed))
    if not quiet:
        click.echo(f"{archive}: {len(removed):,} removed" + (f"; not archived: {', '.join(missing)}" if missing else ""))
    sys.exit(EXIT_NO_REUSE if missing else 0)


@index.command("info")
@click.argument("archive", metavar="ARCHIVE")
@click.option("--json", "as_json", is_flag=True, help="Print the information as JSON.")
@click.option("--verify", is_flag=True, help="Also check the file's integrity (reads all of it).")
def index_info(archive: str, as_json: bool, verify: bool) -> None:
    """Counts, size, schema version and settings of ARCHIVE.

    \b
    Exit status: 0 on success, 2 on trouble (a missing, corrupt or foreign file).
    """
    try:
        from .archive.archive import Archive, read_settings

        with Archive(archive, read_settings(archive), create=False) as store:
            info = store.info().to_dict()
            problem = store.verify() if verify else None
    except LineageError as exc:
        _fail(str(exc))
        return
    if verify:
        info["verified"] = problem or "ok"
    if as_json:
        click.echo(json.dumps(info, indent=2))
    else:
        from .render.archive_info import info_text

        click.echo(info_text(info))
    if problem:
        _fail(f"{archive}: {problem}")
    sys.exit(0)


@index.command("compact")
@click.argument("archive", metavar="ARCHIVE")
def index_compact(archive: str) -> None:
    """Merge ARCHIVE's postings into one run: faster checks, space of removed documents reused.

    \b
    Exit status: 0 on success, 2 on trouble.
    """
    try:
        from .archive.archive import Archive, read_settings

        with Archive(archive, read_settings(archive), create=False) as store:
            store.compact()
    except LineageError as exc:
        _fail(str(exc))
        return
    sys.exit(0)


@index.command("rebuild")
@click.argument("archive", metavar="ARCHIVE")
@click.option("--output", default=None, metavar="NEW",
              help="Write the new archive to NEW (a new file) and leave ARCHIVE as it is.")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes reading documents (default: CPU count).")
@click.option("--batch-size", type=int, default=4000, show_default=True,
              help="Documents read and written at a time.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no summary.")
def index_rebuild(archive: str, output: str | None, jobs: int | None, batch_size: int, quiet: bool) -> None:
    """Build ARCHIVE again from the documents it holds, with its settings.

    Run it when lineage says an archive was built by a lineage that reads
    documents differently (after an upgrade).  The new archive is written
    beside the old one, which is replaced only once the new one is whole: a
    failure or a crash leaves ARCHIVE as it was.  Close every other program
    using ARCHIVE first; the rebuild refuses while one has it open.

    \b
    Exit status: 0 on success, 2 on trouble.
    """
    try:
        from .archive import Archive

        result = Archive.rebuild(archive, output=output, jobs=jobs or os.cpu_count() or 1, batch_size=batch_size,
                                 progress=_add_progress(quiet))
    except LineageError as exc:
        _progress_failed(exc, quiet)
        return
    _progress_done(quiet)
    if not quiet:
        into = f" into {output}" if output and result.path != archive else ""
        click.echo(f"{archive}: rebuilt {result.documents:,} documents{into} in {result.seconds:.1f} s "
                   f"(was {result.old_preparation}, {result.old_keys})")
    sys.exit(0)


@click.command()
@click.argument("archive", metavar="ARCHIVE")
@click.argument("draft", metavar="DRAFT")
@click.option("--top", type=int, default=10, show_default=True, help="Largest number of sources reported.")
@click.option("--before", default=None, metavar="DATE",
              help="Documents dated after DATE (YYYY-MM-DD[THH:MM]) are not sources (default: the draft's date).")
@click.option("--exclude-source", "exclude_source", multiple=True, metavar="NAME",
              help="Documents of outlet NAME (their 'source' field) are not sources; repeatable.")
@click.option("--align", type=int, default=None, help="Candidates compared with the draft (default: 3 x --top).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON document (schema lineage.check/1).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Also write a report: .html (ranked sources, then each side by side) or .json")
@click.option("-v", "--verbose", is_flag=True, help="Show every passage, finding and direction reason.")
@click.option("-q", "--quiet", is_flag=True, help="Print no report (the exit status still tells; -o still writes).")
@option_flags
def check(archive: str, draft: str, top: int, before: str | None, exclude_source: tuple[str, ...], align: int | None,
          as_json: bool, output: str | None, verbose: bool, quiet: bool, **flags: Any) -> None:
    """Check DRAFT against ARCHIVE: the archived documents it reuses, ranked.

    DRAFT is a file ('-' reads standard input).  Each source comes with its
    verdict, the share of the draft it accounts for, the share of it reused,
    the direction, the reused passages and what the draft changed.  A draft
    whose id equals an archived id is not checked against that document.

    \b
    Exit status: 0 when the draft reuses an archived document, 1 when not, 2 on trouble.
    """
    try:
        from .archive import Archive
        from .documents import Document

        opts = build_options(**flags)
        if output:
            from .files import check_writable
            from .render.check_report import check_format

            check_format(output)  # before the work, not after it
            check_writable(output)
        doc = Document.from_path(draft, opts.max_bytes)
        _warn_decoding([doc])
        with Archive(archive, opts, create=False) as store:
            report = store.check(doc, top=top, before=before, exclude_sources=exclude_source, align=align)
        if output:
            from .render.check_report import write_check_report

            write_check_report(report, output)
    except LineageError as exc:
        _fail(str(exc))
        return
    if as_json and not quiet:
        _emit(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        from .render.check_report import check_text

        _emit(check_text(report, verbose=verbose))
    if output and not quiet:
        click.echo(f"wrote {output}", err=True)
    sys.exit(EXIT_REUSE if report.reuse_found else EXIT_NO_REUSE)
