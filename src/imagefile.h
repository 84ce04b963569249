/*
 * imagefile.h — opening a file without trusting it: a regular file only,
 * opened so that nothing can block (the CLI opens the journey, kit and CSV
 * this way too); for an image (a PNG) given by a journey, also its size and
 * its PNG header (width and height) checked before anything decodes it. The loader checks every image with it; the measurer opens
 * the images it decodes with it again (the file may have changed since,
 * or have been reached without the loader's check).
 */
#ifndef JMAP_IMAGEFILE_H
#define JMAP_IMAGEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/*
 * Opens `path` for reading if it is a regular file, without ever blocking:
 * it is looked at before it is opened (a FIFO or a device is never opened),
 * opened non-blocking (with `flags` added, e.g. O_NOFOLLOW), and looked at
 * again on the descriptor (the path may have been swapped meanwhile).
 * Returns the descriptor. On -1: errno 0 means the file is not a regular
 * one (*st says what it is); otherwise stat, open or fstat failed with
 * errno, and st->st_mode is 0 if even the first look failed (*st is the
 * first look's when only the opening failed).
 */
int jmap_open_regular(const char *path, int flags, struct stat *st);

/* Documented limits (docs/limits.md). A decoded pixel takes 4 bytes. */
#define JMAP_MAX_IMAGE_BYTES (8u * 1024u * 1024u)    /* one image file */
#define JMAP_MAX_IMAGE_SIDE 8192u                    /* width or height, pixels */
#define JMAP_MAX_IMAGE_PIXELS (8192u * 4096u)        /* one image: 128 MiB decoded */
#define JMAP_MAX_IMAGES_PIXELS (2u * 8192u * 4096u)  /* all images of a map: 256 MiB */

/* The PNG signature and the IHDR chunk (length, type, 13 bytes, CRC). */
#define JMAP_PNG_HEAD_BYTES 33

typedef enum {
    JMAP_IMG_OK,
    JMAP_IMG_MISSING,     /* no such file */
    JMAP_IMG_NOT_FILE,    /* a directory, FIFO, device or socket */
    JMAP_IMG_UNREADABLE,  /* cannot be opened or read */
    JMAP_IMG_FILE_TOO_BIG,/* more than JMAP_MAX_IMAGE_BYTES */
    JMAP_IMG_NOT_PNG,     /* no PNG signature and IHDR chunk */
    JMAP_IMG_TOO_LARGE    /* width, height or pixels beyond the limits */
} jmap_img_status;

typedef struct jmap_png_info {
    jmap_img_status status;
    unsigned mode;             /* JMAP_IMG_NOT_FILE: the file's st_mode */
    uint64_t size;             /* bytes, once the file is open */
    uint32_t width, height;    /* from IHDR */
    uint64_t dev, ino;         /* which file it is (two paths, one file) */
    unsigned char head[JMAP_PNG_HEAD_BYTES]; /* the bytes the header was read from */
} jmap_png_info;

/* Checks the first `len` bytes of a file: the PNG signature, then IHDR as
 * the first chunk, its width and height within the limits. Fills
 * info->width, ->height and ->status (OK, NOT_PNG or TOO_LARGE); returns
 * the status. */
jmap_img_status jmap_png_check_head(const unsigned char *buf, size_t len, jmap_png_info *info);

/*
 * Opens the PNG file at `path` for reading: refuses anything but a regular
 * file (looked at before opening, and again on the open descriptor, which
 * is opened non-blocking so a FIFO put there meanwhile cannot hang), a file
 * over JMAP_MAX_IMAGE_BYTES, and a header jmap_png_check_head refuses.
 * Returns the descriptor, positioned just after the header bytes (kept in
 * info->head), when info->status is JMAP_IMG_OK; else -1.
 */
int jmap_png_open(const char *path, jmap_png_info *info);

/* info's problem as one sentence naming the image `shown` (the path as
 * the journey wrote it); g_free it. NULL when info->status is OK. */
char *jmap_png_problem(const jmap_png_info *info, const char *shown);

/* The problem of an image that would take the images of a map past
 * JMAP_MAX_IMAGES_PIXELS (`total`: their pixels with this one). */
char *jmap_png_total_problem(const char *shown, uint64_t total);

#endif
