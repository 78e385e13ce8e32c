/*
 * atomic_file.h - replace a file's content all at once.
 */
#ifndef KP_CLI_ATOMIC_FILE_H
#define KP_CLI_ATOMIC_FILE_H

#include <stddef.h>

/** Replace `path` with `len` bytes of `data` so that a reader (or a crash,
 * or a full disk) sees either the old file or the whole new one: the data
 * go to a temporary file in the same directory, are flushed to the disk
 * (fsync) and renamed over `path`.  A symbolic link (or anything but a
 * regular file) at `path` is refused, never followed.  A new file gets
 * mode 0600 (it holds health data); an existing file keeps its mode.
 * Returns 0, or prints "kneepain: <path>: <why>" to stderr, leaves `path`
 * as it was, removes the temporary file and returns -1. */
int cli_atomic_write(const char *path, const char *data, size_t len);

#endif
