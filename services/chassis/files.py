"""Uploaded files: their type read from their first bytes, never trusted from their name; their size
bounded. Each service names the types it accepts. No I/O."""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from services.chassis.errors import ServiceError, invalid

MAX_FILE_BYTES = 10 * 1024 * 1024

ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    name: str  # as people know it, in messages: "PDF"
    content_type: str
    signature: bytes
    # A container's signature (a zip) does not say which kind of document it holds: the name's
    # extension does, once the content is known to be that container.
    extension: str | None = None

    def matches(self, content: bytes, extension: str) -> bool:
        return content.startswith(self.signature) and self.extension in (None, extension)


PDF = FileType("PDF", "application/pdf", b"%PDF-")
JPEG = FileType("JPEG", "image/jpeg", b"\xff\xd8\xff")
PNG = FileType("PNG", "image/png", b"\x89PNG\r\n\x1a\n")
ODT = FileType("ODT", "application/vnd.oasis.opendocument.text", ZIP_SIGNATURE, "odt")
ODS = FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", ZIP_SIGNATURE, "ods")
DOCX = FileType("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ZIP_SIGNATURE, "docx")
XLSX = FileType("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP_SIGNATURE, "xlsx")


def base_filename(filename: str) -> str:
    """The name without any folder a client sent with it (`C:\\fakepath\\caf.pdf` → `caf.pdf`)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        raise invalid({"fields": {"filename": ["Nom de fichier invalide."]}})
    return name


def decode_base64(content_base64: str) -> bytes:
    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise invalid({"fields": {"content_base64": ["Le contenu du fichier n'est pas du base64 valide."]}}) \
            from None


def content_type_of(content: bytes, accepted: tuple[FileType, ...], filename: str = "",
                    refusal: str | None = None) -> str:
    """The content type of the first `accepted` type the content is; 413 above 10 MB, 415 when it is
    none of them (`refusal` the service's own wording, else the accepted types are listed)."""
    if len(content) > MAX_FILE_BYTES:
        raise ServiceError("file_too_large", "Le fichier dépasse la taille maximale de 10 Mo.",
                           {"max_bytes": MAX_FILE_BYTES, "size": len(content)}, 413)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for file_type in accepted:
        if file_type.matches(content, extension):
            return file_type.content_type
    names = [file_type.name for file_type in accepted]
    raise ServiceError("unsupported_file_type", refusal or f"Types de fichiers acceptés : {', '.join(names)}.",
                       {"accepted": names}, 415)
