"""MS Project ``.mpp`` files through MPXJ (Java, via JPype): read the binary file, write it as MSPDI in memory,
then import those bytes like any MSPDI file. Only where Java and the ``mpxj`` package are installed.

The JVM starts once per process (JPype cannot restart it) and is shared with the tests that read our exports
back with MPXJ.
"""

from __future__ import annotations

import shutil
import threading
from typing import Any

from projectoffice.core.errors import ApplicationError

MAX_BYTES = 64 * 1024 * 1024
_lock = threading.Lock()
QUIET_LOGGING = "-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory"


def java_available() -> bool:
    """Whether ``.mpp`` files can be read here (a Java runtime and the mpxj package)."""
    try:
        import jpype  # noqa: F401
        import mpxj  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def ensure_jvm() -> Any:
    """Start the JVM with MPXJ's jars on the class path (once); returns the ``jpype`` module."""
    import jpype
    import mpxj  # noqa: F401  (adds MPXJ's jars to JPype's class path on import)

    with _lock:
        if not jpype.isJVMStarted():
            jpype.startJVM(QUIET_LOGGING)
    return jpype


def mpp_to_mspdi(data: bytes) -> bytes:
    """MSPDI bytes of a ``.mpp`` (or any file MPXJ reads); ApplicationError on the field ``file`` otherwise."""
    if len(data) > MAX_BYTES:
        raise ApplicationError(f"The file is larger than {MAX_BYTES // 2**20} MiB.", field="file")
    if not java_available():
        raise ApplicationError("Reading .mpp files needs Java on the server; save the plan as XML in MS Project.",
                               field="file")
    jpype = ensure_jvm()
    from java.io import ByteArrayInputStream, ByteArrayOutputStream  # type: ignore[import-not-found]
    from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    try:
        project = UniversalProjectReader().read(ByteArrayInputStream(jpype.JArray(jpype.JByte)(data)))
    except jpype.JException as exc:
        raise ApplicationError(f"MPXJ cannot read the file: {exc.message()}.", field="file") from exc
    if project is None:
        raise ApplicationError("Not a project file MPXJ recognises.", field="file")
    out = ByteArrayOutputStream()
    MSPDIWriter().write(project, out)
    return bytes(out.toByteArray())
