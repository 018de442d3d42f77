"""Comment threads on an asset, a label or a point of the image, with replies, resolve/reopen and @mentions."""
