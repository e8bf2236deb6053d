"""Evidence in a private bucket of an S3-compatible object store (MinIO, Ceph, AWS S3).

Web and worker hosts then share the files the way they share the database: any host stores
an upload, any host serves it. django-storages' S3Storage does the work; this subclass holds
the evidence rules to it:

- never overwritten: the write is a conditional PUT (`If-None-Match: *`), so the store itself
  refuses a second write under a name, whatever another host did between the existence check
  and the write; the name then changes, as FileSystemStorage's does;
- never a URL: `url()` refuses. Files leave only through the permission-checked download
  views, which stream them (`open()` reads the object as it arrives instead of S3File's copy
  of the whole object in memory first);
- no ACL is sent: objects are as private as the bucket, which must grant nothing to anyone
  but the application's own key;
- no checksum headers boto3 added in 2025 and some S3-compatible stores refuse; a
  content type that no browser renders.
"""

from __future__ import annotations

import posixpath
from typing import Any

from botocore.config import Config
from botocore.exceptions import ClientError
from django.core.files.base import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Error codes of a conditional write that found the name taken (412), or raced another
# conditional write to it (409).
_TAKEN = {"PreconditionFailed", "ConditionalRequestConflict"}
_MISSING = {"NoSuchKey", "404", "NotFound"}
# What the store records as the type: nothing a browser would render, should an object ever be
# fetched from it directly. The download views send the sniffed type.
_OCTET_STREAM = "application/octet-stream"
_ATTEMPTS = 5


class EvidenceUrlError(NotImplementedError):
    """Evidence has no URL: it is served only through the permission-checked views."""


class EvidenceS3Storage(S3Storage):
    def __init__(self, **options: Any) -> None:
        options.setdefault("file_overwrite", False)
        options.setdefault("default_acl", None)
        options.setdefault("addressing_style", "path")
        options.setdefault(
            "client_config",
            Config(
                s3={"addressing_style": options["addressing_style"]},
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )
        super().__init__(**options)
        if self.file_overwrite or self.default_acl:
            raise ValueError("Evidence is never overwritten and never given an ACL.")

    @property
    def _client(self) -> Any:
        return self.connection.meta.client

    def _save(self, name: str, content: Any) -> str:
        for _attempt in range(_ATTEMPTS):
            cleaned = clean_name(name)
            params = {**self.get_object_parameters(cleaned), "ContentType": _OCTET_STREAM}
            content.seek(0)
            try:
                self._client.put_object(
                    Bucket=self.bucket_name,
                    Key=self._normalize_name(cleaned),
                    Body=content,
                    IfNoneMatch="*",
                    **params,
                )
                return cleaned
            except ClientError as err:
                if err.response.get("Error", {}).get("Code") not in _TAKEN:
                    raise
            # Taken since get_available_name looked: another random suffix, as
            # FileSystemStorage does when its exclusive create fails.
            name = self.get_alternative_name(*posixpath.splitext(cleaned))
        raise FileExistsError(f"No free name for {name} after {_ATTEMPTS} attempts")

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            return super()._open(name, mode)
        return ObjectStream(self, clean_name(name))

    def url(
        self, name: Any, parameters: Any = None, expire: Any = None, http_method: Any = None
    ) -> str:
        raise EvidenceUrlError(
            "Evidence has no URL; serve it through a permission-checked download view."
        )


class ObjectStream(File):
    """An object's body, read as it arrives from the store. Not seekable; `open()` starts
    again from the first byte with a new request."""

    def __init__(self, storage: EvidenceS3Storage, name: str) -> None:
        self._storage = storage
        super().__init__(None, name)
        self._fetch()

    def _fetch(self) -> None:
        try:
            response = self._storage._client.get_object(
                Bucket=self._storage.bucket_name, Key=self._storage._normalize_name(self.name)
            )
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in _MISSING:
                raise FileNotFoundError(f"No stored file {self.name}") from err
            raise
        self.file = response["Body"]
        self._size = response["ContentLength"]
        self.mode = "rb"

    @property
    def size(self) -> int:
        return self._size

    def seekable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self.file is None

    def open(self, mode: str | None = None, *args: Any, **kwargs: Any) -> ObjectStream:
        """Fetch the object again (File.open's other arguments do not apply to a stream)."""
        self.close()
        self._fetch()
        return self

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
