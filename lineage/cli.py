"""Command line: each command parses its arguments, makes one library call and renders the result.

Exit status follows comparison tools: 0 when reuse is found (the texts share
copied or paraphrased material), 1 when it is not, 2 on trouble (bad input,
bad options).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, TypeVar

import click

from . import __version__
from .errors import LineageError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_REUSE, EXIT_NO_REUSE, EXIT_TROUBLE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"lineage: error: {message}", err=True)
    sys.exit(EXIT_TROUBLE)


def option_flags(func: F) -> F:
    """Options shared by every command that compares texts (mapped onto ``lineage.Options``)."""
    decorators = [
        click.option("--keep-boilerplate", is_flag=True, help="Compare page chrome, captions and reader comments too."),
        click.option("--shingle-size", type=int, default=None, help="Words per MinHash shingle (default 3)."),
        click.option("--num-perm", type=int, default=None, help="MinHash permutations (default 128)."),
        click.option("--seed", type=int, default=None, help="MinHash seed (default 1)."),
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
    return Options().with_changes(**changes)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lineage")
def main() -> None:
    """Find near-duplicate and derived text and tell its lineage.

    \b
    Exit status: 0 reuse found, 1 no reuse found, 2 trouble.
    """


@main.command()
@click.argument("text_a", metavar="A")
@click.argument("text_b", metavar="B")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON document (schema lineage.compare/1).")
@click.option("-v", "--verbose", is_flag=True, help="Show longer excerpts.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Also write a report; the format follows the extension: .html (side by side), .md, .json")
@click.option("-q", "--quiet", is_flag=True, help="Print no report (the exit status still tells; -o still writes).")
@option_flags
def compare(text_a: str, text_b: str, as_json: bool, verbose: bool, output: str | None, quiet: bool,
            **flags: Any) -> None:
    """Compare two texts: verdict, similarity, likely source, aligned sentences, findings.

    A and B are file paths; '-' reads one of them from standard input.

    \b
    Exit status: 0 when one text reuses the other (identical, near-duplicate,
    paraphrase or partial reuse), 1 when not (related or unrelated), 2 on trouble.
    """
    if text_a == "-" and text_b == "-":
        _fail("only one of A and B can be '-' (standard input)")
    try:
        from .comparison import compare as run_compare
        from .documents import Document

        opts = build_options(**flags)
        if output:
            from .render.compare_formats import check_report_format, write_compare_report

            check_report_format(output)  # before the work, not after it
        result = run_compare(
            Document.from_path(text_a, opts.max_bytes), Document.from_path(text_b, opts.max_bytes), opts
        )
        if output:
            write_compare_report(result, output)
    except LineageError as exc:
        _fail(str(exc))
        return
    if as_json and not quiet:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet:
        from .render.text import compare_report

        click.echo(compare_report(result, verbose=verbose))
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
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the graph; the format follows the extension: .json .graphml .gexf .dot .mmd .png .svg .html")
@click.option("--view", type=click.Choice(["derivation", "reuse"]), default="derivation", show_default=True,
              help="derivation: drop edges implied by a chain of copies; reuse: every pair found reusing text.")
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes for aligning pairs (default: CPU count).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no summary.")
@click.option("--engine", type=click.Choice(["in-process", "spark"]), default="in-process", show_default=True,
              help="spark: run every stage on Apache Spark (needs 'lineage[spark]' and Java); same graph.")
@click.option("--master", default=None, metavar="URL",
              help="Spark master with --engine spark: local[*] (default), local[N], spark://host:port, yarn.")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="Spark partitions of the documents and of every shuffle (with --engine spark).")
@option_flags
def graph(inputs: tuple[str, ...], output: str | None, view: str, jobs: int | None, quiet: bool, engine: str,
          master: str | None, partitions: int | None, **flags: Any) -> None:
    """Build the graph of which document copies which, across a corpus.

    INPUT is a file, a directory (read recursively: .txt, .md, .html; README
    and hidden files skipped), a .jsonl file of {"id", "text", "date"?,
    "title"?, "url"?, "source"?} records, or '-' for JSON Lines on standard
    input.

    \b
    Candidate pairs come from MinHash LSH, not from comparing every pair: a
    pair is found when its documents' word 3-shingles reach an estimated
    Jaccard similarity of about 0.3, or when one of its sentences shares
    about half of its content words (stem-set Jaccard ~0.5) with a sentence
    of the other.  Reuse below that level -- a few shared words per sentence --
    is not found.  Direction comes from dates (given, or printed in the text),
    else from the comparison's evidence; otherwise it stays undetermined.

    \b
    \b
    --engine spark runs the same stages on Apache Spark (local mode by
    default, or the cluster --master names) and gives the same graph.

    \b
    Exit status: 0 when at least one derivation edge is found, 1 when none, 2 on trouble.
    """
    if engine != "spark" and (master or partitions):
        _fail("--master and --partitions need --engine spark")
    try:
        from .corpus import load
        from .graph import build_graph

        opts = build_options(**flags)
        if output:
            from .render.graph_formats import check_format

            check_format(output)  # before the work, not after it
        docs = load(inputs, opts.max_bytes)
        if engine == "spark":
            g = _spark_graph(docs, opts, view, master, partitions)
        else:
            g = build_graph(docs, opts, view=view, jobs=jobs, progress=_progress(quiet))
        if output:
            from .render.graph_formats import write_graph

            write_graph(g, output)
    except LineageError as exc:
        _fail(str(exc))
        return
    if not quiet:
        from .render.graph_summary import graph_summary

        click.echo(graph_summary(g))
        if output:
            click.echo(f"wrote {output}")
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
    """List the kinds of divergent findings (for --no-finding and --finding-threshold)."""
    from .options import FINDING_KINDS

    for kind in FINDING_KINDS:
        click.echo(kind)


if __name__ == "__main__":  # pragma: no cover
    main()
