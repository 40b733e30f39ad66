"""Command line: each command parses its arguments, makes one library call and renders the result.

Exit status follows comparison tools: 0 when reuse is found (the texts share
copied or paraphrased material), 1 when it is not, 2 on trouble (bad input,
bad options, an unwritable output, an internal error), 130 when interrupted.
Every failure is one line on standard error; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any, Callable, Iterable, TypeVar

import click

# Before numpy is first imported: lineage does no linear algebra worth threads, and OpenBLAS's
# idle threads spinning up cost more CPU than a whole comparison of two articles. A value the
# user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .cli_exits import EXIT_NO_REUSE, EXIT_REUSE, Guarded, _fail
from .errors import LineageError, OptionsError

F = TypeVar("F", bound=Callable[..., Any])


def _emit(text: str) -> None:
    """Print ``text`` on standard output, any lone surrogate replaced so that it always encodes."""
    from .documents import replace_surrogates

    click.echo(replace_surrogates(text))


def _warn_decoding(docs: Iterable[Any]) -> None:
    """One warning line per document whose invalid UTF-8 bytes were replaced or whose date was unreadable."""
    from .terminal import warn_documents

    warn_documents(docs)


def spark_flags(engine_help: str, partitions_help: str) -> Callable[[F], F]:
    """``--engine``, ``--master`` and ``--partitions``, for the commands that can run on Spark."""
    def decorate(func: F) -> F:
        func = click.option("--partitions", type=click.IntRange(min=1), default=None, help=partitions_help)(func)
        func = click.option("--master", default=None, metavar="URL", help=(
            "Spark master with --engine spark: local[*] (default), local[N], spark://host:port, yarn."))(func)
        return click.option("--engine", type=click.Choice(["in-process", "spark"]), default="in-process",
                            show_default=True, help=engine_help)(func)
    return decorate


def scheme_options(verb: str) -> list[Callable[[F], F]]:
    """The options that fix how documents are read and signed (shared by compare, graph and the archive)."""
    return [
        click.option("--keep-boilerplate", is_flag=True, help=f"{verb} page chrome, captions and reader comments too."),
        click.option("--shingle-size", type=int, default=None, help="Words per MinHash shingle (default 3)."),
        click.option("--num-perm", type=int, default=None, help="MinHash permutations (default 128)."),
        click.option("--seed", type=int, default=None, help="MinHash seed (default 1)."),
    ]


def option_flags(func: F) -> F:
    """Options shared by every command that compares texts (mapped onto ``lineage.Options``)."""
    decorators = [
        *scheme_options("Compare"),
        click.option("--min-score", type=float, default=None,
                     help="Sentence score (0-1) needed to align two sentences (default 0.6, calibrated)."),
        click.option("--no-finding", "no_finding", multiple=True, metavar="KIND",
                     help="Do not report findings of KIND (repeatable; see 'lineage kinds')."),
        click.option("--finding-threshold", "finding_threshold", multiple=True, metavar="KIND=SEVERITY",
                     help="Report KIND only at or above SEVERITY (0-1); repeatable."),
    ]
    for deco in reversed(decorators):
        func = deco(func)
    return func


def build_options(
    keep_boilerplate: bool = False, shingle_size: int | None = None, num_perm: int | None = None,
    seed: int | None = None, min_score: float | None = None, no_finding: tuple[str, ...] = (),
    finding_threshold: tuple[str, ...] = (),
) -> Any:
    """Turn command-line values into one validated ``Options``."""
    from .options import FINDING_KINDS, Options

    changes: dict[str, Any] = {"keep_boilerplate": keep_boilerplate}
    given = {"shingle_size": shingle_size, "num_perm": num_perm, "seed": seed, "min_sentence_score": min_score}
    changes.update({name: v for name, v in given.items() if v is not None})
    if no_finding:
        changes["findings"] = frozenset(FINDING_KINDS) - set(no_finding)
        unknown = set(no_finding) - set(FINDING_KINDS)
        if unknown:
            raise click.BadParameter(f"unknown kind(s): {', '.join(sorted(unknown))}", param_hint="--no-finding")
    thresholds: dict[str, float] = {}
    for item in finding_threshold:
        kind, sep, level = item.partition("=")
        try:
            thresholds[kind] = float(level)
        except ValueError:
            raise click.BadParameter(f"expected KIND=SEVERITY, got {item!r}", param_hint="--finding-threshold") from None
        if not sep:
            raise click.BadParameter(f"expected KIND=SEVERITY, got {item!r}", param_hint="--finding-threshold")
    if thresholds:
        changes["finding_thresholds"] = thresholds
    try:
        return Options().with_changes(**changes)
    except OptionsError as exc:
        raise OptionsError(_flag_names(str(exc))) from None


#: Options fields and the command-line flags that set them, for error messages.
FLAGS = {"min_sentence_score": "--min-score", "shingle_size": "--shingle-size", "num_perm": "--num-perm",
         "seed": "--seed", "finding_thresholds": "--finding-threshold", "findings": "--no-finding"}
_FIELD = re.compile(r"\b(" + "|".join(FLAGS) + r")\b")


def _flag_names(message: str) -> str:
    """An Options error message with each field name replaced by the flag a user typed."""
    return _FIELD.sub(lambda m: FLAGS[m.group()], message)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print the version, read only when asked (importlib.metadata is slow to import)."""
    if value and not ctx.resilient_parsing:
        from . import __version__

        click.echo(f"lineage, version {__version__}")
        ctx.exit()


@click.group(cls=Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
@click.option("--debug", is_flag=True, help="On an internal error, print the traceback too.")
def main(debug: bool) -> None:
    """Find near-duplicate and derived text and tell its lineage.

    \b
    Exit status: 0 reuse found, 1 no reuse found, 2 trouble, 130 interrupted.
    """


@main.command()
@click.argument("text_a", metavar="A")
@click.argument("text_b", metavar="B")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON document (schema lineage.compare/2).")
@click.option("-v", "--verbose", is_flag=True,
              help="Show longer excerpts; for texts judged related or unrelated, their sentences too.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Also write a report; the format follows the extension: .html (side by side), .md, .json")
@click.option("-q", "--quiet", is_flag=True,
              help="Print no report and no progress (the exit status still tells; -o still writes).")
@click.option("--show-boilerplate", is_flag=True, help="List every stretch set aside as page furniture, not only their count.")
@option_flags
def compare(text_a: str, text_b: str, as_json: bool, verbose: bool, output: str | None, quiet: bool,
            show_boilerplate: bool, **flags: Any) -> None:
    """Compare two texts: verdict, similarity, likely source, aligned sentences, findings.

    A and B are file paths (an .html or .htm page is read as its article's
    text, its title, date and address as metadata); '-' reads one of them from
    standard input.  On a terminal, a comparison that takes more than a second
    shows its stage on standard error.

    \b
    Exit status: 0 when one text reuses the other (identical, near-duplicate,
    paraphrase or partial reuse), 1 when not (related or unrelated), 2 on trouble.
    """
    if text_a == "-" and text_b == "-":
        _fail("only one of A and B can be '-' (standard input)")
    try:
        from .comparison import compare as run_compare
        from .corpus import read_document
        from .prepare import prepare
        from .terminal import Stages

        opts = build_options(**flags)
        if output:
            from .render.compare_formats import check_report_format, write_compare_report

            check_report_format(output)  # before the work, not after it
        with Stages(quiet) as stage:
            stage("reading A")
            doc_a = read_document(text_a, opts.max_bytes)
            stage("reading B")
            doc_b = read_document(text_b, opts.max_bytes)
            _warn_decoding((doc_a, doc_b))
            stage("preparing A")
            prepared_a = prepare(doc_a, opts, "a")
            stage("preparing B")
            prepared_b = prepare(doc_b, opts, "b")
            stage("aligning and checking")
            result = run_compare(prepared_a, prepared_b, opts)
            if output:
                stage(f"writing {output}")
                write_compare_report(result, output)
    except LineageError as exc:
        _fail(str(exc))
        return
    if as_json and not quiet:
        _emit(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        from .render.text import compare_report
        from .terminal import width

        _emit(compare_report(result, verbose=verbose, width=width(), show_boilerplate=show_boilerplate))
    if output and not quiet:
        click.echo(f"wrote {output}", err=True)
    sys.exit(EXIT_REUSE if result.reuse_found else EXIT_NO_REUSE)


def _progress(quiet: bool) -> Callable[[str, int, int], None] | None:
    """A one-line progress display on a terminal's standard error; None when quiet or piped."""
    if quiet or not sys.stderr.isatty():
        return None
    state = {"stage": ""}

    def show(stage: str, done: int, total: int) -> None:
        if total < 20 and done < total:
            return
        if done == total or done % max(1, total // 100) == 0 or stage != state["stage"]:
            width = 30
            filled = int(width * done / max(total, 1))
            click.echo(f"\r{stage:<9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", err=True, nl=False)
            state["stage"] = stage
            if done == total:
                click.echo("", err=True)

    return show


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", "outputs", type=click.Path(dir_okay=False), multiple=True,
              help="Write the graph; the format follows the extension: .html .json .graphml .gexf .dot .mmd .png .svg, "
                   "or .csv for one row per edge.  Repeatable: one run, several files.")
@click.option("--findings-csv", type=click.Path(dir_okay=False), default=None, metavar="PATH",
              help="Also write one CSV row per finding of every edge (its ends, kind, severity, excerpts, explanation).")
@click.option("--view", type=click.Choice(["derivation", "reuse"]), default="derivation", show_default=True,
              help="derivation: drop edges implied by a chain of copies; reuse: every pair found reusing text.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for aligning pairs, 1 or more (default: CPU count).")
@click.option("--strict", is_flag=True,
              help="Stop at the first unreadable, empty or binary file (exit 2) instead of skipping it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no summary.")
@spark_flags("spark: run every stage on Apache Spark (needs 'lineage[spark]' and Java); same graph.",
             "Spark partitions of the documents and of every shuffle (with --engine spark).")
@option_flags
def graph(inputs: tuple[str, ...], outputs: tuple[str, ...], findings_csv: str | None, view: str, jobs: int | None,
          strict: bool, quiet: bool, engine: str, master: str | None, partitions: int | None,
          **flags: Any) -> None:
    """Build the graph of which document copies which, across a corpus.

    INPUT is a file, a directory (read recursively: .txt, .md, .html, .htm,
    and .jsonl/.ndjson files of records; README and hidden files skipped), a
    .jsonl file of {"id", "text", "date"?, "title"?, "url"?, "source"?}
    records, or '-' for JSON Lines on standard input.  HTML pages are read as
    their article's text.  A file that cannot be read (empty, binary, too
    large, no text) is skipped with one line on standard error, and the
    number skipped is told at the end; --strict stops at the first instead.

    \b
    Candidate pairs come from MinHash LSH, not from comparing every pair: a
    pair is found when its documents' word 3-shingles reach an estimated
    Jaccard similarity of about 0.3, or when one of its sentences shares
    about half of its content words (stem-set Jaccard ~0.5) with a sentence
    of the other.  Reuse below that level -- a few shared words per sentence --
    is not found.  Direction comes from dates (given, or printed in the text),
    else from the comparison's evidence; otherwise it stays undetermined.

    \b
    --engine spark runs the same stages on Apache Spark (local mode by
    default, or the cluster --master names) and gives the same graph.

    \b
    Exit status: 0 when at least one derivation edge is found, 1 when none, 2 on trouble.
    """
    if engine != "spark" and (master or partitions):
        _fail("--master and --partitions need --engine spark")
    skipped: list[Any] = []
    try:
        from .corpus import load
        from .graph import build_graph
        from .terminal import report_skipped

        opts = build_options(**flags)
        if outputs or findings_csv:
            from .files import check_writable
            from .render.graph_formats import check_format

            for output in outputs:
                check_format(output)  # before the work, not after it
                check_writable(output)
            if findings_csv:
                check_writable(findings_csv)

        def skip(item: Any) -> None:
            skipped.append(item)
            report_skipped(item)

        docs = load(inputs, opts.max_bytes, strict=strict, on_skip=skip)
        _warn_decoding(docs)
        if engine == "spark":
            g = _spark_graph(docs, opts, view, master, partitions)
        else:
            g = build_graph(docs, opts, view=view, jobs=jobs, progress=_progress(quiet))
        from .render.graph_formats import write_graph

        for output in outputs:
            write_graph(g, output)
        if findings_csv:
            from .render.graph_csv import write_findings_csv

            write_findings_csv(g, findings_csv)
    except LineageError as exc:
        _fail(str(exc))
        return
    if not quiet:
        from .render.graph_summary import graph_summary

        click.echo(graph_summary(g))
        for written in (*outputs, *([findings_csv] if findings_csv else [])):
            click.echo(f"wrote {written}")
    if skipped:
        click.echo(f"lineage: skipped {len(skipped)} input(s) that could not be read (--strict stops at the first)",
                   err=True)
    sys.exit(EXIT_REUSE if g.number_of_edges() else EXIT_NO_REUSE)


def _spark_graph(docs: Any, opts: Any, view: str, master: str | None, partitions: int | None) -> Any:
    """The graph built on Spark; PySpark is imported only here."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _fail("--engine spark needs PySpark (pip install 'lineage[spark]')")
    from .spark import build_graphs_spark

    graphs = build_graphs_spark(docs, opts, master=master, partitions=partitions)
    return graphs.derivation if view == "derivation" else graphs.reuse


@main.command()
def kinds() -> None:
    """List the kinds of divergent findings with what each reports (for --no-finding and --finding-threshold)."""
    import textwrap

    from .terminal import width
    from .vocabulary import FindingKind

    pad = max(len(k) for k in FindingKind) + 2
    for kind in FindingKind:
        click.echo(textwrap.fill(kind.description, max(width(), pad + 20), initial_indent=f"{kind:<{pad}}",
                                 subsequent_indent=" " * pad))


if __name__ == "__main__":  # pragma: no cover
    main()
