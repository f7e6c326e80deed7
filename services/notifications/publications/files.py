"""What a published form's file really is: read from its content by the chassis, with the types a
form may be (office documents too, unlike the documents families upload). No I/O."""
from __future__ import annotations

from services.chassis import files
from services.chassis.errors import invalid

ACCEPTED = (files.PDF, files.JPEG, files.PNG, files.ODT, files.ODS, files.DOCX, files.XLSX)


def checked(payload: dict) -> dict:
    """`{filename, content_type, size_bytes, content}` of a `{filename, content_base64}` payload."""
    filename = files.base_filename(payload["filename"])
    content = files.decode_base64(payload["content_base64"])
    if not content:
        raise invalid({"fields": {"content_base64": ["Le fichier est vide."]}})
    return {"filename": filename, "content_type": files.content_type_of(content, ACCEPTED, filename),
            "size_bytes": len(content), "content": content}
