"""Writing the derivation graph: every format holds the samples' edge, text is escaped, the CLI picks by extension."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import lineage
from lineage import OptionsError
from lineage.cli import main
from lineage.render.graph_draw import to_svg
from lineage.render.graph_formats import write_graph
from lineage.render.graph_layout import BOX_H, BOX_W, layout
from lineage.render.graph_page import to_html

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SVG = "{http://www.w3.org/2000/svg}"
NASTY = "</script><script>alert(1)</script>"
MARKUP = "<b>&\"'"


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    """The samples' derivation graph: five documents, one edge 002 -> 001."""
    return lineage.build_graph(lineage.load_corpus([SAMPLES]), jobs=1)


@pytest.fixture(scope="module")
def edge(graph: nx.DiGraph) -> tuple[str, str]:
    """The samples' one edge, checked to run from 002 to 001."""
    (u, v), = graph.edges
    assert (u[:3], v[:3]) == ("002", "001")
    return u, v


def _write(g: nx.DiGraph, path: Path) -> Path:
    write_graph(g, path)
    assert path.is_file() and path.stat().st_size > 0
    assert not [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]  # no temporary left over
    return path


def test_json_round_trips_through_networkx(graph: nx.DiGraph, edge: tuple[str, str], tmp_path: Path) -> None:
    data = json.loads(_write(graph, tmp_path / "g.json").read_text(encoding="utf-8"))
    h = nx.node_link_graph(data, edges="edges")
    assert h.is_directed() and h.number_of_nodes() == 5 and list(h.edges) == [edge]
    d = h.edges[edge]
    assert d["kind"] == "paraphrase" and d["passages"] == graph.edges[edge]["passages"]
    assert h.graph["schema"] == "lineage.graph/2"


@pytest.mark.parametrize("ext, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back(graph: nx.DiGraph, edge: tuple[str, str], tmp_path: Path, ext: str, read) -> None:
    h = read(_write(graph, tmp_path / f"g.{ext}"))
    assert set(h.nodes) == set(graph.nodes) and list(h.edges) == [edge]
    d = h.edges[edge]
    assert d["kind"] == "paraphrase"
    assert json.loads(d["passages"]) == graph.edges[edge]["passages"]


@pytest.mark.parametrize("ext", ["dot", "gv", "mmd"])
def test_dot_and_mermaid_hold_the_edge(graph: nx.DiGraph, edge: tuple[str, str], tmp_path: Path, ext: str) -> None:
    text = _write(graph, tmp_path / f"g.{ext}").read_text(encoding="utf-8")
    if ext == "mmd":
        ids = dict(re.findall(r'^  (n\d+)\["([^"]+)"\]$', text, re.M))
        assert sorted(ids.values()) == sorted(graph.nodes)
        by_name = {name: key for key, name in ids.items()}
        assert f'  {by_name[edge[0]]} -->|"paraphrase {graph.edges[edge]["share"]:.0%}"| {by_name[edge[1]]}' in text.splitlines()
    else:
        assert text.startswith("digraph lineage {")
        assert f'"{edge[0]}" -> "{edge[1]}" [label="paraphrase' in text


def _svg_parts(root: ET.Element) -> tuple[list[ET.Element], list[ET.Element]]:
    nodes = [e for e in root.iter(f"{SVG}g") if "data-node" in e.attrib]
    edges = [e for e in root.iter(f"{SVG}g") if "data-edge" in e.attrib]
    return nodes, edges


def test_svg_draws_every_edge_and_counts_documents_left_out(graph: nx.DiGraph, edge: tuple[str, str],
                                                            tmp_path: Path) -> None:
    root = ET.parse(_write(graph, tmp_path / "g.svg")).getroot()
    assert root.tag == f"{SVG}svg" and float(root.attrib["width"]) > 0
    nodes, edges = _svg_parts(root)
    assert sorted(n.attrib["data-node"] for n in nodes) == sorted(edge)
    note = root.find(f".//{SVG}text[@class='left-out']")
    assert note is not None and note.text == "3 documents without reuse not drawn"
    assert [e.attrib["data-edge"] for e in edges] == ["|".join(edge)]
    line = edges[0].find(f"{SVG}path[@class='line']")
    assert line is not None and line.attrib["marker-end"] == "url(#arrow-paraphrase)"
    assert root.find(f".//{SVG}marker[@id='arrow-paraphrase']") is not None
    assert [t.text for t in edges[0].iter(f"{SVG}text")] == [f"paraphrase {graph.edges[edge]['share']:.0%}"]
    text = (tmp_path / "g.svg").read_text(encoding="utf-8")
    assert "href" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")  # no external refs


def test_undetermined_direction_is_dashed_without_arrowhead(graph: nx.DiGraph, edge: tuple[str, str]) -> None:
    h = graph.copy()
    h.edges[edge]["direction"] = "undetermined"
    _, edges = _svg_parts(ET.fromstring(to_svg(h)))
    line = edges[0].find(f"{SVG}path[@class='line']")
    assert line is not None and "marker-end" not in line.attrib and line.attrib["stroke-dasharray"]


def test_layout_is_deterministic_keeps_boxes_apart_and_survives_cycles() -> None:
    kinds = ["copy", "near-duplicate", "paraphrase", "partial reuse"]
    pairs = [("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"), ("d", "e"), ("a", "e")] + [("w", f"o{i}") for i in range(12)]
    g = nx.DiGraph(view="reuse")
    for i, (u, v) in enumerate(pairs):
        g.add_edge(u, v, kind=kinds[i % 4], share=0.5, direction="undetermined" if i % 3 == 0 else "dates")
    g.add_nodes_from(["lonely-1", "lonely-2"])
    shuffled = nx.DiGraph(**g.graph)
    shuffled.add_nodes_from(reversed(list(g.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(g.edges(data=True))))
    svg = to_svg(g)
    assert to_svg(shuffled) == svg
    nodes, edges = _svg_parts(ET.fromstring(svg))
    assert len(nodes) == g.number_of_nodes() - 2 and len(edges) == g.number_of_edges()
    assert "2 documents without reuse not drawn" in svg
    lay = layout(g)
    pos = lay.pos
    assert set(pos) == set(g.nodes) - {"lonely-1", "lonely-2"} and lay.left_out == 2
    centres = sorted(pos.values())
    for i, (x, y) in enumerate(centres):
        assert all(abs(x - x2) >= BOX_W or abs(y - y2) >= BOX_H for x2, y2 in centres[i + 1:])


def test_png_is_a_png(graph: nx.DiGraph, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    data = _write(graph, tmp_path / "g.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000


def test_png_without_matplotlib_says_how_to_get_it(graph: nx.DiGraph, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")] + ["matplotlib"]:
        monkeypatch.setitem(sys.modules, name, None)  # makes the import fail
    with pytest.raises(OptionsError) as err:
        write_graph(graph, tmp_path / "g.png")
    assert str(err.value) == "PNG output needs matplotlib: pip install 'lineage[draw]'"
    assert list(tmp_path.iterdir()) == []


def _page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert m, "no graph data in the page"
    data: dict = json.loads(m.group(1))
    return data


def test_html_page_embeds_drawing_and_data(graph: nx.DiGraph, edge: tuple[str, str], tmp_path: Path) -> None:
    html = _write(graph, tmp_path / "g.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="details"' in html
    assert html.count("data-node=") == 2 and html.count("data-edge=") == 1  # documents without reuse are not drawn
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#|data:)""", html) and "@import" not in html  # works offline
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    data = _page_data(html)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(graph.nodes)  # the list holds every document
    assert sorted(n["edges"] for n in data["nodes"]) == [0, 0, 0, 1, 1]
    (e,) = data["edges"]
    assert (e["source"], e["target"]) == edge and e["kind"] == "paraphrase"
    assert e["evidence"] == graph.edges[edge]["evidence"]
    for shown, kept in zip(e["passages"], graph.edges[edge]["passages"]):
        assert "".join(t for t, _ in shown["source_parts"]) == kept["source_text"]
        assert "".join(t for t, _ in shown["target_parts"]) == kept["target_text"]
        assert {how for _, how in shown["source_parts"]} == {0, 1, 2}  # same, changed and source-only words
    assert len(e["findings"]) == len(graph.edges[edge]["findings"]) > 10
    for shown, kept in zip(e["findings"], graph.edges[edge]["findings"]):
        assert shown["kind"] == kept["kind"] and shown["explanation"] == kept["explanation"]
        assert "".join(t for t, _ in shown["target_parts"]) == kept["target_excerpt"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _hostile_graph() -> nx.DiGraph:
    """Two documents that copy each other, whose ids, titles and text try to break out of markup."""
    base = ("The regional council approved a new flood defence plan for the river valley on Tuesday evening. "
            f"Engineers will raise the embankments {MARKUP} along twelve kilometres of the river before winter. "
            f"The project will cost 48 million euros {NASTY} shared between the government and the region. "
            "Farmers in the lower valley had asked for better protection after the floods of last spring. "
            "Council leader Maria Stein said the vote ended years of delay and uncertainty for residents. ")
    docs = [lineage.Document.from_text(base, id=f"a{NASTY}", title=f"T {MARKUP}", date="2024-05-01"),
            lineage.Document.from_text(base + "A public meeting is planned.", id=f"b{MARKUP}\x01", date="2024-05-02")]
    g = lineage.build_graph(docs, jobs=1)
    assert g.number_of_edges() == 1, "the two hostile documents should copy each other"
    assert any(NASTY in p["source_text"] for p in g.edges[next(iter(g.edges))]["passages"])
    return g


def test_document_text_is_escaped_in_svg_and_html() -> None:
    g = _hostile_graph()
    nodes, edges = _svg_parts(ET.fromstring(to_svg(g)))  # well-formed XML despite <, &, quotes and \x01
    assert {n.attrib["data-node"] for n in nodes} == {str(n).replace("\x01", "") for n in g.nodes}
    assert len(edges) == 1
    html = to_html(g)
    assert "<script>alert" not in html and "<b>" not in html
    assert html.count("</script>") == 2  # the data block's and the script's own
    parser = _Tags()
    parser.feed(html)
    assert parser.tags.count("script") == 2 and "b" not in parser.tags
    data = _page_data(html)  # the text survives the escaping intact
    assert {n["id"] for n in data["nodes"]} == {n.attrib["data-node"] for n in nodes}  # the page finds each node
    passage = data["edges"][0]["passages"][0]
    assert NASTY in "".join(t for t, _ in passage["source_parts"])


def test_unknown_extension_is_an_options_error(graph: nx.DiGraph, tmp_path: Path) -> None:
    for name in ("g.xyz", "g"):
        with pytest.raises(OptionsError, match="cannot write graph as"):
            write_graph(graph, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    res = CliRunner().invoke(main, ["graph", str(SAMPLES), "-o", str(out), "-q", "-j", "1"])
    assert res.exit_code == 0, res.output
    assert out.is_file() and 'id="graph-data"' in out.read_text(encoding="utf-8")


def test_cli_rejects_unknown_extension_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out.xyz"
    res = CliRunner().invoke(main, ["graph", str(SAMPLES), "-o", str(out), "-q", "-j", "1"])
    assert res.exit_code == 2
    assert res.stderr.startswith("lineage: error: cannot write graph as .xyz") and res.stderr.count("\n") == 1
    assert not out.exists()
