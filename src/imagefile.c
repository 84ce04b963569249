/*
 * imagefile.c — opening a journey's PNG files safely (see imagefile.h).
 *
 * A PNG says its size in its first chunk, IHDR, right after the 8-byte
 * signature: reading those 33 bytes is enough to refuse a 20,000 x 20,000
 * image that would take gigabytes and half a minute to decode. The
 * measurer hands the decoder the very header bytes checked here, so what
 * is decoded is what was checked.
 */
#include "imagefile.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

jmap_img_status jmap_png_check_head(const unsigned char *buf, size_t len, jmap_png_info *info)
{
    info->width = info->height = 0;
    if (len < JMAP_PNG_HEAD_BYTES || memcmp(buf, png_sig, sizeof png_sig) ||
        be32(buf + 8) != 13 || memcmp(buf + 12, "IHDR", 4))
        return info->status = JMAP_IMG_NOT_PNG;
    uint32_t w = be32(buf + 16), h = be32(buf + 20);
    if (w == 0 || h == 0)
        return info->status = JMAP_IMG_NOT_PNG;
    info->width = w;
    info->height = h;
    if (w > JMAP_MAX_IMAGE_SIDE || h > JMAP_MAX_IMAGE_SIDE ||
        (uint64_t)w * h > JMAP_MAX_IMAGE_PIXELS)
        return info->status = JMAP_IMG_TOO_LARGE;
    return info->status = JMAP_IMG_OK;
}

/* Reads up to n bytes; false on a read error. */
static bool read_full(int fd, unsigned char *buf, size_t n, size_t *got)
{
    size_t k = 0;
    while (k < n) {
        ssize_t r = read(fd, buf + k, n - k);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        if (r == 0)
            break;
        k += (size_t)r;
    }
    *got = k;
    return true;
}

/* A regular file within the size limit; sets the status otherwise. */
static bool file_ok(const struct stat *st, jmap_png_info *info)
{
    info->mode = (unsigned)st->st_mode;
    if (!S_ISREG(st->st_mode)) {
        info->status = JMAP_IMG_NOT_FILE;
        return false;
    }
    info->size = (uint64_t)st->st_size;
    if (info->size > JMAP_MAX_IMAGE_BYTES) {
        info->status = JMAP_IMG_FILE_TOO_BIG;
        return false;
    }
    return true;
}

int jmap_open_regular(const char *path, int flags, struct stat *st)
{
    memset(st, 0, sizeof *st);
    if (stat(path, st) != 0) {
        st->st_mode = 0;
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        errno = 0;
        return -1;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | flags);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        int e = S_ISREG(st->st_mode) ? errno : 0;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int jmap_png_open(const char *path, jmap_png_info *info)
{
    memset(info, 0, sizeof *info);
    struct stat st;
    int fd = jmap_open_regular(path, 0, &st);
    if (fd < 0) {
        int e = errno;
        if (st.st_mode != 0 && !file_ok(&st, info))
            return -1; /* not a regular file, or one too large */
        info->status = e == ENOENT || e == ENOTDIR ? JMAP_IMG_MISSING : JMAP_IMG_UNREADABLE;
        return -1;
    }
    size_t got = 0;
    if (file_ok(&st, info)) {
        info->dev = (uint64_t)st.st_dev;
        info->ino = (uint64_t)st.st_ino;
        if (!read_full(fd, info->head, sizeof info->head, &got))
            info->status = JMAP_IMG_UNREADABLE;
        else
            jmap_png_check_head(info->head, got, info);
    }
    if (info->status != JMAP_IMG_OK) {
        close(fd);
        return -1;
    }
    return fd;
}

static const char *kind_of(unsigned mode)
{
    if (S_ISDIR(mode))
        return _("a directory");
    if (S_ISFIFO(mode))
        return _("a FIFO (named pipe)");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return _("a device");
    if (S_ISSOCK(mode))
        return _("a socket");
    return _("a special file");
}

char *jmap_png_problem(const jmap_png_info *info, const char *shown)
{
    switch (info->status) {
    case JMAP_IMG_OK:
        return NULL;
    case JMAP_IMG_MISSING:
        return g_strdup_printf(_("image not found: '%s'"), shown);
    case JMAP_IMG_NOT_FILE:
        return g_strdup_printf(_("image '%s' is not a regular file but %s"), shown,
                               kind_of(info->mode));
    case JMAP_IMG_UNREADABLE:
        return g_strdup_printf(_("cannot read image '%s'"), shown);
    case JMAP_IMG_FILE_TOO_BIG:
        return g_strdup_printf(_("image '%s' is too large (%llu bytes; the limit is %u bytes)"),
                               shown, (unsigned long long)info->size, JMAP_MAX_IMAGE_BYTES);
    case JMAP_IMG_NOT_PNG:
        return g_strdup_printf(_("'%s' is not a PNG image"), shown);
    case JMAP_IMG_TOO_LARGE:
        return g_strdup_printf(_("image '%s' is too large (%u x %u pixels; the limit is %u pixels "
                               "a side and %u pixels in all)"),
                               shown, (unsigned)info->width, (unsigned)info->height,
                               JMAP_MAX_IMAGE_SIDE, JMAP_MAX_IMAGE_PIXELS);
    }
    return g_strdup_printf(_("cannot read image '%s'"), shown);
}

char *jmap_png_total_problem(const char *shown, uint64_t total)
{
    return g_strdup_printf(_("images too large together: with '%s' they hold %llu pixels (the "
                           "limit for all the images of a map is %u pixels)"),
                           shown, (unsigned long long)total, JMAP_MAX_IMAGES_PIXELS);
}
