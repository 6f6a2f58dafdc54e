/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where wd_charset_detect() found the encoding, strongest first. */
typedef enum {
  WD_CHARSET_FROM_BOM,
  WD_CHARSET_FROM_HEADER,      /* the charset parameter of Content-Type */
  WD_CHARSET_FROM_XML,         /* <?xml … encoding="…"?> at the very start */
  WD_CHARSET_FROM_META,        /* <meta charset> or <meta http-equiv> */
  WD_CHARSET_FROM_UTF8_CHECK,  /* nothing declared; the bytes are valid UTF-8 */
  WD_CHARSET_FROM_FALLBACK,    /* nothing declared, not UTF-8: windows-1252 */
} WdCharsetSource;

const char *wd_charset_from_label        (const char      *label);
const char *wd_charset_from_content_type (const char      *content_type);
const char *wd_charset_prescan           (const guint8    *data,
                                          gsize            length);
const char *wd_charset_detect            (const guint8    *data,
                                          gsize            length,
                                          const char      *content_type,
                                          WdCharsetSource *out_source,
                                          gsize           *out_bom_length);
char       *wd_charset_convert           (const guint8    *data,
                                          gsize            length,
                                          const char      *charset,
                                          gsize           *out_length);
char       *wd_charset_decode            (const guint8    *data,
                                          gsize            length,
                                          const char      *content_type,
                                          const char     **out_charset,
                                          gsize           *out_length);

G_END_DECLS
