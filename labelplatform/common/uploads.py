"""Django's file upload handlers with a larger chunk: every multipart body is read 1 MiB at a time.

Django's handlers read 64 KiB at a time, so a 1.3 MB PNG went through the multipart parser's Python
loop (and the WSGI server's body reader, which buffers and re-slices per read) about 21 times; at
1 MiB it is twice. What is kept in memory and when a file goes to a temporary file is unchanged
(FILE_UPLOAD_MAX_MEMORY_SIZE, per request); only a chunk more is held at a time.
"""

from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

CHUNK = 1 << 20


class MemoryHandler(MemoryFileUploadHandler):
    chunk_size = CHUNK


class TemporaryFileHandler(TemporaryFileUploadHandler):
    chunk_size = CHUNK
