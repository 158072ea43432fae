"""What an uploaded file may be: a plain name, an allowed type, under the size limit (settings
``PROJECTOFFICE_DOCUMENT_MAX_BYTES``, ``PROJECTOFFICE_DOCUMENT_TYPES``)."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files import File

from projectoffice.core.errors import ApplicationError

MAX_BYTES = 20 * 1024 * 1024
TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "md", "csv", "png", "jpg", "jpeg", "svg", "zip", "mpp",
         "xml")
SIGNATURES = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK", "pptx": b"PK", "zip": b"PK", "png": b"\x89PNG"}


def max_bytes() -> int:
    return int(getattr(settings, "PROJECTOFFICE_DOCUMENT_MAX_BYTES", MAX_BYTES))


def allowed_types() -> tuple[str, ...]:
    return tuple(getattr(settings, "PROJECTOFFICE_DOCUMENT_TYPES", TYPES))


def checked_name(name: str) -> str:
    """The file name if it is a plain name with an allowed extension; a name with path parts is refused."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or "\x00" in name or ":" in name:
        raise ApplicationError(f"“{name}” is not a plain file name (no folders, no “..”).", field="file")
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension not in allowed_types():
        raise ApplicationError(f"“.{extension}” files are not accepted; allowed: {', '.join(allowed_types())}.",
                               field="file")
    return name[:200]


def checked_file(name: str, content: File) -> tuple[str, int, str]:
    """(name, size, SHA-256) of an acceptable upload, reading it once; refused before anything is stored."""
    name = checked_name(name)
    if content.size is not None and content.size > max_bytes():
        raise _too_big(content.size)
    digest, size, head = hashlib.sha256(), 0, b""
    content.seek(0)
    for chunk in content.chunks():
        head = head or chunk[:8]
        size += len(chunk)
        if size > max_bytes():
            raise _too_big(size)
        digest.update(chunk)
    signature = SIGNATURES.get(PurePosixPath(name).suffix.lower().lstrip("."))
    if signature is not None and not head.startswith(signature):
        raise ApplicationError(f"“{name}” is not really a {PurePosixPath(name).suffix} file.", field="file")
    content.seek(0)
    return name, size, digest.hexdigest()


def _too_big(size: int) -> ApplicationError:
    return ApplicationError(f"The file is {size / 1048576:.1f} MB; the limit is {max_bytes() / 1048576:.1f} MB.",
                            field="file")
