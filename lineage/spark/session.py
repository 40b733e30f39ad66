"""The Spark session lineage runs in: checked before it starts, and Spark's failures as one-line errors.

A missing Java, a malformed master URL and a cluster that cannot be reached
become a :class:`SparkError` whose message is one line; everything else of
Spark's configuration is left to ``spark-submit`` or the caller's session.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..errors import LineageError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Master URLs Spark accepts: local[N|*][,F], spark://host:port[,host:port], yarn, k8s://..., mesos://...
_MASTER = re.compile(
    r"^(local(\[(\d+|\*)(,\d+)?\])?|local-cluster\[\d+,\d+,\d+\]|spark://[^\s/:,]+:\d+(,[^\s/:,]+:\d+)*"
    r"|yarn|k8s://\S+|mesos://\S+)$"
)
#: Spark's logging quieted to errors, so a run prints lineage's lines and not Spark's warnings.
_LOG_CONFIG = Path(__file__).resolve().parents[1] / "data" / "spark-log4j2.properties"
T = TypeVar("T")


class SparkError(LineageError):
    """Spark could not run: no PySpark, no Java, a bad master URL, or a failed job."""


def require_pyspark() -> None:
    """Raise :class:`SparkError` unless PySpark can be imported."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkError("--engine spark needs PySpark (pip install 'lineage[spark]')") from None


def java_found() -> bool:
    """True when a ``java`` executable is on ``JAVA_HOME`` or the ``PATH`` (Spark's own rule)."""
    home = os.environ.get("JAVA_HOME")
    if home:
        return (Path(home) / "bin" / "java").is_file()
    return shutil.which("java") is not None


def check_master(master: str) -> None:
    """Raise :class:`SparkError` unless ``master`` is a master URL Spark understands."""
    if not _MASTER.match(master):
        raise SparkError(f"bad Spark master URL {master!r} (expected local[*], local[N], spark://host:port, "
                         "yarn or k8s://...)")


def one_line(exc: BaseException) -> str:
    """The first meaningful line of a Spark or Py4J error, without its Java stack."""
    text = str(exc).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("at ", "Traceback", "File ", "An error occurred while calling")):
            return re.sub(r"^([:\s]*[\w.$]+(Exception|Error):\s*)+", "", line).strip(": ")[:300] or type(exc).__name__
    return type(exc).__name__


@contextmanager
def spark_errors(doing: str) -> Iterator[None]:
    """Turn Spark's and Py4J's exceptions raised inside the block into one-line :class:`SparkError`."""
    try:
        yield
    except LineageError:
        raise
    except Exception as exc:  # Py4JJavaError, PySparkException, ConnectionError from the gateway...
        kind = type(exc).__module__.split(".")[0]
        if kind not in ("pyspark", "py4j") and not isinstance(exc, (ConnectionError, RuntimeError)):
            raise
        raise SparkError(f"Spark failed while {doing}: {one_line(exc)}") from None


def session(master: str | None = None, partitions: int | None = None, app: str = "lineage") -> SparkSession:
    """A Spark session for lineage: the active one, or one started on ``master`` (default ``local[*]``).

    Parameters
    ----------
    master : str, optional
        Master URL; ``None`` keeps the running session's or ``spark-submit``'s master, else ``local[*]``.
    partitions : int, optional
        Shuffle partitions (``spark.sql.shuffle.partitions``) and default parallelism.
    app : str
        Application name shown by the cluster manager.

    Returns
    -------
    pyspark.sql.SparkSession

    Raises
    ------
    SparkError
        Without PySpark or Java, for a malformed master URL, or when the session cannot start.
    """
    require_pyspark()
    from pyspark.sql import SparkSession

    if master is not None:
        check_master(master)
    # Under spark-submit the JVM is already running and the master is the one it was given.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ or SparkSession.getActiveSession() is not None
    if not submitted and not java_found():
        raise SparkError("--engine spark needs Java (none on JAVA_HOME or the PATH; "
                         "on Debian: apt-get install default-jre-headless)")
    if master is None and not submitted:
        master = "local[*]"
    builder = SparkSession.builder.appName(app).config("spark.ui.showConsoleProgress", "false")
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        # Local workers run this Python and this copy of lineage, bound to the loopback interface.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        here = str(Path(__file__).resolve().parents[2])
        builder = builder.config("spark.executorEnv.PYTHONPATH", os.pathsep.join(
            p for p in (here, os.environ.get("PYTHONPATH", "")) if p))
        builder = builder.config("spark.ui.enabled", "false")
    builder = builder.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={_LOG_CONFIG.as_uri()}")
    if partitions:
        builder = (builder.config("spark.sql.shuffle.partitions", str(partitions))
                   .config("spark.default.parallelism", str(partitions)))
    try:
        with spark_errors(f"starting on {master}" if master else "starting"):
            spark = builder.getOrCreate()
            spark.sparkContext.setLogLevel("ERROR")
    except SparkError as exc:
        if master and master.startswith("spark://"):
            raise SparkError(f"cannot reach the Spark master {master} ({exc})") from None
        raise
    return spark


def guarded(doing: str, func: Callable[[], T]) -> T:
    """``func()`` with Spark's exceptions turned into one-line :class:`SparkError`."""
    with spark_errors(doing):
        return func()



@contextmanager
def running(master: str | None = None, partitions: int | None = None) -> Iterator[SparkSession]:
    """The running Spark session for a block, or one started by :func:`session` and stopped after it."""
    require_pyspark()
    from pyspark.sql import SparkSession

    own = SparkSession.getActiveSession() is None  # a session found running is left so
    spark = session(master, partitions)
    try:
        yield spark
    finally:
        if own:
            spark.stop()
