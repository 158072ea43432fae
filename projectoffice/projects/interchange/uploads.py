"""Reading an uploaded plan file with the size limit applied before anything is read into memory."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from projectoffice.core.errors import ApplicationError
from projectoffice.engine.formats.mspdi import MAX_BYTES


def read_upload(file: UploadedFile | None) -> bytes:
    """The bytes of an uploaded file; refused (field ``file``) when missing, empty or over the limit."""
    if file is None:
        raise ApplicationError("Choose a file to import.", field="file")
    if file.size is not None and file.size > MAX_BYTES:
        raise ApplicationError(f"The file is larger than {MAX_BYTES // 2**20} MiB.", field="file")
    data = file.read()
    if not data:
        raise ApplicationError("The file is empty.", field="file")
    return data
