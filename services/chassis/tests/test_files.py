"""Uploaded files are known by their content, within the types a service accepts."""
import pytest

from services.chassis import files
from services.chassis.errors import ServiceError

OFFICE = (files.PDF, files.ODT, files.DOCX)


@pytest.mark.parametrize("content, filename, content_type", [
    (b"%PDF-1.7 ...", "scan.png", "application/pdf"),
    (b"PK\x03\x04 ...", "fiche.ODT", "application/vnd.oasis.opendocument.text"),
    (b"PK\x03\x04 ...", "dossier.docx", files.DOCX.content_type),
])
def test_the_type_comes_from_the_content_and_a_zip_kind_from_the_extension(content, filename, content_type):
    assert files.content_type_of(content, OFFICE, filename) == content_type


@pytest.mark.parametrize("content, filename", [
    (b"PK\x03\x04 ...", "archive.zip"), (b"PK\x03\x04 ...", "sans-extension"), (b"%PDF-", "a.pdf"),
])
def test_a_type_the_service_does_not_accept_is_refused_with_the_list(content, filename):
    with pytest.raises(ServiceError) as info:
        files.content_type_of(content, (files.JPEG, files.ODT), filename)
    assert (info.value.status, info.value.code) == (415, "unsupported_file_type")
    assert info.value.message == "Types de fichiers acceptés : JPEG, ODT."
    assert info.value.details == {"accepted": ["JPEG", "ODT"]}


def test_a_service_may_word_its_refusal_and_nothing_above_10_mb_passes():
    with pytest.raises(ServiceError) as info:
        files.content_type_of(b"GIF89a", (files.PNG,), refusal="Seuls les fichiers PNG sont acceptés.")
    assert info.value.message == "Seuls les fichiers PNG sont acceptés."
    with pytest.raises(ServiceError) as info:
        files.content_type_of(b"%PDF-" + bytes(files.MAX_FILE_BYTES), OFFICE, "a.pdf")
    assert (info.value.status, info.value.code) == (413, "file_too_large")


@pytest.mark.parametrize("sent, kept", [("../../etc/caf.pdf", "caf.pdf"), ("C:\\fakepath\\a b.pdf", "a b.pdf")])
def test_only_the_base_name_is_kept(sent, kept):
    assert files.base_filename(sent) == kept


@pytest.mark.parametrize("text", ["pas du base64 !", "QUJ"])
def test_bad_base64_is_invalid_input(text):
    with pytest.raises(ServiceError) as info:
        files.decode_base64(text)
    assert (info.value.status, info.value.code) == (422, "invalid_input")
